"""`cchc calendar`: events read back with icalendar, on a fixture and on seed 001."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar

from cchc_parse.desk.calendar import build_calendar, occurrences
from cchc_parse.desk.cli import run_calendar
from cchc_parse.desk.load import Plan, load_file


def _dl(kind: str, **kw: object) -> dict:
    return {"raw": "x", "kind": kind, **kw}


TASKS = [
    {"id": "1", "content": "Ban hành kế hoạch", "lead": ["SNV"],
     "lead_canonical": ["Sở Nội vụ tỉnh Bình Dương"],
     "deadline": _dl("date", start="2023-03-15", end="2023-03-15", due="2023-03-15")},
    {"id": "2", "content": "Rà soát TTHC", "lead": ["Văn phòng"], "support": ["Sở NV"],
     "support_canonical": ["Sở Nội vụ tỉnh Bình Dương"],
     "deadline": _dl("quarter", start="2023-04-01", end="2023-06-30")},
    {"id": "3", "content": "Báo cáo", "lead": ["Văn phòng"], "deadline": _dl(
        "list", start="2023-01-01", end="2023-11-30", milestones=[
            {"label": "KH", "kind": "quarter", "start": "2023-01-01", "end": "2023-03-31"},
            {"label": "báo cáo", "kind": "month", "start": "2023-11-01", "end": "2023-11-30"}])},
    {"id": "4", "content": "Báo cáo tháng", "lead": ["Văn phòng"], "deadline": _dl(
        "recurring", start="2023-01-01", end="2023-12-31", recurrence={"freq": "monthly"})},
    {"id": "5", "content": "Báo cáo quý", "lead": ["Văn phòng"], "deadline": _dl(
        "recurring", start="2023-01-01", end="2023-12-31", recurrence={"freq": "quarterly"})},
    {"id": "6", "content": "Thường xuyên", "lead": ["Văn phòng"], "deadline": _dl("ongoing")},
    {"id": "7", "content": "Định kỳ", "lead": ["Văn phòng"],
     "deadline": _dl("recurring", recurrence={"freq": None})},
    {"id": "8", "content": "Nhóm", "is_group": True,
     "deadline": _dl("year", start="2023-01-01", end="2023-12-31")},
]
PLAN = Plan("kh.docx", {"path": "kh.docx", "status": "ok"}, {
    "document": {"title": "Kế hoạch CCHC năm 2023", "symbol": "KH-UBND",
                 "date": {"year": 2023, "month": 1, "day": 5, "iso": "2023-01-05"}},
    "tasks": TASKS})


def events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_occurrences() -> None:
    assert [o.day for o in occurrences(TASKS[1]["deadline"])] == [date(2023, 6, 30)]  # a period: its end
    quarterly = occurrences(TASKS[4]["deadline"])[0]
    assert quarterly.day == date(2023, 3, 31)
    assert quarterly.rule == {"FREQ": "MONTHLY", "UNTIL": date(2023, 12, 31), "INTERVAL": 3, "BYMONTHDAY": -1}
    assert occurrences(_dl("recurring", recurrence={"freq": "monthly"})) == []  # no year: no day
    assert occurrences(None) == [] and occurrences(_dl("event")) == []


def test_calendar_of_a_fixture() -> None:
    cal = build_calendar([PLAN])
    evs = events(cal.ics)
    assert (cal.events, cal.undated, cal.tasks) == (6, 2, 7) and len(evs) == 6
    days = [(str(e["summary"]).split(".")[0], e.decoded("dtstart")) for e in evs]
    assert days == [("4", date(2023, 1, 31)), ("1", date(2023, 3, 15)), ("3", date(2023, 3, 31)),
                    ("5", date(2023, 3, 31)), ("2", date(2023, 6, 30)), ("3", date(2023, 11, 30))]
    monthly = next(e for e in evs if str(e["summary"]).startswith("4."))
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"] and monthly["rrule"]["BYMONTHDAY"] == [-1]
    rule = monthly["rrule"].to_ical().decode()
    assert "UNTIL=20231231" in rule
    first = evs[0]
    assert (first.decoded("dtend") - first.decoded("dtstart")).days == 1  # all-day
    assert "Kế hoạch CCHC năm 2023" in str(first["description"])
    assert len({str(e["uid"]) for e in evs}) == 6 and build_calendar([PLAN]).ics == cal.ics
    assert "DTSTAMP:20230105T000000Z" in cal.ics.decode()  # from the plan, not the clock


def test_unit_filter_takes_canonical_and_raw_names() -> None:
    for query in ("Sở Nội vụ", "SNV", "sở nv"):
        assert build_calendar([PLAN], query).tasks == 2, query  # lead of 1, support of 2
    assert build_calendar([PLAN], "Văn phòng").tasks == 6
    assert build_calendar([PLAN], "Sở Tư pháp").events == 0


REPEATING = ["1.4.c.", "7.5.", "7.7."]  # monthly, quarterly, half-yearly


def test_seed_001(batch: Path, tmp_path: Path) -> None:
    """44 tasks; 4 give no day (an event, '02 đợt trong năm', 'Thường xuyên', none at all), 1.5 has two
    periods: 41 events."""
    cal = build_calendar(load_file(batch / "001-kh-svhttdl.txt.yaml").plans)
    assert (cal.tasks, cal.events, cal.undated) == (44, 41, 3)
    out = tmp_path / "d.ics"
    assert run_calendar(batch, out) == 0  # the folder: the copy of 001 counted once
    evs = events(out.read_bytes())
    assert len(evs) == 41
    repeating = [e for e in evs if "rrule" in e]
    assert [str(e["summary"]).split(" ")[0] for e in repeating] == REPEATING
    assert [e["rrule"].get("INTERVAL", [1])[0] for e in repeating] == [1, 3, 6]
