"""Dates shared by the rules: the issue date as a range (a blank day spans the month), today."""

from __future__ import annotations

import calendar
import os
from datetime import date, datetime, timedelta, timezone

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


# Asia/Ho_Chi_Minh: UTC+7 all year (no daylight saving since 1975), so no tz database is needed
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in Vietnam whatever the machine's clock zone (TZ), or ``CCHC_TODAY`` (YYYY-MM-DD) for
    reproducible runs and tests; a malformed CCHC_TODAY is ignored."""
    fixed = os.environ.get("CCHC_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed.strip())
        except ValueError:
            pass
    return datetime.now(VIETNAM).date()


def iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
