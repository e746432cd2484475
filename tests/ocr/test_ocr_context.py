"""OCR post-correction by context (context.py): tone / diacritic variants chosen by a word-pair
table, checked with a tiny table built here and with the package's table."""

from __future__ import annotations

from cchc_parse.extract.ocr.context import Bigrams, confusable, fix_by_context, fix_lines, skeleton, table
from cchc_parse.extract.ocr.engine import Word

TINY = Bigrams.of({"bổ sung": 40, "bố trí": 12, "chi ngân": 5, "ngân sách": 30, "dự toán": 9, "chỉ đạo": 60,
                   "cải cách": 50, "công tác": 20, "tác cải": 15, "tài khoản": 4, "tại khoản": 20,
                   "toán chi": 4, "kinh phí": 4000, "nhà nước": 4000})  # the last two: a corpus's bulk


def _words(text: str) -> list[Word]:
    return [Word(t, 96.0, (i * 50, 0, i * 50 + 40, 20), (i * 50, 0, i * 50 + 8, 20))
            for i, t in enumerate(text.split())]


def _fix(text: str, before: str = "") -> str:
    return " ".join(w.text for w in fix_by_context(_words(text), TINY, before)[0])


def test_variant_chosen_by_its_neighbours():
    assert _fix("điều chỉnh, bố sung dự toán") == "điều chỉnh, bổ sung dự toán"
    assert _fix("bỗ sung") == "bổ sung"  # a rare syllable read for a common one
    assert _fix("dự toán chỉ ngân sách") == "dự toán chi ngân sách"
    assert fix_by_context(_words("bố sung chỉ ngân"), TINY)[1] == 2


def test_word_kept_when_it_fits_or_nothing_tells():
    assert _fix("để bố trí kinh phí") == "để bố trí kinh phí"  # "bố trí" is right where it is
    assert _fix("chỉ đạo thực hiện") == "chỉ đạo thực hiện"
    assert _fix("bố") == "bố"  # no neighbours
    assert _fix("công tác cai nghiện") == "công tác cai nghiện"  # "cải" is followed by "cách", not this


def test_punctuation_cuts_the_pair_and_names_numbers_codes_are_kept():
    assert _fix("bố. sung") == "bố. sung"
    assert _fix("bố, sung") == "bố, sung"
    assert _fix("Bố sung") == "Bố sung"  # capitalised: a name or a sentence's start
    assert _fix("BỐ SUNG") == "BỐ SUNG"
    assert _fix("83 chỉ ngân") == "83 chi ngân"  # the right neighbour alone is enough
    assert _fix("(bố) sung") == "(bố) sung"


def test_line_above_gives_the_left_neighbour():
    assert _fix("chỉ", before="toán") == "chi"
    assert _fix("chỉ", before="toán.") == "chỉ"  # a sentence ended above
    lines, n = fix_lines([_words("kinh phí dự toán"), _words("chỉ")], TINY)
    assert [w.text for w in lines[1]] == ["chi"] and n == 1


def test_only_visual_confusions_are_variants():
    assert skeleton("bổ") == "bo" and skeleton("đường") == "đuong"
    assert confusable("chỉ", "chi") and confusable("bố", "bỗ") and confusable("thê", "thể")
    assert not confusable("tài", "tại")  # a tone above is not taken for the dot below
    assert not confusable("toạ", "tọa")  # the same marks on another vowel: a spelling
    assert _fix("cấp tài khoản") == "cấp tài khoản"


def test_package_table_is_small_and_knows_the_common_pairs():
    t = table()
    assert t.pairs["bổ sung"] > 50 and "bố sung" not in t.pairs
    assert min(t.pairs.values()) >= 2
    assert _fix_real("điều chỉnh, bỗ sung dự toán chỉ ngân sách") == "điều chỉnh, bổ sung dự toán chi ngân sách"
    assert _fix_real("bố trí kinh phí chỉ đạo") == "bố trí kinh phí chỉ đạo"


def _fix_real(text: str) -> str:
    return " ".join(w.text for w in fix_by_context(_words(text))[0])
