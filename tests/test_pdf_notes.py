"""PDF footnotes: kept out of the body, attached to the paragraph citing them, and their markers
never glued to the cited number ("QH15¹" must not read "QH151")."""

from __future__ import annotations

import sys
from pathlib import Path

from cchc_parse.extract.blocks import Line
from cchc_parse.extract.pdf.reader import extract_pdf

sys.path.insert(0, str(Path(__file__).parent / "data" / "pdf"))
from tinypdf import TinyPdf

SAMPLES = Path(__file__).parent.parent / "samples" / "pdf"
LEFT, RIGHT = 85.0, 538.0
NOTE = "Luật Quản lý, sử dụng vũ khí, vật liệu nổ số 42/2024/QH15 ngày 29/6/2024"


def _cited_over_two_pages(tmp_path: Path) -> Path:
    pdf = TinyPdf()
    p1 = pdf.page()
    pdf.justify(p1, 120, RIGHT, 100, "Theo quy định tại điểm b khoản 1 Điều 41 và điểm b Điều 47", 13)
    x = pdf.text(p1, LEFT, 116, "của Luật số 42/2024/QH15", 13)
    x = pdf.text(p1, x, 114.5, "1", 8)  # a superscript marker, raised above the line, after the number
    pdf.justify(p1, x + 3.25, RIGHT, 116, "ngày 29/6/2024: “Phương tiện vận chuyển", 13)
    for k in range(4):
        pdf.justify(p1, LEFT, RIGHT, 132 + 16 * k, "vật liệu nổ công nghiệp đủ điều kiện theo tiêu chuẩn, "
                    "quy chuẩn", 13)
    x = pdf.text(p1, LEFT, 761, "1", 6.5)
    pdf.text(p1, x + 1, 761, NOTE, 10)
    p2 = pdf.page()
    pdf.text(p2, LEFT, 100, "kỹ thuật về an toàn”.", 13)
    pdf.justify(p2, 120, RIGHT, 116, "Đoạn tiếp theo của văn bản có nội dung khác hẳn.", 13)
    path = tmp_path / "notes.pdf"
    path.write_bytes(pdf.build())
    return path


def test_footnote_kept_out_marker_dropped_paragraph_joined_over_pages(tmp_path):
    lines = [b for b in extract_pdf(_cited_over_two_pages(tmp_path)).blocks if isinstance(b, Line)]
    cited = lines[0]
    assert "của Luật số 42/2024/QH15 ngày 29/6/2024:" in cited.text  # not "QH151"
    assert cited.text.endswith("quy chuẩn kỹ thuật về an toàn”.")  # page 2 joined
    assert cited.notes == (NOTE,)
    assert not any("Luật Quản lý" in b.text for b in lines)
    assert lines[1].text.startswith("Đoạn tiếp theo") and lines[1].notes == ()


def test_laocai_cv3686_footnotes():
    lines = [b for b in extract_pdf(SAMPLES / "laocai-ubnd-cv3686-pccc.pdf").blocks if isinstance(b, Line)]
    assert not any("QH151" in b.text or "Luật Quản lý, sử dụng vũ khí" in b.text for b in lines)
    first = next(b for b in lines if "Luật số 42/2024/QH15 ngày 29/6/2024" in b.text)
    assert first.notes == ("Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số 42/2024/QH15 "
                           "ngày 29/6/2024",)
    assert "thẩm quyền cấp Giấy phép vận chuyển" in first.text  # the bold quotation did not split it
    second = next(b for b in lines if "105/2025/NĐ-CP, cơ quan đăng kiểm" in b.text)
    assert [n.split()[0] for n in second.notes] == ["Nghị", "QCVN122:2024/BGTVT", "Thông"]
    assert "47/2024/TT-BGTVT của Bộ Xây dựng (trước đây là Bộ Giao thông vận tải) chưa có" in second.text
    assert second.text.endswith("theo quy định tại Nghị định số 105/2025/NĐ-CP.")  # page 2 joined


def test_a_note_line_that_opens_with_a_document_number_continues_the_note(tmp_path):
    pdf = TinyPdf()
    pg = pdf.page()
    x = pdf.text(pg, 120, 100, "Các sở đã có văn bản báo cáo", 13)
    pdf.text(pg, x, 98.5, "1", 8)
    for k in range(1, 5):
        pdf.justify(pg, LEFT, RIGHT, 100 + 16 * k, "kết quả thực hiện nhiệm vụ công tác hội năm 2024 và đăng ký", 13)
    x = pdf.text(pg, LEFT, 745, "1", 6.5)
    pdf.text(pg, x + 1, 745, "Công văn số 5956/STNMT-CCBVMT ngày 24/10/2024; Công văn số", 10)
    pdf.text(pg, LEFT, 757, "3332/SGDDT-TCCB ngày 25/10/2024 của Sở Giáo dục và Đào tạo.", 10)
    path = tmp_path / "notes.pdf"
    path.write_bytes(pdf.build())
    lines = [b for b in extract_pdf(path).blocks if isinstance(b, Line)]
    assert lines[0].notes == ("Công văn số 5956/STNMT-CCBVMT ngày 24/10/2024; Công văn số 3332/SGDDT-TCCB "
                              "ngày 25/10/2024 của Sở Giáo dục và Đào tạo.",)


def test_binhthuan_ttr3367_note_keeps_its_wrapped_number():
    lines = [b for b in extract_pdf(SAMPLES / "binhthuan-snv-ttr3367.pdf").blocks if isinstance(b, Line)]
    notes = [n for b in lines for n in b.notes]
    assert any("Công văn số 3332/SGDDT-TCCB-QLCLGD ngày 25/10/2024" in n for n in notes)
    assert not any(n.startswith("2/SGDDT") for n in notes)
