"""The real scans in samples/pdf read with --ocr: metadata from the header block."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_parse.extract.ocr import tesseract_ready
from cchc_parse.pipeline import ParseOptions, parse_file

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pdf"
OCR = ParseOptions(ocr=True)

pytestmark = pytest.mark.skipif(
    not tesseract_ready(), reason="OCR needs tesserocr (pip) and tesseract-ocr-vie (Debian)")


def _first_page(src: Path, out: Path) -> Path:
    import pypdfium2 as pdfium

    doc, one = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    one.import_pages(doc, [0])
    one.save(str(out))
    return out


def test_bc280_first_page_header(tmp_path):
    doc = parse_file(_first_page(SAMPLES / "quangngai-ubnd-bc280-scan.pdf", tmp_path / "p1.pdf"), OCR).doc
    d = doc.document
    assert (d.doc_type, d.symbol, d.place) == ("BC", "BC-UBND", "Quảng Ngãi")
    assert (d.date.year, d.date.month, d.date.day) == (2024, 11, None)  # the day is handwritten: unreadable
    assert d.title.startswith("Về việc điều chỉnh dự toán ngân sách")
    assert any(x.code == "P033" for x in doc.diagnostics)


@pytest.mark.slow
def test_bc280_signer_and_recipients():
    d = parse_file(SAMPLES / "quangngai-ubnd-bc280-scan.pdf", OCR).doc.document
    assert d.recipients[0] == "Như trên" and d.recipients[-1].startswith("Lưu: VT")
    assert d.signer.name.startswith("Trần Phước")  # under the red seal
    assert d.signed_by == "Ủy ban nhân dân tỉnh Quảng Ngãi"  # the e-signature stamp is kept as metadata


@pytest.mark.slow
def test_vpcp_qd932_handwritten_number_is_null():
    d = parse_file(SAMPLES / "vpcp-qd932-scan.pdf", OCR).doc.document
    assert (d.doc_type, d.number, d.symbol, d.place) == ("QĐ", None, "QĐ-TTg", "Hà Nội")
    assert (d.date.year, d.date.month, d.date.day) == (2025, 5, 15)
    assert d.title == ("Về việc phê duyệt danh sách thành viên và chức năng, nhiệm vụ của Tổ Công tác cải "
                       "cách hành chính")
    assert len(d.recipients) == 16 and d.recipients[0] == "Như Điều 3"


@pytest.mark.slow
def test_laocai_qd2336_handwritten_day_and_month_are_null():
    d = parse_file(SAMPLES / "laocai-ubnd-qd2336-scan.pdf", OCR).doc.document
    assert (d.doc_type, d.number, d.symbol, d.place) == ("QĐ", None, "QĐ-UBND", "Lào Cai")
    assert (d.date.year, d.date.month, d.date.day) == (2026, None, None)
    assert d.issuer == "Ủy ban nhân dân tỉnh Lào Cai"
