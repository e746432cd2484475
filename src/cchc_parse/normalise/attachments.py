"""Structured attachments and inline responsibility → models (Attachment, Task with origin 'inline').

The tasks of an attachment are listed in ``Attachment.tasks``; when they are the document's own
responsibility table (an appendix of a plan: structure.document._TASKS_OF_DOCUMENT) the same rows are also
in ``PlanDocument.tasks``, where the document's table rows always are.
"""

from __future__ import annotations

from cchc_parse.diagnostics import Location
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Attachment, Paragraph, Section, Task, paragraph
from cchc_parse.modelbuild import build
from cchc_parse.normalise import units as U
from cchc_parse.normalise.references import _may_cite, collect_references
from cchc_parse.normalise.sections import section_model, section_texts
from cchc_parse.normalise.tasks import to_task
from cchc_parse.structure.attachments import RawAttachment
from cchc_parse.structure.document import Structured


def to_inline_tasks(st: Structured, year: int | None, province: str | None,
                    aliases: U.AliasTable | None = None) -> list[Task]:
    return [to_task(rt, year, province, aliases, origin="inline") for rt in st.inline_tasks]


def to_attachments(st: Structured, year: int | None, province: str | None,
                   aliases: U.AliasTable | None = None, made: dict[int, Task] | None = None) -> list[Attachment]:
    """``made``: id of a raw task → the Task ``to_task(rt, year, province, aliases)`` made of it for the
    document's own table (an attachment that is that table lists the same rows)."""
    return [_attachment(a, k, year, province, aliases, made or {}) for k, a in enumerate(st.attachments)]


def _attachment(a: RawAttachment, k: int, year: int | None, province: str | None,
                aliases: U.AliasTable | None, made: dict[int, Task]) -> Attachment:
    sections = [section_model(n) for n in a.body.roots]
    paragraphs = [paragraph("appendix", (f"{p.marker.label} " if p.marker else "") + p.text, list(p.notes),
                            Location.of(p.src)) for p in a.paras]
    tasks = [_again(made[id(rt)]) if id(rt) in made else to_task(rt, year, province, aliases) for rt in a.tasks]
    references, _bases, _standards = collect_references(
        _texts(a, sections, paragraphs, tasks, f"attachments#{k}."), None)
    return build(Attachment, kind=a.kind, label=a.label, title=a.title, issued_with=a.issued_with, sections=sections,
                 tasks=tasks, references=references, paragraphs=paragraphs,
                 source=Location.of(a.src, f"attachments#{k}"))


def _again(task: Task) -> Task:
    """The Task to_task made of a row, again: every field but the area (which the document gave its own
    task afterwards), its lists copied by validation, its deadline the same (no stage changes one)."""
    return build(Task, **{k: v for k, v in task.__dict__.items() if k != "area"})


def _texts(a: RawAttachment, sections: list[Section], paragraphs: list[Paragraph], tasks: list[Task], base: str):
    """Every text of an attachment as (text, source, path); the issuing note names the document that issues it.
    Only for collect_references: a paragraph none of whose texts may cite (``_may_cite``), which it would
    skip, is left out (most are, and each would need a SourceRef)."""
    if a.title:
        yield a.title, a.src, f"{base}title"
    # _may_cite written out: the test is made for every paragraph (most cite nothing and have no notes)
    citing = [p for p in paragraphs if "/" in (x := p.text) or "TC" in x or "QC" in x or "ISO" in x or "IEC" in x
              or (p.notes and any(map(_may_cite, p.notes)))]
    for p in citing:
        src = SourceRef(line=p.source.line or 0, page=p.source.page)
        yield p.text, src, f"{base}paragraphs"
        for note in p.notes:
            yield note, src, f"{base}paragraphs.notes"
    yield from section_texts(sections, base)
    for t in tasks:
        yield t.content, SourceRef(line=t.source.line or 0, page=t.source.page), f"{base}tasks#{t.id}"
