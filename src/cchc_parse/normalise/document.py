"""Structured document → PlanDocument: metadata inferred, references, deadlines, units, targets, areas."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache

import regex

from cchc_parse.diagnostics import Diagnostic, Location, make
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import (
    Area,
    DateParts,
    DocumentMeta,
    Paragraph,
    PlanDocument,
    ReportDeadline,
    Reference,
    Section,
    Signer,
    Target,
    Task,
)
from cchc_parse.normalise import areas as A
from cchc_parse.normalise import provinces as PV
from cchc_parse.normalise import units as U
from cchc_parse.normalise.citations import find_citations
from cchc_parse.normalise.deadlines import find_report_deadlines, parse_deadline
from cchc_parse.normalise.targets import find_targets
from cchc_parse.structure import patterns as P
from cchc_parse.structure.boilerplate import split_byline
from cchc_parse.structure.document import Structured
from cchc_parse.structure.front import AGENCY_HEAD
from cchc_parse.structure.sections import Node

_OF_AGENCY = regex.compile(
    r"\bcủa\s+(?P<agency>(?:Sở|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|UBND|Ban|Văn\s+phòng|Thanh\s+tra|"
    r"Trung\s+tâm|Cục|Chi\s+cục|Phòng|Bộ|Hội\s+đồng\s+nhân\s+dân|Đoàn)\s.+?)\s*$")


def to_document(st: Structured, meta: dict, source_file: str | None, fmt: str,
                aliases: U.AliasTable | None = None) -> PlanDocument:
    diags: list[Diagnostic] = list(st.diagnostics)
    fr, back = st.front, st.back
    doc = DocumentMeta(
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
        doc.date = DateParts(year=fr.year, month=fr.month, day=fr.day, iso=iso)
    doc.sources = {k: Location.of(v, f"document.{k}") for k, v in
                   (("number", fr.number_src), ("date", fr.date_src), ("title", fr.title_src), ("signer", back.src))
                   if v is not None}
    if back.title or back.name:
        doc.signer = Signer(authority=back.authority, on_behalf_of=back.on_behalf_of, title=back.title, name=back.name)

    sections = [_section(n) for n in st.body.roots]
    body_text = _all_text(st)
    is_article = not sections and not st.tasks and fr.doc_type is None and fr.number_raw is None
    paragraphs = [Paragraph(role="preamble" if sections else "body", text=p.text, source=Location.of(p.src))
                  for p in st.preamble]
    paragraphs += [Paragraph(role="closing", text=p.text, source=Location.of(p.src)) for p in st.closing]
    paragraphs += [Paragraph(role="appendix", text=(f"{p.marker.label} " if p.marker else "") + p.text,
                             source=Location.of(p.src)) for p in st.appendix]
    if is_article:
        doc.genre = "article"
        byline = split_byline([p.text for p in paragraphs])
        if byline:
            paragraphs.pop()
            diags.append(make("P003", f"byline '{byline}' dropped from the text"))
        if paragraphs and len(paragraphs[0].text) <= 160 and not paragraphs[0].text.endswith((".", ";", ":")) \
                and len(paragraphs) > 1:
            doc.title = paragraphs[0].text
        diags.append(make("P005", "no numbered structure: read as an article; its paragraphs are kept"))

    # issuer, province, year ------------------------------------------------------------------
    _infer_issuer(doc, fr.agency_lines, body_text, is_article)
    _infer_province(doc, fr.agency_lines, body_text)
    doc.year = _infer_year(doc, body_text)
    if doc.doc_type is None and not is_article and regex.search(r"\bKế\s+hoạch\s+(này|đến|năm)", body_text):
        doc.doc_type = "KH"

    # references and legal bases --------------------------------------------------------------
    refs: dict[tuple[str, str | None], Reference] = {}
    bases: dict[tuple[str, str | None], Reference] = {}
    for text, src, path in _texts(st, sections):
        is_basis = bool(path and path.startswith("paragraphs") and P.LEGAL_BASIS.match(text))
        for c in find_citations(text):
            key = (c.number, c.date)
            if fr.number_raw and c.number.endswith(fr.symbol or "\0") and c.number.split("/")[0] == (fr.number or ""):
                continue  # the document's own number
            loc = Location.of(src, path)
            ref = refs.setdefault(key, Reference(doc_type=c.doc_type, number=c.number, date=c.date,
                                                 issuing_body=c.issuing_body))
            ref.cited_at.append(loc)
            if is_basis:
                bases.setdefault(key, ref.model_copy(update={"cited_at": [loc]}))
    # a number cited once with a date and once without is one document
    for (num, date), ref in list(refs.items()):
        if date is None and any(n == num and d is not None for (n, d) in refs):
            other = next(r for (n, d), r in refs.items() if n == num and d is not None)
            other.cited_at.extend(ref.cited_at)
            del refs[(num, date)]

    # tasks -------------------------------------------------------------------------------------
    tasks: list[Task] = []
    group_area: dict[str, Area | None] = {}
    for rt in st.tasks:
        c = rt.cells
        deadline = parse_deadline(" ".join(c["deadline"].split()), doc.year, context=c.get("content")) \
            if c.get("deadline") else None
        lead, support, outputs = (_units(c.get(k), kind) for k, kind in
                                  (("lead", "unit"), ("support", "unit"), ("outputs", "output")))
        area = None
        if rt.parent is None or rt.is_group:
            area = _area(c.get("content", ""), "")
        if area is None and rt.parent:
            area = group_area.get(rt.parent)
        group_area[rt.id] = area
        tasks.append(Task(
            id=rt.id, parent=rt.parent, label=rt.label, is_group=rt.is_group, content=c.get("content", ""),
            lead=lead, support=support, outputs=outputs, deadline=deadline,
            note=c.get("note") or None,
            lead_canonical=[U.canonical_unit(u, doc.province, aliases) for u in lead],
            support_canonical=[U.canonical_unit(u, doc.province, aliases) for u in support],
            section=rt.section, area=area, source=Location.of(rt.src),
        ))
    _classify_sections(sections)

    # targets ----------------------------------------------------------------------------------
    targets: list[Target] = []
    for text, src, path in _texts(st, sections, tasks):
        sec = path.split("#")[1] if path and path.startswith("sections#") else None
        task = path.split("#")[1] if path and path.startswith("tasks#") else None
        for t in find_targets(text, doc.year):
            targets.append(Target(value=t.value, comparator=t.comparator, year=t.year, year_source=t.year_source,
                                  text=t.text, section=sec, task=task, source=Location.of(src)))

    reports: list[ReportDeadline] = []
    for text, src, path in _texts(st, sections):
        if path and path.startswith("tasks#") or not _REPORT.search(text):
            continue
        for sentence in regex.split(r"(?<=[.;])\s+", text):
            found = find_report_deadlines(sentence, doc.year) if _REPORT.search(sentence) else []
            if found:
                sec = path.split("#")[1] if path and path.startswith("sections#") else None
                reports.append(ReportDeadline(text=sentence, deadlines=found, section=sec, source=Location.of(src)))

    return PlanDocument(document=doc, legal_bases=list(bases.values()), references=list(refs.values()),
                        sections=sections, tasks=tasks, targets=targets, report_deadlines=reports,
                        paragraphs=paragraphs, diagnostics=diags)


_REPORT = regex.compile(r"báo\s+cáo", regex.IGNORECASE)


def _units(text: str | None, kind: str) -> list[str]:
    """One unit per cell paragraph, each split at ';' (and ',' between units)."""
    return list(_units_cached(text or "", kind))


@lru_cache(maxsize=4096)
def _units_cached(text: str, kind: str) -> tuple[str, ...]:
    return tuple(u for part in text.split("\n") for u in U.split_units(part, kind))


def _section(n: Node) -> Section:
    kind = n.marker.kind
    return Section(id=n.id, label=n.marker.label, kind=kind, numbering="auto" if n.marker.auto else "typed",
                   title=n.title, text=n.text, source=Location.of(n.src), children=[_section(c) for c in n.children])


def _area(heading: str, text: str) -> Area | None:
    got = A.classify_area(heading, text)
    return Area(code=got[0], by=got[1]) if got else None


def _classify_sections(sections: list[Section]) -> None:
    """Each second-level heading (II.1 'Cải cách thể chế') and top section gets a reform area."""
    for top in sections:
        got = A.classify_area(top.title, "") if top.title else None
        if got and got[1] == "heading":
            top.area = Area(code=got[0], by=got[1])
        for ch in top.children:
            if ch.title and ch.kind != "bullet":
                got = A.classify_area(ch.title, ch.text or "")
                if got and got[1] == "heading":
                    ch.area = Area(code=got[0], by=got[1])


def _texts(st: Structured, sections: list[Section], tasks: list[Task] | None = None):
    """Every piece of running text with its source and JSON path, in document order."""
    if st.front.title:
        yield st.front.title, st.front.title_src, "document.title"
    for k, p in enumerate(st.preamble):
        yield p.text, p.src, f"paragraphs#{k}"

    def rec(nodes: list[Section]):
        for s in nodes:
            src = SourceRef(line=s.source.line or 0, page=s.source.page)
            for part in (s.title, s.text):
                if part:
                    yield part, src, f"sections#{s.id}"
            yield from rec(s.children)

    yield from rec(sections)
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


def _all_text(st: Structured) -> str:
    parts = [p.text for p in st.preamble] + [p.text for p in st.closing]

    def rec(nodes: list[Node]) -> None:
        for n in nodes:
            parts.extend(x for x in (n.title, n.text) if x)
            rec(n.children)

    rec(st.body.roots)
    parts.extend(rt.cells.get("content", "") for rt in st.tasks)
    return "\n".join(parts)


# "Sở Tư pháp", "Sở Kế hoạch và Đầu tư": a department named in running text
_DEPT = regex.compile(r"\bSở\s+[\p{Lu}][\p{Ll}]*(?:\s+(?:và\s+)?[\p{Lu}\p{Ll}][\p{Ll}]*){0,5}")
_CITIES = {"Hà Nội", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


def _known_unit(phrase: str) -> str | None:
    """The longest leading part of "Sở Kế hoạch và Đầu tư về Thực hiện" that is a known unit."""
    words = phrase.split()
    for k in range(len(words), 1, -1):
        name = U.canonical_unit(" ".join(words[:k]))
        if name:
            return name
    return None


def _infer_issuer(doc: DocumentMeta, agency_lines: list[str], body: str, is_article: bool) -> None:
    if agency_lines:
        k = next((i for i in range(1, len(agency_lines)) if AGENCY_HEAD.match(agency_lines[i])), None)
        if k is None:
            parent, agency = None, " ".join(agency_lines)
        else:
            parent, agency = " ".join(agency_lines[:k]), " ".join(agency_lines[k:])
        doc.parent_agency = parent
        doc.issuer = U.issuer_name(parent, agency)
        return
    if doc.title:
        m = _OF_AGENCY.search(doc.title)
        if m:
            doc.issuer = regex.sub(r"\s+(năm|giai\s+đoạn)\s+\d{4}.*$", "", m["agency"]).strip(" .")
            return
    if is_article:
        return
    names = Counter(n for n in (_known_unit(m.group(0)) for m in _DEPT.finditer(body)) if n)
    if names:
        name = names.most_common(1)[0][0]
        provs = PV.find_provinces(body)
        if provs:
            prov = provs.most_common(1)[0][0]
            name = f"{name} {'thành phố' if prov in _CITIES else 'tỉnh'} {prov}"
        doc.issuer = name


def _infer_province(doc: DocumentMeta, agency_lines: list[str], body: str) -> None:
    for text in [*agency_lines, doc.issuer or "", doc.place or ""]:
        found = PV.find_provinces(text)
        if found:
            doc.province = found.most_common(1)[0][0]
            break
    else:
        found = PV.find_provinces(body + "\n" + (doc.title or ""))
        if found:
            doc.province = found.most_common(1)[0][0]
    if doc.province:
        on = None
        if doc.date and doc.date.year:
            on = dt.date(doc.date.year, doc.date.month or 1, doc.date.day or 1)
        if on is None or on < dt.date(2025, 7, 1):
            doc.province_after_merger = PV.province_after_merger(doc.province, on)


def _infer_year(doc: DocumentMeta, body: str) -> int | None:
    if doc.title:
        ys = [int(m["y"]) for m in P.YEAR_WORD.finditer(doc.title)]
        if ys:
            return ys[0]
    if doc.date and doc.date.year:
        return doc.date.year
    if doc.genre == "article":
        return None
    counts = Counter(int(m["y"]) for m in P.YEAR_WORD.finditer(body))
    if not counts:
        return None
    best = max(counts.values())
    return max(y for y, c in counts.items() if c == best)
