"""Deadline cells of seed 001 and DOMAIN §3 (plan year 2023, as in DOMAIN §3.4)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.normalise.deadlines import Deadline, find_report_deadlines, parse_deadline

Y = 2023
# raw → (kind, start, end, extra fields to check)
CASES: list[tuple[str, str, str | None, str | None, dict[str, Any]]] = [
    ("Quý II/2023", "quarter", "2023-04-01", "2023-06-30", {"year_source": "explicit", "period": "Q2"}),
    ("Quý IV", "quarter", "2023-10-01", "2023-12-31", {"year_source": "plan_year"}),
    ("Quý II", "quarter", "2023-04-01", "2023-06-30", {"year_source": "plan_year"}),
    ("Quý I/2022", "quarter", "2022-01-01", "2022-03-31", {"warnings": ["year 2022 differs from plan year 2023"]}),
    ("Quý I - III", "range", "2023-01-01", "2023-09-30", {"period": "Q1-Q3"}),
    ("Quý I – III", "range", "2023-01-01", "2023-09-30", {}),
    ("Quý I, III", "list", "2023-01-01", "2023-09-30", {"n_milestones": 2}),
    ("Quý I và III", "list", "2023-01-01", "2023-09-30", {"n_milestones": 2}),
    ("Từ quý III-IV", "range", "2023-07-01", "2023-12-31", {"qualifier": "from"}),
    ("Thực hiện từ Quý I/2022", "range", "2022-01-01", "2023-12-31",
     {"qualifier": "from", "warnings": ["year 2022 differs from plan year 2023"]}),
    ("Quý II - III/2023", "range", "2023-04-01", "2023-09-30", {"year_source": "explicit"}),
    ("Tháng 01/2023", "month", "2023-01-01", "2023-01-31", {"period": "M01"}),
    ("Tháng 1/2022", "month", "2022-01-01", "2022-01-31", {"warnings": ["year 2022 differs from plan year 2023"]}),
    ("Tháng 01/2022", "month", "2022-01-01", "2022-01-31", {}),
    ("Tháng 2/2023", "month", "2023-02-01", "2023-02-28", {}),
    ("Tháng 11 năm 2023", "month", "2023-11-01", "2023-11-30", {}),
    ("Tháng 3, 6, 9", "list", "2023-03-01", "2023-09-30", {"n_milestones": 3}),
    ("Từ tháng 3 đến tháng 6", "range", "2023-03-01", "2023-06-30", {"qualifier": "from"}),
    ("trước ngày 05/12", "date", None, "2023-12-05", {"due": "2023-12-05", "qualifier": "before"}),
    ("Trước ngày 15/12/2023", "date", None, "2023-12-15", {"due": "2023-12-15", "year_source": "explicit"}),
    ("chậm nhất ngày 30/6", "date", None, "2023-06-30", {"due": "2023-06-30", "qualifier": "by"}),
    ("Chậm nhất là ngày 30/6/2023", "date", None, "2023-06-30", {"qualifier": "by"}),
    ("Trước tháng 6", "month", None, "2023-05-31", {"due": "2023-05-31", "qualifier": "before"}),
    ("15/3/2024", "date", "2024-03-15", "2024-03-15", {"warnings": ["year 2024 differs from plan year 2023"]}),
    ("ngày 15 tháng 3 năm 2024", "date", "2024-03-15", "2024-03-15", {}),
    ("Ngày 05/3", "date", "2023-03-05", "2023-03-05", {"year_source": "plan_year"}),
    ("15-03-2023", "date", "2023-03-15", "2023-03-15", {}),
    ("Cả năm", "year", "2023-01-01", "2023-12-31", {"year_source": "plan_year"}),
    ("Cập nhật cả năm", "year", "2023-01-01", "2023-12-31", {}),
    ("Năm 2023", "year", "2023-01-01", "2023-12-31", {"year_source": "explicit"}),
    ("Trong năm 2023", "year", "2023-01-01", "2023-12-31", {}),
    ("Thường xuyên", "ongoing", "2023-01-01", "2023-12-31", {"recurrence": None}),
    ("Hàng tháng", "recurring", "2023-01-01", "2023-12-31", {"freq": "monthly"}),
    ("Hằng tháng", "recurring", "2023-01-01", "2023-12-31", {"freq": "monthly"}),
    ("Hằng quý", "recurring", "2023-01-01", "2023-12-31", {"freq": "quarterly"}),
    ("Hàng năm", "recurring", "2023-01-01", "2023-12-31", {"freq": "yearly"}),
    ("6 tháng và năm", "recurring", "2023-01-01", "2023-12-31", {"report_periods": ["H1", "Y"]}),
    ("Các quý, 6 tháng, năm", "recurring", "2023-01-01", "2023-12-31",
     {"freq": "quarterly", "report_periods": ["Q1", "Q2", "Q3", "Q4", "H1", "Y"]}),
    ("02 đợt trong năm", "recurring", "2023-01-01", "2023-12-31", {"freq": "n_per_year", "count": 2}),
    ("Định kỳ", "recurring", "2023-01-01", "2023-12-31", {"freq": None, "confidence": "medium"}),
    ("6 tháng đầu năm", "half_year", "2023-01-01", "2023-06-30", {"period": "H1"}),
    ("6 tháng cuối năm", "half_year", "2023-07-01", "2023-12-31", {"period": "H2"}),
    ("6 tháng", "half_year", "2023-01-01", "2023-06-30", {"confidence": "medium"}),
    ("9 tháng", "range", "2023-01-01", "2023-09-30", {"period": "9M"}),
    ("Giai đoạn 2021-2025", "range", "2021-01-01", "2025-12-31", {"warnings": []}),
    ("2023 và các năm tiếp theo", "range", "2023-01-01", None, {}),
    ("Đầu năm", "range", "2023-01-01", "2023-03-31", {"qualifier": "approx"}),
    ("Cuối năm", "range", "2023-10-01", "2023-12-31", {"qualifier": "approx"}),
    ("Khi có yêu cầu", "event", None, None, {"freq": "ad_hoc"}),
    ("Theo chỉ đạo của UBND tỉnh", "event", None, None, {"freq": "ad_hoc"}),
    ("Theo KH được Giám đốc Sở phê duyệt", "event", None, None, {"recurrence": None}),
    ("Theo KH\nđược Giám đốc Sở phê duyệt", "event", None, None, {}),
    ("Theo lộ trình của Trung ương", "event", None, None, {}),
    ("Sau khi Nghị định được ban hành", "event", None, None, {}),
    ("KH tháng quý I/2023 và báo cáo tháng 11/2023", "list", "2023-01-01", "2023-11-30",
     {"labels": ["KH", "báo cáo"]}),
    ("Quí II", "quarter", "2023-04-01", "2023-06-30", {}),
    ("QUÝ III/2023", "quarter", "2023-07-01", "2023-09-30", {}),
    ("Q1", "quarter", "2023-01-01", "2023-03-31", {}),
    ("Q.I", "quarter", "2023-01-01", "2023-03-31", {}),
    ("Quý 2", "quarter", "2023-04-01", "2023-06-30", {}),
    ("Quý l/2023", "quarter", "2023-01-01", "2023-03-31", {}),
    ("Quý Il", "quarter", "2023-04-01", "2023-06-30", {}),
    ("Quý \u0406V", "quarter", "2023-10-01", "2023-12-31", {}),  # Cyrillic І from OCR
    ("Quý I năm 2024", "quarter", "2024-01-01", "2024-03-31", {}),
    ("xyz", "unknown", None, None, {"confidence": "low"}),
    ("", "unknown", None, None, {"warnings": ["empty deadline"]}),
]


@pytest.mark.parametrize("raw, kind, start, end, extra", CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_deadline(raw: str, kind: str, start: str | None, end: str | None, extra: dict[str, Any]) -> None:
    d = parse_deadline(raw, Y)
    assert (d.raw, d.kind, d.start, d.end) == (raw, kind, start, end)
    for key, want in extra.items():
        if key in ("freq", "count", "report_periods"):
            assert d.recurrence is not None and getattr(d.recurrence, key) == want
        elif key == "n_milestones":
            assert len(d.milestones) == want
        elif key == "labels":
            assert [m.label for m in d.milestones] == want
        else:
            assert getattr(d, key) == want, key


def test_milestones_of_seed_cell() -> None:
    d = parse_deadline("KH tháng quý I/2023 và báo cáo tháng 11/2023", Y)
    assert [(m.label, m.kind, m.start, m.end) for m in d.milestones] == [
        ("KH", "quarter", "2023-01-01", "2023-03-31"),
        ("báo cáo", "month", "2023-11-01", "2023-11-30"),
    ]


@pytest.mark.parametrize(
    "raw, start, end, year_source",
    [("Quý IV", None, None, "none"), ("Cả năm", None, None, "none"), ("Quý II/2023", "2023-04-01", "2023-06-30",
                                                                      "explicit")],
)
def test_without_plan_year(raw: str, start: str | None, end: str | None, year_source: str) -> None:
    d = parse_deadline(raw, None)
    assert (d.start, d.end, d.year_source) == (start, end, year_source)
    assert d.kind != "unknown"


def test_year_rollover_for_report_tasks() -> None:
    d = parse_deadline("trước ngày 15/01", Y, context="Báo cáo kết quả CCHC năm")
    assert (d.due, d.confidence) == ("2024-01-15", "low")
    assert parse_deadline("trước ngày 15/01", Y).due == "2023-01-15"


def test_find_report_deadlines() -> None:
    text = ("Định kỳ các phòng chuyên môn, đơn vị báo cáo nội dung thực hiện quý I (ngày 05/3), 6 tháng (05/6), "
            "quý III (05/9) và báo cáo năm (trước ngày 05/12) gửi về Văn phòng")
    got = find_report_deadlines(text, Y)
    assert [(d.period, d.due, d.raw) for d in got] == [
        ("Q1", "2023-03-05", "quý I (ngày 05/3)"),
        ("H1", "2023-06-05", "6 tháng (05/6)"),
        ("Q3", "2023-09-05", "quý III (05/9)"),
        ("Y", "2023-12-05", "báo cáo năm (trước ngày 05/12)"),
    ]
    assert got[3].qualifier == "before"
    assert find_report_deadlines("Không có hạn báo cáo.", Y) == []


SEED_001 = ["Quý II/2023", "Tháng 01/2022", "Quý I/2022", "Thực hiện từ Quý I/2022",
            "Theo KH được Giám đốc Sở phê duyệt", "Hàng tháng", "KH tháng quý I/2023 và báo cáo tháng 11/2023",
            "Cập nhật cả năm", "Tháng 01/2023", "Quý II", "Quý I - III", "Cả năm", "Quý IV", "02 đợt trong năm",
            "Tháng 1/2022", "Tháng 2/2023", "Thường xuyên", "Các quý, 6 tháng, năm", "6 tháng và năm",
            "Từ quý III-IV"]


@pytest.mark.parametrize("raw", SEED_001)
def test_every_seed_001_deadline_has_a_time_kind(raw: str) -> None:
    d = parse_deadline(raw, Y)
    assert d.kind != "unknown"
    if d.kind != "event":
        assert d.start or d.end


@settings(max_examples=300)
@given(st.text(), st.one_of(st.none(), st.integers(min_value=-5, max_value=10000)))
def test_never_raises(text: str, year: int | None) -> None:
    d = parse_deadline(text, year)
    assert isinstance(d, Deadline) and d.raw == text
    find_report_deadlines(text, year)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["Quý", "quý", "I", "II", "III", "IV", "-", ",", "và", "tháng", "12", "/2023",
                                 "ngày", "05/12", "trước", "năm", "6", "từ", " ", "đến", "31/02", "13/2023"]),
                max_size=8))
def test_never_raises_on_fragments(parts: list[str]) -> None:
    raw = " ".join(parts)
    d = parse_deadline(raw, Y)
    assert d.raw == raw
    if d.start and d.end:
        assert d.start <= d.end
