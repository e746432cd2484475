"""Province names, mentions, the 63→34 merger and codes."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.normalise.provinces import (
    canonical_province,
    find_provinces,
    province_after_merger,
    province_code,
)

MENTIONS = [
    ("UBND TỈNH BÌNH DƯƠNG", {"Bình Dương": 1}),
    ("Kế hoạch của Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương", {"Bình Dương": 1}),
    ("Bình Dương, ngày tháng 01 năm 2023", {"Bình Dương": 1}),
    ("Sở Nội vụ tỉnh BD (thay b/c)", {"Bình Dương": 1}),
    ("TP. Hồ Chí Minh và TP.HCM", {"Thành phố Hồ Chí Minh": 2}),
    ("Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019", {"Thành phố Hồ Chí Minh": 1}),
    ("UBND TP. HỒ CHÍ MINH", {"Thành phố Hồ Chí Minh": 1}),
    ("tỉnh Hòa Bình và tỉnh Hoà Bình", {"Hòa Bình": 2}),
    ("Khánh Hoà, Thanh Hoá", {"Khánh Hòa": 1, "Thanh Hóa": 1}),
    ("Bà Rịa – Vũng Tàu, BR-VT", {"Bà Rịa - Vũng Tàu": 2}),
    ("Kontum, Đắc Lắc, Bắc Cạn", {"Kon Tum": 1, "Đắk Lắk": 1, "Bắc Kạn": 1}),
    ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", {"Lào Cai": 1}),
    ("Thừa Thiên - Huế", {"Thừa Thiên Huế": 1}),
    ("thành phố Thanh Hóa", {"Thanh Hóa": 1}),
    ("vì hòa bình và phát triển", {}),  # the word, not the province
    ("bờ Thái Bình Dương", {}),  # the Pacific
    ("Cộng hòa xã hội chủ nghĩa Việt Nam", {}),
    ("kế hoạch bình định", {}),
    ("BD", {}),  # abbreviation without "tỉnh"
    ("", {}),
]


@pytest.mark.parametrize("text, expected", MENTIONS)
def test_find_provinces(text: str, expected: dict[str, int]) -> None:
    assert find_provinces(text) == Counter(expected)


CANON = [
    ("Bình Dương", "Bình Dương"), ("BÌNH DƯƠNG", "Bình Dương"), ("tỉnh Bình Dương", "Bình Dương"),
    ("UBND TỈNH BÌNH DƯƠNG", "Bình Dương"), ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"), ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("Khánh Hoà", "Khánh Hòa"), ("Daklak", "Đắk Lắk"), ("Dak Lak", "Đắk Lắk"), ("Huế", "Thừa Thiên Huế"),
    ("Thành phố Huế", "Thừa Thiên Huế"), ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"), ("xyz", None), ("", None),
]


@pytest.mark.parametrize("name, expected", CANON)
def test_canonical_province(name: str, expected: str | None) -> None:
    assert canonical_province(name) == expected


MERGER = [
    ("Bình Dương", "Thành phố Hồ Chí Minh"), ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
    ("Lào Cai", "Tỉnh Lào Cai"), ("Yên Bái", "Tỉnh Lào Cai"), ("Hà Giang", "Tỉnh Tuyên Quang"),
    ("Hải Dương", "Thành phố Hải Phòng"), ("Quảng Nam", "Thành phố Đà Nẵng"), ("Kon Tum", "Tỉnh Quảng Ngãi"),
    ("Bình Định", "Tỉnh Gia Lai"), ("Long An", "Tỉnh Tây Ninh"), ("Kiên Giang", "Tỉnh An Giang"),
    ("Sóc Trăng", "Thành phố Cần Thơ"), ("Thừa Thiên Huế", "Thành phố Huế"), ("Hà Nội", "Thành phố Hà Nội"),
    ("Tỉnh Gia Lai", "Tỉnh Gia Lai"), ("xyz", None),
]


@pytest.mark.parametrize("name, expected", MERGER)
def test_province_after_merger(name: str, expected: str | None) -> None:
    assert province_after_merger(name, date(2023, 1, 1)) == expected


CODES = [
    ("Bình Dương", None, "74"), ("Bình Dương", date(2023, 1, 1), "74"), ("Bình Dương", date(2025, 7, 1), "79"),
    ("Bắc Giang", date(2024, 1, 1), "24"), ("Bắc Ninh", date(2024, 1, 1), "27"), ("Bắc Ninh", date(2025, 8, 1), "24"),
    ("Lào Cai", date(2025, 7, 1), "15"), ("Tỉnh An Giang", date(2026, 1, 1), "91"), ("xyz", None, None),
]


@pytest.mark.parametrize("name, on, expected", CODES)
def test_province_code(name: str, on: date | None, expected: str | None) -> None:
    assert province_code(name, on) == expected


@settings(max_examples=200)
@given(st.text())
def test_never_raises(text: str) -> None:
    assert isinstance(find_provinces(text), Counter)
    canonical_province(text)
    province_after_merger(text)
    province_code(text, date(2025, 7, 1))
