"""Cited document numbers and dates (normalise/citations.py), table-driven; real files too."""

from __future__ import annotations

import pytest

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line
from cchc_parse.normalise.citations import basis_kind, find_citations

from conftest import SAMPLES

# (text, [(number, ISO date or None), ...]) in the order the text cites them
CASES = [
    # dotted and compound numbers are kept whole
    ("Nghị quyết số 66.19/2026/NQ-CP của Chính phủ phân quyền", [("66.19/2026/NQ-CP", None)]),
    ("Công ty A tại Văn bản số 01.6/GĐN/KSYB ngày 10/6/2026; Công ty B tại Văn bản số 51/GĐN ngày 20/6/2026; "
     "Công ty C tại Văn bản số 30.6/GĐN-ĐQ&V ngày 30/6/2026.",
     [("01.6/GĐN/KSYB", "2026-06-10"), ("51/GĐN", "2026-06-20"), ("30.6/GĐN-ĐQ&V", "2026-06-30")]),
    ("Hội Cựu giáo chức tỉnh có Văn bản số 16/CGC.BT ngày 19/8/2024", [("16/CGC.BT", "2024-08-19")]),
    # a mistyped dotted number is not read as its tail "2025/NQ-CP"
    ("theo Nghị quyết 66.4.2025/NQ-CP ngày 21/9/2025 và Nghị định số 136/2025/NĐ-CP",
     [("136/2025/NĐ-CP", None)]),
    ("(Công văn số 501/TTr-NV.IV ngày 12/6/2025 của Thanh tra tỉnh).", [("501/TTr-NV.IV", "2025-06-12")]),
    ("Văn bản số 05/2026/VLN/CV-LV ngày 21/4/2026", [("05/2026/VLN/CV-LV", "2026-04-21")]),
    # laws in every written form
    ("Luật Điện lực số 61/2024/QH15 ngày 30/11/2024", [("61/2024/QH15", "2024-11-30")]),
    ("Luật Hóa chất 69/2025/QH15 ngày 14/6/2025", [("69/2025/QH15", "2025-06-14")]),
    ("Căn cứ Luật Đầu tư số số 71/2025/QH15;", [("71/2025/QH15", None)]),
    ("Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13, ngày 25/6/2015 "
     "và được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15, ngày 24/6/2025; Luật Mặt trận Tổ quốc "
     "Việt Nam số 75/2015/QH13, ngày 09/6/2015",
     [("85/2015/QH13", "2015-06-25"), ("83/2025/QH15", "2025-06-24"), ("75/2015/QH13", "2015-06-09")]),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một số điều của Luật "
     "Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;", []),
    # a footnote mark after a law's number: a superscript, or a plain digit glued to the khóa
    ("Luật số 42/2024/QH15¹ ngày 29/6/2024", [("42/2024/QH15", "2024-06-29")]),
    ("Điều 47 Luật số 42/2024/QH151 ngày 29/6/2024:", [("42/2024/QH15", "2024-06-29")]),
    ("Nghị quyết số 101/2025/UBTVQH152 ngày 26/9/2025", [("101/2025/UBTVQH15", "2025-09-26")]),
    # the date after the issuer ("của …"), in either spelling
    ("Kế hoạch số 55-KH/TU của Tỉnh ủy ngày 17/9/2025", [("55-KH/TU", "2025-09-17")]),
    ("Công văn số 4250/BNNMT-ĐCKS của Bộ Nông nghiệp và Môi trường ngày 29/4/2026",
     [("4250/BNNMT-ĐCKS", "2026-04-29")]),
    ("Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở", [("1050/QĐ-SCT", "2026-03-06")]),
    ("Kế hoạch số 10/KH-UBND ngày 10 tháng 3 năm 2026 và Kế hoạch số 11/KH-UBND ngày 10-3-2026",
     [("10/KH-UBND", "2026-03-10"), ("11/KH-UBND", "2026-03-10")]),
    ("Chỉ thị số 11- CT/TU ngày 04/02/2026 của BTV Tỉnh ủy", [("11-CT/TU", "2026-02-04")]),
    # never the date of the next citation, nor one after the subject
    ("Quyết định số 12/QĐ-UBND của UBND tỉnh và Quyết định số 13/QĐ-UBND ngày 5/5/2025",
     [("12/QĐ-UBND", None), ("13/QĐ-UBND", "2025-05-05")]),
    ("Thông tư 47/2024/TT-BGTVT, 48/2024/TT-BGTVT ngày 15/11/2024",
     [("47/2024/TT-BGTVT", None), ("48/2024/TT-BGTVT", "2024-11-15")]),
    ("Kế hoạch số 10/KH-UBND của UBND tỉnh về việc triển khai, ngày 10/3/2026 Sở đã họp",
     [("10/KH-UBND", None)]),
    # not citations: dates, fractions, percentages, standards, form codes
    ("ngày 10/6/2026, đạt 3/4 văn bản, 95% hồ sơ, trực 24/24h", []),
    ("áp dụng TCVN ISO 9001:2015 và QCVN 40:2025/BTNMT, QCVN122:2024/BGTVT, TCVN 5574:2018", []),
    ("đạt QCVN 26/2010/BTNMT về tiếng ồn", []),
    ("Cấp II theo QCVN 04-05: 2022/BNNPTNT Quy chuẩn kỹ thuật quốc gia", []),
    ("Biên bản Hội nghị (Mẫu số 01 và 02/HNMT), Danh sách (Mẫu số 03/HNMT), Mẫu số 01/HNCT", []),
    ("tỷ lệ 1/TP và 5/HĐ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_citations(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(c.number, c.date) for c in find_citations(text)] == expected


@pytest.mark.parametrize(("text", "doc_type"), [
    ("Luật Hóa chất 69/2025/QH15", "Luật"),
    ("Luật số 83/2025/QH15", "Luật"),
    ("Nghị quyết số 55/2010/QH12 của Quốc hội", "NQ"),
    ("Nghị quyết số 66.19/2026/NQ-CP", "NQ"),
    ("Văn bản số 51/GĐN", "CV"),
])
def test_doc_type(text: str, doc_type: str) -> None:
    assert [c.doc_type for c in find_citations(text)] == [doc_type]


@pytest.mark.parametrize(("text", "kind"), [
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", "căn cứ"),
    ("Thực hiện Kế hoạch số 16/KH-MTTQ-BTT ngày 18/11/2025 của Ban Thường trực", "thực hiện"),
    ("Thực hiện Công điện số 131/CĐ-TTg ngày 11 tháng 12 năm 2024 của Thủ tướng Chính phủ", "thực hiện"),
    ("Triển khai Chỉ thị số 05-CT/TU của Ban Thường vụ Tỉnh ủy", "thực hiện"),
    ("Thực hiện chỉ đạo của Chủ tịch UBND tỉnh tại Văn bản số 123/UBND-KT ngày 1/2/2026", "thực hiện"),
    ("Thực hiện ý kiến chỉ đạo của UBND tỉnh tại Văn bản số 12/UBND-VX", "thực hiện"),
    ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV", None),
    ("Xét đề nghị của 03 đơn vị gồm: Công ty … tại Văn bản số 01.6/GĐN/KSYB ngày 10/6/2026", None),
    ("Thực hiện công tác bầu cử đại biểu Quốc hội khóa XVI", None),
    ("Sở Công Thương xây dựng Kế hoạch huấn luyện như sau:", None),
])
def test_basis_kind(text: str, kind: str | None) -> None:
    assert basis_kind(text) == kind


def _lines(path) -> list[str]:
    return [b.text for b in extract(path).blocks if isinstance(b, Line) and b.text]


def test_real_company_letters() -> None:
    """laocai-sct-kh3898: 'Xét đề nghị của 03 đơn vị …' cites three dotted/compound company numbers."""
    lines = _lines(SAMPLES / "docx" / "laocai-sct-kh3898-huanluyen.docx")
    para = next(t for t in lines if t.startswith("Xét đề nghị"))
    assert [(c.number, c.date) for c in find_citations(para)] == [
        ("01.6/GĐN/KSYB", "2026-06-10"), ("51/GĐN", "2026-06-20"), ("30.6/GĐN-ĐQ&V", "2026-06-30")]
    assert basis_kind(para) is None


@pytest.mark.parametrize("name", ["quangninh-mttq-luongminh-kh16-baucu.docx",
                                  "quangninh-mttq-luongminh-kh-hiepthuong.docx"])
def test_real_laws_in_long_basis(name: str) -> None:
    """'Căn cứ Luật … số 85/2015/QH13, ngày 25/6/2015 …' (no type word before the number, a comma)."""
    para = next(t for t in _lines(SAMPLES / "docx" / name) if t.startswith("Căn cứ Luật Bầu cử"))
    got = [(c.number, c.date, c.doc_type) for c in find_citations(para)]
    assert got[:4] == [("85/2015/QH13", "2015-06-25", "Luật"), ("83/2025/QH15", "2025-06-24", "Luật"),
                       ("75/2015/QH13", "2015-06-09", "Luật"), ("97/2025/QH15", "2025-06-27", "Luật")]
    assert basis_kind(para) == "căn cứ"


def test_real_form_codes_are_not_citations() -> None:
    lines = _lines(SAMPLES / "docx" / "quangninh-mttq-luongminh-kh-hiepthuong.docx")
    forms = [t for t in lines if "HNMT" in t or "HNCT" in t]
    assert len(forms) >= 3
    assert [c.number for t in forms for c in find_citations(t)] == []


def test_real_law_with_glued_footnote_marker() -> None:
    """laocai-ubnd-cv3686 (PDF): 'Luật số 42/2024/QH151 ngày 29/6/2024' where 1 is the footnote mark."""
    lines = _lines(SAMPLES / "pdf" / "laocai-ubnd-cv3686-pccc.pdf")
    got = {(c.number, c.date) for t in lines for c in find_citations(t)}
    assert ("42/2024/QH15", "2024-06-29") in got
    assert not any("QH151" in n or n.startswith("2024/") for n, _ in got)  # nor a piece of QCVN 122:2024/…


def test_real_mistyped_dotted_number_is_not_cut() -> None:
    """laocai-ubnd-bc-khoangsan-2025: 'Nghị quyết 66.4.2025/NQ-CP' in one place, '66.4/2025/NQ-CP' elsewhere."""
    got = {c.number for t in _lines(SAMPLES / "docx" / "laocai-ubnd-bc-khoangsan-2025.docx") for c in find_citations(t)}
    assert "66.4/2025/NQ-CP" in got and "2025/NQ-CP" not in got
