"""What changed from one plan to the next: tasks added, removed and changed field by field, sections,
metadata, and tasks of the new plan still dated in the old plan's year."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from cchc_parse.compare.items import Item, plan_items, unit_keys
from cchc_parse.compare.match import MATCH_THRESHOLD, match_items
from cchc_parse.compare.text import same_text, similarity, year_neutral
from cchc_parse.model import PlanDocument
from cchc_parse.normalise.deadlines import Deadline
from cchc_parse.normalise.keys import match_key

__all__ = ["FieldChange", "PlanDiff", "TaskChange", "TaskRef", "diff_plans", "task_ref"]

SECTION_THRESHOLD = (
    85.0  # a heading reworded this little is the same section ("Cải cách thể chế" → "… thể chế")
)


class TaskRef(BaseModel):
    id: str
    kind: str
    content: str
    place: str = ""
    lead: list[str] = []
    support: list[str] = []
    deadline: str | None = None


class FieldChange(BaseModel):
    field: str  # content | lead | support | outputs | deadline | place | note
    old: Any = None
    new: Any = None
    detail: str | None = None  # deadline: "later" | "earlier" | "rewritten"


class TaskChange(BaseModel):
    old: TaskRef
    new: TaskRef
    score: float
    changes: list[FieldChange]


class SectionRef(BaseModel):
    id: str
    title: str


class MetaChange(BaseModel):
    field: str
    old: Any = None
    new: Any = None


class CopiedDate(BaseModel):
    """A task of the new plan whose deadline is in the old plan's year: dates copied and not updated."""

    task: TaskRef
    year: int
    same_as_old: bool  # the matched old task had the very same deadline text


class PlanDiff(BaseModel):
    old_file: str
    new_file: str
    old_year: int | None = None
    new_year: int | None = None
    added: list[TaskRef] = []
    removed: list[TaskRef] = []
    changed: list[TaskChange] = []
    unchanged: int = 0
    sections_added: list[SectionRef] = []
    sections_removed: list[SectionRef] = []
    metadata: list[MetaChange] = []
    copied_dates: list[CopiedDate] = []

    @property
    def has_changes(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.changed
            or self.sections_added
            or self.sections_removed
            or self.metadata
        )


def task_ref(it: Item) -> TaskRef:
    return TaskRef(
        id=it.id,
        kind=it.kind,
        content=it.content,
        place=it.place,
        lead=it.lead,
        support=it.support,
        deadline=it.deadline.raw if it.deadline else None,
    )


# ------------------------------------------------------------------------------------------ tasks
def _units_change(
    name: str,
    a: list[str],
    ac: list[str | None],
    b: list[str],
    bc: list[str | None],
    pa: str | None,
    pb: str | None,
) -> FieldChange | None:
    ka = sorted(match_key(k) for k in unit_keys(a, ac, pa))
    kb = sorted(match_key(k) for k in unit_keys(b, bc, pb))
    return None if ka == kb else FieldChange(field=name, old=a, new=b)


def _rel(iso: str | None, plan_year: int | None) -> tuple[int, str] | None:
    """ "2024-06-30" in a 2024 plan → (0, "06-30"): a date as (years after the plan's year, month-day)."""
    if not iso:
        return None
    return int(iso[:4]) - (plan_year or 0), iso[5:]


def _when(d: Deadline, plan_year: int | None) -> tuple[object, ...]:
    rec = d.recurrence.model_dump() if d.recurrence else None
    return d.kind, _rel(d.start, plan_year), _rel(d.end, plan_year), _rel(d.due, plan_year), rec


def deadline_change(
    a: Deadline | None, b: Deadline | None, ya: int | None = None, yb: int | None = None
) -> FieldChange | None:
    """ "Quý II/2023" → "Quý III/2023": moved later. Read against each plan's year: "Quý II" → "Quý II/2023"
    in a 2023 plan, or "Quý II/2023" in the 2023 plan → "Quý II/2024" in the 2024 plan, is no change."""
    ra, rb = (a.raw if a else None), (b.raw if b else None)
    if same_text(ra, rb):
        return None
    if a and b and a.kind != "unknown" and _when(a, ya) == _when(b, yb):
        return None
    detail = "rewritten"
    ea = _rel(a.due or a.end, ya) if a else None
    eb = _rel(b.due or b.end, yb) if b else None
    if ea and eb and ea != eb:
        detail = "later" if eb > ea else "earlier"
    return FieldChange(field="deadline", old=ra, new=rb, detail=detail)


def task_changes(a: Item, b: Item, old: PlanDocument, new: PlanDocument) -> list[FieldChange]:
    pa, pb = old.document.province, new.document.province
    ya, yb = old.document.year, new.document.year

    def same(x: str | None, y: str | None) -> bool:  # the same words, or the same with years rolled over
        return same_text(x, y) or same_text(year_neutral(x, ya), year_neutral(y, yb))

    out: list[FieldChange | None] = [
        None if same(a.content, b.content) else FieldChange(field="content", old=a.content, new=b.content),
        _units_change("lead", a.lead, a.lead_canonical, b.lead, b.lead_canonical, pa, pb),
        _units_change("support", a.support, a.support_canonical, b.support, b.support_canonical, pa, pb),
        None
        if same("; ".join(a.outputs), "; ".join(b.outputs))
        else FieldChange(field="outputs", old=a.outputs, new=b.outputs),
        deadline_change(a.deadline, b.deadline, old.document.year, new.document.year),
        None if same_text(a.place, b.place) else FieldChange(field="place", old=a.place, new=b.place),
        None if same(a.note, b.note) else FieldChange(field="note", old=a.note, new=b.note),
    ]
    return [c for c in out if c]


# --------------------------------------------------------------------------------------- sections
def _headings(doc: PlanDocument) -> list[SectionRef]:
    """Numbered headings of the text and group rows of the tables (the table's own sections)."""
    out = [SectionRef(id=s.id, title=s.title) for s in doc.walk_sections() if s.title]
    out += [
        SectionRef(id=f"task {t.id}", title=t.content) for t in [*doc.tasks, *doc.inline_tasks] if t.is_group
    ]
    return out


def section_changes(old: PlanDocument, new: PlanDocument) -> tuple[list[SectionRef], list[SectionRef]]:
    """(added, removed) headings: matched by title, exactly, then by similarity ≥ SECTION_THRESHOLD."""
    a, b = _headings(old), _headings(new)
    left = list(range(len(b)))
    gone: list[SectionRef] = []
    pending: list[SectionRef] = []
    for s in a:
        j = next((j for j in left if same_text(b[j].title, s.title)), None)
        if j is None:
            pending.append(s)
        else:
            left.remove(j)
    for s in pending:
        scored = [(similarity(s.title, b[j].title), j) for j in left]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= SECTION_THRESHOLD:
            left.remove(best[1])
        else:
            gone.append(s)
    return [b[j] for j in left], gone


# --------------------------------------------------------------------------------------- metadata
def _meta(doc: PlanDocument) -> dict[str, Any]:
    m = doc.document
    d = m.date
    return {
        "doc_type": m.doc_type, "number": m.number, "symbol": m.symbol, "issuer": m.issuer, "place": m.place,
        "date": (d.iso or "/".join(str(x) for x in (d.day, d.month, d.year) if x)) if d else None,
        "title": m.title, "authority": m.authority, "draft": m.draft, "province": m.province, "year": m.year,
        "signer": " ".join(x for x in (m.signer.title, m.signer.name) if x) if m.signer else None,
        "recipients": m.recipients,
    }  # fmt: skip


def meta_changes(old: PlanDocument, new: PlanDocument) -> list[MetaChange]:
    a, b = _meta(old), _meta(new)
    out = []
    for k, va in a.items():
        vb = b[k]
        same = same_text(va, vb) if isinstance(va, str) and isinstance(vb, str) else va == vb
        if not same:
            out.append(MetaChange(field=k, old=va, new=vb))
    return out


# ------------------------------------------------------------------------------------ copied dates
def _explicit_years(d: Deadline | None) -> set[int]:
    if d is None or d.year_source != "explicit":
        return set()
    return {int(x[:4]) for x in (d.start, d.end, d.due) if x}


def copied_dates(
    old_year: int | None, new_year: int | None, items: list[Item], partner: dict[int, Item]
) -> list[CopiedDate]:
    """Tasks of the new plan whose deadline names the old plan's year (when the two years differ)."""
    if not old_year or not new_year or old_year == new_year:
        return []
    out = []
    for j, it in enumerate(items):
        if old_year in _explicit_years(it.deadline):
            p = partner.get(j)
            same = bool(p and p.deadline and it.deadline and same_text(p.deadline.raw, it.deadline.raw))
            out.append(CopiedDate(task=task_ref(it), year=old_year, same_as_old=same))
    return out


# ------------------------------------------------------------------------------------------ diff
def diff_plans(
    old: PlanDocument,
    new: PlanDocument,
    *,
    old_file: str = "",
    new_file: str = "",
    threshold: float = MATCH_THRESHOLD,
) -> PlanDiff:
    a, b = plan_items(old), plan_items(new)
    m = match_items(a, b, threshold)
    res = PlanDiff(
        old_file=old_file, new_file=new_file, old_year=old.document.year, new_year=new.document.year
    )
    res.added = [task_ref(b[j]) for j in m.added]
    res.removed = [task_ref(a[i]) for i in m.removed]
    for p in m.pairs:
        ch = task_changes(a[p.old], b[p.new], old, new)
        if ch:
            res.changed.append(
                TaskChange(old=task_ref(a[p.old]), new=task_ref(b[p.new]), score=p.score, changes=ch)
            )
        else:
            res.unchanged += 1
    res.sections_added, res.sections_removed = section_changes(old, new)
    res.metadata = meta_changes(old, new)
    res.copied_dates = copied_dates(res.old_year, res.new_year, b, {p.new: a[p.old] for p in m.pairs})
    return res
