"""What a small table laid out on the page is for, from its cells' text alone (the .docx reader's
w:tbl grids and the text reader's tab-separated rows share it):

- "front": the header block — agency | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
  Hạnh phúc"; "Số: …" | "<place>, ngày … tháng … năm …";
- "back": the "Nơi nhận: …" | signer block (or a signer block alone: "KT. GIÁM ĐỐC / …");
- "box": a "Kính gửi:" block, or a single cell used as a frame around body text;
- None: a content table.
"""

from __future__ import annotations

import regex

from cchc_parse import rx

_QH = rx.lazy(r"c\s*ộ\s*n\s*g\s+h\s*(?:ò\s*a|o\s*à)\s+x\s*ã\s+h\s*ộ\s*i|độc\s+lập\s*[-–—]?\s*tự\s+do|"
              r"đảng\s+cộng\s+sản\s+việt\s+nam", regex.I)
_SO = rx.lazy(r"^\s*số\s*[:.]?\s*[\d\s…./]*[/-]", regex.I)
_DATE = rx.lazy(r"ngày\s*[\d.…\s]*tháng\s*[\d.…\s]*năm\s*\d{4}", regex.I)
_RECIPIENTS = rx.lazy(r"^\s*nơi\s+nhận\s*:?", regex.I)
# a "Kính gửi:" block laid out as a table: label in one cell, the addressees in the next
_KINH_GUI = rx.lazy(r"^\s*kính\s+gửi\s*:?", regex.I)
_AUTHORITY = rx.lazy(r"^\s*(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\s*[./]\s*\p{Lu}")
_SIGNER_TITLE = rx.lazy(r"^\s*(?:PHÓ\s+)?(?:GIÁM\s+ĐỐC|CHỦ\s+TỊCH|TRƯỞNG\s+\p{Lu}+|BỘ\s+TRƯỞNG|"
                        r"THỨ\s+TRƯỞNG|CHÁNH\s+VĂN\s+PHÒNG|CỤC\s+TRƯỞNG|TỔNG\s+CỤC\s+TRƯỞNG|"
                        r"VIỆN\s+TRƯỞNG|HIỆU\s+TRƯỞNG|BÍ\s+THƯ)\s*$")


LAYOUT_ROWS, LAYOUT_CELLS = 6, 3  # a layout table has at most 6 filled rows of at most 3 filled cells


def layout_kind(rows: list[list[str]]) -> str | None:
    """'front', 'back', 'box' or None for a table whose non-empty cells are ``rows`` (its rows that have
    any); a table past LAYOUT_ROWS or LAYOUT_CELLS is a content table."""
    if not rows:
        return "box"
    if len(rows) > LAYOUT_ROWS or max(len(r) for r in rows) > LAYOUT_CELLS:
        return None
    ncols = max(len(r) for r in rows)
    cells = [t for r in rows for t in r]
    lines = [ln for t in cells for ln in t.split("\n")]
    if any(_QH.search(t) for t in cells):
        return "front"
    if any(_SO.match(ln) for ln in lines) and any(_DATE.search(t) for t in cells):
        return "front"
    if any(_RECIPIENTS.match(t) for t in cells):
        return "back"
    if _KINH_GUI.match(cells[0]):
        return "box"  # read as lines: "Kính gửi:", "- Bộ Công Thương;", …
    if len(rows) <= 3 and any(_AUTHORITY.match(ln) or _SIGNER_TITLE.match(ln) for ln in lines):
        return "back"
    if len(rows) == 1 and ncols == 1:
        return "box"
    return None
