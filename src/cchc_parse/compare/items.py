"""The work items of a plan that comparison matches: its tasks, or the points of its sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_parse.model import PlanDocument, Section, Task
from cchc_parse.normalise.deadlines import Deadline
from cchc_parse.normalise.units import canonical_unit

__all__ = ["Item", "plan_items", "unit_keys"]


@dataclass
class Item:
    """One task of a plan, in the shape comparison needs.

    ``place`` names where it stands (section heading and table group, by title, not by number, so that
    renumbering is not a move); ``kind`` is "task" (a table row or inline responsibility) or "point" (a
    section point of a plan without a responsibility table: "a) Rà soát …")."""

    id: str
    kind: str
    content: str
    place: str = ""
    section: str | None = None
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    lead_canonical: list[str | None] = field(default_factory=list)
    support_canonical: list[str | None] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    note: str | None = None


def _titles(doc: PlanDocument) -> dict[str, str]:
    """Section id → "II. NỘI DUNG TRIỂN KHAI" (label and title, or the start of its text)."""
    out: dict[str, str] = {}
    for s in doc.walk_sections():
        head = s.title or (s.text or "")[:60]
        out[s.id] = f"{s.label or s.id} {head}".strip()
    return out


def _task_item(t: Task, groups: dict[str, Task], titles: dict[str, str]) -> Item:
    place = [titles.get(t.section or "", t.section or "")]
    p = t.parent
    chain = []
    while p and p in groups:
        chain.append(f"{groups[p].label or p} {groups[p].content}".strip())
        p = groups[p].parent
    place.extend(reversed(chain))
    return Item(
        id=t.id,
        kind="task",
        content=t.content,
        place=" › ".join(x for x in place if x),
        section=t.section,
        lead=list(t.lead),
        support=list(t.support),
        lead_canonical=list(t.lead_canonical),
        support_canonical=list(t.support_canonical),
        outputs=list(t.outputs),
        deadline=t.deadline,
        note=t.note,
    )


def _points(nodes: list[Section], trail: list[str], out: list[Item]) -> None:
    for s in nodes:
        head = f"{s.label or s.id} {s.title}".strip() if s.title else ""
        if s.children:
            _points(s.children, [*trail, head] if head else trail, out)
        elif s.text and not s.title:
            out.append(
                Item(
                    id=s.id,
                    kind="point",
                    content=s.text,
                    place=" › ".join(t for t in trail if t),
                    section=s.id.rpartition(".")[0] or None,
                )
            )


def plan_items(doc: PlanDocument) -> list[Item]:
    """Rows of the responsibility tables and inline responsibilities (group rows left out); a plan with
    neither gives the points of its sections (leaves with text and no heading)."""
    tasks = [*doc.tasks, *doc.inline_tasks]
    if any(not t.is_group for t in tasks):
        groups = {t.id: t for t in doc.tasks if t.is_group}
        titles = _titles(doc)
        return [_task_item(t, groups, titles) for t in tasks if not t.is_group]
    out: list[Item] = []
    _points(doc.sections, [], out)
    return out


def unit_keys(names: list[str], canon: list[str | None], province: str | None) -> list[str]:
    """Comparable names of units: the canonical name (from the parse, else the alias table), else the name."""
    out = []
    for i, n in enumerate(names):
        c = canon[i] if i < len(canon) else None
        out.append(c or canonical_unit(n, province) or " ".join(n.split()))
    return out
