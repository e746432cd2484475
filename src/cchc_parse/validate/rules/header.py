"""M rules about the header and closing of the document: type, date, title, issuer, year, recipients."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Location
from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument
from cchc_parse.structure.front import TYPE_CODES
from cchc_parse.validate.registry import Finding, rule
from cchc_parse.validate.rules.dates import issue_range, today

# "năm 2023", "năm 2024 và những năm tiếp theo"; not "giai đoạn 2021-2025"
_ARCHIVE = rx.lazy(r"\s*-?\s*lưu\b", regex.IGNORECASE)  # "- Lưu: VT, CCHC."
_SYMBOL_SEP = rx.lazy_re(r"[-/]")
_TITLE_YEAR = rx.lazy(r"\bnăm\s+((?:19|20)\d{2})\b(?!\s*[-–]\s*\d)", regex.IGNORECASE)


_PLAN_TYPES = {"KH", "CTr"}


def _document(doc: PlanDocument) -> bool:
    return doc.document.genre == "document"


@rule("M303", "doc-type-unknown", "warning",
      "The document type (KẾ HOẠCH, QUYẾT ĐỊNH, …) is missing or not one of Nghị định 30/2020's codes.",
      messages=[N_("document type is missing"), N_("document type '{type}' is not a known type code")],
      fail="no 'KẾ HOẠCH' line, symbol 'XYZ-UBND'", ok="KẾ HOẠCH, Số: 12/KH-UBND")
def doc_type_unknown(doc: PlanDocument) -> Iterator[Finding]:
    """The type of the document is missing or unknown.

    Nghị định 30/2020/NĐ-CP lists the types of administrative documents (Kế hoạch: KH, Quyết
    định: QĐ, …); the type decides what the document may contain. A missing type usually means
    the header was not read, or the file is not an administrative document.
    """
    d = doc.document
    if not _document(doc):
        return
    if not d.doc_type:
        yield Finding(Location.at("document.doc_type"))
    elif d.doc_type not in TYPE_CODES:
        yield Finding(Location.at("document.doc_type"), {"type": d.doc_type})


@rule("M304", "date-future", "error", "The issue date is in the future.",
      messages=[N_("issue date {date} is in the future")],
      fail="ngày 05 tháng 01 năm 2999", ok="ngày 05 tháng 01 năm 2023")
def date_future(doc: PlanDocument) -> Iterator[Finding]:
    """The issue date lies after today: a typo in the year, or a draft dated ahead.

    Set ``CCHC_TODAY=YYYY-MM-DD`` to check as of another day (reproducible CI runs).
    """
    span = issue_range(doc)
    if span and span[0] > today():
        yield Finding(Location.at("document.date"), {"date": span[0].isoformat()})


@rule("M305", "title-missing", "warning", "The document has no title (trích yếu).",
      messages=[N_("document title (trích yếu) is missing")],
      fail="KẾ HOẠCH followed directly by 'Căn cứ …'", ok="KẾ HOẠCH / Cải cách hành chính năm 2023")
def title_missing(doc: PlanDocument) -> Iterator[Finding]:
    """The trích yếu (the line under the type: what the plan is about) is missing.

    Without it the plan cannot be cited or found; it is a required component (NĐ 30/2020, Điều 8).
    """
    if _document(doc) and not (doc.document.title or "").strip():
        yield Finding(Location.at("document.title"))


@rule("M306", "issuer-missing", "warning", "The issuing agency (tên cơ quan ban hành) is missing.",
      messages=[N_("issuing agency is missing")],
      fail="no agency lines above 'Số:'", ok="ỦY BAN NHÂN DÂN TỈNH … / SỞ NỘI VỤ")
def issuer_missing(doc: PlanDocument) -> Iterator[Finding]:
    """The header names no issuing agency, so nobody is accountable for the plan."""
    d = doc.document
    if _document(doc) and not (d.issuer or "").strip() and not d.issuer_lines:
        yield Finding(Location.at("document.issuer"))


@rule("M307", "date-missing", "warning", "The document has no issue date (or no year in it).",
      messages=[N_("issue date is missing")],
      fail="no 'ngày … tháng … năm …' line", ok="Bình Dương, ngày 05 tháng 01 năm 2023")
def date_missing(doc: PlanDocument) -> Iterator[Finding]:
    """The place-and-date line is missing, or its year is blank.

    M302 reports a blank day or month; this rule a date that is missing altogether.
    """
    d = doc.document
    if _document(doc) and (d.date is None or d.date.year is None):
        yield Finding(Location.at("document.date"))


@rule("M308", "year-title-mismatch", "warning", "The plan year differs from the year in the title.",
      messages=[N_("plan year {year} differs from the title's year {title_years}")],
      fail="title '… năm 2024', plan year 2023", ok="title '… năm 2023', plan year 2023")
def year_title_mismatch(doc: PlanDocument) -> Iterator[Finding]:
    """The title says "năm 2024" but the plan year is another one.

    Usually the title (or the year) was not updated when last year's plan was reused.
    """
    d = doc.document
    if d.year is None or not d.title:
        return
    years = {int(m[1]) for m in _TITLE_YEAR.finditer(d.title)}
    if years and d.year not in years:
        yield Finding(Location.at("document.year"),
                      {"year": d.year, "title_years": ", ".join(map(str, sorted(years)))})


@rule("M309", "issued-after-plan-year", "warning", "The plan was issued after the year it plans for had ended.",
      messages=[N_("issued in {issued}, after the plan year {year}")],
      fail="plan for 2022 dated 05/01/2023", ok="plan for 2023 dated 28/12/2022")
def issued_after_plan_year(doc: PlanDocument) -> Iterator[Finding]:
    """The issue date is in a year after the plan year: a plan for 2022 dated 2023.

    Checked for plans and programmes (KH, CTr) only. Plans are issued before or early in their year; a later date is usually a wrong year.
    """  # noqa: E501 (the docstring is a msgid of the catalogs: wrapping it would drop the translation)
    span = issue_range(doc)
    year = doc.document.year
    if doc.document.doc_type not in _PLAN_TYPES:
        return  # a report (BC) on 2025 is rightly issued in 2026
    if span and year and span[0].year > year:
        yield Finding(Location.at("document.date"), {"issued": span[0].year, "year": year})


@rule("M310", "recipients-no-archive", "warning", "The Nơi nhận list has no 'Lưu: VT' line.",
      messages=[N_("recipients (Nơi nhận) have no 'Lưu' line")],
      fail="Nơi nhận: - UBND tỉnh;", ok="Nơi nhận: - UBND tỉnh; - Lưu: VT.")
def recipients_no_archive(doc: PlanDocument) -> Iterator[Finding]:
    """The recipients (Nơi nhận) do not end with 'Lưu: VT, …'.

    Every administrative document keeps a copy in the archive (văn thư) and names the drafting
    unit there; a missing 'Lưu' line means the closing block is incomplete or was cut off.
    """
    r = doc.document.recipients
    if _document(doc) and r and not any(_ARCHIVE.match(x) for x in r):
        yield Finding(Location.at("document.recipients"))


@rule("M311", "signer-missing", "info", "No signature block (title and name of the signer) was found.",
      messages=[N_("no signer found")],
      fail="no 'GIÁM ĐỐC / Nguyễn Văn A' at the end", ok="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A")
def signer_missing(doc: PlanDocument) -> Iterator[Finding]:
    """The document has no signer: a draft, or the end of the document was lost."""
    s = doc.document.signer
    if _document(doc) and (s is None or not (s.name or s.title)):
        yield Finding(Location.at("document.signer"))


@rule("M312", "symbol-type-mismatch", "warning",
      "The ký hiệu names another type than the document ('KẾ HOẠCH', QĐ-UBND).",
      messages=[N_("symbol '{symbol}' is for a {code}, the document is a {type}")],
      fail="KẾ HOẠCH, Số: 12/QĐ-UBND", ok="KẾ HOẠCH, Số: 12/KH-UBND")
def symbol_type_mismatch(doc: PlanDocument) -> Iterator[Finding]:
    """The type code at the start of the ký hiệu differs from the document's type.

    "KẾ HOẠCH … Số: 12/QĐ-UBND" is usually a number copied from another document.
    """
    d = doc.document
    if not (d.doc_type and d.symbol):
        return
    first = _SYMBOL_SEP.split(d.symbol.strip())[0]
    if first in TYPE_CODES and first != d.doc_type and d.doc_type != "CV":
        yield Finding(Location.at("document.symbol"), {"symbol": d.symbol, "code": first, "type": d.doc_type})
