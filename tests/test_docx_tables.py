"""Tables: merged cells, header rows, nested tables, layout tables flattened to zones."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_factory import make_docx, p, tbl, tc, tr, write

from cchc_parse.errors import LimitExceeded
from cchc_parse.extract.blocks import Line, Table, table_text_rows
from cchc_parse.extract.docx.reader import extract_docx


def blocks(tmp: Path, body: str) -> list[Line | Table]:
    return extract_docx(write(tmp, make_docx(body))).blocks


TASK_HEADER = (tr(tc("Stt", vmerge="restart"), tc("Nội dung", vmerge="restart"), tc("Tổ chức thực hiện", span=2),
                  tc("Thời gian", vmerge="restart"), header=True)
               + tr(tc(vmerge="continue"), tc(vmerge="continue"), tc("Đơn vị chủ trì"), tc("Đơn vị phối hợp"),
                    tc(vmerge="continue"), header=True))


def test_two_row_merged_header_is_rectangular(tmp_path: Path) -> None:
    body = tbl(TASK_HEADER, tr(tc("1.1"), tc("Tham mưu", "ban hành VBQPPL"), tc("Văn phòng"), tc("Các phòng"),
                               tc("Quý II/2023")), cols=5)
    (table,) = blocks(tmp_path, body)
    assert isinstance(table, Table)
    assert table.header_rows == 2
    assert table_text_rows(table) == [
        ["Stt", "Nội dung", "Tổ chức thực hiện", "", "Thời gian"],
        ["", "", "Đơn vị chủ trì", "Đơn vị phối hợp", ""],
        ["1.1", "Tham mưu\nban hành VBQPPL", "Văn phòng", "Các phòng", "Quý II/2023"],
    ]
    top, second = table.rows[0], table.rows[1]
    assert top[2].colspan == 2 and top[3].covered
    assert [c.merged_above for c in second] == [True, True, False, False, True]
    cell = table.rows[2][1]
    assert (cell.src.row, cell.src.col) == (3, 2)
    # paragraph ordinals count every paragraph in the table, row by row
    assert table.src.line == 1 and table.rows[2][0].src.line == 10


def test_vmerge_spanning_data_rows_and_grid_before(tmp_path: Path) -> None:
    body = tbl(tr(tc("a"), tc("Văn phòng", vmerge="restart"), tc("x")),
               tr(tc("b"), tc(vmerge="continue"), tc("y")),
               "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + tc("z") + tc("w") + "</w:tr>", cols=3)
    (table,) = blocks(tmp_path, body)
    assert table_text_rows(table) == [["a", "Văn phòng", "x"], ["b", "", "y"], ["", "z", "w"]]
    assert table.rows[1][1].merged_above


def test_nested_table_text_is_flattened_into_the_cell(tmp_path: Path) -> None:
    inner = tbl(tr(tc("Sở Tư pháp"), tc("Sở Nội vụ")))
    body = tbl(tr(tc("1"), tc("Rà soát"), tc(p("Phối hợp:") + inner)))
    (table,) = blocks(tmp_path, body)
    assert table.rows[0][2].text == "Phối hợp:\nSở Tư pháp\nSở Nội vụ"


def test_nested_content_table_stays_a_table(tmp_path: Path) -> None:
    inner = tbl(tr(tc("STT"), tc("Nội dung"), tc("Thời gian")), tr(tc("1"), tc("Rà soát"), tc("Quý I")))
    body = tbl(tr(tc(p("PHỤ LỤC") + inner)))
    got = blocks(tmp_path, body)
    assert any(isinstance(b, Table) and table_text_rows(b)[0] == ["STT", "Nội dung", "Thời gian"] for b in got)


def test_nesting_depth_limit(tmp_path: Path) -> None:
    body = p("x")
    for _ in range(25):
        body = tbl(tr(tc(body)))
    with pytest.raises(LimitExceeded):
        blocks(tmp_path, body)


def test_header_layout_table_becomes_front_lines(tmp_path: Path) -> None:
    body = tbl(tr(tc("UBND TỈNH BÌNH DƯƠNG", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
                  tc("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")),
               tr(tc("Số: /KH-SVHTTDL"), tc("Bình Dương, ngày tháng 01 năm 2023"))) + p("KẾ HOẠCH")
    got = blocks(tmp_path, body)
    assert all(isinstance(b, Line) for b in got)
    assert [(b.text, b.zone) for b in got if b.text] == [
        ("UBND TỈNH BÌNH DƯƠNG", "front"), ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "front"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "front"), ("Độc lập - Tự do - Hạnh phúc", "front"),
        ("Số: /KH-SVHTTDL", "front"), ("Bình Dương, ngày tháng 01 năm 2023", "front"), ("KẾ HOẠCH", None)]


def test_line_breaks_in_layout_cells_make_lines(tmp_path: Path) -> None:
    cell = '<w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>TỈNH LÂM ĐỒNG</w:t></w:r></w:p>'
    body = tbl(tr(tc(cell), tc("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")))
    assert [b.text for b in blocks(tmp_path, body)] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG",
                                                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_back_layout_table_becomes_back_lines(tmp_path: Path) -> None:
    body = p("Trên đây là Kế hoạch./.") + tbl(tr(
        tc("Nơi nhận:", "- Bộ VHTTDL (thay b/c);", "- Lưu: VT, L."), tc("", "GIÁM ĐỐC", "", "Nguyễn Khoa Hải")))
    got = [b for b in blocks(tmp_path, body) if b.text]
    assert [(b.text, b.zone) for b in got] == [
        ("Trên đây là Kế hoạch./.", None), ("Nơi nhận:", "back"), ("- Bộ VHTTDL (thay b/c);", "back"),
        ("- Lưu: VT, L.", "back"), ("GIÁM ĐỐC", "back"), ("Nguyễn Khoa Hải", "back")]


def test_signer_block_alone_is_back(tmp_path: Path) -> None:
    body = tbl(tr(tc(""), tc("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Thành Sinh")))
    assert {b.zone for b in blocks(tmp_path, body) if isinstance(b, Line) and b.text} == {"back"}


def test_single_cell_frame_is_flattened(tmp_path: Path) -> None:
    body = tbl(tr(tc("Ghi chú: nội dung khung")))
    got = blocks(tmp_path, body)
    assert [(type(b).__name__, b.text, b.zone) for b in got if isinstance(b, Line)] == [
        ("Line", "Ghi chú: nội dung khung", None)]


def test_content_table_with_many_rows_is_not_layout(tmp_path: Path) -> None:
    rows = [tr(tc("TT"), tc("Nội dung"), tc("Chủ trì"))] + [tr(tc(str(i)), tc("Việc"), tc("Sở")) for i in range(8)]
    (table,) = blocks(tmp_path, tbl(*rows))
    assert isinstance(table, Table) and len(table.rows) == 9
