"""Front matter: agency lines, Số/ký hiệu, place and date, document type and title, preamble.

Reads the lines before the body starts, in any order (a .docx header table or a PDF's two
columns are flattened left column first), and tells where the body begins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.structure import patterns as P
from cchc_parse.structure.front_header import parse_number, split_header_line, stamp_diagnostics, strip_draft
from cchc_parse.structure.markers import match_marker
from cchc_parse.structure.patterns import is_upper_line

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
# ``re``, which compiles it in half the time of ``regex`` (a first parse compiles it): the same pattern,
# with regex's \s and \S spelled for ``re`` (P.RE_SPACE, P.RE_NONSPACE: re's \s also takes \x1c-\x1f)
_TYPE_LINE = rx.lazy_re(
    rf"^{P.RE_SPACE}*(?P<type>" + "|".join(sorted((regex.escape(k) for k in DOC_TYPES), key=len, reverse=True))
    + rf"){P.RE_SPACE}*(?P<rest>(?:{P.RE_SPACE}+{P.RE_NONSPACE}.*)?)$")
AGENCY_HEAD = rx.lazy(
    r"^(SỞ|BAN|VĂN\s+PHÒNG|CỤC|CHI\s+CỤC|PHÒNG|TRUNG\s+TÂM|THANH\s+TRA|ĐOÀN|HỘI\s+ĐỒNG|TRƯỜNG|BỆNH\s+VIỆN|"
    r"ỦY\s+BAN|UỶ\s+BAN|UBND|BỘ|TỔNG\s+CỤC|VỤ|VIỆN|KHO\s+BẠC|CÔNG\s+AN|BỘ\s+CHỈ\s+HUY|ĐẢNG\s+ỦY|TỈNH\s+ỦY|"
    r"HUYỆN\s+ỦY|BAN\s+CHỈ\s+ĐẠO|TỔ\s+CÔNG\s+TÁC|TIỂU\s+BAN|TỔ\s+GIÚP\s+VIỆC|ĐẢNG\s+BỘ|CHI\s+BỘ|ĐẢNG\s+ĐOÀN|"
    r"BAN\s+CÁN\s+SỰ)\b")
_VV = rx.lazy(r"^\s*V/v\s*:?\s*(?P<rest>.+)$", regex.IGNORECASE)
_ATTACHED = rx.lazy(r"^\s*\(\s*(Ban\s+hành\s+)?[Kk]èm\s+theo", regex.IGNORECASE)
# "KHÓA XVII, KỲ HỌP THỨ 12" under "HỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI": part of the authority
_TERM_LINE = rx.lazy(r"^\s*KH(?:ÓA|OÁ)\s+[IVXLC\d]+\b[^\p{Ll}]*$")
# "(cấp lần đầu: ngày    tháng 7 năm 2026)": a note set under the trích yếu
_TITLE_NOTE = rx.lazy(r"^\s*\(.{3,160}\)\s*$")
# words a wrapped trích yếu line ends with when the next line continues it: "BAN HÀNH QUY CHẾ LÀM VIỆC CỦA",
# "VỀ VIỆC KIỆN TOÀN" / "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH"
_CONNECTOR_END = rx.lazy(
    r"(?:\b(?:của|về|và|với|cho|tại|thuộc|trên|trong|đối\s+với|giữa|thành\s+lập|kiện\s+toàn|củng\s+cố|"
    r"giải\s+thể|sáp\s+nhập|hợp\s+nhất|chia\s+tách|đổi\s+tên|bổ\s+sung|thay\s+đổi|phân\s+công|điều\s+chỉnh)"
    r"|[,\-–])\s*$", regex.IGNORECASE)
# a cited document in a line ("Quyết định số 1050/QĐ-SCT", "ngày 06/3/2026"): a preamble, not a trích yếu
_CITES = rx.lazy(r"\d+/[\p{Lu}\d]|\bngày\s+\d|\d{1,2}/\d{1,2}/(?:19|20)\d{2}")


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
    attached_note: str | None = None  # "(Ban hành kèm theo …)", "(cấp lần đầu: …)" under the trích yếu
    authority: str | None = None  # who decides: "BỘ TRƯỞNG BỘ XÂY DỰNG" (the line after the trích yếu)
    authority_src: SourceRef | None = None
    draft: bool = False  # a "DỰ THẢO" mark
    addressees: list[str] = field(default_factory=list)
    body_start: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


_SYMBOL_SEP = rx.lazy_re(r"[-/]")  # "KH-UBND", "KL/TW"
_VIET_NAM = rx.lazy(r"\s*VIỆT\s+NAM\s*")
_OF_AUTHORITY = rx.lazy(r"\s*CỦA\s")


def type_from_symbol(symbol: str | None) -> str | None:
    if not symbol:
        return None
    first = _SYMBOL_SEP.split(symbol)[0]
    return first if first in TYPE_CODES else None


def parse_front(lines: list[Line]) -> Front:
    """Read the header block from the start of ``lines`` (body text only, no tables)."""
    fr = Front()
    i, n = 0, len(lines)
    saw_header = False
    limit = min(n, 60)
    while i < limit:
        ln = lines[i]
        t = _undraft(fr, ln.text, ln)
        if not t:
            i += 1
            continue
        parts = split_header_line(t) if fr.type_name is None else None
        if parts:
            fr.diagnostics.append(make("P024", src=ln.src, params={"line": t, "parts": " | ".join(parts)}))
            parts = [q for q in (_undraft(fr, p, ln) for p in parts) if q]
            if not all(_header_item(fr, p, ln) or _agency_line(fr, p, ln) for p in parts):
                break
            saw_header = True
            i += 1
            continue
        if _header_item(fr, t, ln):
            saw_header = True
            i += 1
            # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM" wrapped in a narrow column
            if P.QUOC_HIEU.match(t) and i < n and _VIET_NAM.fullmatch(lines[i].text):
                i += 1
            continue
        mt = _TYPE_LINE.match(t) if fr.type_name is None else None
        if mt:
            fr.type_name = mt["type"]
            fr.doc_type = DOC_TYPES[mt["type"]]
            rest = mt["rest"].strip() or None
            if rest and _old_authority(rest):  # "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ"
                _set_authority(fr, rest, ln)
                rest = None
            i = _read_title(lines, i + 1, fr, first=rest, first_src=ln.src if rest else None)
            fr.body_start = _read_after_title(lines, i, fr)
            return _finish(fr, lines)
        mv = _VV.match(t)
        if mv:
            parts = [mv["rest"].strip()]
            fr.title_src = ln.src
            i += 1
            # "V/v triển khai thực hiện Công" / "văn số 3749/BCA-V03" / "của Bộ Công an"; outside a header
            # block (a text copy) a short line goes on too, capital or not: "… thực hiện" / "Chương trình
            # tổng thể …", up to a blank line, "Kính gửi", the body or six lines
            loose = ln.zone is None
            while i < n and lines[i].text and not _is_header_item(lines[i].text) and (
                    lines[i].zone == "front" or lines[i].text[:1].islower()
                    or (loose and lines[i].zone is None and len(parts) < 6 and _wraps_vv(lines[i]))):
                parts.append(lines[i].text)
                i += 1
            fr.title = _trich_yeu(parts)
            continue
        mk = P.KINH_GUI.match(t)
        if mk:
            i = _read_addressees(lines, i, fr, mk["rest"])
            fr.body_start = i
            continue
        if _agency_line(fr, t, ln):
            saw_header = True
            i += 1
            continue
        break
    fr.body_start = i if saw_header else 0
    if not saw_header:
        fr.agency_lines = []
    return _finish(fr, lines)


def _header_item(fr: Front, t: str, ln: Line) -> bool:
    """Quốc hiệu, Tiêu ngữ, a rule, the Số line or the place and date: read into ``fr``; False otherwise."""
    if P.QUOC_HIEU.match(t) or P.TIEU_NGU.match(t) or P.PARTY_HEADER.match(t) or P.RULE_LINE.match(t):
        return True
    num = parse_number(t) if fr.number_raw is None else None
    if num is not None:
        fr.number, fr.symbol, fr.number_year = num
        fr.number_raw, fr.number_src = t, ln.src
        fr.diagnostics += stamp_diagnostics(ln, [("number", fr.number)])
        return True
    m = P.PLACE_DATE.match(t) if fr.date_raw is None else None
    if m:
        fr.place = m["place"].strip()
        fr.day = int(m["d"]) if m["d"] else None
        fr.month = int(m["m"]) if m["m"] else None
        fr.year = int(m["y"])
        fr.date_raw, fr.date_src = t, ln.src
        fr.diagnostics += stamp_diagnostics(ln, [("day", fr.day), ("month", fr.month)])
        return True
    return False


def _agency_line(fr: Front, t: str, ln: Line) -> bool:
    """An upper-case line before the type line is part of the issuer block."""
    if is_upper_line(t) and len(t) <= 90 and fr.type_name is None and match_marker(ln) is None:
        fr.agency_lines.append(t)
        return True
    return False


def _undraft(fr: Front, t: str, ln: Line) -> str:
    """``t`` without a "DỰ THẢO" mark (a type line keeps its words: "HƯỚNG DẪN LẤY Ý KIẾN DỰ THẢO")."""
    t, draft = strip_draft(t, glued=not _TYPE_LINE.match(t))
    if draft:
        _mark_draft(fr, ln)
    return t


def _mark_draft(fr: Front, ln: Line) -> None:
    if not fr.draft:
        fr.draft = True
        fr.diagnostics.append(make("P023", src=ln.src, path="document.draft", params={}))


def _old_authority(t: str) -> bool:
    """"CỦA CHÍNH PHỦ", "CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH": the authority as old decrees print it, under the
    type."""
    return bool(_OF_AUTHORITY.match(t) and P.AUTHORITY_LINE.match(t))


def _set_authority(fr: Front, t: str, ln: Line) -> None:
    fr.authority = regex.sub(r"^\s*CỦA\s+", "", t).strip()
    fr.authority_src = ln.src


def _wraps_vv(ln: Line) -> bool:
    """A short line that can go on a trích yếu: no preamble, list item or addressee line."""
    t = ln.text
    return len(t) <= 60 and t[:1] not in "-+•–*" and not P.PREAMBLE.match(t) and match_marker(ln) is None


def _is_header_item(t: str) -> bool:
    return bool(P.QUOC_HIEU.match(t) or P.TIEU_NGU.match(t) or P.RULE_LINE.match(t) or parse_number(t)
                or P.PLACE_DATE.match(t) or P.KINH_GUI.match(t))


def _read_title(lines: list[Line], i: int, fr: Front, first: str | None,
                first_src: SourceRef | None = None) -> int:
    """The trích yếu: the line(s) right under the type line, up to a blank line, the rule, the authority
    line or the first "Căn cứ"; a first line that opens like a preamble ("Thực hiện công tác …") is the
    trích yếu when it is set like one (see ``_opens_title``)."""
    parts: list[str] = [first] if first else []
    src = first_src
    n = len(lines)
    while i < n:
        ln = lines[i]
        t, draft = strip_draft(ln.text, glued=False)
        if draft:
            _mark_draft(fr, ln)
            i += 1
            continue
        if not t:
            if parts:
                # a blank line ends the title unless the next line clearly continues it
                j = i + 1
                while j < n and not lines[j].text:
                    j += 1
                # (across a blank line only a lower-case or bold line: a text copy's body starts there)
                if j < n and _continues_title(parts[-1], lines[j]) and (
                        lines[j].text[:1].islower() or lines[j].style.bold):
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
        if not parts and fr.authority is None and _old_authority(t):  # "NGHỊ ĐỊNH" / "CỦA CHÍNH PHỦ" / "Về …"
            _set_authority(fr, t, ln)
            i += 1
            continue
        if parts and _is_authority(parts[-1], t):
            break
        if P.LEGAL_BASIS.match(t) or P.RULE_LINE.match(t) or match_marker(ln) is not None or len(parts) >= 5 \
                or (P.PREAMBLE.match(t) and (parts or not _opens_title(ln))):
            if P.RULE_LINE.match(t):
                i += 1
            break
        if parts and not _continues_title(parts[-1], ln):
            break
        parts.append(t)
        src = src or ln.src
        i += 1
    if parts:
        fr.title = _trich_yeu(parts)
        fr.title_src = src
    return i


def _trich_yeu(parts: list[str]) -> str:
    """The trích yếu's lines joined; a trích yếu ends without a full stop ("… tiền chất thuốc nổ."), and
    the abbreviation "V/v" (về việc) that opens it in ô 5b is a marker, not part of it — wherever it is set
    (a tờ trình puts "V/v …" under its type line)."""
    text = regex.sub(r"(?<![.…])\.\s*$", "", " ".join(parts)).strip()
    mv = _VV.match(text)
    return mv["rest"].strip() if mv else text


def _opens_title(ln: Line) -> bool:
    """A line right under the type line that starts like a preamble ("Thực hiện công tác bầu cử …") is the
    trích yếu when it is set like one: bold or centred in a formatted source; in plain text, when it is
    short, ends without punctuation and cites no document or date."""
    t = ln.text
    if ln.style != ln.style.__class__():
        return ln.style.bold or ln.style.align == "center"
    return len(t) <= 160 and not t.rstrip().endswith((".", ":", ";", ",")) and not _CITES.search(t)


def _is_authority(prev: str, t: str) -> bool:
    """"BỘ TRƯỞNG BỘ XÂY DỰNG" after the trích yếu, unless the trích yếu line before it is cut after a word
    that asks for more ("… QUY CHẾ LÀM VIỆC CỦA" / "ỦY BAN NHÂN DÂN TỈNH")."""
    return bool(len(t) <= 120 and P.AUTHORITY_LINE.match(t) and not _CONNECTOR_END.search(prev))


def _continues_title(prev: str, ln: Line) -> bool:
    t = ln.text
    if not t or P.PREAMBLE.match(t) or match_marker(ln) is not None or _ATTACHED.match(t) \
            or P.KINH_GUI.match(t):
        return False
    if prev.rstrip().endswith((".", ";", ":")) or _is_authority(prev, t) or P.DRAFT_MARK.match(t):
        return False
    if ln.style.bold is False and ln.style != ln.style.__class__():
        return False  # formatted source: the title is bold, the body is not
    # an upper-case title goes on in upper case: "CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ" / "ĐỒNG THỜI CHẤP THUẬN …"
    return len(t) <= 200 and (t[0].islower() or len(prev) >= 40 or ln.style.bold
                              or (is_upper_line(prev) and is_upper_line(t)))


def _read_after_title(lines: list[Line], i: int, fr: Front) -> int:
    """What ND30 sets between the trích yếu and the body: the rule, the authority line ("ỦY BAN NHÂN DÂN
    TỈNH LÀO CAI", after a note such as "(cấp lần đầu: …)"), "Kính gửi:" of a báo cáo or tờ trình."""
    n = len(lines)
    while i < n:
        ln = lines[i]
        t = ln.text
        if not t or P.RULE_LINE.match(t):
            i += 1
            continue
        if P.DRAFT_MARK.match(t):
            _mark_draft(fr, ln)
            i += 1
            continue
        if fr.authority is None and not fr.addressees and _is_authority("", t):
            _set_authority(fr, t, ln)
            i += 1
            continue
        if fr.authority is not None and fr.authority_src == lines[i - 1].src and _TERM_LINE.match(t):
            fr.authority = f"{fr.authority} {t.strip()}"
            i += 1
            continue
        if fr.authority is None and _TITLE_NOTE.match(t) and not _ATTACHED.match(t):
            j = _next_text(lines, i + 1)
            if j < n and _is_authority("", lines[j].text):
                fr.attached_note = t if fr.attached_note is None else f"{fr.attached_note} {t}"
                i = j
                continue
        mk = P.KINH_GUI.match(t)
        if mk and not fr.addressees:
            i = _read_addressees(lines, i, fr, mk["rest"])
            continue
        break
    return i


def _next_text(lines: list[Line], j: int) -> int:
    while j < len(lines) and not lines[j].text:
        j += 1
    return j


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
