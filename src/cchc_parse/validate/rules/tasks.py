"""T rules: rows of the responsibility table."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument, Task
from cchc_parse.validate.registry import Finding, rule


def _leaf_tasks(doc: PlanDocument) -> Iterator[Task]:
    for t in doc.tasks:
        if not t.is_group:
            yield t


@rule("T201", "task-no-lead", "warning", "A task has no lead unit (Đơn vị chủ trì): nobody owns it.",
      messages=[N_("task {task} has no lead unit")],
      fail="1.1 | Rà soát | | Các phòng | Báo cáo | Quý II", ok="1.1 | Rà soát | Văn phòng | | Báo cáo | Quý II")
def task_no_lead(doc: PlanDocument) -> Iterator[Finding]:
    """A task row has an empty lead-unit cell (Đơn vị chủ trì).

    A task with no owner is the first thing a reviewer of a plan asks to fix.
    """
    for t in _leaf_tasks(doc):
        if not t.lead:
            yield Finding(t.source, {"task": t.id})


@rule("T202", "task-no-deadline", "warning", "A task has no deadline (Thời gian): it cannot be tracked.",
      messages=[N_("task {task} has no deadline")])
def task_no_deadline(doc: PlanDocument) -> Iterator[Finding]:
    """A task row has an empty time cell (Thời gian / Thời hạn).

    A table with no deadline column at all is reported once by the parser (P022), not row by row.
    """
    no_column = {(loc.path, loc.line) for d in doc.diagnostics if d.code == "P022" for loc in d.also}
    for t in _leaf_tasks(doc):
        if (f"tasks#{t.id}", t.source.line) in no_column:
            continue
        if t.deadline is None or not t.deadline.raw.strip():
            yield Finding(t.source, {"task": t.id})


@rule("T203", "deadline-year", "warning",
      "A deadline names a year other than the plan's year (often copied from last year's plan).",
      messages=[N_("task {task} deadline '{deadline}' is in {years}, not the plan year {year}")],
      fail="plan 2023, 'Quý I/2022'", ok="plan 2023, 'Quý I/2023'")
def deadline_year(doc: PlanDocument) -> Iterator[Finding]:
    """A task deadline states a year outside the plan year ("Tháng 01/2022" in a 2023 plan).

    Such deadlines are usually copied from the previous year's plan and never corrected.
    """
    year = doc.document.year
    if year is None:
        return
    for t in doc.tasks:
        d = t.deadline
        if d is None or d.year_source != "explicit":
            continue
        years = {int(x[:4]) for x in (d.start, d.due) if x}
        years |= {int(m.start[:4]) for m in d.milestones if m.start}
        bad = sorted(y for y in years if y != year)
        if bad:
            yield Finding(t.source, {"task": t.id, "deadline": d.raw, "years": ", ".join(map(str, bad)),
                                     "year": year})


@rule("T204", "task-empty-content", "error", "A task row has no content (Nội dung).",
      messages=[N_("task {task} has no content")])
def task_empty_content(doc: PlanDocument) -> Iterator[Finding]:
    """A task row has units or a deadline but no content: the row was probably split or shifted."""
    for t in doc.tasks:
        if not t.content.strip():
            yield Finding(t.source, {"task": t.id})


@rule("T205", "task-duplicate-id", "error", "Two task rows have the same STT path.",
      messages=[N_("task {task} appears more than once")])
def task_duplicate_id(doc: PlanDocument) -> Iterator[Finding]:
    """Two rows share an STT path (the parser keeps both, the second as 'id~2')."""
    for t in doc.tasks:
        if "~" in t.id:
            yield Finding(t.source, {"task": t.id.split("~")[0]})
