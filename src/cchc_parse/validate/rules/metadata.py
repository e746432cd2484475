"""M rules: the document's own metadata (Nghị định 30/2020/NĐ-CP components)."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse.diagnostics import Location
from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument
from cchc_parse.validate.registry import Finding, rule


def _is_article(doc: PlanDocument) -> bool:
    return doc.document.genre == "article"


@rule("M301", "number-blank", "warning", "The Số line has no number ('Số: /KH-UBND'): an unissued draft.",
      messages=[N_("document number is blank in '{raw}'")], fail="Số: /KH-UBND", ok="Số: 123/KH-UBND")
def number_blank(doc: PlanDocument) -> Iterator[Finding]:
    """The document number is blank in the Số/ký hiệu line ("Số:     /KH-SVHTTDL").

    Published copies of unsigned drafts keep the blank; the number cannot be cited.
    """
    d = doc.document
    if d.number_raw and not d.number:
        yield Finding(d.sources.get("number", Location.at("document.number")), {"raw": d.number_raw})


@rule("M302", "date-blank", "warning", "The issue date lacks its day or month ('ngày   tháng 01 năm 2023').",
      messages=[N_("issue day is blank (…/{month}/{year})"), N_("issue month is blank ({day}/…/{year})")])
def date_blank(doc: PlanDocument) -> Iterator[Finding]:
    """The day or month of the issue date is left blank."""
    d = doc.document.date
    if d is None:
        return
    loc = doc.document.sources.get("date", Location.at("document.date"))
    if d.day is None:
        yield Finding(loc, {"month": d.month or "…", "year": d.year or "…"})
    if d.month is None:
        yield Finding(loc, {"day": d.day or "…", "year": d.year or "…"})
