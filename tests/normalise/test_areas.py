"""Reform-area classification: heading first, keywords with a margin, None when unsure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.normalise.areas import AREAS, area_label, classify_area


def test_area_codes_in_order() -> None:
    assert AREAS == ("chi_dao_dieu_hanh", "the_che", "tthc", "to_chuc_bo_may", "cong_vu", "tai_chinh_cong",
                     "chinh_quyen_so", "tac_dong")
    assert area_label("tthc") == "Cải cách thủ tục hành chính"


HEADINGS = [
    ("Cải cách thể chế", "the_che"),
    ("1. CẢI CÁCH THỂ CHẾ", "the_che"),
    ("Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "the_che"),
    ("Cải cách thủ tục hành chính", "tthc"),
    ("Cải cách tổ chức bộ máy hành chính của cơ quan", "to_chuc_bo_may"),
    ("2. Cải cách tổ chức bộ máy hành chính nhà nước", "to_chuc_bo_may"),
    ("Cải cách chế độ công vụ", "cong_vu"),
    ("Xây dựng, nâng cao chất lượng đội ngũ CBCCVC", "cong_vu"),
    ("Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "cong_vu"),
    ("Cải cách tài chính công", "tai_chinh_cong"),
    ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "chinh_quyen_so"),
    ("Hiện đại hóa hành chính", "chinh_quyen_so"),
    ("Hiện đại hoá nền hành chính", "chinh_quyen_so"),
    ("Công tác chỉ đạo, điều hành", "chi_dao_dieu_hanh"),
    ("Công tác chỉ đạo, điều hành CCHC", "chi_dao_dieu_hanh"),
    ("Tác động của cải cách hành chính đến phát triển kinh tế - xã hội", "tac_dong"),
]


@pytest.mark.parametrize("heading, code", HEADINGS)
def test_heading(heading: str, code: str) -> None:
    assert classify_area(heading) == (code, "heading")


KEYWORDS = [
    ("Rà soát, đơn giản hóa TTHC; công bố TTHC và niêm yết công khai", "tthc"),
    ("Tuyên truyền, phổ biến các văn bản quy phạm pháp luật trên các lĩnh vực", "the_che"),
    ("Thực hiện quy chế chi tiêu nội bộ, dự toán ngân sách", "tai_chinh_cong"),
    ("Ứng dụng CNTT, chữ ký số, hệ thống quản lý văn bản và điều hành", "chinh_quyen_so"),
    ("Xác định cơ cấu công chức, viên chức theo vị trí việc làm", "cong_vu"),
    ("Tinh giản biên chế, sắp xếp đơn vị sự nghiệp công lập", "to_chuc_bo_may"),
    ("Khảo sát sự hài lòng, chỉ số CCHC PAR INDEX", "chi_dao_dieu_hanh"),
]


@pytest.mark.parametrize("text, code", KEYWORDS)
def test_keywords(text: str, code: str) -> None:
    assert classify_area("", text) == (code, "keywords")


@pytest.mark.parametrize(
    "heading, text",
    [("III. TỔ CHỨC THỰC HIỆN", ""), ("Mục đích, yêu cầu", ""), ("Họp", ""), ("", ""),
     ("", "công chức thực hiện TTHC"),  # cong_vu vs tthc: no margin
     ("Kinh phí", "")],
)
def test_unsure_gives_none(heading: str, text: str) -> None:
    assert classify_area(heading, text) is None


def test_heading_beats_keywords() -> None:
    assert classify_area("Cải cách thủ tục hành chính", "ứng dụng CNTT, phần mềm một cửa điện tử") == ("tthc", "heading")


@settings(max_examples=200)
@given(st.text(), st.text())
def test_never_raises(heading: str, text: str) -> None:
    r = classify_area(heading, text)
    assert r is None or (r[0] in AREAS and r[1] in ("heading", "keywords"))
