"""Footnotes are notes of the line that cites them in every format; their marks leave no digit in the text."""

from __future__ import annotations

from pathlib import Path

import regex
from docx_factory import NS, make_docx, write

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line
from cchc_parse.extract.txt.notes import take_notes
from cchc_parse.extract.txt.reader import extract_txt_bytes, text_to_blocks

from conftest import SAMPLES

# a two-page layout text (pdftotext -layout): a mark glued to a word, the note at the page foot
# running over a blank line, the page number at the top of page 2, the sentence going on there
PAGES = (
    "      - Thực hiện nghiêm các quy định của pháp luật về khoáng sản1.\n"
    "      - Xử lý nghiêm các hành vi vi phạm, đặc biệt là khai thác khoáng sản\n"
    "\n"
    "   1 Các quy định của Luật Địa chất và Khoáng sản năm 2024; Nghị quyết số 10-\n"
    "\n"
    "NQ/TW ngày 10/02/2022 của Bộ Chính trị.\n"
    "\f                    2\n"
    "\n"
    "trái phép theo quy định tại Điều 7, khoản 12 Điều\n"
    "4 Thông tư số 19/2025/TT-BNNMT ngày 19/6/2025.\n"
)
NOTE = ("Các quy định của Luật Địa chất và Khoáng sản năm 2024; Nghị quyết số 10-NQ/TW ngày 10/02/2022 "
        "của Bộ Chính trị.")


def _lines(blocks) -> list[Line]:
    return [b for b in blocks if isinstance(b, Line) and b.text]


def test_text_note_goes_to_the_line_that_cites_it() -> None:
    lines = _lines(text_to_blocks(PAGES))
    assert [b.text for b in lines] == [
        "- Thực hiện nghiêm các quy định của pháp luật về khoáng sản.",
        "- Xử lý nghiêm các hành vi vi phạm, đặc biệt là khai thác khoáng sản",
        "trái phép theo quy định tại Điều 7, khoản 12 Điều",
        "4 Thông tư số 19/2025/TT-BNNMT ngày 19/6/2025.",  # body text, not a note: nothing is marked 4
    ]
    assert lines[0].notes == (NOTE,) and lines[0].src.line == 1
    assert all(not b.notes for b in lines[1:])


def test_text_note_diagnostic_and_line_count() -> None:
    ex = extract_txt_bytes(PAGES.encode())
    assert [d.code for d in ex.diagnostics] == ["P026"]
    found = take_notes(PAGES.split("\n"))
    assert len(found.lines) == len(PAGES.split("\n")) and found.count == 1 and found.page_numbers == 1


def test_text_without_a_mark_keeps_its_numbered_lines() -> None:
    """A line "1 …" after a blank line is no footnote when nothing above carries the mark 1."""
    text = "Nội dung chính của kế hoạch\n\n1 Tổ chức hội nghị triển khai\n2 Báo cáo kết quả\n"
    assert [b.text for b in _lines(text_to_blocks(text))] == [
        "Nội dung chính của kế hoạch", "1 Tổ chức hội nghị triển khai", "2 Báo cáo kết quả"]


def test_text_numbered_body_is_no_note_even_with_a_mark_above() -> None:
    """"…sản1" above, then "1 Tổ chức …" followed by most of the page: too long for the page's notes."""
    text = "Quy định về khoáng sản1\n\n1 Tổ chức hội nghị\n" + "".join(f"nội dung {k}\n" for k in range(6))
    lines = _lines(text_to_blocks(text))
    assert lines[0].text == "Quy định về khoáng sản1" and not lines[0].notes
    assert len(lines) == 8


def test_text_two_notes_and_a_law_mark() -> None:
    """Marks 1 and 2 on one page; '42/2024/QH151' is khóa 15 with the mark 1 glued to it."""
    text = ("Theo Luật số 42/2024/QH151 ngày 29/6/2024 và Nghị định số 105/2025/NĐ-CP2, cơ quan đăng kiểm\n"
            "kiểm tra điều kiện an toàn.\n\n"
            "1 Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ\n"
            "2 Nghị định quy định chi tiết Luật Phòng cháy, chữa cháy\n")
    lines = _lines(text_to_blocks(text))
    assert lines[0].text == ("Theo Luật số 42/2024/QH15 ngày 29/6/2024 và Nghị định số 105/2025/NĐ-CP, "
                             "cơ quan đăng kiểm")
    assert lines[0].notes == ("Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ",
                              "Nghị định quy định chi tiết Luật Phòng cháy, chữa cháy")
    assert len(lines) == 2


def test_real_text_footnote() -> None:
    """laocai-ubnd-cv5973.txt: 'khoáng sản1.' and its note at the foot of page 1."""
    ex = extract(SAMPLES / "text" / "laocai-ubnd-cv5973.txt")
    lines = _lines(ex.blocks)
    noted = [b for b in lines if b.notes]
    assert [b.text for b in noted] == ["trong công tác quản lý nhà nước về địa chất, khoáng sản."]
    assert noted[0].notes[0].startswith("Các quy định của Luật Địa chất và Khoáng sản năm 2024")
    assert noted[0].notes[0].endswith("Sở Nông nghiệp và Môi trường…")
    assert "Chỉ thị số 11-CT/TU ngày 04/02/2026" in noted[0].notes[0]
    body = [b.text for b in lines]
    assert not any("Các quy định của Luật Địa chất" in t or "88/NQ-CP" in t for t in body)
    assert not any(regex.fullmatch(r"\d{1,2}", t) for t in body)  # page numbers are gone
    assert "trái phép; (ii) Khai thác không đúng nội dung giấy phép; (iii) Không thực hiện" in body
    assert "4 Thông tư số 19/2025/TT-BNNMT ngày 19/6/2025 của Bộ trưởng Bộ Nông" in body
    assert [d.code for d in ex.diagnostics].count("P026") == 1


# --- .docx: w:footnoteReference → notes; a custom mark typed after the reference is no text

_FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {NS}>'
              '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
              '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
              '<w:r><w:t xml:space="preserve"> Văn bản số 206/UBND-KT ngày 12/7/2025.</w:t></w:r></w:p>'
              '</w:footnote><w:footnote w:id="2"><w:p><w:r>'
              '<w:t xml:space="preserve">Kết luận số 02/KL-TT.</w:t></w:r></w:p></w:footnote>'
              "</w:footnotes>")
_SUP = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'


def test_docx_marks_leave_no_digits(tmp_path: Path) -> None:
    body = ('<w:p><w:r><w:t xml:space="preserve">đã ban hành nhiều văn bản</w:t></w:r>'
            f'<w:r>{_SUP}<w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:t xml:space="preserve"> và 04 kết luận</w:t></w:r>'
            f'<w:r>{_SUP}<w:footnoteReference w:customMarkFollows="1" w:id="2"/><w:t>2</w:t></w:r>'
            '<w:r><w:t>.</w:t></w:r></w:p>')
    path = write(tmp_path, make_docx(body, footnotes=_FOOTNOTES))
    (line,) = _lines(extract(path).blocks)
    assert line.text == "đã ban hành nhiều văn bản và 04 kết luận."
    assert line.notes == ("Văn bản số 206/UBND-KT ngày 12/7/2025.", "Kết luận số 02/KL-TT.")


def test_real_docx_twelve_footnotes() -> None:
    """laocai-ubnd-bc-khoangsan-2025.docx has 12 footnotes; no mark digit stays glued to a word."""
    lines = _lines(extract(SAMPLES / "docx" / "laocai-ubnd-bc-khoangsan-2025.docx").blocks)
    noted = [b for b in lines if b.notes]
    assert sum(len(b.notes) for b in noted) == 12
    assert noted[0].text.endswith("tổ chức triển khai thực hiện nhiệm vụ.")
    assert noted[0].notes[0].startswith("Văn bản số 206/UBND-KT ngày 12/7/2025")
    assert not any(regex.search(r"\p{Ll}\d[.,;:]?$", b.text) for b in noted)
