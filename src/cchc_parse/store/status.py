"""Task status as of a date: the one rule, in Python and as the SQL of the ``task_status`` view.

``task_status(deadline, as_of)`` takes a task's ``deadline`` as found in a plan's YAML/JSON (the
``Deadline`` model of normalise/deadlines.py dumped to a dict, or None) and returns one of
``STATUSES``:

- ``no_deadline``  the task has no deadline cell (None, or a blank ``raw``);
- ``ongoing``      a standing or repeating duty ("Thường xuyên", "Hằng tháng": kind ``ongoing`` or
                   ``recurring``) inside its span, or a dated task whose span has started and whose
                   done-by date is more than ``WINDOW_DAYS`` away ("Năm 2023" as of July 2023);
- ``overdue``      the done-by date is before ``as_of`` (for a standing duty: its span has ended);
- ``due_soon``     the done-by date is within ``WINDOW_DAYS`` days: ``as_of <= done_by <= as_of + 30``;
- ``upcoming``     not started yet and done-by more than ``WINDOW_DAYS`` days away;
- ``unknown``      a deadline is written but gives no done-by date ("Khi có yêu cầu", an open range).

The done-by date is ``due`` (a hard "trước ngày / chậm nhất" date) or else ``end`` (the last day of
the period: "Quý II/2023" → 2023-06-30; a list of periods → the end of the last). "Overdue" means the
time given has passed: cchc does not know whether the task was done.

``SQL_STATUS`` is the same rule as a SQL CASE expression over the columns the store writes
(``deadline_raw``, ``deadline_kind``, ``deadline_start``, ``done_by``, filled by ``deadline_columns``)
and a date expression ``:as_of`` replaced by the caller (the store reads it from its ``settings`` table).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from typing import Any

__all__ = [
    "STATUSES", "WINDOW_DAYS", "deadline_columns", "done_by", "sql_status", "task_status", "today",
]

WINDOW_DAYS = 30
NO_DEADLINE, ONGOING, OVERDUE, DUE_SOON, UPCOMING, UNKNOWN = (
    "no_deadline", "ongoing", "overdue", "due_soon", "upcoming", "unknown")
STATUSES = (OVERDUE, DUE_SOON, ONGOING, UPCOMING, UNKNOWN, NO_DEADLINE)
STANDING_KINDS = ("ongoing", "recurring")  # "Thường xuyên", "Hằng tháng", "Định kỳ"


VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no daylight saving time since 1975


def today() -> date:
    """The default as-of date: ``CCHC_TODAY`` (YYYY-MM-DD) when set, else today in Asia/Ho_Chi_Minh."""
    env = os.environ.get("CCHC_TODAY", "").strip()
    if env:
        try:
            return date.fromisoformat(env)
        except ValueError:
            raise ValueError(f"CCHC_TODAY must be a date YYYY-MM-DD, not {env!r}") from None
    return datetime.now(VN_TZ).date()


def _iso(value: Any) -> date | None:
    """An ISO date string ('2023-06-30') as a date; anything else None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def done_by(deadline: dict[str, Any] | None) -> date | None:
    """The date a task is to be done by: ``due``, else ``end``; None when neither is a date."""
    if not deadline:
        return None
    return _iso(deadline.get("due")) or _iso(deadline.get("end"))


def deadline_columns(deadline: dict[str, Any] | None) -> dict[str, str | None]:
    """The deadline columns of the ``tasks`` table (ISO text or NULL) that ``SQL_STATUS`` reads."""
    if not deadline or not str(deadline.get("raw") or "").strip():
        return {"deadline_raw": None, "deadline_kind": None, "deadline_start": None, "deadline_end": None,
                "deadline_due": None, "done_by": None}
    start, end, due, by = (_iso(deadline.get("start")), _iso(deadline.get("end")), _iso(deadline.get("due")),
                           done_by(deadline))
    return {"deadline_raw": deadline["raw"], "deadline_kind": deadline.get("kind") or "unknown",
            "deadline_start": start and start.isoformat(), "deadline_end": end and end.isoformat(),
            "deadline_due": due and due.isoformat(), "done_by": by and by.isoformat()}


def task_status(deadline: dict[str, Any] | None, as_of: date) -> str:
    """The status of a task with ``deadline`` (a Deadline dict or None) as of ``as_of``: one of STATUSES."""
    if not deadline or not str(deadline.get("raw") or "").strip():
        return NO_DEADLINE
    start, end, by = _iso(deadline.get("start")), _iso(deadline.get("end")), done_by(deadline)
    if deadline.get("kind") in STANDING_KINDS:
        if end is not None and end < as_of:
            return OVERDUE
        return UPCOMING if start is not None and start > as_of else ONGOING
    if by is None:
        return UNKNOWN
    if by < as_of:
        return OVERDUE
    if by <= as_of + timedelta(days=WINDOW_DAYS):
        return DUE_SOON
    return ONGOING if start is not None and start <= as_of else UPCOMING


def sql_status(as_of: str = ":as_of", table: str = "t") -> str:
    """``task_status`` as a SQL CASE over ``table``'s deadline columns; ``as_of`` is a SQL date
    expression ('2023-07-01' quoted, a parameter, or a sub-select)."""
    standing = ", ".join(f"'{k}'" for k in STANDING_KINDS)
    t = table
    return f"""CASE
  WHEN {t}.deadline_raw IS NULL THEN '{NO_DEADLINE}'
  WHEN {t}.deadline_kind IN ({standing}) THEN CASE
    WHEN {t}.deadline_end IS NOT NULL AND {t}.deadline_end < {as_of} THEN '{OVERDUE}'
    WHEN {t}.deadline_start IS NOT NULL AND {t}.deadline_start > {as_of} THEN '{UPCOMING}'
    ELSE '{ONGOING}' END
  WHEN {t}.done_by IS NULL THEN '{UNKNOWN}'
  WHEN {t}.done_by < {as_of} THEN '{OVERDUE}'
  WHEN {t}.done_by <= date({as_of}, '+{WINDOW_DAYS} days') THEN '{DUE_SOON}'
  WHEN {t}.deadline_start IS NOT NULL AND {t}.deadline_start <= {as_of} THEN '{ONGOING}'
  ELSE '{UPCOMING}' END"""
