"""T rules about deadlines and task groups: before the issue date, unreadable, inverted, empty groups."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument
from cchc_parse.validate.registry import Finding, rule
from cchc_parse.validate.rules.dates import iso, issue_range

_OPEN_KINDS = {"recurring", "ongoing", "event", "unknown"}


@rule("T206", "deadline-before-issue", "warning",
      "A deadline ends before the plan was issued: it was over before anyone could act on it.",
      messages=[N_("task {task} deadline '{deadline}' ends {end}, before the issue date {issued}")],
      fail="issued 05/3/2023, 'Tháng 01/2023'", ok="issued 05/3/2023, 'Quý II/2023'")
def deadline_before_issue(doc: PlanDocument) -> Iterator[Finding]:
    """A task's deadline ends before the document's issue date.

    Usually a deadline copied from an older plan, or a plan issued late. When the issue day is
    blank ("ngày   tháng 3 năm 2023"), the first day of the month is used, so only a deadline
    that is certainly past is reported.

    Example: a plan dated 05/3/2023 with a task due "Tháng 01/2023".
    """
    span = issue_range(doc)
    if span is None:
        return
    for t in doc.tasks:
        d = t.deadline
        if d is None or d.kind in _OPEN_KINDS:
            continue
        ends = [x for x in (iso(d.due), iso(d.end)) if x] + [x for m in d.milestones if (x := iso(m.end))]
        if ends and max(ends) < span[0]:
            yield Finding(t.source, {"task": t.id, "deadline": d.raw, "end": max(ends).isoformat(),
                                     "issued": span[0].isoformat()})


@rule("T207", "deadline-unreadable", "warning",
      "A deadline cell could not be read as a date or period ('Abc', 'tháng 13').",
      messages=[N_("task {task} deadline '{deadline}' could not be read")], fail="'Abc xyz'", ok="'Quý II/2023'")
def deadline_unreadable(doc: PlanDocument) -> Iterator[Finding]:
    """The deadline normaliser could not read the time cell (kind 'unknown').

    A deadline that a reader cannot place in the year cannot be tracked or reported on; often a
    typo ("Qúy II"), a merged cell, or text that belongs in another column.
    """
    for t in doc.tasks:
        d = t.deadline
        if d is not None and d.kind == "unknown" and d.raw.strip():
            yield Finding(t.source, {"task": t.id, "deadline": d.raw})


@rule("T208", "task-group-empty", "warning", "A task group row (number and name) has no tasks under it.",
      messages=[N_("task group {task} '{content}' has no tasks")],
      fail="group '2' with no rows 2.1, 2.2, …", ok="group '1' followed by 1.1")
def task_group_empty(doc: PlanDocument) -> Iterator[Finding]:
    """A group row of the task table has no task rows under it.

    The group's tasks were lost (a page break, a deleted block) or the row is a task whose lead
    and deadline cells are empty.
    """
    parents = {t.parent for t in doc.tasks}
    for t in doc.tasks:
        if t.is_group and t.id not in parents:
            yield Finding(t.source, {"task": t.id, "content": t.content[:60]})


@rule("T209", "deadline-inverted", "warning", "A deadline range ends before it starts ('từ tháng 6 đến tháng 3').",
      messages=[N_("task {task} deadline '{deadline}' starts {start} after it ends {end}")],
      fail="start 2023-06-01, end 2023-03-31", ok="start 2023-03-01, end 2023-06-30")
def deadline_inverted(doc: PlanDocument) -> Iterator[Finding]:
    """A deadline's start is after its end: the months or years of a range are swapped or mistyped."""
    for t in doc.tasks:
        d = t.deadline
        s, e = (iso(d.start), iso(d.end)) if d else (None, None)
        if s and e and s > e:
            yield Finding(t.source, {"task": t.id, "deadline": d.raw,  # type: ignore[union-attr]
                                     "start": s.isoformat(), "end": e.isoformat()})


def _key(unit: str) -> str:
    return " ".join(unit.casefold().split()).strip(" ;,.")


@rule("T210", "lead-also-support", "info", "A unit is both the lead (chủ trì) and a supporting unit (phối hợp).",
      messages=[N_("task {task}: {units} is both lead and support")],
      fail="lead 'Văn phòng', support 'Văn phòng'", ok="lead 'Văn phòng', support 'Các phòng'")
def lead_also_support(doc: PlanDocument) -> Iterator[Finding]:
    """The same unit is listed as lead and as support of one task.

    A unit cannot coordinate with itself; usually the support cell was copied from the lead cell.
    """
    for t in doc.tasks:
        lead = {_key(u) for u in t.lead} | {_key(u) for u in t.lead_canonical if u}
        pairs = list(zip(t.support, t.support_canonical or [None] * len(t.support), strict=False))
        both = sorted({s for s, c in pairs if _key(s) in lead or (c and _key(c) in lead)})
        if both:
            yield Finding(t.source, {"task": t.id, "units": ", ".join(both)})
