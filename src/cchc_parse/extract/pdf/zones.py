"""The two-column blocks of a plan: header (agency | Quốc hiệu; Số | place, date) and end
(Nơi nhận | signer). Each comes out as the left column's lines, then the right column's."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.lines import VLine, group_lines, join_text

QUOC_HIEU = regex.compile(r"C\s*[ỘO]\s*N\s*G\s+H\s*[ÒOÕ]\s*À?\s*A?\s+X\s*[ÃA]", regex.IGNORECASE)
_DATE = regex.compile(r"ngày.{0,12}tháng.{0,12}năm", regex.IGNORECASE)
_SO = regex.compile(r"^S[ốô]\s*:?", regex.IGNORECASE)
_VV = regex.compile(r"^V/v\b", regex.IGNORECASE)
_KINH_GUI = regex.compile(r"^Kính\s+gửi", regex.IGNORECASE)
NOI_NHAN = regex.compile(r"^\s*Nơi\s+nhận\b", regex.IGNORECASE)


def _qh_x0(ln: VLine) -> float | None:
    """x where "CỘNG HÒA XÃ …" begins on this line, if it is there."""
    m = QUOC_HIEU.search(ln.text)
    if not m:
        return None
    # map the text offset back to a glyph: count non-space characters before the match
    want = len(ln.text[: m.start()].replace(" ", ""))
    glyphs = [c for c in ln.chars if not c.text.isspace()]
    return glyphs[min(want, len(glyphs) - 1)].x0


def _split(chars: Sequence[Char], colx: float) -> tuple[list[Char], list[Char]]:
    left = [c for c in chars if (c.x0 + c.x1) / 2 < colx]
    right = [c for c in chars if (c.x0 + c.x1) / 2 >= colx]
    return left, right


def front_zone(lines: list[VLine], page_height: float, center: float) -> tuple[int, float] | None:
    """(number of leading lines in the header block, column x) for page 1, or None."""
    colx = None
    qi = -1
    for i, ln in enumerate(lines):
        if ln.top > 0.4 * page_height:
            break
        x = _qh_x0(ln)
        if x is not None:
            colx, qi = x - 3, i
            break
    if colx is None or colx < center - 0.35 * 2 * center:
        return None
    end = qi + 1
    seen_date = any(_DATE.search(ln.text) for ln in lines[: qi + 1])
    for i in range(qi + 1, len(lines)):
        ln = lines[i]
        prev = lines[i - 1]
        text = ln.text
        if _KINH_GUI.match(text) or ln.top - prev.bottom > 3.0 * ln.size:
            break
        crosses = _crosses(ln, colx)
        if crosses and not _DATE.search(text) and not _SO.match(text):
            break
        centred = abs((ln.x0 + ln.x1) / 2 - center) < 12 and ln.x0 >= colx - 5
        if centred and not _DATE.search(text):
            break
        if ln.x0 >= colx - 5 and seen_date and not _DATE.search(text):
            break  # right column after the date: the title
        if _DATE.search(text):
            seen_date = True
        end = i + 1
    return end, colx


def _crosses(ln: VLine, colx: float) -> bool:
    """Text runs on through the column boundary (no gap there): a body line, not two columns."""
    glyphs = [c for c in ln.chars if not c.text.isspace()]
    left = [c.x1 for c in glyphs if (c.x0 + c.x1) / 2 < colx]
    right = [c.x0 for c in glyphs if (c.x0 + c.x1) / 2 >= colx]
    if not left or not right:
        return False
    return min(right) - max(left) < 0.6 * ln.size


def column_lines(lines: Sequence[VLine], colx: float, page: int) -> tuple[list[VLine], list[VLine]]:
    chars = [c for ln in lines for c in ln.chars]
    left, right = _split(chars, colx)
    lno = {id(c): ln.no for ln in lines for c in ln.chars}

    def regroup(cs: list[Char]) -> list[VLine]:
        out = group_lines(cs, page)
        for v in out:  # keep the line number the glyphs had on the page
            v.no = min(lno[id(c)] for c in v.chars)
        return out

    return regroup(left), regroup(right)


def join_front_left(lines: list[VLine]) -> list[tuple[list[VLine], str]]:
    """Left header column: "Số:" + "3335/KH-UBND" joined; a wrapped "V/v …" joined. Each item is
    (the visual lines joined, text)."""
    out: list[tuple[list[VLine], str]] = []
    in_vv = False
    last: VLine | None = None
    for ln in lines:
        t = ln.text
        if out and last is not None:
            prev_lns, prev_t = out[-1]
            if regex.fullmatch(r"S[ốô]\s*:?", prev_t) or (in_vv and not _SO.match(t)
                                                          and ln.top - last.bottom < 0.8 * ln.size):
                out[-1] = ([*prev_lns, ln], join_text(prev_t, t))
                last = ln
                continue
        in_vv = bool(_VV.match(t))
        out.append(([ln], t))
        last = ln
    return out


def split_segments(lines: Sequence[VLine], page_width: float) -> tuple[list[Char], list[Char]]:
    """End block: cut each line at wide gaps; a piece that starts in the left 40% is left column."""
    left: list[Char] = []
    right: list[Char] = []
    for ln in lines:
        for sg in _segments(ln):
            (left if sg[0].x0 < 0.4 * page_width else right).extend(sg)
    return left, right


_RECIPIENT = regex.compile(r"^\s*(?:[-+•–*]|Lưu\b)")


def _segments(ln: VLine) -> list[list[Char]]:
    """A line's characters cut at gaps wider than twice the font size (the two columns)."""
    segs: list[list[Char]] = []
    seg: list[Char] = []
    seg_x1 = 0.0
    for c in ln.chars:  # sorted by x
        if c.text.isspace():
            seg.append(c)
            continue
        if seg and c.x0 - seg_x1 > 2.0 * ln.size:
            segs.append(seg)
            seg = []
        seg.append(c)
        seg_x1 = max(seg_x1, c.x1) if len(seg) > 1 else c.x1
    if seg:
        segs.append(seg)
    return segs


def back_continuation(lines: Sequence[VLine], colx: float, page_width: float) -> int:
    """How many leading lines of the page after the Nơi nhận | signer block still belong to it.

    A continued line is made of a left piece that is a recipient ("- Lưu: VT, L.", or the wrap of
    the one before) inside the left column and/or a right piece centred in the signer column
    ("Nguyễn Khoa Hải"). A centred heading ("Phụ lục"), a full-width line or a table stops it.
    """
    k = 0
    prev_left = False
    for ln in lines:
        ok = True
        has_left = False
        for sg in _segments(ln):
            glyphs = [c for c in sg if not c.text.isspace()]
            if not glyphs:
                continue
            x0, x1 = min(c.x0 for c in glyphs), max(c.x1 for c in glyphs)
            text = "".join(c.text for c in sg).strip()
            if x1 < colx and x0 < 0.4 * page_width:
                if not (_RECIPIENT.match(text) or prev_left):
                    ok = False
                has_left = True
            elif x0 >= colx - 5 and (x0 + x1) / 2 > 0.58 * page_width:
                continue
            else:
                ok = False
        if not ok:
            break
        prev_left = has_left
        k += 1
    return k


def back_zone(lines: list[VLine], page_width: float) -> tuple[int, float] | None:
    """(index of the first line of the Nơi nhận | signer block on this page, column x) or None."""
    idx = None
    for i in range(len(lines) - 1, -1, -1):
        if NOI_NHAN.match(lines[i].text):
            idx = i
            break
    if idx is None:
        return None
    colx = 0.48 * page_width
    start = idx
    while start > 0:
        up = lines[start - 1]
        if up.x0 < colx or lines[start].top - up.bottom > 1.5 * up.size:
            break
        start -= 1
    return start, colx
