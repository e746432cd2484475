"""PDF extractor: reading order, header zones, tables over pages, errors (committed small PDFs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc_parse.errors import ExtractError, LimitExceeded, ScannedDocument, UnsupportedFormat
from cchc_parse.extract.blocks import Line, Table, table_text_rows
from cchc_parse.extract.ocr import tesseract_ready
from cchc_parse.extract.pdf.reader import extract_pdf

DATA = Path(__file__).parent / "data" / "pdf"
SMALL = DATA / "plan-small.pdf"
SAMPLES = Path(__file__).parent.parent / "samples" / "pdf"


@pytest.fixture(scope="module")
def small():
    return extract_pdf(SMALL)


def _lines(ex, zone=None):
    return [b for b in ex.blocks if isinstance(b, Line) and b.zone == zone]


def test_front_zone_left_column_then_right(small):
    front = [b.text for b in _lines(small, "front")]
    assert front[0] == "UBND TỈNH BÌNH DƯƠNG"
    qh = next(i for i, t in enumerate(front) if t.startswith("CỘNG HÒA"))
    so = next(i for i, t in enumerate(front) if t.startswith("Số:"))
    date = next(i for i, t in enumerate(front) if t.startswith("Bình Dương, ngày"))
    assert so < qh < date
    assert any(t.startswith("Độc lập") for t in front[qh:])


def test_body_paragraphs_one_line_each_with_page_and_style(small):
    body = _lines(small)
    assert body[0].text == "KẾ HOẠCH" and body[0].style.bold and body[0].style.align == "center"
    a = next(b for b in body if b.text.startswith("a) "))
    assert a.text.endswith("trong suốt cả năm kế hoạch.")  # wrapped visual lines joined
    assert a.src.page == 1 and a.src.line > 1
    labels = [b.text[:2] for b in body if b.text[:1] in "abcdeghik" and b.text[1:2] == ")"]
    assert labels == ["a)", "b)", "c)", "d)", "e)", "g)", "h)", "i)", "k)"]


def test_paragraph_broken_by_page_break_joined(small):
    g = next(b for b in _lines(small) if b.text.startswith("g) "))
    assert g.text.endswith("cả năm kế hoạch.")
    assert any(d.code == "P004" for d in small.diagnostics)


def test_running_header_page_numbers_dropped(small):
    assert not any(b.text.strip().isdigit() for b in _lines(small))


def test_table_joined_over_pages_header_dropped_split_row_merged(small):
    tables = [b for b in small.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = table_text_rows(tables[0])
    assert rows[0] == ["STT", "Nội dung", "Chủ trì", "Thời gian"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 19)]
    assert rows[12][1].count("Nhiệm vụ số 12") == 14  # the row split by the page break
    assert not any("STT" in " ".join(r) for r in rows[1:])
    codes = {d.code for d in small.diagnostics}
    assert {"P006", "P007"} <= codes


def test_table_text_not_repeated_as_lines(small):
    assert not any("Văn phòng Sở" in b.text for b in _lines(small))


def test_table_sits_between_its_paragraphs(small):
    kinds = [type(b).__name__ for b in small.blocks]
    ti = kinds.index("Table")
    assert small.blocks[ti - 1].text == "II. NHIỆM VỤ"
    assert small.blocks[ti + 1].text.startswith("Trên đây là Kế hoạch")


def test_encrypted_needs_password():
    with pytest.raises(ExtractError, match="encrypted; pass --password"):
        extract_pdf(DATA / "plan-small-enc.pdf")
    with pytest.raises(ExtractError, match="password is wrong"):
        extract_pdf(DATA / "plan-small-enc.pdf", password="nope")
    ex = extract_pdf(DATA / "plan-small-enc.pdf", password="secret")
    assert any(isinstance(b, Table) for b in ex.blocks)


@pytest.mark.parametrize("cut", [0, 100, 2000, -5000])
def test_corrupt_or_truncated_is_extract_error(tmp_path, cut):
    data = SMALL.read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"" if cut == 0 else data[:cut])
    with pytest.raises(ExtractError):
        extract_pdf(bad)


def test_garbage_bytes_is_extract_error(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 50)
    with pytest.raises(ExtractError):
        extract_pdf(bad)


def test_max_pages():
    with pytest.raises(LimitExceeded):
        extract_pdf(SMALL, max_pages=2)


def test_scan_raises_scanned_document():
    with pytest.raises(ScannedDocument, match=r"scanned PDF .*pages 1-3.*--ocr"):
        extract_pdf(DATA / "vpcp-qd932-scan.pdf")


@pytest.mark.needs_tesseract
@pytest.mark.slow
def test_ocr_reads_scan(tmp_path):
    if not tesseract_ready():
        pytest.skip("tesseract with the 'vie' model is not installed (Debian: tesseract-ocr tesseract-ocr-vie)")
    import pypdfium2 as pdfium

    one = tmp_path / "one.pdf"
    src = pdfium.PdfDocument(str(DATA / "vpcp-qd932-scan.pdf"))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [0])
    dst.save(str(one))
    ex = extract_pdf(one, ocr=True)
    assert ex.meta["ocr_pages"] == [1]
    assert any(d.code == "P010" for d in ex.diagnostics)
    text = " ".join(b.text for b in ex.blocks if isinstance(b, Line))
    assert "QUYẾT ĐỊNH" in text.upper() or "THỦ TƯỚNG" in text.upper()


def test_ocr_missing_tesseract_is_unsupported(monkeypatch):
    import cchc_parse.extract.ocr as ocr

    monkeypatch.setattr(ocr, "tesseract_ready", lambda: False)
    with pytest.raises(UnsupportedFormat, match="tesseract-ocr-vie"):
        extract_pdf(DATA / "vpcp-qd932-scan.pdf", ocr=True)


@pytest.mark.skipif(not (SAMPLES / "laocai-ubnd-cv-chidao-vlncn.pdf").exists(), reason="corpus sample missing")
def test_word_boxes_are_not_tables():
    ex = extract_pdf(SAMPLES / "laocai-ubnd-cv-chidao-vlncn.pdf")
    assert not any(isinstance(b, Table) for b in ex.blocks)
    back = [b.text for b in _lines(ex, "back")]
    assert back[0] == "Nơi nhận:" and "Nguyễn Thành Sinh" in back


@pytest.mark.skipif(not (SAMPLES / "bct-cv1178-ccn-uo-glyph.pdf").exists(), reason="corpus sample missing")
def test_glyph_fix_on_corpus_file():
    ex = extract_pdf(SAMPLES / "bct-cv1178-ccn-uo-glyph.pdf")
    front = [b.text for b in _lines(ex, "front")]
    assert "BỘ CÔNG THƯƠNG" in front and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in front
    assert any(d.code == "P012" for d in ex.diagnostics)


@pytest.mark.skipif(not (SAMPLES / "laocai-dkt-kh1105-garbled.pdf").exists(), reason="corpus sample missing")
def test_garbled_text_layer_is_unusable():
    with pytest.raises(ExtractError, match=r"page\(s\) 1-6 is not Vietnamese text.*--ocr"):
        extract_pdf(SAMPLES / "laocai-dkt-kh1105-garbled.pdf")


def test_soffice_marker_registered():
    assert shutil.which  # markers are declared in pyproject (needs_tesseract, slow)
