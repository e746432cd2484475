"""Table-driven tests of the structure stage: markers, front matter, sections, tables, back matter."""

from __future__ import annotations

import pytest

from cchc_parse.extract.txt.reader import text_to_blocks
from cchc_parse.pipeline import parse_text
from cchc_parse.structure.front import parse_front
from cchc_parse.structure.markers import match_text


@pytest.mark.parametrize("text, kind, key, value", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", 1),
    ("IV- KINH PHÍ", "roman", "IV", 4),
    ("1. Mục đích", "decimal", "1", 1),
    ("2.1. Rà soát", "decimal", "2.1", 1),
    ("3.3- Thời gian", "decimal", "3.3", 3),
    ("a) Triển khai", "letter", "a", 1),
    ("đ) Cải cách", "letter", "đ", 5),
    ("e) Nâng cao", "letter", "e", 6),
    ("g) Đánh giá", "letter", "g", 7),
    ("(2) Nội dung", "paren", "(2)", 2),
    ("- Bộ VHTTDL", "bullet", "-", 0),
    ("+ Chi tiết", "bullet", "+", 0),
    ("Phần I. TỔNG QUAN", "part", "Phần I", 1),
    ("Điều 1. Phạm vi", "article", "Điều 1", 1),
])
def test_markers(text: str, kind: str, key: str, value: int) -> None:
    m = match_text(text)
    assert m is not None and (m.kind, m.key, m.value) == (kind, key, value)


@pytest.mark.parametrize("text", ["100% TTHC được công bố", "6 tháng đầu năm", "2023. Năm", "Quý II/2023", ""])
def test_not_markers(text: str) -> None:
    assert match_text(text) is None


def _front(text: str):
    from cchc_parse.extract.blocks import Line

    return parse_front([b for b in text_to_blocks(text) if isinstance(b, Line)])


@pytest.mark.parametrize("text, number, symbol, day, month, year, place", [
    ("Số: /KH-SVHTTDL\nBình Dương, ngày tháng 01 năm 2023\nKẾ HOẠCH\nX", None, "KH-SVHTTDL", None, 1, 2023, "Bình Dương"),
    ("Số: 123/KH-UBND\nHà Nội, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\nX", "123", "KH-UBND", 5, 3, 2024, "Hà Nội"),
    ("Số: 2463 /QĐ - UBND\nLào Cai, ngày 16 tháng 7năm 2026\nQUYẾT ĐỊNH\nX", "2463", "QĐ-UBND", 16, 7, 2026, "Lào Cai"),
    ("Số: 07/2024/QĐ-UBND\nThành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019\nQUYẾT ĐỊNH\nX", "07", "QĐ-UBND", 29, 6, 2019,
     "Thành phố Hồ Chí Minh"),
])
def test_front_number_and_date(text, number, symbol, day, month, year, place) -> None:
    fr = _front(text)
    assert (fr.number, fr.symbol, fr.day, fr.month, fr.year, fr.place) == (number, symbol, day, month, year, place)


def test_header_issuer_with_province() -> None:
    doc = parse_text("UBND TỈNH BÌNH DƯƠNG\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nSố: 12/KH-SVHTTDL\n"
                     "Bình Dương, ngày 05 tháng 01 năm 2023\nKẾ HOẠCH\nCải cách hành chính năm 2023\n"
                     "I. MỤC ĐÍCH\n1. Mục đích\na) Nâng cao.\n").doc
    d = doc.document
    assert d.issuer == "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương"
    assert (d.doc_type, d.number, d.province, d.year) == ("KH", "12", "Bình Dương", 2023)
    assert d.title == "Cải cách hành chính năm 2023"
    assert [s.id for s in doc.walk_sections()] == ["I", "I.1", "I.1.a"]


def test_section_tree_and_letters() -> None:
    doc = parse_text("I. MỤC TIÊU\n1. Mục tiêu\na) Một;\nb) Hai;\nd) Bốn;\nđ) Năm;\n- gạch\n+ cộng\n"
                     "2. Yêu cầu\n2.1. Chi tiết\nII. NHIỆM VỤ\n").doc
    ids = [s.id for s in doc.walk_sections()]
    assert ids == ["I", "I.1", "I.1.a", "I.1.b", "I.1.d", "I.1.đ", "I.1.đ-1", "I.1.đ-1-1", "I.2", "I.2.1", "II"]
    kinds = {s.id: s.kind for s in doc.walk_sections()}
    assert kinds["I.1.đ-1"] == "bullet" and kinds["I.1.đ-1-1"] == "bullet"
    gap = [d.message for d in doc.diagnostics if d.code == "S101"]
    assert gap == ["section numbering gap: c missing between b and d (I.1.d)"]


def test_heading_vs_point() -> None:
    doc = parse_text("III. TỔ CHỨC THỰC HIỆN\n1. Văn phòng\nGiao công chức theo dõi.\n"
                     "2. Trên cơ sở nội dung thực hiện CCHC, các phòng căn cứ tình hình thực tế để cụ thể hoá "
                     "vào nhiệm vụ cho từng cá nhân thực hiện đạt kết quả.\n").doc
    s = {x.id: x for x in doc.walk_sections()}
    assert s["III.1"].title == "Văn phòng" and s["III.1"].text == "Giao công chức theo dõi."
    assert s["III.2"].title is None and s["III.2"].text.startswith("Trên cơ sở")


def test_page_break_join() -> None:
    doc = parse_text("I. A\na) các văn bản sự chỉ đạo của\n\ncấp trên; phối hợp chặt chẽ.\n").doc
    assert doc.walk_sections()[1].text == "các văn bản sự chỉ đạo của cấp trên; phối hợp chặt chẽ."
    assert any(d.code == "P004" for d in doc.diagnostics)


TABLE = (
    "II. NỘI DUNG\n"
    "Stt\tNội dung\tTổ chức thực hiện\t\tSản phẩm\tThời gian\n"
    "\t\tĐơn vị chủ trì\tĐơn vị phối hợp\t\t\n"
    "(1)\t(2)\t(3)\t(4)\t(5)\t(6)\n"
    "1\tCải cách thể chế\t\t\t\t\n"
    "1.1\tTham mưu ban hành\tVăn phòng\tPhòng Tổ chức - Pháp chế\tNQ, QĐ\tQuý II/2023\n"
    "1.2\tKiểm tra\tThanh tra Sở\tPhòng VH và\tKH, Kết luận thanh\tTheo KH\n"
    "\n"
    "\t\t\tTT; đơn vị trực thuộc\ttra\tđược phê duyệt\n"
    "a\tTuyên truyền\tVăn phòng\tCác phòng\tKế hoạch\tHàng tháng\n"
    "1.4\tKiểm tra\tVăn phòng\t\tBáo cáo\tQuý IV\n"
)


def test_task_table() -> None:
    doc = parse_text(TABLE).doc
    t = {x.id: x for x in doc.tasks}
    assert list(t) == ["1", "1.1", "1.2", "1.2.a", "1.4"]
    assert t["1"].is_group and t["1"].parent is None
    assert t["1.1"].lead == ["Văn phòng"] and t["1.1"].support == ["Phòng Tổ chức - Pháp chế"]
    assert t["1.1"].deadline.raw == "Quý II/2023" and t["1.1"].deadline.kind == "quarter"
    assert t["1.2"].support == ["Phòng VH và TT", "đơn vị trực thuộc"]
    assert t["1.2"].outputs == ["KH", "Kết luận thanh tra"]
    assert t["1.2"].deadline.raw == "Theo KH được phê duyệt"
    assert t["1.2.a"].parent == "1.2" and t["1.4"].parent == "1"
    assert all(x.section == "II" for x in doc.tasks)
    codes = [d.code for d in doc.diagnostics]
    assert "P006" in codes and "P007" in codes and "S101" in codes  # 1.3 missing


def test_back_matter() -> None:
    doc = parse_text("I. A\n1. B\nTrên đây là Kế hoạch./.\nNơi nhận:\n- Bộ VHTTDL(thay b/c);\n- Lưu: VT, L.\n"
                     "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nNguyễn Văn An\n").doc
    d = doc.document
    assert d.recipients == ["Bộ VHTTDL (thay b/c)", "Lưu: VT, L."]
    assert (d.signer.authority, d.signer.on_behalf_of, d.signer.title, d.signer.name) == \
        (["KT"], "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An")
    assert [p.role for p in doc.paragraphs] == ["closing"]


def test_article_has_no_invented_structure() -> None:
    doc = parse_text("Sở VHTTDL Bến Tre đẩy mạnh cải cách\nNăm 2019 Sở đã làm nhiều việc. Đến năm 2025 đạt 90% hài lòng.\nKC").doc
    assert doc.sections == [] and doc.tasks == [] and doc.document.genre == "article"
    assert doc.document.title == "Sở VHTTDL Bến Tre đẩy mạnh cải cách"
    assert all(p.text != "KC" for p in doc.paragraphs)
    assert any(d.code == "P005" for d in doc.diagnostics)


LAYOUT = (
    "   SỞ CÔNG THƯƠNG                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "    ĐOÀN KIỂM TRA                         Độc lập - Tự do - Hạnh phúc\n"
    "   Số: 12/KH-ĐKT                 Lào Cai, ngày 10 tháng 3 năm 2026\n"
    "\n"
    "                               KẾ HOẠCH\n"
    "Kiểm tra việc sử dụng vật liệu nổ công nghiệp\n"
    "      1. Mục tiêu\n"
    "      Đánh giá toàn diện việc chấp hành quy định của các đơn vị trên địa bàn tỉnh.\n"
    "Nơi nhận:                                         T/M. ĐOÀN KIỂM TRA\n"
    "- Giám đốc Sở (để báo cáo);                         TRƯỞNG ĐOÀN\n"
    "- Lưu: VT, CN.\n"
    "                                                  Hoàng Văn Thuân\n"
)


def test_layout_text_columns() -> None:
    d = parse_text(LAYOUT).doc
    m = d.document
    assert (m.number, m.symbol, m.place, m.date.day, m.doc_type) == ("12", "KH-ĐKT", "Lào Cai", 10, "KH")
    assert m.title == "Kiểm tra việc sử dụng vật liệu nổ công nghiệp"
    assert m.recipients == ["Giám đốc Sở (để báo cáo)", "Lưu: VT, CN."]
    assert (m.signer.authority, m.signer.title, m.signer.name) == (["TM"], "TRƯỞNG ĐOÀN", "Hoàng Văn Thuân")
    assert [s.id for s in d.walk_sections()] == ["1"]
