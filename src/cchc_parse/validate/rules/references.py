"""R rules about cited documents and dates in the text: malformed numbers, impossible dates, future citations."""

from __future__ import annotations

import calendar
from collections.abc import Iterator

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Location
from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument, Reference
from cchc_parse.validate.lintrun import sections
from cchc_parse.validate.registry import Finding, rule
from cchc_parse.validate.rules.dates import iso, issue_range

# "61/2018/NĐ-CP", "6991/KH-UBND", "30a/2008/NQ-CP", "56/2017/QH14", "2231/SNV-CCHC&PC"
_ADMIN_NUMBER = rx.lazy(
    r"\d{1,5}[a-z]?(?:/(?:19|20)\d{2})?/[\p{Lu}Đ][\p{L}\d&]*(?:-[\p{Lu}Đ\d][\p{L}\d&]*)*")
# Party form "28-KL/TW", "18-NQ/TW"
_PARTY_NUMBER = rx.lazy(r"\d{1,5}[a-z]?-[\p{Lu}Đ][\p{L}]*/[\p{Lu}Đ][\p{L}\d]*")
_NUMBER_YEAR = rx.lazy(r"^\d{1,5}[a-z]?/((?:19|20)\d{2})/")

# "31/02/2023", "31-02-2023", "ngày 31 tháng 02 năm 2023", "ngày 31/02" (no year)
_DMY = rx.lazy(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*((?:19|20)\d{2})(?![\d/])")
_WORDS = rx.lazy(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", regex.IGNORECASE)
_DM = rx.lazy(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})(?!\s*/\s*\d)(?![\d])", regex.IGNORECASE)


def _all_refs(doc: PlanDocument) -> Iterator[tuple[int, str, Reference]]:
    """References, then legal bases that are not also in references (no finding twice)."""
    numbers = {r.number for r in doc.references}
    for i, r in enumerate(doc.references):
        yield i, "references", r
    for i, r in enumerate(doc.legal_bases):
        if r.number not in numbers:
            yield i, "legal_bases", r


def _where(i: int, kind: str, r: Reference) -> Location:
    return r.cited_at[0] if r.cited_at else Location.at(f"{kind}#{i}")


@rule("R401", "reference-number-malformed", "warning",
      "A cited number is not in the form số/năm/ký hiệu ('61/2018/NĐ-CP', '28-KL/TW').",
      messages=[N_("cited number '{number}' is malformed")], fail="number: 61-2018-NĐ-CP", ok="number: 61/2018/NĐ-CP")
def reference_number_malformed(doc: PlanDocument) -> Iterator[Finding]:
    """The number of a cited document does not follow Nghị định 30/2020's form.

    Administrative documents are numbered "số/ký hiệu" ("6991/KH-UBND"), legal documents
    "số/năm/ký hiệu" ("61/2018/NĐ-CP"), Party documents "số-loại/cơ quan" ("28-KL/TW"). A number
    in another form cannot be looked up (and is often a typo).
    """
    for i, kind, r in _all_refs(doc):
        n = r.number.strip()
        if not (_ADMIN_NUMBER.fullmatch(n) or _PARTY_NUMBER.fullmatch(n)):
            yield Finding(_where(i, kind, r), {"number": r.number})


def _bad_day(d: int, m: int, y: int) -> bool:
    return not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1])


def _texts(doc: PlanDocument) -> Iterator[tuple[str, Location]]:
    title = doc.document.title
    if title:
        yield title, Location.at("document.title")
    for p in doc.paragraphs:
        yield p.text, p.source
    for s in sections(doc):
        for t in (s.title, s.text):
            if t:
                yield t, s.source
    for task in doc.tasks:
        for t in (task.content, task.note, task.deadline.raw if task.deadline else None):
            if t:
                yield t, task.source


@rule("R402", "date-invalid", "error", "A date that does not exist ('31/02/2023', 'ngày 31 tháng 4').",
      messages=[N_("issue date {day}/{month}/{year} does not exist"), N_("date '{date}' of {number} does not exist"),
                N_("'{text}' is not a date")],
      fail="Quyết định số 5/QĐ-UBND ngày 31/02/2022", ok="Quyết định số 5/QĐ-UBND ngày 28/02/2022")
def date_invalid(doc: PlanDocument) -> Iterator[Finding]:
    """A day/month that no calendar has: 31/02, 31/4, 29/02 of a common year, month 13.

    Such a date is a typo; the cited document or the deadline cannot be identified from it.
    Checked in the issue date, cited dates, and every date written in the text and tables.
    """
    d = doc.document.date
    if d and d.day and d.month and d.year and _bad_day(d.day, d.month, d.year):
        yield Finding(Location.at("document.date"), {"day": d.day, "month": d.month, "year": d.year})
    for i, kind, r in _all_refs(doc):
        if r.date and iso(r.date) is None:
            yield Finding(_where(i, kind, r), {"date": r.date, "number": r.number})
    for text, loc in _texts(doc):
        # _DMY and _WORDS need a year "19xx"/"20xx", _DM a "/", both of those "ngày", whose "à" IGNORECASE
        # takes for "à" or "À" only (and _WORDS the "á" of "tháng" and the "ă" of "năm", the same way):
        # most texts skip the searches
        has_year = "19" in text or "20" in text
        has_day = "à" in text or "À" in text
        has_words = has_year and has_day and ("á" in text or "Á" in text) and ("ă" in text or "Ă" in text)
        seen: set[str] = set()
        for m in _DMY.finditer(text) if has_year else ():
            if _bad_day(int(m[1]), int(m[3]), int(m[4])):
                seen.add(m[0])
                yield Finding(loc, {"text": m[0]})
        for m in _WORDS.finditer(text) if has_words else ():
            if _bad_day(int(m[1]), int(m[2]), int(m[3])):
                yield Finding(loc, {"text": m[0]})
        for m in _DM.finditer(text) if has_day and "/" in text else ():
            if _bad_day(int(m[1]), int(m[2]), 2024):  # 2024: leap year, so 29/02 passes
                yield Finding(loc, {"text": m[0]})


@rule("R403", "reference-after-document", "warning", "A cited document is dated after the document citing it.",
      messages=[N_("{number} is dated {date}, after this document ({issued})")],
      fail="plan of 05/01/2023 cites 'Kế hoạch số 12/KH-UBND ngày 10/02/2023'",
      ok="plan of 05/01/2023 cites 'Kế hoạch số 12/KH-UBND ngày 30/12/2022'")
def reference_after_document(doc: PlanDocument) -> Iterator[Finding]:
    """A document cannot be based on one issued after it: the cited date (or the own date) is wrong.

    When the issue day is blank, the last day of the month is used, so only a certain conflict
    is reported.
    """
    span = issue_range(doc)
    if span is None:
        return
    for i, kind, r in _all_refs(doc):
        when = iso(r.date)
        if when and when > span[1]:
            yield Finding(_where(i, kind, r), {"number": r.number, "date": when.isoformat(),
                                               "issued": span[1].isoformat()})


@rule("R404", "reference-year-mismatch", "warning", "The year in a cited number differs from its date's year.",
      messages=[N_("{number} is dated {date}, not in {year}")],
      fail="Nghị định số 61/2018/NĐ-CP ngày 23/4/2019", ok="Nghị định số 61/2018/NĐ-CP ngày 23/4/2018")
def reference_year_mismatch(doc: PlanDocument) -> Iterator[Finding]:
    """A legal document's number carries its year ("61/2018/NĐ-CP"): the date must be in that year."""
    for i, kind, r in _all_refs(doc):
        m = _NUMBER_YEAR.match(r.number)
        when = iso(r.date)
        if m and when and when.year != int(m[1]):
            yield Finding(_where(i, kind, r), {"number": r.number, "date": when.isoformat(), "year": m[1]})
