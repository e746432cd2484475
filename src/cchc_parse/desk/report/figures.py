"""The figures of the report, computed from the plans: what the page shows and the tests check.

Counted once: a plan that is a copy of another (store.duplicates) is listed but left out of every count
but ``files`` and ``duplicates``. Tasks are the rows that are not group headings, of the plan itself,
its inline responsibilities and its attachments (as the store's ``task_status`` view counts them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc_parse.desk.columns import all_tasks
from cchc_parse.desk.load import Plan
from cchc_parse.i18n import N_
from cchc_parse.normalise.areas import AREAS, area_label
from cchc_parse.store.status import STATUSES, done_by, task_status

STATUS_LABELS = {"overdue": N_("overdue"), "due_soon": N_("due within 30 days"), "ongoing": N_("ongoing"),
                 "upcoming": N_("not started yet"), "unknown": N_("no done-by date"),
                 "no_deadline": N_("no deadline")}
UNKNOWN = N_("(not stated)")
MAX_MONTHS = 36  # a longer span of deadlines is shown by quarter
MAX_QUARTERS = 48  # … and a longer one still by year


@dataclass
class TaskView:
    plan: Plan
    task: dict[str, Any]
    attachment: str | None
    status: str
    done_by: date | None
    leads: list[str]  # each lead unit once: its canonical name, else as written

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.done_by.isoformat() if self.done_by else "9999", self.plan.id, str(self.task.get("id")))


@dataclass
class Figures:
    as_of: date
    files: int = 0
    statuses: Counter[str] = field(default_factory=Counter)  # plans by ok | ok-with-warnings | failed
    duplicates: int = 0
    plans: int = 0  # distinct plans that parsed
    tasks: int = 0
    task_statuses: dict[str, int] = field(default_factory=dict)  # every status of STATUSES, in order
    by_province: list[tuple[str | None, int, int]] = field(default_factory=list)  # (name, plans, tasks)
    by_issuer: list[tuple[str | None, int, int]] = field(default_factory=list)
    by_area: list[tuple[str | None, int]] = field(default_factory=list)  # (Vietnamese label, tasks)
    by_lead: list[tuple[str, int]] = field(default_factory=list)  # (unit, tasks)
    timeline: list[tuple[str, int]] = field(default_factory=list)  # (bucket label, tasks done by then)
    timeline_unit: str = "month"  # month | quarter | year
    overdue: list[TaskView] = field(default_factory=list)
    due_soon: list[TaskView] = field(default_factory=list)
    problems: list[Plan] = field(default_factory=list)  # failed, or with warnings or errors


def counted(plans: list[Plan]) -> list[Plan]:
    """The plans that parsed, each once."""
    return [p for p in plans if p.data is not None and p.status != "failed" and p.duplicate_of is None]


def lead_names(task: dict[str, Any]) -> list[str]:
    raw = task.get("lead") or []
    canon = task.get("lead_canonical") or []
    return list(dict.fromkeys((canon[i] if i < len(canon) and canon[i] else r) for i, r in enumerate(raw)))


def task_views(plan: Plan, as_of: date) -> list[TaskView]:
    out = []
    for t, att in all_tasks(plan.data or {}):
        if t.get("is_group"):
            continue
        dl = t.get("deadline")
        out.append(TaskView(plan, t, att, task_status(dl, as_of), done_by(dl), lead_names(t)))
    return out


def _ranked(c: Counter[Any]) -> list[tuple[Any, int]]:
    """Most first, then by name (None, 'not stated', last)."""
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0] or "")))


def _by_meta(plans: list[Plan], views: dict[str, list[TaskView]], key: str) -> list[tuple[Any, int, int]]:
    n_plans: Counter[str | None] = Counter()
    n_tasks: Counter[str | None] = Counter()
    for p in plans:
        name = (p.data or {}).get("document", {}).get(key) or None
        n_plans[name] += 1
        n_tasks[name] += len(views[p.id])
    return [(name, n, n_tasks[name]) for name, n in _ranked(n_plans)]


def bucket(d: date, unit: str) -> str:
    if unit == "month":
        return f"{d.year}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def _steps(first: date, last: date, unit: str) -> list[str]:
    """Every bucket from the first to the last, the empty ones too (a timeline, not a histogram)."""
    out: list[str] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        b = bucket(date(y, m, 1), unit)
        if not out or out[-1] != b:
            out.append(b)
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out


def timeline(dates: list[date]) -> tuple[list[tuple[str, int]], str]:
    """Tasks per month of their done-by date; per quarter, or per year, when the span is long."""
    if not dates:
        return [], "month"
    first, last = min(dates), max(dates)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    unit = "month" if months <= MAX_MONTHS else "quarter" if months <= 3 * MAX_QUARTERS else "year"
    c = Counter(bucket(d, unit) for d in dates)
    return [(b, c[b]) for b in _steps(first, last, unit)], unit


def compute(plans: list[Plan], as_of: date) -> Figures:
    f = Figures(as_of=as_of, files=len(plans))
    f.statuses = Counter(p.status for p in plans)
    f.duplicates = sum(1 for p in plans if p.duplicate_of is not None)
    good = counted(plans)
    f.plans = len(good)
    views = {p.id: task_views(p, as_of) for p in good}
    every = [v for p in good for v in views[p.id]]
    f.tasks = len(every)
    c = Counter(v.status for v in every)
    f.task_statuses = {s: c[s] for s in STATUSES}
    f.by_province = _by_meta(good, views, "province")
    f.by_issuer = _by_meta(good, views, "issuer")
    areas = Counter((v.task.get("area") or {}).get("code") for v in every)
    order = {code: i for i, code in enumerate(AREAS)}
    f.by_area = [(area_label(code) if code else None, areas[code])
                 for code in sorted(areas, key=lambda k: (k is None, order.get(k or "", 99), k or ""))]
    f.by_lead = _ranked(Counter(name for v in every for name in v.leads))
    f.timeline, f.timeline_unit = timeline([v.done_by for v in every if v.done_by is not None])
    f.overdue = sorted((v for v in every if v.status == "overdue"), key=lambda v: v.sort_key)
    f.due_soon = sorted((v for v in every if v.status == "due_soon"), key=lambda v: v.sort_key)
    f.problems = [p for p in plans if p.status != "ok"]
    return f
