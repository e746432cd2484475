"""Front matter (issue 11): authority line, trích yếu, dotted numbers, draft mark, one-line headers,
Kính gửi, e-signature stamps. Each rule on a fixture built here and on the real sample."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from docx_factory import make_docx, p, tbl, tc, tr, write

from cchc_parse.extract.blocks import Line, SourceRef, Style
from cchc_parse.extract.txt.reader import text_to_blocks
from cchc_parse.model import PlanDocument
from cchc_parse.normalise.document import to_document
from cchc_parse.pipeline import parse_file, parse_text
from cchc_parse.structure.document import structure
from cchc_parse.structure.front import Front, parse_front, parse_number
from cchc_parse.structure.front_header import split_header_line, strip_draft
from cchc_parse.validate.registry import run_rules

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BOLD = Style(bold=True, align="center")
CENTRE = Style(align="center")
BODY = Style(align="justify")


def _front(text: str) -> Front:
    return parse_front([b for b in text_to_blocks(text) if isinstance(b, Line)])


def _lines(*items: tuple[str, Style] | str) -> list[Line]:
    out = []
    for k, it in enumerate(items, start=1):
        text, style = (it, BODY) if isinstance(it, str) else it
        out.append(Line(text=text, src=SourceRef(k), style=style))
    return out


@cache
def _sample(rel: str) -> PlanDocument:
    return parse_file(SAMPLES / rel).doc


def _codes(doc: PlanDocument) -> list[str]:
    return [d.code for d in doc.diagnostics]


# -- 1. the authority line is not the title -----------------------------------------------------------------

CAN_CU = "Căn cứ Luật Tổ chức chính quyền địa phương;"


@pytest.mark.parametrize("authority", [
    "BỘ TRƯỞNG BỘ XÂY DỰNG", "GIÁM ĐỐC SỞ CÔNG THƯƠNG LÀO CAI", "CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
    "TỔ TRƯỞNG TỔ GIÚP VIỆC BAN CHỈ ĐẠO"])
def test_authority_line_after_the_title(authority: str) -> None:
    fr = parse_front(_lines(("QUYẾT ĐỊNH", BOLD), ("Về việc ban hành Kế hoạch cải cách hành chính năm 2026",
                                                   BOLD), ("-------", CENTRE), (authority, BOLD), CAN_CU))
    assert fr.title == "Về việc ban hành Kế hoạch cải cách hành chính năm 2026"
    assert fr.authority == authority and fr.doc_type == "QĐ"


def test_authority_line_right_under_a_bold_title_and_its_term_line() -> None:
    fr = parse_front(_lines(("NGHỊ QUYẾT", BOLD), ("Về nhiệm vụ phát triển kinh tế - xã hội năm 2026", BOLD),
                            ("HỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI", BOLD), ("KHÓA XVI, KỲ HỌP THỨ 12", BOLD),
                            CAN_CU))
    assert fr.title == "Về nhiệm vụ phát triển kinh tế - xã hội năm 2026"
    assert fr.authority == "HỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI KHÓA XVI, KỲ HỌP THỨ 12"


def test_old_decree_of_the_government() -> None:
    fr = _front("NGHỊ ĐỊNH\nCỦA CHÍNH PHỦ\nVề tổ chức và hoạt động của thanh tra\n\nCHÍNH PHỦ\n"
                "Căn cứ Luật Tổ chức Chính phủ;\n")
    assert (fr.authority, fr.title) == ("CHÍNH PHỦ", "Về tổ chức và hoạt động của thanh tra")


def test_upper_case_title_with_a_note_then_the_authority() -> None:
    fr = parse_front(_lines(("QUYẾT ĐỊNH CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ", BOLD),
                            ("(cấp lần đầu: ngày tháng 7 năm 2026)", CENTRE),
                            ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", BOLD), "Căn cứ Luật Đầu tư;"))
    assert fr.title == "CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ" and fr.authority == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI"
    assert fr.attached_note == "(cấp lần đầu: ngày tháng 7 năm 2026)"


def test_wrapped_upper_case_title_is_not_an_authority() -> None:
    fr = parse_front(_lines(("QUYẾT ĐỊNH", BOLD), ("VỀ VIỆC KIỆN TOÀN", BOLD),
                            ("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH", BOLD), CAN_CU))
    assert fr.title == "VỀ VIỆC KIỆN TOÀN BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH" and fr.authority is None


def test_circular_title_is_the_trich_yeu_only() -> None:
    d = _sample("docx/bct-tt26-2026-phancap-tthc.docx").document
    assert d.title == ("SỬA ĐỔI, BỔ SUNG MỘT SỐ QUY ĐỊNH VỀ PHÂN CẤP, CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC "
                       "HÀNH CHÍNH TRONG CÁC LĨNH VỰC THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG THƯƠNG")
    assert (d.doc_type, d.number, d.symbol, d.authority) == ("TT", "26", "2026/TT-BCT", None)


def test_decision_authority_real_pdf() -> None:
    d = _sample("pdf/laocai-ubnd-qd2463-ctdt-volao.pdf").document
    assert d.title == "CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ ĐỒNG THỜI CHẤP THUẬN NHÀ ĐẦU TƯ"
    assert d.authority == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" and d.issuer == "Ủy ban nhân dân tỉnh Lào Cai"


# -- 2. a trích yếu opening with a verb --------------------------------------------------------------------

BAU_CU = ("Thực hiện công tác bầu cử đại biểu Quốc hội khóa XVI và bầu cử đại biểu Hội đồng nhân dân các cấp "
          "nhiệm kỳ 2026-2031")


def test_verb_title_over_two_bold_paragraphs() -> None:
    fr = parse_front(_lines(("KẾ HOẠCH", BOLD),
                            ("Thực hiện công tác bầu cử đại biểu Quốc hội khóa XVI", BOLD),
                            ("và bầu cử đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026-2031", BOLD),
                            "Căn cứ Luật Bầu cử;"))
    assert fr.title == BAU_CU


def test_verb_title_in_plain_text_but_not_a_preamble_sentence() -> None:
    assert _front("KẾ HOẠCH\nTriển khai công tác cải cách hành chính năm 2026\n\nI. MỤC ĐÍCH\n").title == \
        "Triển khai công tác cải cách hành chính năm 2026"
    fr = _front("KẾ HOẠCH\nThực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh, Sở Nội vụ "
                "ban hành kế hoạch như sau:\nI. MỤC ĐÍCH\n")
    assert fr.title is None


def test_verb_title_real_docx() -> None:
    d = _sample("docx/quangninh-mttq-luongminh-kh16-baucu.docx").document
    assert d.title == BAU_CU


# -- 3. dotted and compound numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Số: 66.19/2026/NQ-CP", ("66.19", "NQ-CP", "2026")),
    ("Số: 30.6/GĐN-ĐQ&V", ("30.6", "GĐN-ĐQ&V", None)),
    ("Số: 01.6/GĐN/KSYB", ("01.6", "GĐN/KSYB", None)),
    ("Số: 2463 /QĐ - UBND", ("2463", "QĐ-UBND", None)),
])
def test_dotted_numbers_kept_whole(text: str, expected: tuple) -> None:
    assert parse_number(text) == expected


def test_header_with_a_dotted_number_does_not_fall_apart() -> None:
    fr = _front("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 66.19/2026/NQ-CP\n"
                "Hà Nội, ngày 02 tháng 3 năm 2026\nNGHỊ QUYẾT\nVề phân cấp thủ tục hành chính\n")
    assert (fr.number, fr.number_year, fr.day, fr.month, fr.doc_type) == ("66.19", "2026", 2, 3, "NQ")
    assert fr.agency_lines == ["CHÍNH PHỦ"] and fr.title == "Về phân cấp thủ tục hành chính"


# -- 4. draft mark, one-line header ------------------------------------------------------------------------

def test_draft_mark_line_and_glued() -> None:
    assert strip_draft("DỰ THẢO") == ("", True)
    assert strip_draft("SỞ NỘI VỤ DỰ THẢO") == ("SỞ NỘI VỤ", True)
    assert strip_draft("BAN HÀNH QUY CHẾ LẤY Ý KIẾN DỰ THẢO", glued=False) == (
        "BAN HÀNH QUY CHẾ LẤY Ý KIẾN DỰ THẢO", False)
    doc = parse_text("UBND TỈNH LÀO CAI\nDỰ THẢO\nSỞ NỘI VỤ\nSố: /KH-SNV\nLào Cai, ngày tháng 3 năm 2026\n"
                     "KẾ HOẠCH\nCải cách hành chính năm 2026\nI. MỤC ĐÍCH\n1. Mục đích\n").doc
    assert doc.document.draft is True and "P023" in _codes(doc)
    assert doc.document.issuer == "Sở Nội vụ tỉnh Lào Cai"
    fr = _front("SỞ NỘI VỤ\nSố: 05/HD-SNV\nHƯỚNG DẪN GÓP Ý DỰ THẢO\n\n1. Phạm vi\n")
    assert (fr.draft, fr.title) == (False, "GÓP Ý DỰ THẢO")


def _box(text: str) -> str:
    txbx = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            f"<a:graphicData><wps:wsp><wps:txbx>{txbx}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
            "</wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>")


def test_draft_text_box_in_a_docx_header(tmp_path: Path) -> None:
    body = (f'<w:p><w:r><w:t>UBND TỈNH LÀO CAI</w:t></w:r>{_box("DỰ THẢO")}</w:p>' + p("SỞ CÔNG THƯƠNG")
            + p("Số: /KH-SCT") + p("Lào Cai, ngày tháng 4 năm 2026") + p("KẾ HOẠCH")
            + p("Kiểm tra an toàn năm 2026") + p("I. MỤC ĐÍCH"))
    doc = parse_file(write(tmp_path, make_docx(body))).doc
    assert doc.document.draft is True and doc.document.issuer == "Sở Công Thương tỉnh Lào Cai"


@pytest.mark.parametrize("text, parts", [
    ("ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
     ["ỦY BAN NHÂN DÂN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    ("TỈNH BÌNH PHƯỚC Độc lập - Tự do - Hạnh phúc", ["TỈNH BÌNH PHƯỚC", "Độc lập - Tự do - Hạnh phúc"]),
    ("Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng5 năm 2008",
     ["Số: 991/QĐ-UBND", "Đồng Xoài, ngày 14 tháng5 năm 2008"]),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),
    ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", None),
])
def test_split_one_line_header(text: str, parts: list[str] | None) -> None:
    assert split_header_line(text) == parts


def test_one_line_header_fixture() -> None:
    # the columns' spaces collapsed, as a .doc with a tab-laid header arrives
    doc = parse_text("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 12/KH-UBND Lâm Đồng, ngày 05 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
                     "Cải cách hành chính năm 2026\n\nI. MỤC ĐÍCH\n1. Mục đích\n").doc
    d = doc.document
    assert (d.issuer, d.number, d.place, d.date.day, d.title) == (
        "Ủy ban nhân dân tỉnh Lâm Đồng", "12", "Lâm Đồng", 5, "Cải cách hành chính năm 2026")
    assert _codes(doc).count("P024") == 3


def test_one_line_header_real_doc() -> None:
    doc = _sample("doc/ubnd-qd991-2008-vni.doc")
    d = doc.document
    assert (d.doc_type, d.number, d.symbol, d.place) == ("QĐ", "991", "QĐ-UBND", "Đồng Xoài")
    assert (d.date.year, d.date.month, d.date.day) == (2008, 5, 14)
    assert d.issuer == "Ủy ban nhân dân tỉnh Bình Phước" and d.authority == "ỦY BAN NHÂN DÂN TỈNH"
    assert d.title == ("Về việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng, đất rừng và đất chuyển "
                       "ra khỏi lâm phần sau rà soát quy hoạch 03 loại rừng")
    assert "P024" in _codes(doc)


def test_two_column_text_header_real_txt() -> None:
    d = _sample("text/laocai-dkt-kh1105.txt").document
    assert (d.number, d.symbol, d.date.day, d.date.month) == ("1105", "KH-ĐKT", 10, 3)
    assert d.issuer == "Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT"


# -- 6. Kính gửi ------------------------------------------------------------------------------------------

def test_kinh_gui_after_the_title_plain_text() -> None:
    fr = _front("UBND TỈNH BÌNH THUẬN\nSỞ NỘI VỤ\nSố: 12/TTr-SNV\nBình Thuận, ngày 28 tháng 11 năm 2024\n"
                "TỜ TRÌNH\nVề phương án xử lý các hội\n\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh\n\n"
                "Ngày 24/7/2024, …")
    assert fr.title == "Về phương án xử lý các hội" and fr.addressees == ["Chủ tịch Ủy ban nhân dân tỉnh"]


def test_kinh_gui_table_in_a_docx(tmp_path: Path) -> None:
    body = (p("ỦY BAN NHÂN DÂN") + p("TỈNH LÀO CAI") + p("Số: /BC-UBND") + p("Lào Cai, ngày tháng năm 2026")
            + p("BÁO CÁO") + p("Công tác quản lý khoáng sản năm 2025") + p()
            + tbl(tr(tc("Kính gửi:"), tc("- Bộ Nông nghiệp và Môi trường;", "- Bộ Công Thương.")), cols=2)
            + p("Thực hiện Văn bản số 10/BNNMT ngày 23/12/2025, UBND tỉnh báo cáo như sau:")
            + p("I. KẾT QUẢ"))
    d = parse_file(write(tmp_path, make_docx(body))).doc.document
    assert d.addressees == ["Bộ Nông nghiệp và Môi trường", "Bộ Công Thương"]
    assert d.title == "Công tác quản lý khoáng sản năm 2025"


@pytest.mark.parametrize("rel, addressees", [
    ("docx/laocai-ubnd-bc-khoangsan-2025.docx",
     ["Bộ Nông nghiệp và Môi trường", "Bộ Công Thương", "Bộ Xây dựng"]),
    ("pdf/binhthuan-snv-ttr3367.pdf", ["Chủ tịch Ủy ban nhân dân tỉnh"]),
    ("docx/laocai-ubnd-bc-vlncn-2025.docx", ["Cục Kỹ thuật an toàn và Môi trường công nghiệp"]),
    ("pdf/laocai-ubnd-cv3686-pccc.pdf", ["Bộ Xây dựng"]),
])
def test_kinh_gui_real(rel: str, addressees: list[str]) -> None:
    assert _sample(rel).document.addressees == addressees


# -- 7. e-signature stamps -----------------------------------------------------------------------------------

def _stamped(number_stamps: tuple, date_text: str, date_stamps: tuple) -> PlanDocument:
    lines = [Line("ỦY BAN NHÂN DÂN", SourceRef(1)), Line("TỈNH LÀO CAI", SourceRef(2)),
             Line("Số: 3686 /UBND-XD", SourceRef(3), stamps=number_stamps),
             Line(date_text, SourceRef(4), stamps=date_stamps),
             Line("V/v tháo gỡ khó khăn", SourceRef(5)), Line("Kính gửi: Bộ Xây dựng", SourceRef(6)),
             Line("1. Quy định hiện hành", SourceRef(7)), Line("Nội dung.", SourceRef(8))]
    doc = to_document(structure(lines), {}, "t.pdf", "pdf")
    doc.diagnostics.extend(run_rules(doc))
    return doc


def test_stamp_over_blank_number_and_day() -> None:
    doc = _stamped((("3686", ""),), "Lào Cai, ngày 11 tháng 5 năm 2026", (("11", ""),))
    msgs = {d.code: d.message for d in doc.diagnostics if d.code in ("P016", "P017")}
    assert doc.document.number == "3686" and doc.document.date.day == 11
    assert [d.message for d in doc.diagnostics if d.code == "P016"] == [
        "number 3686 taken from the e-signature stamp", "day 11 taken from the e-signature stamp"]
    assert "P017" not in msgs
    assert not {"M301", "M302"} & set(_codes(doc))


def test_stamp_over_a_different_typed_value() -> None:
    doc = _stamped((), "Lào Cai, ngày 5 tháng 5 năm 2026", (("5", "4"),))
    p017 = [d.message for d in doc.diagnostics if d.code == "P017"]
    assert doc.document.date.day == 5 and "P016" not in _codes(doc)
    assert p017 == ["stamp 5 over typed 4: the stamp was taken for the day"]  # one stamp, one field


def test_stamp_real_pdf() -> None:
    doc = _sample("pdf/laocai-ubnd-cv3686-pccc.pdf")
    d = doc.document
    assert (d.number, d.date.day, d.date.month) == ("3686", 11, 5)
    assert {m for m in (x.message for x in doc.diagnostics if x.code == "P016")} == {
        "number 3686 taken from the e-signature stamp", "day 11 taken from the e-signature stamp"}
    assert not {"M301", "M302"} & set(_codes(doc))


def test_vv_under_a_type_line_is_not_part_of_the_title() -> None:
    """"V/v" (về việc) marks the trích yếu wherever it is set; a tờ trình puts it under its type line."""
    fr = _front("CÔNG AN TỈNH LÂM ĐỒNG\nSố: 298/TTr-CAT\n\nTỜ TRÌNH\nV/v xin chủ trương triển khai cai nghiện\n\n"
                "Kính gửi: Ủy ban nhân dân tỉnh\n")
    assert fr.type_name == "TỜ TRÌNH" and fr.title == "xin chủ trương triển khai cai nghiện"
    written_out = _front("ỦY BAN NHÂN DÂN\nSố: 280/BC-UBND\n\nBÁO CÁO\nVề việc điều chỉnh dự toán\n\nNội dung.\n")
    assert written_out.title == "Về việc điều chỉnh dự toán"  # written in full, it is the title's own words
