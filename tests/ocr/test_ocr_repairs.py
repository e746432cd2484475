"""OCR post-correction, column re-reading and bold detection (H1b), and the structure patterns the
scans needed: rules on Tesseract's words, checked without Tesseract where they can be."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cchc_parse.extract.ocr import columns, tesseract_ready
from cchc_parse.extract.ocr.bold import bold_lines
from cchc_parse.extract.ocr.engine import TextLine, Word
from cchc_parse.extract.ocr.layout import (
    fix_hat_by_vocabulary,
    fix_tone_by_vocabulary,
    split_glued,
    to_chars,
    vocabulary,
)
from cchc_parse.extract.pdf.lines import group_lines
from cchc_parse.structure import patterns as P
from cchc_parse.structure.back import Back, _read_signer
from cchc_parse.structure.front import parse_number
from ocr.scan_factory import font, page, pt

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pdf"


def _words(*words: tuple[str, float], x: int = 100, gap: int = 15) -> list[Word]:
    out = []
    for text, conf in words:
        w = 20 * len(text)
        out.append(Word(text, conf, (x, 100, x + w, 130), (x, 100, x + 20, 130)))
        x += w + gap
    return out


def _line(words: list[Word]) -> TextLine:
    x0, x1 = words[0].box[0], words[-1].box[2]
    return TextLine(tuple(words), (x0, 100, x1, 130), ((x0, 128), (x1, 128)), 18.0)


def _text(*words: tuple[str, float]) -> str:
    chars, _ = to_chars([_line(_words(*words))], 72 / 200)
    return group_lines(chars, 1)[0].text


def test_number_glued_to_a_syllable_is_judged_on_its_own():
    w = Word("ngày23", 53.0, (100, 100, 220, 130), (100, 100, 120, 130))
    assert [p.text for p in split_glued(w)] == ["ngày", "23"]
    assert [p.text for p in split_glued(replace_text(w, "PC04"))] == ["PC04"]  # a code, not a syllable
    # "23" read at 53 is below the digits' threshold: the day is a blank, "ngày" stays
    assert _text(("Lâm", 96), ("Đồng,", 93), ("ngày23", 53), ("tháng", 96), ("10", 97)) == \
        "Lâm Đồng, ngày … tháng 10"


def replace_text(w: Word, text: str) -> Word:
    return Word(text, w.conf, w.box, w.lead)


def test_line_repairs_point_number_heading_colon_and_split_letter():
    assert _text(("3,", 80), ("Điều", 96), ("chỉnh", 97)) == "3. Điều chỉnh"
    assert _text(("3,", 80), ("4", 96), ("Điều", 96)) == "3, 4 Điều"  # a list of numbers keeps its comma
    assert _text(("QUYẾT:", 89), ("ĐỊNH", 93), ("CHẤP", 90), ("THUẬN", 97)) == "QUYẾT ĐỊNH CHẤP THUẬN"
    assert _text(("NƠI", 90), ("NHẬN:", 93)) == "NƠI NHẬN:"  # not after the first word of 3+
    assert _text(("CHỦ", 96), ("TRƯƠN", 92), ("G", 93), ("trương", 97)) == "CHỦ TRƯƠNG trương"
    assert _text(("CHỦ", 96), ("TRƯƠN", 92), ("G", 93)) == "CHỦ TRƯƠN G"  # "trươn" is valid: the page decides


def test_circumflex_and_tone_put_back_from_the_page_lexicon():
    vocab = Counter({"đốc": 1, "chấp": 3, "số": 15, "sô": 0})
    assert fix_hat_by_vocabulary("ĐÓC", vocab) == "ĐỐC"
    assert fix_hat_by_vocabulary("CHÁP", vocab) == "CHẤP"
    assert fix_hat_by_vocabulary("ĐÓNG", vocab) == "ĐÓNG"  # the page never writes "đống"
    assert fix_hat_by_vocabulary("Đóc", vocab) == "Đóc"  # capitals only
    box = (0, 0, 1, 1)
    sure, doubtful = Word("sô", 95.0, box, box), Word("sô", 84.0, box, box)
    assert fix_tone_by_vocabulary(doubtful, vocab) == "số"
    assert fix_tone_by_vocabulary(sure, vocab) == "sô"  # read with confidence: kept
    assert fix_tone_by_vocabulary(doubtful, Counter({"số": 2})) == "sô"  # too rare on the page
    lines = [_line(_words(("Giám", 97), ("đốc", 93), ("ĐÓC", 91), ("đóc", 50)))]
    assert vocabulary(lines) == Counter({"đốc": 1})  # lower case, confident, valid


def test_right_column_part_is_read_again_when_doubtful(monkeypatch):
    left = _words(("Văn", 97), ("phòng", 97), ("nước;", 97))
    right = _words(("Chấp\"", 57), ("THÍHHN)", 0), ("CHAHẨ!", 0), x=900)
    asked = []

    def fake(image, dpi, box):
        asked.append(box)
        return [_line(_words(("Phạm", 96), ("Minh", 96), ("Chính", 96), x=box[0] + 10))]

    monkeypatch.setattr(columns, "reread", fake)
    img = page()[0].convert("L")
    out = columns.reread_columns(img, 200, [_line(left + right)])
    assert [[w.text for w in ln.words] for ln in out] == [["Văn", "phòng", "nước;"],
                                                          ["Phạm", "Minh", "Chính"]]
    (x0, top, _, bottom), = asked
    assert left[-1].box[2] < x0 < right[0].box[0] and top < 100 and bottom > 130


def test_second_reading_kept_only_when_better(monkeypatch):
    name = _words(("Trần", 96), ("Phước", 96), ("Hiên", 90), x=1200)  # right half of the page, doubtful
    monkeypatch.setattr(columns, "reread", lambda image, dpi, box: [_line(_words(("Trân", 68), ("Phước", 96),
                                                                               ("Hiên", 81), x=box[0]))])
    img = page()[0].convert("L")
    [kept] = columns.reread_columns(img, 200, [_line(name)])
    assert [w.text for w in kept.words] == ["Trần", "Phước", "Hiên"]
    sure = _words(("Nguyễn", 97), ("Văn", 97), ("An", 97), x=1200)
    monkeypatch.setattr(columns, "reread", lambda *a: pytest.fail("a confident line is not read again"))
    assert columns.reread_columns(img, 200, [_line(sure)])[0].words == tuple(sure)


def test_bold_lines_by_stroke_width():
    img, d = page()
    d.text((pt(72), pt(72)), "QUYẾT ĐỊNH PHÊ DUYỆT", font=font(14, bold=True), fill="black")
    for k in range(4):
        d.text((pt(72), pt(110 + 20 * k)), "Căn cứ Luật Tổ chức chính quyền địa phương", font=font(14),
               fill="black")
    grey = img.convert("L")
    lines = []
    for k, y in enumerate([72] + [110 + 20 * j for j in range(4)]):
        box = (pt(72), pt(y), pt(72) + (700 if k else 620), pt(y) + pt(18))
        lines.append(TextLine((Word("x", 90.0, box, box),), box, ((box[0], box[3]), (box[2], box[3])), 20.0))
    assert bold_lines(grey, lines) == [True, False, False, False, False]
    assert bold_lines(grey, []) == []


def test_structure_patterns_for_scans():
    assert P.ROMAN.match("V. KINH PHÍ") and P.ROMAN.match("IV/ TỔ CHỨC")
    assert not P.ROMAN.match("V/v xin chủ trương triển khai")
    assert parse_number("số: … /QĐ-UBND") == (None, "QĐ-UBND", None)
    assert parse_number("SỐ: 12/KH-UBND") == ("12", "KH-UBND", None)
    assert parse_number("số 12/KH-UBND ngày 3/4/2025 của") is None  # a wrapped body line


def test_rank_before_the_signer_name_is_not_the_name():
    from cchc_parse.extract.blocks import Line, SourceRef

    back = Back(start=0)
    _read_signer(back, [Line("GIÁM ĐỐC", SourceRef(line=1)),
                        Line("Thiếu tướng Trương Minh Đương", SourceRef(line=2))])
    assert (back.title, back.name) == ("GIÁM ĐỐC", "Trương Minh Đương")


@pytest.mark.slow
@pytest.mark.skipif(not tesseract_ready(), reason="OCR needs tesserocr (pip) and tesseract-ocr-vie (Debian)")
def test_lamdong_ttr298_header_title_signer():
    from cchc_parse.pipeline import ParseOptions, parse_file

    d = parse_file(SAMPLES / "lamdong-cat-ttr298-adobescan.pdf", ParseOptions(ocr=True)).doc
    doc = d.document
    assert (doc.doc_type, doc.number, doc.symbol, doc.place) == ("TTr", None, "TTr-CAT-PC04", "Lâm Đồng")
    assert (doc.date.year, doc.date.month, doc.date.day) == (2025, 10, None)  # "ngày 24" handwritten
    assert doc.title.startswith("V/v xin chủ trương")
    assert (doc.signer.title, doc.signer.name) == ("GIÁM ĐỐC", "Trương Minh Đương")
    assert [b.number for b in d.legal_bases] == ["116/2021/NĐ-CP", "184/2025/NĐ-CP"]
    assert d.sections == []


