"""The normalise stage's fast paths (issue 16) give what the plain code gives: each is checked against
the code it replaced, on the sample texts and on generated text, and the facts about characters
they rest on are checked over every code point."""

from __future__ import annotations

import glob
import re
import unicodedata
from array import array
from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.normalise import areas, citations, deadline_atoms, encodings, mojibake, provinces, standards
from cchc_parse.normalise.keys import fold_key

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [unicodedata.normalize("NFC", Path(f).read_text("utf-8", errors="replace"))
           for f in sorted(glob.glob(str(ROOT / "samples" / "text" / "*.txt")))]
PARAS = [p for s in SAMPLES for p in s.split("\n") if p.strip()]
CHARS = list(range(0x110000))


def _chars() -> list[str]:
    return [chr(c) for c in CHARS if not 0xD800 <= c < 0xE000]


# --- vietnamese_score: Counter(str.split()) instead of re.split(r"\s+") token by token


def _score_before(text: str) -> tuple[int, int]:
    good = bad = 0
    for tok in re.split(r"\s+", text):
        if tok.isascii():
            continue
        words = encodings._WORD.findall(tok)
        if not words or len(words) > 1 or len(words[0]) < len(tok.strip(".,;:()[]\"'!?-–/")):
            bad += 1
            continue
        if encodings._is_syllable(words[0]):
            good += 1
        else:
            bad += 1
    return good, bad


def test_re_whitespace_is_str_isspace() -> None:
    """str.split() and re's \\s split on the same characters, so the tokens are the same."""
    ws = re.compile(r"\s")
    assert all((ws.match(c) is not None) == c.isspace() for c in _chars())


def test_vietnamese_score_on_the_samples() -> None:
    for text in [*SAMPLES, *PARAS[:300]]:
        assert encodings.vietnamese_score(text) == _score_before(text)
        for variant in (encodings.tcvn3_to_unicode(text), encodings.vni_to_unicode(text)):
            assert encodings.vietnamese_score(variant) == _score_before(variant)


VN = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằếộữ CÉNG µ¸\t\n\x1c\u00a0.,;()\"'-–/1")),
             max_size=120)


@FAST
@given(VN)
def test_vietnamese_score_property(text: str) -> None:
    assert encodings.vietnamese_score(text) == _score_before(text)


# --- repair_mojibake: only tokens with a UTF-8 lead/continuation pair are tried


def _repair_before(s: str) -> tuple[str, str | None]:
    if s.isascii():
        return s, None
    best: tuple[int, str, str | None] = (0, s, None)
    for name, fn, _candidates in mojibake._REPAIRS:
        parts = re.split(r"([ \t\r\n]+)", s)
        changed = 0
        for i in range(0, len(parts), 2):
            fixed = mojibake._repair_token(parts[i], fn)
            if fixed is not None:
                parts[i] = fixed
                changed += 1
        if changed > best[0]:
            best = (changed, "".join(parts), name)
    return best[1], best[2]


@pytest.mark.parametrize(("codec", "to_bytes"), [("cp1252", mojibake._cp1252_bytes),
                                                  ("mac_roman", mojibake._macroman_bytes)])
def test_lead_and_continuation_characters_are_all_of_them(codec, to_bytes) -> None:
    """Every character the repair maps to one byte in C2–F4 (80–BF) is in the lead (continuation) set."""
    lead, cont = set(mojibake._chars_of(codec, 0xC2, 0xF4)), set(mojibake._chars_of(codec, 0x80, 0xBF))
    for c in _chars():
        b = to_bytes(c)
        assert b is None or len(b) == 1, repr(c)  # one character is one byte: pairs of chars are pairs of bytes
        if b is not None and ord(c) > 127:
            assert (c in lead) == (0xC2 <= b[0] <= 0xF4) and (c in cont) == (0x80 <= b[0] <= 0xBF), repr(c)


def test_repair_mojibake_on_the_samples_and_their_mojibake() -> None:
    for text in [*SAMPLES, *PARAS[:200]]:
        assert mojibake.repair_mojibake(text) == _repair_before(text)
        for enc in ("cp1252", "mac_roman"):
            broken = text.encode("utf-8").decode(enc, errors="replace")
            assert mojibake.repair_mojibake(broken) == _repair_before(broken)


MOJI = st.text(alphabet=st.sampled_from(list("Cá»™ng hÃ²a xÃ£ C·ªông h√≤a x√£ ộ€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™ \t\n\r\u00a0")),
               max_size=80)


@FAST
@given(MOJI)
def test_repair_mojibake_property(text: str) -> None:
    assert mojibake.repair_mojibake(text) == _repair_before(text)


# --- find_citations: CITATION searched from the run before each number, not at every position

CITE = st.lists(st.sampled_from(["Nghị định", "nghị định", "Thông tư", "số", "Số:", " ", "  ", "\n", ":", "61", "2018",
                                 "/", "-", "NĐ", "CP", "KL", "TW", "28", "QH15", ".", "6", "ngày", "23", "4", "Mẫu",
                                 "QCVN", "a", "Đ", "&", ",", "(", ")", "1.2", "số 12"]),
                max_size=40).map("".join)


def _same(text: str) -> None:
    want = [(m.span(), m.groupdict()) for m in citations.CITATION.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in citations._citation_matches(text)] == want


def test_citation_matches_on_the_samples() -> None:
    for text in [*SAMPLES, *PARAS]:
        _same(text)


@FAST
@given(CITE)
def test_citation_matches_property(text: str) -> None:
    _same(text)
    assert citations.find_citations(text) == citations.citations_in(text, standards.find_standards(text))


@FAST
@given(st.lists(st.sampled_from(["TCVN", "QCVN", "ISO", "IEC", "TCN", "QCĐP", " ", "9001", ":", "2015", "/", "x"]),
                max_size=12).map("".join))
def test_standards_prefilter(text: str) -> None:
    assert bool(standards._ANY_KIND.search(text)) <= any(s in text for s in ("TC", "QC", "ISO", "IEC"))


# --- find_provinces: only the candidate words are looked at


def _all_words(text: str) -> Counter[str]:
    """find_provinces with every word a candidate (the loop before the candidate filter)."""
    out: Counter[str] = Counter()
    _s, _l, _abbrev, special = provinces._mention_index()
    spans = []
    for m in special.finditer(text):
        abbr = re.sub(r"[\s.\-]", "", m.group(0)).upper()
        out["Bà Rịa - Vũng Tàu" if abbr.startswith("BR") else (
            "Thừa Thiên Huế" if abbr.startswith("TT") else "Thành phố Hồ Chí Minh")] += 1
        spans.append(m.span())
    starts, ends = array("q"), array("q")
    for m in provinces._WORD.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    provinces._count_mentions(text, starts, ends, array("q", range(len(starts))), spans, out)
    return out


PROV = st.lists(st.sampled_from(["tỉnh", "Tỉnh", "Bình", "Dương", "Thái", "TP.", "TP.HCM", "HCM", "BD", "Sài Gòn",
                                 "Lào", "Cai", "LÀO CAI", "Hà", "Nội", "thành phố", "Huế", " ", ", ", "\n", "Sở"]),
                max_size=30).map(" ".join)


def test_find_provinces_on_the_samples() -> None:
    for text in SAMPLES:
        assert provinces.find_provinces(text) == _all_words(text)


@FAST
@given(PROV)
def test_find_provinces_property(text: str) -> None:
    assert provinces.find_provinces(text) == _all_words(text)


# --- classify_area: keywords whose first word is not in the body are not searched


def test_a_keyword_found_has_its_first_word_in_the_body() -> None:
    for text in PARAS[:400]:
        body = fold_key(text)
        words = set(body.split(" "))
        for a in areas._areas():
            for k, _w, first in a.keywords:
                assert first == k.split(" ", 1)[0]
                if areas._contains(body, k):
                    assert first in words, (k, body[:80])


# --- prep: str.lower in one pass where it lower-cases character by character


@FAST
@given(st.text(alphabet=st.sampled_from(list("AaΣσςİIıẞßǅǄĐđ ÀẠ.\u0345")), max_size=30) | st.text(max_size=30))
def test_lower_each_is_per_character(text: str) -> None:
    assert deadline_atoms._lower_each(text) == "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@FAST
@given(st.text(max_size=40))
def test_prep_spaces_are_isspace(text: str) -> None:
    assert deadline_atoms._OTHER_SPACE.sub(" ", text) == "".join(" " if c.isspace() else c for c in text)


def test_regex_whitespace_is_within_isspace() -> None:
    """What the structure fast paths assume of regex's \\s (str.rstrip strips at least it)."""
    ws = regex.compile(r"\s")
    assert all(c.isspace() for c in _chars() if ws.match(c))
