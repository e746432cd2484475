"""Header lines of the front matter that need more than one pattern.

- A header written on one text line with spaces between its two columns (old .doc files, text exports):
  "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" arrives as one line once the spaces are
  collapsed; it is split where the right column (Quốc hiệu, Tiêu ngữ, place and date) starts.
- The draft mark "DỰ THẢO" (a floating text box or a line of its own, or glued to an agency line).
- Values an e-signature stamp drew into the Số line or the date line (``Line.stamps``).
- The Số line itself: number, ký hiệu and year (``parse_number``).
"""

from __future__ import annotations

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Line
from cchc_parse.structure import patterns as P
from cchc_parse.structure.patterns import is_upper_line

# right-column starts inside a line: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM",
# "Độc lập - Tự do - Hạnh phúc"
_RIGHT_HEAD = rx.lazy(r"\s(?=C[ỘO]NG\s+H[ÒOÀ]+A?\s+X[ÃA]\s+H[ỘO]I\b|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM\b"
                      r"|Độc\s+lập\s*[-–—]\s*Tự\s+do)")
# "SỞ NỘI VỤ DỰ THẢO", "DỰ THẢO ỦY BAN NHÂN DÂN": the draft mark glued to an agency line
_S, _NS = P.RE_SPACE, P.RE_NONSPACE  # regex's \s and \S for ``re`` (compiles in half the time)
_DRAFT_GLUED = rx.lazy_re(rf"^{_S}*DỰ{_S}+THẢO{_S}+(?={_NS})|{_S}+DỰ{_S}+THẢO{_S}*$")


# compiled once, not looked up in regex's cache at every call (as regex.sub(pattern, …) does)
_DASH_SPACED, _SPACES = rx.lazy(r"\s*-\s*"), rx.lazy(r"\s+")


def parse_number(text: str) -> tuple[str | None, str | None, str | None] | None:
    """'Số: 123/KH-UBND' → ('123', 'KH-UBND', None); blank number → (None, sym, None)."""
    m = P.DOC_NUMBER.match(text)
    if m:
        sym = _DASH_SPACED.sub("-", m["sym"]).strip(" .")
        return m["num"], sym, m["year"]
    m = P.DOC_NUMBER_PARTY.match(text)
    if m:
        return m["num"], _SPACES.sub("", m["sym"]), None
    return None


def _is_upper(text: str) -> bool:
    """At least 85% of the letters (two or more) upper case: ``patterns.is_upper_line``, the same test."""
    return is_upper_line(text)


# words each pattern below needs (they take no flags): a line without one is not searched
_RIGHT_HEAD_WORDS = ("CỘNG", "CONG", "ĐẢNG", "Độc")  # _RIGHT_HEAD's three heads: "C[ỘO]NG", "ĐẢNG", "Độc"


def split_header_line(text: str) -> list[str] | None:
    """The two columns of a one-line header, left first; None when the line is one column.

    "ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        → ["ỦY BAN NHÂN DÂN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"];
    "TỈNH BÌNH PHƯỚC Độc lập - Tự do - Hạnh phúc" → ["TỈNH BÌNH PHƯỚC", "Độc lập - Tự do - Hạnh phúc"];
    "Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng5 năm 2008"
        → ["Số: 991/QĐ-UBND", "Đồng Xoài, ngày 14 tháng5 năm 2008"].
    """
    m = _RIGHT_HEAD.search(text) if any(map(text.__contains__, _RIGHT_HEAD_WORDS)) else None
    if m and m.start() > 0:
        left, right = text[: m.start()].strip(), text[m.end():].strip()
        if left and (_is_upper(left) or P.RULE_LINE.match(left)):
            return [left, right]
        return None
    num = P.DOC_NUMBER.match(text) or P.DOC_NUMBER_PARTY.match(text)
    if num:
        rest = text[num.end():].strip()
        if rest and P.PLACE_DATE.match(rest):
            return [text[: num.end()].strip(), rest]
    return None


def strip_draft(text: str, glued: bool = True) -> tuple[str, bool]:
    """("SỞ NỘI VỤ", True) for "SỞ NỘI VỤ DỰ THẢO"; ("", True) for a line that is only the mark.

    ``glued=False`` looks for a line that is only the mark (a title may end with the words "DỰ THẢO")."""
    if ("DỰ" in text or "Dự" in text) and P.DRAFT_MARK.match(text):  # its "DỰ THẢO" or "Dự thảo"
        return "", True
    if glued and "DỰ" in text and _is_upper(text) and _DRAFT_GLUED.search(text):  # both its ends hold "DỰ"
        return _DRAFT_GLUED.sub("", text).strip(), True
    return text, False


def stamp_diagnostics(ln: Line, fields: list[tuple[str, str | int | None]]) -> list[Diagnostic]:
    """P016 for each field (number, day, month) of ``ln`` whose value the e-signature stamp drew over a blank,
    P017 when the stamp covers a different typed value (the stamp is what the line now reads). Each stamp
    value is attributed to one field, the first that reads it."""
    out: list[Diagnostic] = []
    stamps = list(ln.stamps)
    for field, value in fields:
        if value is None:
            continue
        k = next((k for k, (s, _) in enumerate(stamps) if _same(s, value)), None)
        if k is None:
            continue
        stamp, typed = (x.strip() for x in stamps.pop(k))
        path = f"document.{'date' if field in ('day', 'month') else field}"
        if not typed:
            out.append(make("P016", src=ln.src, path=path, params={field: stamp}))
        elif typed != stamp:
            out.append(make("P017", src=ln.src, path=path, params={field: stamp, "typed": typed}))
    return out


def _same(stamp: str, value: str | int) -> bool:
    """"05" reads as day 5; a number is compared as written ("0123")."""
    s = stamp.strip()
    if isinstance(value, int):
        return s.isdigit() and int(s) == value
    return s == value
