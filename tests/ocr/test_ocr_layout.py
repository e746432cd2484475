"""OCR with layout: fixture scans drawn with a TrueType font, read back through the PDF path."""

from __future__ import annotations

import pytest

from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.ocr import tesseract_ready
from cchc_parse.extract.ocr.engine import TextLine, Word
from cchc_parse.extract.ocr.layout import MARK, UNREADABLE, fix_hat, plausible, to_chars
from cchc_parse.extract.pdf.lines import group_lines
from cchc_parse.extract.pdf.reader import extract_pdf
from ocr.scan_factory import header_page, save_pdf, table_page

needs_tesseract = pytest.mark.skipif(
    not tesseract_ready(), reason="OCR needs tesserocr (pip) and tesseract-ocr-vie (Debian)")


def _zone(ex, zone):
    return [b.text for b in ex.blocks if isinstance(b, Line) and b.zone == zone]


@needs_tesseract
def test_two_column_header_number_date_and_signer(tmp_path):
    ex = extract_pdf(save_pdf([header_page()], tmp_path / "scan.pdf"), ocr=True)
    front = _zone(ex, "front")
    assert front[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 15/KH-UBND"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in front
    assert "Lào Cai, ngày 12 tháng 3 năm 2025" in front
    back = _zone(ex, "back")
    assert back[:3] == ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT."]
    assert back[-1] == "Nguyễn Văn An"
    assert ex.meta["ocr_pages"] == [1]


@needs_tesseract
def test_red_seal_and_blue_signature_over_the_signer(tmp_path):
    ex = extract_pdf(save_pdf([header_page(seal=True)], tmp_path / "seal.pdf"), ocr=True)
    back = _zone(ex, "back")
    assert "CHỦ TỊCH" in back and back[-1] == "Nguyễn Văn An"


@needs_tesseract
def test_ruled_table_in_a_scan_becomes_a_table(tmp_path):
    ex = extract_pdf(save_pdf([table_page()], tmp_path / "table.pdf"), ocr=True)
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = [[c.text for c in row] for row in tables[0].rows]
    assert len(rows) == 3 and len(rows[0]) == 4
    assert rows[1][1:] == ["Rà soát thủ tục hành chính", "Sở Nội vụ", "Tháng 6"]
    assert rows[2][2] == "Sở Tư pháp"


def _line(*words: tuple[str, float]) -> TextLine:
    x = 100
    out = []
    for text, conf in words:
        w = 20 * len(text)
        out.append(Word(text, conf, (x, 100, x + w, 130), (x, 100, x + 20, 130)))
        x += w + 15
    return TextLine(tuple(out), (100, 100, x, 130), ((100, 128), (x, 128)), 18.0)


def test_low_confidence_number_and_day_become_blanks():
    ln = _line(("Số:", 90), ("45", 35), ("/QĐ-UBND", 80), ("ngày", 28), ("0Â", 91), ("tháng", 96), ("†", 70),
               ("năm", 96), ("2026", 97))
    chars, bad = to_chars([ln], 72 / 200)
    [v] = group_lines(chars, 1)
    assert v.text == "Số: … /QĐ-UBND ngày … tháng … năm 2026"
    assert sum(c.font == UNREADABLE for c in chars) == 3
    assert bad[0].words == 3 and MARK in bad[0].text


def test_handwritten_number_glued_to_the_symbol_keeps_the_symbol():
    chars, _ = to_chars([_line(("Số:", 90), ("93λ/QĐ-TTg", 30))], 72 / 200)
    assert group_lines(chars, 1)[0].text == "Số: …/QĐ-TTg"


def test_plausible_words_and_circumflex_repair():
    assert plausible("72/2025/QH15") and plausible("NĐ-CP") and plausible("(Cấp")
    assert not plausible("á§") and not plausible("0Â") and not plausible("202đNĐÐ-CP")
    assert fix_hat("QUYÉT") == "QUYẾT" and fix_hat("CHỦ") == "CHỦ" and fix_hat("Hà") == "Hà"


@needs_tesseract
def test_unreadable_words_give_p033(tmp_path):
    from PIL import ImageDraw

    img = header_page(number=" " * 16)
    d = ImageDraw.Draw(img)
    # a scribble in the blank where the number goes: loops no font has
    for k in range(4):
        d.arc((350 + 14 * k, 294, 376 + 14 * k, 326), 30 * k, 220 + 30 * k, fill="black", width=4)
    ex = extract_pdf(save_pdf([img], tmp_path / "hand.pdf"), ocr=True)
    front = _zone(ex, "front")
    assert front[2].startswith("Số:") and front[2].endswith("/KH-UBND")
    assert not any(c.isdigit() for c in front[2])
    p033 = [d for d in ex.diagnostics if d.code == "P033"]
    assert p033 and p033[0].params["page"] == 1 and "…" in p033[0].params["text"]
