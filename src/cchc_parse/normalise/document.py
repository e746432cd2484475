"""Structured document → PlanDocument: metadata inferred, references, deadlines, units, targets, areas."""

from __future__ import annotations

import datetime as dt

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, Location, make
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import (
    Area,
    DateParts,
    DocumentMeta,
    PlanDocument,
    ReportDeadline,
    Section,
    Signer,
    Target,
    Task,
    paragraph,
)
from cchc_parse.modelbuild import build
from cchc_parse.normalise import areas as A
from cchc_parse.normalise import units as U
from cchc_parse.normalise.attachments import to_attachments, to_inline_tasks
from cchc_parse.normalise.deadlines import find_report_deadlines
from cchc_parse.normalise.meta import infer_issuer, infer_province, infer_year
from cchc_parse.normalise.references import collect_references
from cchc_parse.normalise.sections import TextItem, section_model, section_text_lists, section_texts
from cchc_parse.normalise.targets import find_targets
from cchc_parse.normalise.tasks import to_task
from cchc_parse.structure.boilerplate import split_byline
from cchc_parse.structure.document import Structured
from cchc_parse.structure.sections import Node


def to_document(st: Structured, meta: dict, source_file: str | None, fmt: str,
                aliases: U.AliasTable | None = None) -> PlanDocument:
    diags: list[Diagnostic] = list(st.diagnostics)
    fr, back = st.front, st.back
    doc = build(
        DocumentMeta,
        doc_type=fr.doc_type, doc_type_name=fr.type_name, number=fr.number,
        symbol=(f"{fr.number_year}/{fr.symbol}" if fr.number_year else fr.symbol),
        number_raw=fr.number_raw, issuer_lines=fr.agency_lines, place=fr.place, title=fr.title,
        recipients=back.recipients, addressees=fr.addressees, source_file=source_file, source_format=fmt,
        signed_by=meta.get("signed_by"), signed_at=meta.get("signed_at"), pages=meta.get("pages"),
        ocr_pages=list(meta.get("ocr_pages") or []),
    )
    if fr.date_raw:
        iso = None
        if fr.day and fr.month and fr.year:
            try:
                iso = dt.date(fr.year, fr.month, fr.day).isoformat()
            except ValueError:
                iso = None
        doc.date = build(DateParts, year=fr.year, month=fr.month, day=fr.day, iso=iso)
    doc.sources = {k: Location.of(v, f"document.{k}") for k, v in
                   (("number", fr.number_src), ("date", fr.date_src), ("title", fr.title_src), ("signer", back.src))
                   if v is not None}
    doc.authority, doc.draft = fr.authority, fr.draft
    diags.extend(fr.diagnostics)
    if back.title or back.name:
        doc.signer = build(Signer, authority=back.authority, on_behalf_of=back.on_behalf_of, title=back.title,
                           name=back.name)

    sections = [section_model(n) for n in st.body.roots]
    body_text = _all_text(st)
    is_article = not sections and not st.tasks and fr.doc_type is None and fr.number_raw is None
    paragraphs = [paragraph("preamble" if sections else "body", p.text, list(p.notes), Location.of(p.src))
                  for p in st.preamble]
    paragraphs += [paragraph("closing", p.text, list(p.notes), Location.of(p.src)) for p in st.closing]
    paragraphs += [paragraph("appendix", (f"{p.marker.label} " if p.marker else "") + p.text, [], Location.of(p.src))
                   for p in st.appendix]
    if is_article:
        doc.genre = "article"
        byline = split_byline([p.text for p in paragraphs])
        if byline:
            paragraphs.pop()
            diags.append(make("P003", params={"byline": byline}))
        if paragraphs and len(paragraphs[0].text) <= 160 and not paragraphs[0].text.endswith((".", ";", ":")) \
                and len(paragraphs) > 1:
            doc.title = paragraphs[0].text
        diags.append(make("P005", params={}))

    # issuer, province, year ------------------------------------------------------------------
    infer_issuer(doc, fr.agency_lines, body_text, is_article)
    infer_province(doc, fr.agency_lines, body_text)
    doc.year = infer_year(doc, body_text)
    if doc.doc_type is None and not is_article and _THIS_PLAN.search(body_text):
        doc.doc_type = "KH"

    # references, legal bases, standards (normalise/references.py) ---------------------------------
    year = f"{fr.number_year}/" if fr.number_year else ""
    own = f"{fr.number}/{year}{fr.symbol}" if fr.number and fr.symbol else None
    every, plain = section_text_lists(sections)  # one walk for the three passes over the texts
    references, legal_bases, standards = collect_references(_texts(st, sections, sec=every), own)

    # tasks -------------------------------------------------------------------------------------
    tasks: list[Task] = []
    group_area: dict[str, Area | None] = {}
    for rt in st.tasks:
        task = to_task(rt, doc.year, doc.province, aliases)
        area = _area(task.content, "") if rt.parent is None or rt.is_group else None
        if area is None and rt.parent:
            area = group_area.get(rt.parent)
        group_area[rt.id] = task.area = area
        tasks.append(task)
    _classify_sections(sections)

    # targets ----------------------------------------------------------------------------------
    targets: list[Target] = []
    for text, src, path in _texts(st, sections, tasks, notes=False, sec=plain):
        sec = path.split("#")[1] if path and path.startswith("sections#") else None
        task_id = path.split("#")[1] if path and path.startswith("tasks#") else None
        for t in find_targets(text, doc.year, doc.date.year if doc.date else None):
            targets.append(build(Target, value=t.value, comparator=t.comparator, year=t.year, year_source=t.year_source,
                                   text=t.text, section=sec, task=task_id, source=Location.of(src)))

    reports: list[ReportDeadline] = []
    for text, src, path in _texts(st, sections, notes=False, sec=plain):
        # "báo cáo" needs an "á" or "Á" (all IGNORECASE takes for "á"): most texts skip the search
        if (path and path.startswith("tasks#")) or ("á" not in text and "Á" not in text) or not _REPORT.search(text):
            continue
        for sentence in _SENTENCES.split(text):
            found = find_report_deadlines(sentence, doc.year) if _REPORT.search(sentence) else []
            if found:
                sec = path.split("#")[1] if path and path.startswith("sections#") else None
                reports.append(build(ReportDeadline, text=sentence, deadlines=found, section=sec,
                                     source=Location.of(src)))

    # attachments and inline responsibility (normalise/attachments.py) ------------------------------
    made = {id(rt): task for rt, task in zip(st.tasks, tasks, strict=True)}
    attachments = to_attachments(st, doc.year, doc.province, aliases, made)
    inline_tasks = to_inline_tasks(st, doc.year, doc.province, aliases)

    return build(PlanDocument, document=doc, legal_bases=legal_bases, references=references, standards=standards,
                 sections=sections, tasks=tasks, targets=targets, report_deadlines=reports,
                 paragraphs=paragraphs, diagnostics=diags,
                 attachments=attachments, inline_tasks=inline_tasks)


_REPORT = rx.lazy(r"báo\s+cáo", regex.IGNORECASE)
_THIS_PLAN = rx.lazy(r"\bKế\s+hoạch\s+(này|đến|năm)")  # a headerless plan: "Kế hoạch này …"
_SENTENCES = rx.lazy(r"(?<=[.;])\s+")


def _area(heading: str, text: str) -> Area | None:
    got = A.classify_area(heading, text)
    return build(Area, code=got[0], by=got[1]) if got else None


def _classify_sections(sections: list[Section]) -> None:
    """Each second-level heading (II.1 'Cải cách thể chế') and top section gets a reform area, when its
    heading names one (only a heading's area is kept: the text's keywords are not scored)."""
    for top in sections:
        code = A.classify_heading(top.title) if top.title else None
        if code:
            top.area = build(Area, code=code, by="heading")
        for ch in top.children:
            if ch.title and ch.kind != "bullet":
                code = A.classify_heading(ch.title)
                if code:
                    ch.area = build(Area, code=code, by="heading")


def _texts(st: Structured, sections: list[Section], tasks: list[Task] | None = None, notes: bool = True,
           sec: list[TextItem] | None = None):
    """Every piece of running text with its source and JSON path, in document order; with ``notes``, the
    footnotes too (they cite documents like the text does, and may give their dates). ``sec``: the
    sections' part, ``list(section_texts(sections, notes=notes))``, when the caller has it."""
    if st.front.title:
        yield st.front.title, st.front.title_src, "document.title"
    for k, p in enumerate(st.preamble):
        yield p.text, p.src, f"paragraphs#{k}"
        for note in p.notes if notes else ():
            yield note, p.src, f"paragraphs#{k}.notes"
    yield from section_texts(sections, notes=notes) if sec is None else sec
    if tasks is not None:
        for t in tasks:
            yield t.content, SourceRef(line=t.source.line or 0, page=t.source.page), f"tasks#{t.id}"
    else:
        for rt in st.tasks:
            for role in ("content", "outputs", "note"):
                if rt.cells.get(role):
                    yield rt.cells[role], rt.src, f"tasks#{rt.id}"
    for p in st.closing:
        yield p.text, p.src, "paragraphs#closing"
        for note in p.notes if notes else ():
            yield note, p.src, "paragraphs#closing.notes"


def _all_text(st: Structured) -> str:
    parts = [p.text for p in st.preamble] + [p.text for p in st.closing]
    _node_texts(st.body.roots, parts)
    parts.extend(rt.cells.get("content", "") for rt in st.tasks)
    return "\n".join(parts)


def _node_texts(nodes: list[Node], parts: list[str]) -> None:
    """Titles and texts of ``nodes`` and their children, depth first (a module function: a nested
    one that calls itself is a reference cycle, left for the collector on every parse)."""
    for n in nodes:
        parts.extend(x for x in (n.title, n.text) if x)
        _node_texts(n.children, parts)
