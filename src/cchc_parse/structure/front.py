"""Front matter: agency lines, Số/ký hiệu, place and date, document type and title, preamble.

Reads the lines before the body starts, in any order (a .docx header table or a PDF's two
columns are flattened left column first), and tells where the body begins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.structure import patterns as P
from cchc_parse.structure.markers import match_marker

# Type lines (upper case in the document) → ND30 codes (Phụ lục III) and Party/other common ones.
DOC_TYPES: dict[str, str] = {
    "KẾ HOẠCH": "KH", "QUYẾT ĐỊNH": "QĐ", "BÁO CÁO": "BC", "CHƯƠNG TRÌNH": "CTr", "THÔNG BÁO": "TB",
    "NGHỊ QUYẾT": "NQ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ", "HƯỚNG DẪN": "HD",
    "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "TỜ TRÌNH": "TTr", "BIÊN BẢN": "BB",
    "CÔNG VĂN": "CV", "THÔNG CÁO": "TC", "CÔNG ĐIỆN": "CĐ", "KẾT LUẬN": "KL", "GIẤY MỜI": "GM",
    "THÔNG BÁO KẾT LUẬN": "TB", "BẢN GHI NHỚ": "BGN", "HỢP ĐỒNG": "HĐ", "THÔNG TƯ": "TT",
    "NGHỊ ĐỊNH": "NĐ", "LUẬT": "Luật", "CHƯƠNG TRÌNH HÀNH ĐỘNG": "CTr",
}
TYPE_CODES = set(DOC_TYPES.values()) | {"GN", "TTh", "NP", "UQ", "GT", "GGT", "GUQ", "GNP", "PG", "PC", "PB",
                                        "BTT", "SY", "TrS", "SL", "QĐi", "QTr", "CV", "TTLT", "KL", "NĐ"}
_TYPE_LINE = regex.compile(
    r"^\s*(?P<type>" + "|".join(sorted((regex.escape(k) for k in DOC_TYPES), key=len, reverse=True))
    + r")\s*(?P<rest>(?:\s+\S.*)?)$")
AGENCY_HEAD = regex.compile(
    r"^(SỞ|BAN|VĂN\s+PHÒNG|CỤC|CHI\s+CỤC|PHÒNG|TRUNG\s+TÂM|THANH\s+TRA|ĐOÀN|HỘI\s+ĐỒNG|TRƯỜNG|BỆNH\s+VIỆN|"
    r"ỦY\s+BAN|UỶ\s+BAN|UBND|BỘ|TỔNG\s+CỤC|VỤ|VIỆN|KHO\s+BẠC|CÔNG\s+AN|BỘ\s+CHỈ\s+HUY|ĐẢNG\s+ỦY|TỈNH\s+ỦY|"
    r"HUYỆN\s+ỦY|BAN\s+CHỈ\s+ĐẠO|TỔ\s+CÔNG\s+TÁC)\b")
_VV = regex.compile(r"^\s*V/v\s*:?\s*(?P<rest>.+)$", regex.IGNORECASE)
_ATTACHED = regex.compile(r"^\s*\(\s*(Ban\s+hành\s+)?[Kk]èm\s+theo", regex.IGNORECASE)


@dataclass
class Front:
    """What the front matter says; ``body_start`` is the index of the first body line."""

    agency_lines: list[str] = field(default_factory=list)
    number_raw: str | None = None
    number: str | None = None
    symbol: str | None = None
    number_year: str | None = None
    number_src: SourceRef | None = None
    place: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    date_raw: str | None = None
    date_src: SourceRef | None = None
    type_name: str | None = None
    doc_type: str | None = None
    title: str | None = None
    title_src: SourceRef | None = None
    attached_note: str | None = None
    addressees: list[str] = field(default_factory=list)
    body_start: int = 0


def is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def parse_number(text: str) -> tuple[str | None, str | None, str | None] | None:
    """'Số: 123/KH-UBND' → ('123', 'KH-UBND', None); blank number → (None, sym, None)."""
    m = P.DOC_NUMBER.match(text)
    if m:
        sym = regex.sub(r"\s*-\s*", "-", m["sym"]).strip(" .")
        return m["num"], sym, m["year"]
    m = P.DOC_NUMBER_PARTY.match(text)
    if m:
        return m["num"], regex.sub(r"\s+", "", m["sym"]), None
    return None


def type_from_symbol(symbol: str | None) -> str | None:
    if not symbol:
        return None
    first = regex.split(r"[-/]", symbol)[0]
    return first if first in TYPE_CODES else None


def parse_front(lines: list[Line]) -> Front:
    """Read the header block from the start of ``lines`` (body text only, no tables)."""
    fr = Front()
    i, n = 0, len(lines)
    saw_header = False
    limit = min(n, 60)
    while i < limit:
        ln = lines[i]
        t = ln.text
        if not t:
            i += 1
            continue
        if P.QUOC_HIEU.match(t) or P.TIEU_NGU.match(t) or P.PARTY_HEADER.match(t) or P.RULE_LINE.match(t):
            saw_header = True
            i += 1
            # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM" wrapped in a narrow column
            if P.QUOC_HIEU.match(t) and i < n and regex.fullmatch(r"\s*VIỆT\s+NAM\s*", lines[i].text):
                i += 1
            continue
        num = parse_number(t) if fr.number_raw is None else None
        if num is not None:
            fr.number, fr.symbol, fr.number_year = num
            fr.number_raw, fr.number_src, saw_header = t, ln.src, True
            i += 1
            continue
        m = P.PLACE_DATE.match(t) if fr.date_raw is None else None
        if m:
            fr.place = m["place"].strip()
            fr.day = int(m["d"]) if m["d"] else None
            fr.month = int(m["m"]) if m["m"] else None
            fr.year = int(m["y"])
            fr.date_raw, fr.date_src, saw_header = t, ln.src, True
            i += 1
            continue
        mt = _TYPE_LINE.match(t) if fr.type_name is None else None
        if mt:
            fr.type_name = mt["type"]
            fr.doc_type = DOC_TYPES[mt["type"]]
            i = _read_title(lines, i + 1, fr, first=mt["rest"].strip() or None)
            fr.body_start = i
            return _finish(fr, lines)
        mv = _VV.match(t)
        if mv:
            parts = [mv["rest"].strip()]
            fr.title_src = ln.src
            i += 1
            # "V/v triển khai thực hiện Công" / "văn số 3749/BCA-V03" / "của Bộ Công an"
            while i < n and lines[i].text and not _is_header_item(lines[i].text) and (
                    lines[i].zone == "front" or lines[i].text[:1].islower()):
                parts.append(lines[i].text)
                i += 1
            fr.title = " ".join(parts)
            continue
        mk = P.KINH_GUI.match(t)
        if mk:
            i = _read_addressees(lines, i, fr, mk["rest"])
            fr.body_start = i
            continue
        if is_upper_line(t) and len(t) <= 90 and fr.type_name is None and match_marker(ln) is None:
            fr.agency_lines.append(t)
            saw_header = True
            i += 1
            continue
        break
    fr.body_start = i if saw_header else 0
    if not saw_header:
        fr.agency_lines = []
    return _finish(fr, lines)


def _is_header_item(t: str) -> bool:
    return bool(P.QUOC_HIEU.match(t) or P.TIEU_NGU.match(t) or P.RULE_LINE.match(t) or parse_number(t)
                or P.PLACE_DATE.match(t) or P.KINH_GUI.match(t))


def _read_title(lines: list[Line], i: int, fr: Front, first: str | None) -> int:
    parts: list[str] = [first] if first else []
    src = None
    n = len(lines)
    while i < n:
        ln = lines[i]
        t = ln.text
        if not t:
            if parts:
                # a blank line ends the title unless the next line clearly continues it
                j = i + 1
                while j < n and not lines[j].text:
                    j += 1
                if j < n and _continues_title(parts[-1], lines[j]):
                    i = j
                    continue
                i += 1
                break
            i += 1
            continue
        if _ATTACHED.match(t):
            fr.attached_note = t
            i += 1
            continue
        if P.PREAMBLE.match(t) or P.RULE_LINE.match(t) or match_marker(ln) is not None or len(parts) >= 5:
            if P.RULE_LINE.match(t):
                i += 1
            break
        if parts and not _continues_title(parts[-1], ln):
            break
        parts.append(t)
        src = src or ln.src
        i += 1
    if parts:
        fr.title = " ".join(parts)
        fr.title_src = src
    return i


def _continues_title(prev: str, ln: Line) -> bool:
    t = ln.text
    if not t or P.PREAMBLE.match(t) or match_marker(ln) is not None or _ATTACHED.match(t):
        return False
    if prev.rstrip().endswith((".", ";", ":")):
        return False
    if ln.style.bold is False and ln.style != ln.style.__class__():
        return False  # formatted source: the title is bold, the body is not
    return len(t) <= 200 and (t[0].islower() or len(prev) >= 40 or ln.style.bold)


def _read_addressees(lines: list[Line], i: int, fr: Front, rest: str) -> int:
    if rest.strip():
        fr.addressees.append(rest.strip(" -;."))
    i += 1
    while i < len(lines):
        t = lines[i].text
        if not t:
            i += 1
            if fr.addressees:
                break
            continue
        if t.startswith(("-", "+", "–")) or (not fr.addressees and len(t) < 120):
            fr.addressees.append(t.lstrip("-+– ").rstrip(" ;.,"))
            i += 1
            continue
        break
    return i


def _finish(fr: Front, lines: list[Line]) -> Front:
    if fr.doc_type is None:
        fr.doc_type = type_from_symbol(fr.symbol)
        if fr.doc_type is None and fr.symbol and fr.title and fr.number_raw:
            fr.doc_type = "CV"  # a công văn: ký hiệu is issuer-unit, trích yếu "V/v …"
    return fr
