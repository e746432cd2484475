"""Issuer names from real header blocks, no invented issuer, the plan year (issue 11)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from cchc_parse.model import DateParts, DocumentMeta, PlanDocument
from cchc_parse.normalise.meta import header_units, infer_issuer, infer_year
from cchc_parse.normalise.units import agency_case, issuer_of_units
from cchc_parse.pipeline import parse_file, parse_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@cache
def _sample(rel: str) -> PlanDocument:
    return parse_file(SAMPLES / rel).doc


@pytest.mark.parametrize("lines, units", [
    (["ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC"],
     [["ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH"], ["BAN THƯỜNG TRỰC"]]),
    (["BỘ CÔNG THƯƠNG", "CỤC ĐỔI MỚI SÁNG TẠO,", "CHUYỂN ĐỔI XANH VÀ", "KHUYẾN CÔNG"],
     [["BỘ CÔNG THƯƠNG"], ["CỤC ĐỔI MỚI SÁNG TẠO,", "CHUYỂN ĐỔI XANH VÀ", "KHUYẾN CÔNG"]]),
    (["ỦY BAN BẦU CỬ XÃ PHỐ BẢNG", "TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"],
     [["ỦY BAN BẦU CỬ XÃ PHỐ BẢNG"], ["TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"]]),
])
def test_header_units(lines: list[str], units: list[list[str]]) -> None:
    assert header_units(lines) == units


LUONG_MINH = "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"


@pytest.mark.parametrize("units, expected", [
    (["ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC"], LUONG_MINH),
    (["ỦY BAN BẦU CỬ XÃ PHỐ BẢNG", "TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"],
     "Tiểu ban Thông tin, tuyên truyền, khánh tiết Ủy ban Bầu cử xã Phố Bảng"),
    (["UBND TỈNH LÀO CAI", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH", "TỔ GIÚP VIỆC"],
     "Tổ giúp việc Ban Chỉ đạo chuyển đổi số tỉnh Lào Cai"),
    (["UBND TỈNH LÀO CAI", "BAN CHỈ ĐẠO PHÁT TRIỂN KHCN, ĐMST VÀ CĐS"],
     "Ban Chỉ đạo phát triển KHCN, ĐMST và CĐS tỉnh Lào Cai"),
    (["BAN CHẤP HÀNH TRUNG ƯƠNG", "VĂN PHÒNG"], "Văn phòng Ban Chấp hành Trung ương"),
    (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"], "Sở Công Thương tỉnh Lào Cai"),
    (["BỘ CÔNG THƯƠNG", "CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG"],
     "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"),
    (["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "VĂN PHÒNG"], "Văn phòng Ủy ban nhân dân tỉnh Lào Cai"),
    (["ỦY BAN NHÂN DÂN TỈNH LÀO CAI"], "Ủy ban nhân dân tỉnh Lào Cai"),
])
def test_issuer_of_units(units: list[str], expected: str) -> None:
    assert issuer_of_units(units) == expected


@pytest.mark.parametrize("text, expected", [
    ("ỦY BAN MTTQ VIỆT NAM", "Ủy ban MTTQ Việt Nam"),
    ("TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT", "Tiểu ban Thông tin, tuyên truyền, khánh tiết"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("BAN QUẢN LÝ DỰ ÁN VÀ KHU KINH TẾ", "Ban Quản lý dự án và khu kinh tế"),
    ("ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT", "Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT"),
])
def test_agency_case_sentence_case_and_acronyms(text: str, expected: str) -> None:
    assert agency_case(text) == expected


@pytest.mark.parametrize("rel, issuer", [
    ("docx/quangninh-mttq-luongminh-kh16-baucu.docx", LUONG_MINH),
    ("docx/quangninh-mttq-luongminh-kh-hiepthuong.docx", LUONG_MINH),
    ("docx/tuyenquang-ubbc-phobang-kh01-tuyentruyen.docx",
     "Tiểu ban Thông tin, tuyên truyền, khánh tiết Ủy ban Bầu cử xã Phố Bảng"),
    ("docx/vptw-hd36-thethuc.docx", "Văn phòng Ban Chấp hành Trung ương"),
])
def test_issuer_real_headers(rel: str, issuer: str) -> None:
    assert _sample(rel).document.issuer == issuer


# -- never invent an issuer ------------------------------------------------------------------------------

_PLAN = ("I. MỤC TIÊU\n1. Mục tiêu\na) Nâng cao chất lượng phục vụ của {who} trên địa bàn tỉnh Tây Ninh.\n"
         "b) Phối hợp với Sở Tư pháp và Sở Nội vụ tỉnh Tây Ninh; Sở Tư pháp hướng dẫn.\n")


def test_no_header_no_issuer() -> None:
    assert parse_text(_PLAN.format(who="các cơ quan")).doc.document.issuer is None


def test_no_header_self_named_department() -> None:
    text = ("I. MỤC TIÊU\n1. Mục tiêu\na) Các phòng, đơn vị thuộc Sở thực hiện Kế hoạch số 21/KH-SKHĐT "
            "ngày 2/3/2023 của Sở Kế hoạch và Đầu tư trên địa bàn tỉnh Tây Ninh.\n"
            "b) Giao Văn phòng Sở theo dõi TTHC thuộc thẩm quyền của Sở Tư pháp; báo cáo Giám đốc Sở.\n")
    assert parse_text(text).doc.document.issuer == "Sở Tư pháp tỉnh Tây Ninh"
    two = text.replace("thẩm quyền của Sở Tư pháp", "thẩm quyền của Sở Tư pháp và Sở Nội vụ")
    assert parse_text(two).doc.document.issuer is None  # two departments: not stated which


def test_self_named_department_real_text() -> None:
    d = _sample("text/003-kh-stp-tayninh.txt").document
    assert (d.issuer, d.province) == ("Sở Tư pháp tỉnh Tây Ninh", "Tây Ninh")


def test_title_names_the_issuer() -> None:
    doc = DocumentMeta(title="Triển khai công tác Cải cách hành chính năm 2023 của Sở Văn hóa, Thể thao và "
                             "Du lịch tỉnh Bình Dương")
    infer_issuer(doc, [], "", False)
    assert doc.issuer == "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương"


# -- the plan year is not an end date ------------------------------------------------------------------------

@pytest.mark.parametrize("title, date_year, body, year", [
    ("Triển khai Nghị quyết về chuyển đổi số đến hết năm 2027", 2026, "", 2026),
    ("Phát triển nguồn nhân lực giai đoạn 2026-2030, định hướng đến năm 2035", 2026, "", 2026),
    ("Cải cách hành chính năm 2026 và định hướng đến năm 2030", 2025, "", 2026),
    (None, None, "thực hiện trong năm 2023; đến năm 2030 đạt 100%, đến năm 2030 hoàn thành", 2023),
])
def test_year_not_from_an_end_date(title: str | None, date_year: int | None, body: str, year: int) -> None:
    doc = DocumentMeta(title=title, date=DateParts(year=date_year) if date_year else None)
    assert infer_year(doc, body) == year


def test_year_real_text_with_end_dates() -> None:
    doc = _sample("text/003-kh-stp-tayninh.txt")
    assert "đến năm 2030" in doc.model_dump_json() and doc.document.year == 2023
