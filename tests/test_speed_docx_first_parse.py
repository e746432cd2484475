"""Start-up and .docx speed work (issue 16) that must not change a result: a pattern moved from
``regex`` to ``re`` matches the same, and find_provinces' C-level word listing gives the words and
offsets of the offset-only path it replaces for texts up to a megabyte."""

from __future__ import annotations

import re
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.normalise import citations
from cchc_parse.normalise import provinces as PV
from cchc_parse.structure import front, front_header
from cchc_parse.structure import patterns as P
from cchc_parse.validate.rules import header

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _matched(pattern: re.Pattern[str] | regex.Pattern[str]) -> bytes:
    match = pattern.match
    return bytes(1 if match(chr(c)) else 0 for c in range(0x110000))


def test_space_classes_are_regex_s_and_S() -> None:
    assert _matched(re.compile(P.RE_SPACE)) == _matched(regex.compile(r"\s"))
    assert _matched(re.compile(P.RE_NONSPACE)) == _matched(regex.compile(r"\S"))


# _TYPE_LINE as it was, in ``regex``
_OLD_TYPE_LINE = regex.compile(
    r"^\s*(?P<type>" + "|".join(sorted((regex.escape(k) for k in front.DOC_TYPES), key=len, reverse=True))
    + r")\s*(?P<rest>(?:\s+\S.*)?)$")


def _same_type_line(t: str) -> None:
    new, old = front._TYPE_LINE.match(t), _OLD_TYPE_LINE.match(t)
    assert (new is None) == (old is None), t
    if new is not None and old is not None:
        assert new.groupdict() == old.groupdict() and new.span() == old.span(), t


# the other patterns moved to ``re``, as they were in ``regex``
_OLD_RULE_LINE = regex.compile(r"^\s*[-_=–—*.]{3,}(?:\s+[-_=–—*.]{3,})*\s*$|^\s*\*\s*$")
_OLD_DRAFT_GLUED = regex.compile(r"^\s*DỰ\s+THẢO\s+(?=\S)|\s+DỰ\s+THẢO\s*$")
_OLD_SYMBOL_SEP = regex.compile(r"[-/]")


def _span(m: re.Match[str] | regex.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m is not None else None


def _same_moved(t: str) -> None:
    assert _span(P.RULE_LINE.match(t)) == _span(_OLD_RULE_LINE.match(t)), t
    assert _span(front_header._DRAFT_GLUED.search(t)) == _span(_OLD_DRAFT_GLUED.search(t)), t
    assert front_header._DRAFT_GLUED.sub("", t) == _OLD_DRAFT_GLUED.sub("", t), t
    for sep in (front._SYMBOL_SEP, citations._SYMBOL_SEP, header._SYMBOL_SEP):
        assert sep.split(t) == _OLD_SYMBOL_SEP.split(t), t


def _sample_lines() -> list[str]:
    """Every line of the text samples and every paragraph of the .docx samples, and a few made up."""
    from cchc_parse.extract import extract
    from cchc_parse.extract.blocks import Line

    out = ["-------", "*", " -------          ---------------", "DỰ THẢO KẾ HOẠCH", "KẾ HOẠCH DỰ THẢO",
           "KẾ HOẠCH\x1c DỰ THẢO", "\x1f-----"]
    for f in sorted((SAMPLES / "text").glob("*.txt")):
        out += f.read_text("utf-8", "replace").splitlines()
    for f in sorted((SAMPLES / "docx").glob("*.docx")):
        out += [b.text for b in extract(f).blocks if isinstance(b, Line)]
    return out


def test_type_line_same_on_the_samples() -> None:
    lines = _sample_lines()
    assert any(_OLD_TYPE_LINE.match(t) for t in lines) and any(_OLD_RULE_LINE.match(t) for t in lines)
    assert any(_OLD_DRAFT_GLUED.search(t) for t in lines)
    for t in lines:
        _same_type_line(t)
        _same_moved(t)


_PIECES = [*front.DOC_TYPES, " ", "  ", "\t", "\n", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000",
           "x", "KẾ", "Ạ", "số 12", ".", "DỰ", "THẢO", "---", "—", "*", "_", "=", "/", "-", "KH-UBND"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_moved_patterns_same_on_generated_lines(t: str) -> None:
    _same_type_line(t)
    _same_moved(t)


def _offset_path(text: str) -> tuple[list[str], list[int]]:
    words, _cands = PV._word_offsets(text, PV._mention_index()[2])
    starts = words.starts
    return [words[j] for j in range(len(words))], list(starts)


_TEXT = st.lists(st.sampled_from([*"aBđĐ _-.,\n\t1", "Bình", "Dương", "TP.HCM", "tỉnh", "Thái", "\u0301",
                                  "\u00b2", "Ⅻ", "x_y", "BD", "Hà Nội", "Huế"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_listed_words_are_the_offset_words(text: str) -> None:
    assert PV._words(text) == _offset_path(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["tỉnh Bình Dương", "TP.HCM", "Thái Bình Dương", "Sở Nội vụ tỉnh BD", "x",
                                 "Hòa Bình", "hòa bình", "thành phố Huế", ", ", " ", "\n"]), max_size=12).map("".join))
def test_find_provinces_same_on_both_paths(text: str) -> None:
    listed = PV.find_provinces(text)
    old = PV._LISTED_MAX
    try:
        PV._LISTED_MAX = -1
        offsets = PV.find_provinces(text)
    finally:
        PV._LISTED_MAX = old
    assert listed == offsets


def test_find_provinces_same_on_both_paths_for_the_samples() -> None:
    text = "\n".join(_sample_lines())
    old = PV._LISTED_MAX
    listed = PV.find_provinces(text)
    try:
        PV._LISTED_MAX = -1
        offsets = PV.find_provinces(text)
    finally:
        PV._LISTED_MAX = old
    assert listed == offsets and listed
    assert PV._words(text) == _offset_path(text)
