"""Quantitative targets: a percentage is a target when it is a goal, not when it reports a share, a
measure or the result of a year before the document."""

from __future__ import annotations

import pytest

from cchc_parse.normalise.targets import find_targets


def _found(text: str, plan_year: int | None = 2024, issued: int | None = 2024) -> list[tuple[float, int | None, str]]:
    return [(t.value, t.year, t.comparator) for t in find_targets(text, plan_year, issued)]


@pytest.mark.parametrize("text, want", [
    ("Phấn đấu đến năm 2025, 80% hồ sơ được giải quyết trực tuyến", [(80, 2025, "=")]),
    ("Tỷ lệ hài lòng đạt tối thiểu 95% vào năm 2025", [(95, 2025, ">=")]),
    ("100% thủ tục hành chính được công khai", [(100, 2024, "=")]),
    # a goal stated with a share: still a goal
    ("Phấn đấu tỷ lệ hồ sơ trễ hạn chiếm dưới 2%", [(2, 2024, "<=")]),
    ("Đến năm 2025, doanh nghiệp số chiếm 20% tổng số doanh nghiệp", [(20, 2025, "=")]),
    # the result of an earlier year is reported, the year's goal kept
    ("Năm 2023, tỷ lệ hài lòng đạt 97%; năm 2024 phấn đấu đạt 98%", [(98, 2024, "=")]),
    ("Giá trị sản xuất tăng 4,9% so với năm 2003 (kế hoạch là 4,6%)", []),
    # shares and measures are not goals
    ("Vốn góp của nhà đầu tư: 775.701.600.000 đồng (chiếm 15% tổng vốn đầu tư)", []),
    ("chiếm tỷ lệ 30% tổng số cán bộ", []),
    ("Đường hầm dẫn nước: độ dốc hầm 2-4%, đường kính hầm 2,0m", []),
    ("Kênh xả: kết cấu BTCT M200, độ dốc 2,5%, chiều dài 52,9m", []),
    ("đã đạt 98% kế hoạch", []),
])
def test_goals_and_what_is_not_one(text: str, want: list[tuple[float, int | None, str]]) -> None:
    assert _found(text) == want


def test_an_earlier_year_is_past_only_against_the_issue_year() -> None:
    text = "Trong năm 2023, phấn đấu 100% hồ sơ được số hóa"
    assert _found(text, 2023, issued=2023) == [(100, 2023, "=")]  # the plan of that year
    assert _found(text, 2024, issued=2024) == []  # quoted in a later document: a past goal
    assert _found(text, 2024, issued=None) == [(100, 2023, "=")]  # no issue date: nothing is ruled out
