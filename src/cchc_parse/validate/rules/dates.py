"""Dates shared by the rules: the issue date as a range (a blank day spans the month), today."""

from __future__ import annotations

import calendar
import os
from datetime import date

from cchc_parse.model import PlanDocument


def issue_range(doc: PlanDocument) -> tuple[date, date] | None:
    """Earliest and latest possible issue date ('ngày   tháng 01 năm 2023' → 1–31 Jan 2023)."""
    d = doc.document.date
    if d is None or d.year is None:
        return None
    try:
        if d.month is None:
            return date(d.year, 1, 1), date(d.year, 12, 31)
        if d.day is None:
            return date(d.year, d.month, 1), date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        day = date(d.year, d.month, d.day)
    except ValueError:
        return None  # not a date at all: R402 reports it
    return day, day


def today() -> date:
    """Today, or ``CCHC_TODAY`` (YYYY-MM-DD) for reproducible runs and tests."""
    fixed = os.environ.get("CCHC_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
