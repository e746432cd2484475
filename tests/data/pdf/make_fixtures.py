"""Rebuild the small PDFs the PDF tests read (python-docx → LibreOffice). Run by hand:

    .venv/bin/python tests/data/pdf/make_fixtures.py

Writes plan-small.docx/.pdf (header table, wrapped paragraphs over a page break, a ruled task
table over two pages with a repeated header row and a row split by the page break, page numbers
in the header) and plan-small-enc.pdf (the same, encrypted with the password "secret").
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
LONG = ("Triển khai toàn diện, đồng bộ, hiệu quả các nhiệm vụ trọng tâm trong công tác cải cách hành "
        "chính năm 2023, góp phần nâng cao chất lượng phục vụ người dân và doanh nghiệp trên địa bàn tỉnh.")


def _page_field(par) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    par._p.append(fld)


def build(path: Path) -> None:
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Liberation Serif"
    st.font.size = Pt(13)
    hdr = doc.sections[0].header.paragraphs[0]
    hdr.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(hdr)
    t = doc.add_table(rows=3, cols=2)
    cells = [("UBND TỈNH BÌNH DƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
             ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Độc lập - Tự do - Hạnh phúc"),
             ("Số:      /KH-SVHTTDL", "Bình Dương, ngày     tháng 01 năm 2023")]
    for r, (a, b) in enumerate(cells):
        for c, txt in enumerate((a, b)):
            p = t.cell(r, c).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(txt)
            run.bold = r < 2
            run.font.size = Pt(12)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("KẾ HOẠCH").bold = True
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU").runs[0].bold = True
    doc.add_paragraph("1. Mục đích")
    for k in range(9):
        p = doc.add_paragraph(f"{'abcdeghik'[k]}) {LONG} Nội dung số {k + 1} được thực hiện thường xuyên và "
                              "liên tục trong suốt cả năm kế hoạch.")
        p.paragraph_format.first_line_indent = Pt(28)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_paragraph("Người đọc cần biết rằng từ cuối dòng này được ngắt bằng dấu gạch nối: công-")
    doc.add_paragraph("II. NHIỆM VỤ").runs[0].bold = True
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for c, h in enumerate(("STT", "Nội dung", "Chủ trì", "Thời gian")):
        table.rows[0].cells[c].text = h
    trpr = table.rows[0]._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader")
    trpr.append(th)
    for i in range(1, 19):
        row = table.add_row().cells
        row[0].text = str(i)
        body = f"Nhiệm vụ số {i}: rà soát, cập nhật quy trình nội bộ giải quyết thủ tục hành chính"
        if i == 12:
            body = " ".join([body] * 14)
        row[1].text = body
        row[2].text = "Văn phòng Sở"
        row[3].text = f"Quý {(i % 4) + 1}/2023"
    doc.add_paragraph("Trên đây là Kế hoạch triển khai công tác cải cách hành chính năm 2023./.")
    doc.save(str(path))


def to_pdf(docx: Path, outdir: Path, filt: str = "pdf") -> None:
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", filt,
                        "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=180)


if __name__ == "__main__":
    src = HERE / "plan-small.docx"
    build(src)
    to_pdf(src, HERE)
    enc = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
           '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    with tempfile.TemporaryDirectory() as tmp:
        to_pdf(src, Path(tmp), enc)
        (HERE / "plan-small-enc.pdf").write_bytes((Path(tmp) / "plan-small.pdf").read_bytes())
    print("wrote", HERE / "plan-small.pdf", HERE / "plan-small-enc.pdf")
