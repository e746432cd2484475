"""Rules of how documents are laid out, checked on whole parses of small texts written the way offices
write them:

- the header block and the end block copied from a web page as a table (cells separated by tabs) are
  read as the .docx reader reads those tables, not as a content table;
- a two-column block of layout text ends at the first line that starts the body (the type line,
  "Chương I", "Điều 1.", a numbered heading, "Căn cứ …"), however its columns line up with it;
- a bare "Chương I" / "Phần thứ nhất" takes the line under it as its title [ND30-PL1 §II.6].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cchc_parse.emit.serialize import to_data
from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.txt.reader import text_to_blocks
from cchc_parse.pipeline import parse_file

HEAD = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("TỈNH LÀO CAI", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 12/QĐ-UBND", "Lào Cai, ngày 05 tháng 01 năm 2024")]
BODY = """
QUYẾT ĐỊNH
Ban hành Quy chế làm việc

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định về nguyên tắc làm việc.

Điều 2. Đối tượng áp dụng
Quy chế này áp dụng đối với các sở.

Chương II
NHIỆM VỤ CỤ THỂ

Điều 3. Tổ chức thực hiện
Chánh Văn phòng, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.
"""
END = [("Nơi nhận:", "KT. CHỦ TỊCH"), ("- Như Điều 3;", "PHÓ CHỦ TỊCH"), ("- Lưu: VT.", ""), ("", ""),
       ("", "Nguyễn Văn An")]


def _parse(tmp_path: Path, text: str) -> dict[str, Any]:
    f = tmp_path / "qd.txt"
    f.write_text(text, encoding="utf-8")
    return to_data(parse_file(f).doc)


def _columns(rows: list[tuple[str, str]], sep: str | None) -> str:
    """Two columns side by side: joined by a tab, or padded with spaces (``sep`` None) to column 40."""
    return "".join((f"{a}\t{b}" if sep else f"{a:<40}{b}").rstrip() + "\n" for a, b in rows)


def _sections(data: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    out = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for n in nodes:
            out.append((n["id"], n.get("title"), n.get("text")))
            walk(n.get("children") or [])

    walk(data["sections"])
    return out


@pytest.mark.parametrize("sep", ["\t", None], ids=["tabs", "spaces"])
def test_header_and_end_blocks_side_by_side(tmp_path: Path, sep: str | None) -> None:
    data = _parse(tmp_path, _columns(HEAD, sep) + BODY + "\n" + _columns(END, sep))
    m = data["document"]
    assert (m["issuer"], m["number"], m["symbol"], m["place"], m["date"]["iso"], m["doc_type"], m["title"]) == (
        "Ủy ban nhân dân tỉnh Lào Cai", "12", "QĐ-UBND", "Lào Cai", "2024-01-05", "QĐ", "Ban hành Quy chế làm việc")
    signer = m["signer"]
    assert (signer["authority"], signer["on_behalf_of"], signer["title"], signer["name"]) == (
        ["KT"], "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    assert _sections(data) == [
        ("Chương I", "QUY ĐỊNH CHUNG", None),
        ("Chương I.Điều 1", "Phạm vi điều chỉnh", "Quy chế này quy định về nguyên tắc làm việc."),
        ("Chương I.Điều 2", "Đối tượng áp dụng", "Quy chế này áp dụng đối với các sở."),
        ("Chương II", "NHIỆM VỤ CỤ THỂ", None),
        ("Chương II.Điều 3", "Tổ chức thực hiện",
         "Chánh Văn phòng, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.")]
    assert not data["tasks"]  # neither block read as a table of tasks


def test_a_tab_separated_task_table_stays_a_table() -> None:
    text = ("STT\tNội dung\tĐơn vị chủ trì\tThời gian\n1\tRà soát thủ tục hành chính\tSở Tư pháp\tQuý I/2024\n"
            "2\tSố hóa hồ sơ\tSở Nội vụ\tNăm 2024\n")
    blocks = [b for b in text_to_blocks(text) if not isinstance(b, Line) or b.text]
    assert len(blocks) == 1 and isinstance(blocks[0], Table) and len(blocks[0].rows) == 3


def test_tab_header_block_lines_come_left_to_right_in_the_front_zone() -> None:
    blocks = text_to_blocks(_columns(HEAD, "\t") + "\nKẾ HOẠCH\n")
    lines = [(b.text, b.zone, b.src.line) for b in blocks if isinstance(b, Line) and b.text]
    assert lines[:6] == [(a, "front", k // 2 + 1) for k, a in enumerate(t for row in HEAD for t in row)]
    assert lines[6] == ("KẾ HOẠCH", None, 5)


@pytest.mark.parametrize("first, title, text", [
    ("Phần thứ nhất", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2023", None),
    ("PHẦN I", "Kết quả thực hiện", None),
    ("Chương I", None, "Quy chế này quy định về nguyên tắc làm việc."),  # a sentence under it: text
])
def test_a_bare_part_takes_the_line_under_it_as_its_title(tmp_path: Path, first: str, title: str | None,
                                                          text: str | None) -> None:
    under = title or text
    data = _parse(tmp_path, f"KẾ HOẠCH\nCải cách hành chính năm 2024\n\n{first}\n{under}\n\n1. Mục đích\n"
                            "Nâng cao chất lượng phục vụ.\n\n2. Yêu cầu\nBảo đảm đúng tiến độ.\n")
    part = data["sections"][0]
    assert (part["title"] or None, part.get("text")) == (title, text)
    assert [c["title"] for c in part["children"]] == ["Mục đích", "Yêu cầu"]


def test_a_long_numbered_line_among_headings_is_a_heading(tmp_path: Path) -> None:
    """A numbered paragraph standing alone among sibling headings is one too, however long, when text or
    sub-items follow it; one that ends as a sentence stays text."""
    long = ("Các khó khăn, vướng mắc trong việc thực hiện các quy định của pháp luật liên quan đến hoạt động "
            "sử dụng vật liệu nổ công nghiệp và tiền chất thuốc nổ trên địa bàn tỉnh")
    data = _parse(tmp_path, "BÁO CÁO\nKết quả công tác năm 2025\n\nI. KẾT QUẢ\n\n1. Công tác chỉ đạo\n"
                            "Ban hành 12 văn bản.\n\n2. Công tác kiểm tra\nKiểm tra 20 đơn vị.\n\n"
                            f"3. {long}\n- Thủ tục cấp phép còn chậm.\n\n"
                            "4. Các đơn vị đã chấp hành tốt các quy định của pháp luật về an toàn trong năm.\n"
                            "Không có vụ việc vi phạm.\n\n5. Kiến nghị\nĐề nghị Bộ Công Thương hướng dẫn.\n")
    got = {sid: (title, text) for sid, title, text in _sections(data)}
    assert got["I.3"] == (long, None)
    assert [c["text"] for c in data["sections"][0]["children"][2]["children"]] == ["Thủ tục cấp phép còn chậm."]
    assert got["I.4"][0] is None and got["I.4"][1].startswith("Các đơn vị đã chấp hành")
    assert got["I.1"] == ("Công tác chỉ đạo", "Ban hành 12 văn bản.")


@pytest.mark.parametrize("post, want", [("phó Giám đốc", "phó Giám đốc"), ("PHÓ GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
                                        ("Phó Giám đốc", "Phó Giám đốc")])
def test_the_deputys_post_under_kt_in_any_case(tmp_path: Path, post: str, want: str) -> None:
    """Under "KT. GIÁM ĐỐC" the signer is the deputy; a legacy upper-case font can leave the post in lower
    case ("phó Giám đốc"): it is still the signer's title, not the post signed for."""
    data = _parse(tmp_path, "KẾ HOẠCH\nCải cách hành chính năm 2024\n\n1. Mục đích\nNâng cao chất lượng./.\n\n"
                            f"Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\nKT. GIÁM ĐỐC\n{post}\n\nNguyễn Văn An\n")
    signer = data["document"]["signer"]
    assert (signer["on_behalf_of"], signer["title"], signer["name"]) == ("GIÁM ĐỐC", want, "Nguyễn Văn An")


TASKS = ("STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\n"
         "1.\tRà soát thủ tục hành chính\tVăn phòng\tCác phòng\tQuý II/2024\n"
         "2.\tSố hóa hồ sơ\tPhòng Tổ chức\tVăn phòng\tNăm 2024\n")


def _plan(head: str, body: str, end: str) -> str:
    return head + "\nKẾ HOẠCH\nCải cách hành chính năm 2024\n\n" + body + "\n" + end


def test_word_plain_text_labels_and_tab_tables(tmp_path: Path) -> None:
    """Word's plain-text export writes a list number and a tab before the text ("1.⇥Mục đích") and a
    tab before an indented line: paragraphs, not a table; the task table after them stays a table,
    even when a blank placeholder's run of spaces ("Số:        /KH-SCT") makes it read as layout text."""
    head = _columns([("SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("", "Độc lập - Tự do - Hạnh phúc"),
                     ("Số:        /KH-SCT", "Lào Cai, ngày 05 tháng 01 năm 2024")], "\t")
    body = ("I.\tMỤC ĐÍCH, YÊU CẦU\n1.\tMục đích\n\t+ Nâng cao chất lượng phục vụ.\n2.\tYêu cầu\n"
            "\t+ Bảo đảm đúng tiến độ.\nII.\tNHIỆM VỤ\n" + TASKS)
    data = _parse(tmp_path, _plan(head, body, _columns(END, "\t")))
    got = {sid: title for sid, title, _text in _sections(data)}
    assert got["I"] == "MỤC ĐÍCH, YÊU CẦU" and got["I.1"] == "Mục đích" and got["II"] == "NHIỆM VỤ"
    assert [(t["id"], t["content"], t["lead"], t["deadline"]["raw"]) for t in data["tasks"]] == [
        ("1", "Rà soát thủ tục hành chính", ["Văn phòng"], "Quý II/2024"),
        ("2", "Số hóa hồ sơ", ["Phòng Tổ chức"], "Năm 2024")]
    assert data["document"]["symbol"] == "KH-SCT" and data["document"]["signer"]["name"] == "Nguyễn Văn An"


def test_layout_text_label_gap_is_not_a_gutter(tmp_path: Path) -> None:
    """In `pdftotext -layout` text the space after an auto-numbered label ("I.     MỤC ĐÍCH") lines up from
    heading to heading: it is not a second column."""
    body = ("        I.     MỤC ĐÍCH, YÊU CẦU\n        1.     Mục đích\n"
            "        a)     Triển khai đồng bộ các nhiệm vụ.\n        2.     Yêu cầu\n"
            "        a)     Bảo đảm đúng tiến độ.\n")
    data = _parse(tmp_path, _plan(_columns(HEAD, None), body, _columns(END, None)))
    got = {sid: (title, text) for sid, title, text in _sections(data)}
    assert got["I"][0] == "MỤC ĐÍCH, YÊU CẦU" and got["I.1"][0] == "Mục đích" and got["I.2"][0] == "Yêu cầu"
    assert got["I.1.a"][1] == "Triển khai đồng bộ các nhiệm vụ."


def test_layout_end_block_with_one_line_side_by_side(tmp_path: Path) -> None:
    """"Nơi nhận:      KT. GIÁM ĐỐC" opens the end block on its own: the recipients under it on the left,
    the signer's lines alone on the right."""
    end = ("Nơi nhận:" + " " * 31 + "KT. GIÁM ĐỐC\n- Sở Nội vụ;\n- Lưu: VT.\n" + " " * 40 + "PHÓ GIÁM ĐỐC\n\n\n"
           + " " * 40 + "Nguyễn Văn An\n")
    data = _parse(tmp_path, _plan(_columns(HEAD, None), "1. Mục đích\nNâng cao chất lượng./.\n", end))
    m = data["document"]
    assert (m["signer"]["title"], m["signer"]["name"]) == ("PHÓ GIÁM ĐỐC", "Nguyễn Văn An")
    assert m["recipients"] == ["Sở Nội vụ", "Lưu: VT."]


@pytest.mark.parametrize("brk", ["", "\f"], ids=["one-page", "over-a-page-break"])
def test_layout_end_block_item_close_to_the_signer(tmp_path: Path, brk: str) -> None:
    """A long recipient item leaves two or three spaces before the signer's name on its line ("- Lưu:
    VT, L.   Nguyễn Khoa Hải"), and the list may go on over a page break (the copy's form feed): still
    the end block's two columns. An appendix after a page break is not."""
    end = ("Nơi nhận:" + " " * 40 + "GIÁM ĐỐC\n- Bộ VHTTDL (thay b/c);\n- Các phòng ban, đơn vị trực thuộc;\n"
           f"{brk}- Lưu: VT, L.   Nguyễn Khoa Hải\n\n\f" + " " * 30 + "PHỤ LỤC I\n" + " " * 20
           + "DANH MỤC NHIỆM VỤ\n")
    data = _parse(tmp_path, _plan(_columns(HEAD, None), "1. Mục đích\nNâng cao chất lượng./.\n", end))
    m = data["document"]
    assert (m["signer"]["title"], m["signer"]["name"]) == ("GIÁM ĐỐC", "Nguyễn Khoa Hải")
    assert m["recipients"] == ["Bộ VHTTDL (thay b/c)", "Các phòng ban, đơn vị trực thuộc", "Lưu: VT, L."]
    assert [(a["label"], a["title"]) for a in data["attachments"]] == [("PHỤ LỤC I", "DANH MỤC NHIỆM VỤ")]


def test_a_text_copied_out_of_a_pdf_with_wrong_glyph_maps_is_repaired(tmp_path: Path) -> None:
    """"CÔNG THƢƠNG", "CỘNG HÕA" (U+01A3 for ư, Õ for Ò: a PDF's wrong font maps, kept by a copy of its
    text) read as the PDF reader repairs them, with P012."""
    head = _columns([("BỘ CÔNG THƢƠNG", "CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                     ("Số: 12/CV-BCT", "Hà Nội, ngày 05 tháng 01 năm 2024")], "\t")
    data = _parse(tmp_path, head + "\nV/v hƣớng dẫn thực hiện\n\nKính gửi: Sở Công Thƣơng các tỉnh.\n")
    assert data["document"]["issuer"] == "Bộ Công Thương"
    assert data["document"]["title"] == "hướng dẫn thực hiện"
    assert any(d["code"] == "P012" for d in data["diagnostics"])
    assert "ƣ" not in str(data)


def test_a_quarter_wrapped_before_its_numeral_is_no_heading(tmp_path: Path) -> None:
    """"… hoàn thành trong Quý" / "III/2029; …": the Roman numeral before "/2029" is a quarter."""
    data = _parse(tmp_path, "KẾ HOẠCH\nĐầu tư năm 2026\n\nI. TIẾN ĐỘ\n1. Giai đoạn 1\nKhởi công trong Quý\n"
                            "III/2027; hoàn thành trong Quý\nIV/2029.\n2. Giai đoạn 2\nHoàn thành năm 2030.\n")
    assert [sid for sid, _t, _x in _sections(data)] == ["I", "I.1", "I.2"]


def test_a_text_copy_of_a_signed_pdf(tmp_path: Path) -> None:
    """A copy of a signed PDF's text: the stamp's box first (signing body, email, time), then the header
    with the number the e-office stamped apart from the typed symbol ("Số: 565" / "/TB-UBND"). The box
    is read as the PDF reader reads it, never as the issuer; the number and symbol are one again."""
    text = ("TRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n18.11.2024 07:25:14\n+07:00\n\n"
            "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 565\n\n/TB-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 15 tháng 11 năm 2024\n\nTHÔNG BÁO\n"
            "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp\n\nI. Ý KIẾN KẾT LUẬN\n1. Các sở triển khai.\n")
    m = _parse(tmp_path, text)["document"]
    assert (m["issuer"], m["number"], m["symbol"], m["date"]["iso"], m["doc_type"]) == (
        "Ủy ban nhân dân tỉnh Quảng Ngãi", "565", "TB-UBND", "2024-11-15", "TB")
    assert (m["signed_by"], m["signed_at"]) == ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", "2024-11-18T07:25:14+07:00")


def test_a_cong_van_subject_wrapped_in_a_text_copy(tmp_path: Path) -> None:
    """"V/v …" wrapped over short lines, some starting with a capital ("Chương trình tổng thể …"), is one
    trích yếu up to "Kính gửi"; the addressees and the body after it are read."""
    head = _columns([("BỘ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("", "Độc lập - Tự do - Hạnh phúc"),
                     ("Số: 8151/BNV-CCHC", "Hà Nội, ngày 17 tháng 9 năm 2025")], None)
    text = (head + "V/v lấy ý kiến góp ý dự thảo Báo\ncáo Sơ kết giai đoạn 2021 - 2025 thực hiện\n"
            "Chương trình tổng thể cải cách hành chính\n\nKính gửi:\n- Các bộ, cơ quan ngang bộ;\n"
            "- Ủy ban nhân dân các tỉnh.\n\nThực hiện Quyết định số 145/QĐ-BNV ngày 20/02/2025 của Bộ Nội vụ, "
            "Bộ Nội vụ đề nghị các cơ quan góp ý./.\n")
    data = _parse(tmp_path, text)
    m = data["document"]
    assert m["title"] == ("lấy ý kiến góp ý dự thảo Báo cáo Sơ kết giai đoạn 2021 - 2025 thực hiện "
                          "Chương trình tổng thể cải cách hành chính")
    assert m["addressees"] == ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh"]
    assert [r["number"] for r in data["legal_bases"]] == ["145/QĐ-BNV"]


@pytest.mark.parametrize("title, after, want", [
    # an upper-case title goes on in upper case
    ("CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ\nĐỒNG THỜI CHẤP THUẬN NHÀ ĐẦU TƯ", "",
     "CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ ĐỒNG THỜI CHẤP THUẬN NHÀ ĐẦU TƯ"),
    # a blank line ends it before a body line starting with a capital, however long the title's line
    ("Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về các chương trình mục tiêu quốc gia", "\n",
     "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về các chương trình mục tiêu quốc gia"),
])
def test_the_title_under_the_type_line(tmp_path: Path, title: str, after: str, want: str) -> None:
    text = (_columns(HEAD, None) + "\nQUYẾT ĐỊNH\n" + title + "\n" + after
            + "Ngày 12/11/2024, tại trụ sở UBND tỉnh, Phó Chủ tịch chủ trì cuộc họp.\n\nĐiều 1. Phê duyệt\n")
    assert _parse(tmp_path, text)["document"]["title"] == want
