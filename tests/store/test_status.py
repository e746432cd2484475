"""The status rule: the Python function and the SQL of the task_status view agree, boundaries included."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cchc_parse.model import to_jsonable
from cchc_parse.pipeline import parse_file
from cchc_parse.store.rows import all_tasks
from cchc_parse.store.status import WINDOW_DAYS, deadline_columns, sql_status, task_status, today

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2023, 7, 1)
Q2 = {"raw": "Quý II/2023", "kind": "quarter", "start": "2023-04-01", "end": "2023-06-30"}


@pytest.mark.parametrize(
    "deadline,expected",
    [
        (None, "no_deadline"),
        ({"raw": "  ", "kind": "unknown"}, "no_deadline"),
        (Q2, "overdue"),  # ended the day before
        ({"raw": "Quý III/2023", "kind": "quarter", "start": "2023-07-01", "end": "2023-09-30"}, "ongoing"),
        ({"raw": "Quý IV/2023", "kind": "quarter", "start": "2023-10-01", "end": "2023-12-31"}, "upcoming"),
        ({"raw": "Tháng 7/2023", "kind": "month", "start": "2023-07-01", "end": "2023-07-31"}, "due_soon"),
        (
            {"raw": "trước ngày 31/7/2023", "kind": "date", "due": "2023-07-31", "end": "2023-07-31"},
            "due_soon",
        ),
        (
            {"raw": "trước ngày 01/8/2023", "kind": "date", "due": "2023-08-01", "end": "2023-08-01"},
            "upcoming",
        ),
        ({"raw": "01/7/2023", "kind": "date", "start": "2023-07-01", "end": "2023-07-01"}, "due_soon"),
        ({"raw": "Hằng tháng", "kind": "recurring", "start": "2023-01-01", "end": "2023-12-31"}, "ongoing"),
        ({"raw": "Thường xuyên", "kind": "ongoing", "start": "2022-01-01", "end": "2022-12-31"}, "overdue"),
        ({"raw": "Thường xuyên", "kind": "ongoing"}, "ongoing"),
        ({"raw": "Khi có yêu cầu", "kind": "event"}, "unknown"),
        ({"raw": "Từ quý III", "kind": "range", "start": "2023-07-01", "end": None}, "unknown"),
        ({"raw": "x", "kind": "date", "end": "not a date"}, "unknown"),
    ],
)
def test_rule(deadline: dict | None, expected: str) -> None:
    assert task_status(deadline, AS_OF) == expected


def _sql_statuses(deadlines: list[dict | None], as_of: date) -> list[str]:
    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE TABLE t (i INTEGER, deadline_raw, deadline_kind, deadline_start, deadline_end, "
        "deadline_due, done_by)"
    )
    for i, d in enumerate(deadlines):
        c = deadline_columns(d)
        con.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                i,
                c["deadline_raw"],
                c["deadline_kind"],
                c["deadline_start"],
                c["deadline_end"],
                c["deadline_due"],
                c["done_by"],
            ),
        )
    sql = f"SELECT {sql_status(':as_of', 't')} FROM t ORDER BY i"
    return [r[0] for r in con.execute(sql, {"as_of": as_of.isoformat()})]


def test_sql_agrees_on_the_boundaries() -> None:
    base = date(2023, 7, 1)
    grid: list[dict | None] = [None]
    for kind in ("date", "month", "quarter", "year", "range", "list", "recurring", "ongoing", "event"):
        for off in (-31, -1, 0, 1, WINDOW_DAYS - 1, WINDOW_DAYS, WINDOW_DAYS + 1, 200):
            end, start = ((base + timedelta(days=off + d)).isoformat() for d in (0, -40))
            grid.append({"raw": "x", "kind": kind, "start": start, "end": end})
            grid.append({"raw": "x", "kind": kind, "due": end, "end": end})
            grid.append({"raw": "x", "kind": kind, "start": end})
    assert _sql_statuses(grid, base) == [task_status(d, base) for d in grid]


def test_sql_agrees_on_every_task_of_the_samples() -> None:
    deadlines = []
    for path in sorted([*(ROOT / "samples/text").glob("*.txt"), *(ROOT / "samples/docx").glob("*.docx")]):
        data = to_jsonable(parse_file(path).doc)
        deadlines += [t.get("deadline") for t, _ in all_tasks(data)]
    assert len(deadlines) > 100
    seen: set[str] = set()
    for day in (date(2023, 1, 15), AS_OF, date(2023, 11, 15), date(2024, 3, 1)):
        statuses = [task_status(d, day) for d in deadlines]
        assert _sql_statuses(deadlines, day) == statuses
        seen.update(statuses)
    assert {"overdue", "ongoing", "upcoming", "no_deadline", "unknown"} <= seen


def test_today_reads_cchc_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_TODAY", "2023-07-01")
    assert today() == AS_OF
    monkeypatch.setenv("CCHC_TODAY", "1/7/2023")
    with pytest.raises(ValueError, match="CCHC_TODAY"):
        today()
