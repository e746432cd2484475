"""Closed vocabularies of the back block and look-alike digits in OCR'd lines (vocab.py), checked
on Tesseract-like words without Tesseract."""

from __future__ import annotations

from cchc_parse.extract.ocr.engine import TextLine, Word
from cchc_parse.extract.ocr.layout import to_chars
from cchc_parse.extract.ocr.vocab import closest_post, fix_back_word, fix_digits, recipients_head
from cchc_parse.extract.pdf.lines import group_lines

DPI = 200  # a column gap is 0.6 in = 120 px


def _words(spec: list[tuple[str, float] | int], x: int = 100) -> list[Word]:
    """Words 15 px apart; an int in ``spec`` is an extra gap in pixels (between columns)."""
    out = []
    for item in spec:
        if isinstance(item, int):
            x += item
            continue
        text, conf = item
        w = 20 * len(text)
        out.append(Word(text, conf, (x, 100, x + w, 130), (x, 100, x + 20, 130)))
        x += w + 15
    return out


def _read(spec: list[tuple[str, float] | int]) -> tuple[str, list]:
    words = _words(spec)
    ln = TextLine(tuple(words), (words[0].box[0], 100, words[-1].box[2], 130),
                  ((words[0].box[0], 128), (words[-1].box[2], 128)), 18.0)
    chars, bad = to_chars([ln], 72 / DPI)
    return " ".join(v.text for v in group_lines(chars, 1)), bad


def test_signer_post_within_a_small_distance_of_one_post():
    assert closest_post("PHÓ CHỦ TIC") == "PHÓ CHỦ TỊCH"  # a signature stroke across "TỊCH"
    assert closest_post("GIÁM ĐÓC") == "GIÁM ĐỐC"
    assert closest_post("CHỦ TỊCH") is None  # already right
    assert closest_post("BỤ TRƯỞNG") is None  # "BỘ" or "VỤ": two posts near, none chosen
    assert closest_post("TM. ỦY BAN NHÂN DÂN") is None and closest_post("Phó chủ tic") is None
    text, _ = _read([("-", 93), ("Thường", 96), ("trực", 96), ("tỉnh;", 97), 400,
                     ("KT.", 95), ("PHÓ", 92), ("CHỦ", 93), ("TIC", 77)])
    assert text.endswith("tỉnh; KT. PHÓ CHỦ TỊCH")


def test_recipients_head_read_with_a_handwritten_initial():
    text, bad = _read([("Nơi", 95), ("nHỆN", 21), ("MU", 16), 600, ("CHỦ", 96), ("TỊCH", 97)])
    assert text == "Nơi nhận: CHỦ TỊCH"  # the initial is left out, not a recipient "…"
    assert [b.words for b in bad] == [1]
    ws = _words([("Nơi", 97), ("nhanh", 96), ("chóng", 96)])
    assert recipients_head(ws) is None  # real words
    assert recipients_head(_words([("Nơi", 97), ("nhận:", 97)])) is None  # read right


def test_look_alike_letters_in_numbers_and_back_words():
    assert fix_digits("l6") == "16" and fix_digits("2O25;") == "2025;"
    assert fix_digits("l6/2026/NĐ-CP") == "16/2026/NĐ-CP"
    assert [fix_digits(t) for t in ("QH15", "ĐT741", "lO", "Lào", "72/2025/QH15")] == \
        ["QH15", "ĐT741", "lO", "Lào", "72/2025/QH15"]
    assert fix_back_word("(b/e);") == "(b/c);" and fix_back_word("(t/h)") == "(t/h)"
    assert fix_back_word("Luu:") == "Lưu:" and fix_back_word("Lưu:") == "Lưu:"
    assert fix_back_word("(x/y)") == "(x/y)"  # no tag near


def test_closed_words_in_a_line_and_no_spread_across_columns():
    text, _ = _read([("-", 93), ("Thường", 91), ("trực", 97), ("Tỉnh", 97), ("ủy", 93), ("(b/e);", 33)])
    assert text == "- Thường trực Tỉnh ủy (b/c);"
    text, _ = _read([("ngày", 97), ("l6", 87), ("tháng", 97)])
    assert text == "ngày 16 tháng"
    # "3;" stays: the signature fragment beside it stands in the other column
    text, _ = _read([("-", 55), ("Các", 97), ("tại", 97), ("Điều", 96), ("3;", 97), 200, ("=——f*", 0)])
    assert text == "- Các tại Điều 3; …"
