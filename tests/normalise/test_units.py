"""Splitting lead/support/output cells, canonical unit names, issuer names."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.normalise.units import agency_case, canonical_unit, issuer_name, load_aliases, split_units


def _alnum(s: str) -> str:
    return "".join(c for c in s if c.isalnum())


UNIT_CASES = [
    ("Phòng Kế hoạch – Tài chính", ["Phòng Kế hoạch – Tài chính"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Các phòng, ban và đơn vị", ["Các phòng, ban và đơn vị"]),
    ("Các phòng quản lý, IT, kiểm soát TTHC", ["Các phòng quản lý, IT, kiểm soát TTHC"]),
    ("Văn phòng, Cán bộ đầu mối TTHC", ["Văn phòng", "Cán bộ đầu mối TTHC"]),
    ("Phòng Tổ chức - Pháp chế, Các phòng chuyên môn và đơn vị trực thuộc",
     ["Phòng Tổ chức - Pháp chế", "Các phòng chuyên môn và đơn vị trực thuộc"]),
    ("Thanh tra Sở; các phòng quản lý", ["Thanh tra Sở", "các phòng quản lý"]),
    ("Phòng VH và\nTT; đơn vị trực thuộc", ["Phòng VH và TT", "đơn vị trực thuộc"]),
    ("Các phòng, ban và đơn vị; Sở TTTT", ["Các phòng, ban và đơn vị", "Sở TTTT"]),
    ("Tổ chức, công dân", ["Tổ chức, công dân"]),
    ("Các CBCC, VC được cử tham gia", ["Các CBCC, VC được cử tham gia"]),
    ("Sở Nội vụ, Sở Tư pháp, Sở Văn hóa, Thể thao và Du lịch",
     ["Sở Nội vụ", "Sở Tư pháp", "Sở Văn hóa, Thể thao và Du lịch"]),
    ("Văn phòng Các phòng giải quyết TTHC, Văn phòng", ["Văn phòng Các phòng giải quyết TTHC", "Văn phòng"]),
    ("Chuyên viên IT và Sở TTTT", ["Chuyên viên IT và Sở TTTT"]),
    ("UBND, HĐND tỉnh", ["UBND", "HĐND tỉnh"]),
    ("Sở Tài chính (phối hợp, hướng dẫn); Kho bạc", ["Sở Tài chính (phối hợp, hướng dẫn)", "Kho bạc"]),
    ("Văn phòng", ["Văn phòng"]),
    ("", []),
    (None, []),
    ("  ;  ", []),
]


@pytest.mark.parametrize("text, expected", UNIT_CASES)
def test_split_units(text: str | None, expected: list[str]) -> None:
    got = split_units(text)
    assert got == expected
    assert _alnum("".join(got)) == _alnum(text or "")


OUTPUT_CASES = [
    ("NQ, QĐ", ["NQ", "QĐ"]),
    ("Báo cáo, Công văn", ["Báo cáo", "Công văn"]),
    ("Quyết định quy định chức năng nhiệm vụ, quyền hạn", ["Quyết định quy định chức năng nhiệm vụ, quyền hạn"]),
    ("Kế hoạch, báo cáo, kết luận", ["Kế hoạch", "báo cáo", "kết luận"]),
    ("Hội nghị CBCC,VC; thực hiện Quy chế chi tiêu nội bộ", ["Hội nghị CBCC,VC", "thực hiện Quy chế chi tiêu nội bộ"]),
    ("KH, Kết luận thanh\ntra", ["KH", "Kết luận thanh tra"]),
    ("Công bố trên bảng điện tử của Hệ thống một cửa điện tử; báo cáo",
     ["Công bố trên bảng điện tử của Hệ thống một cửa điện tử", "báo cáo"]),
    ("Kế hoạch và báo cáo, phiếu khảo sát THPL", ["Kế hoạch và báo cáo", "phiếu khảo sát THPL"]),
    ("Website Sở", ["Website Sở"]),
]


@pytest.mark.parametrize("text, expected", OUTPUT_CASES)
def test_split_outputs(text: str, expected: list[str]) -> None:
    got = split_units(text, kind="output")
    assert got == expected
    assert _alnum("".join(got)) == _alnum(text)


CANON = [
    ("Sở TTTT", None, "Sở Thông tin và Truyền thông"),
    ("Sở TT&TT", None, "Sở Thông tin và Truyền thông"),
    ("STTTT", None, "Sở Thông tin và Truyền thông"),
    ("VHTTDL", None, "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở VH,TT&DL", None, "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở VHTTDL", "Bình Dương", "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương"),
    ("Bộ VHTTDL", "Bình Dương", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("SKHĐT", None, "Sở Kế hoạch và Đầu tư"),
    ("Sở KH&ĐT", None, "Sở Kế hoạch và Đầu tư"),
    ("Sở KH và ĐT", None, "Sở Kế hoạch và Đầu tư"),
    ("Sở NN&PTNT", None, "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở LĐTB&XH", None, "Sở Lao động - Thương binh và Xã hội"),
    ("Sở Công thương", None, "Sở Công Thương"),
    ("UBND", None, "Ủy ban nhân dân"),
    ("UBND tỉnh", "Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("Uỷ ban nhân dân", None, "Ủy ban nhân dân"),
    ("HĐND tỉnh", "Bình Dương", "Hội đồng nhân dân tỉnh Bình Dương"),
    ("Sở Nội vụ tỉnh BD", None, "Sở Nội vụ tỉnh Bình Dương"),
    ("Sở Nội vụ", "TP.HCM", "Sở Nội vụ thành phố Hồ Chí Minh"),
    ("VP UBND", None, "Văn phòng Ủy ban nhân dân"),
    ("TTg", None, "Thủ tướng Chính phủ"),
    ("Văn phòng", None, None),
    ("Các phòng chuyên môn", None, None),
    ("", None, None),
]


@pytest.mark.parametrize("name, province, expected", CANON)
def test_canonical_unit(name: str, province: str | None, expected: str | None) -> None:
    assert canonical_unit(name, province) == expected


def test_user_alias_file_extends_and_overrides(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("units:\n  - {name: Trung tâm Văn hóa tỉnh, level: national, aliases: [TTVH]}\n"
                 "  - {name: Sở Nội vụ, level: national, aliases: [SNV, Sở NV, NV]}\n", encoding="utf-8")
    table = load_aliases(f)
    assert canonical_unit("TTVH", aliases=table) == "Trung tâm Văn hóa tỉnh"
    assert canonical_unit("NV", "Bình Dương", aliases=table) == "Sở Nội vụ"
    assert canonical_unit("Sở TTTT", aliases=table) == "Sở Thông tin và Truyền thông"
    assert canonical_unit("TTVH") is None  # the shipped table is untouched


def test_shipped_table_has_2025_validity() -> None:
    e = load_aliases().lookup("Sở TTTT")
    assert e is not None and e.valid_to == "2025-02-28" and e.note


ISSUERS = [
    ("UBND TỈNH BÌNH DƯƠNG", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương"),
    (None, "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Sở Công Thương tỉnh Lào Cai"),
    (None, "BỘ NỘI VỤ", "Bộ Nội vụ"),
    (None, "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("UBND TỈNH KHÁNH HOÀ", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
     "Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa"),
    ("UBND TỈNH QUẢNG NAM", "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
     "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Nam"),
    ("UBND TP. HỒ CHÍ MINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông thành phố Hồ Chí Minh"),
    ("UBND TỈNH BÌNH DƯƠNG", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư tỉnh Bình Dương"),
    ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "VĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Lào Cai"),
    ("UBND HUYỆN BẮC HÀ", "PHÒNG NỘI VỤ", "Phòng Nội vụ huyện Bắc Hà"),
    (None, "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("UBND TỈNH ĐỒNG NAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo tỉnh Đồng Nai"),
    ("UBND TỈNH LÀO CAI", "THANH TRA TỈNH", "Thanh tra tỉnh Lào Cai"),
]


@pytest.mark.parametrize("parent, agency, expected", ISSUERS)
def test_issuer_name(parent: str | None, agency: str, expected: str) -> None:
    assert issuer_name(parent, agency) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("SỞ Y TẾ", "Sở Y tế"), ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
     ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"), ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ")],
)
def test_agency_case(text: str, expected: str) -> None:
    assert agency_case(text) == expected


@settings(max_examples=200)
@given(st.text(), st.sampled_from(["unit", "output"]))
def test_split_never_raises_and_keeps_letters(text: str, kind: str) -> None:
    got = split_units(text, kind)
    nfc = unicodedata.normalize("NFC", text)  # stored text is NFC
    assert re.sub(r"\W|_", "", "".join(got)) == re.sub(r"\W|_", "", nfc)


@settings(max_examples=200)
@given(st.text(), st.one_of(st.none(), st.text()))
def test_never_raises(a: str, b: str | None) -> None:
    canonical_unit(a, b)
    issuer_name(b, a)
    agency_case(a)
