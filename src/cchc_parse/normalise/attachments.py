"""Structured attachments and inline responsibility → models (Attachment, Task with origin 'inline').

The tasks of an attachment are listed in ``Attachment.tasks``; when they are the document's own
responsibility table (an appendix of a plan: structure.document._TASKS_OF_DOCUMENT) the same rows are also
in ``PlanDocument.tasks``, where the document's table rows always are.
"""

from __future__ import annotations

from cchc_parse.diagnostics import Location
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Attachment, Paragraph, Section, Task, paragraph
from cchc_parse.normalise import units as U
from cchc_parse.normalise.references import collect_references
from cchc_parse.normalise.sections import section_model, section_texts
from cchc_parse.normalise.tasks import to_task
from cchc_parse.structure.attachments import RawAttachment
from cchc_parse.structure.document import Structured


def to_inline_tasks(st: Structured, year: int | None, province: str | None,
                    aliases: U.AliasTable | None = None) -> list[Task]:
    return [to_task(rt, year, province, aliases, origin="inline") for rt in st.inline_tasks]


def to_attachments(st: Structured, year: int | None, province: str | None,
                   aliases: U.AliasTable | None = None) -> list[Attachment]:
    return [_attachment(a, k, year, province, aliases) for k, a in enumerate(st.attachments)]


def _attachment(a: RawAttachment, k: int, year: int | None, province: str | None,
                aliases: U.AliasTable | None) -> Attachment:
    sections = [section_model(n) for n in a.body.roots]
    paragraphs = [paragraph("appendix", (f"{p.marker.label} " if p.marker else "") + p.text, list(p.notes),
                            Location.of(p.src)) for p in a.paras]
    tasks = [to_task(rt, year, province, aliases) for rt in a.tasks]
    references, _bases, _standards = collect_references(
        _texts(a, sections, paragraphs, tasks, f"attachments#{k}."), None)
    return Attachment(kind=a.kind, label=a.label, title=a.title, issued_with=a.issued_with, sections=sections,
                      tasks=tasks, references=references, paragraphs=paragraphs,
                      source=Location.of(a.src, f"attachments#{k}"))


def _texts(a: RawAttachment, sections: list[Section], paragraphs: list[Paragraph], tasks: list[Task], base: str):
    """Every text of an attachment as (text, source, path); the issuing note names the document that issues it."""
    if a.title:
        yield a.title, a.src, f"{base}title"
    for p in paragraphs:
        src = SourceRef(line=p.source.line or 0, page=p.source.page)
        yield p.text, src, f"{base}paragraphs"
        for note in p.notes:
            yield note, src, f"{base}paragraphs.notes"
    yield from section_texts(sections, base)
    for t in tasks:
        yield t.content, SourceRef(line=t.source.line or 0, page=t.source.page), f"{base}tasks#{t.id}"
