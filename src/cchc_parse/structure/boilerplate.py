"""Web-page text around a document (module errors, "Xem nội dung đầy đủ", comment boxes) is not data."""

from __future__ import annotations

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Block, Line

# Whole lines that portals and CMSs add around an article or a plan's text.
NOISE = rx.lazy(
    r"^\s*(?:You\s+must\s+configure\s+this\s+module.*|Xem\s+nội\s+dung\s+đầy\s+đủ.*|Tác\s+giả\s*:.*|"
    r"Ý\s+kiến\s+bạn\s+đọc.*|Những\s+tin\s+(?:mới|cũ)\s+hơn.*|Tin\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục).*|"
    r"Bài\s+viết\s+liên\s+quan.*|Chia\s+sẻ\s*:?.*|In\s+bài\s+viết.*|Lượt\s+xem\s*:.*|Gửi\s+bình\s+luận.*|"
    r"Bình\s+luận\s*(?:\(\d+\))?\s*|Đăng\s+nhập.*|Trang\s+chủ\s*[>»].*|Ảnh\s+minh\s+họa\s*\|?\s*|"
    r"Từ\s+khóa\s*:.*|Tags?\s*:.*|Đánh\s+giá\s+bài\s+viết.*|Tải\s+về.*|Tập\s+tin\s+đính\s+kèm.*|"
    r"Copyright.*|Bản\s+quyền\s+thuộc.*|Print|Email|Facebook|Zalo|Twitter|Quay\s+lại|Về\s+đầu\s+trang.*|"
    r"Xem\s+thêm.*|Nguồn\s*:\s*\S.{0,80})\s*$",
    regex.IGNORECASE,
)


# every character regex's IGNORECASE takes for the first letter of one of NOISE's words ("ı" is I to it);
# a line that opens with another character, not white space, is no noise (tested before the regex, which
# costs some 300 ns a line)
NOISE_FIRST = frozenset("YXTÝNBCILGĐẢPEFZQVyxtýnbcilgđảpefzqvı")


def drop_boilerplate(blocks: list[Block], diags: list[Diagnostic]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Line) and b.text and len(b.text) <= 160 and (
                b.text[0] in NOISE_FIRST or b.text[0].isspace()) and NOISE.match(b.text):
            diags.append(make("P003", src=b.src, params={"text": b.text[:60]}))
            continue
        out.append(b)
    return out


_BYLINE = rx.lazy(r"^[\p{Lu}][\p{L}.]*(?:\s+[\p{Lu}][\p{L}.]*){0,3}$")


def split_byline(texts: list[str]) -> str | None:
    """An article's last line of author initials or name ("VD", "KC", "Cửu Long")."""
    if texts and len(texts[-1]) <= 30 and _BYLINE.match(texts[-1].strip()):
        return texts[-1].strip()
    return None
