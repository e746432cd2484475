"""The structure stage's fast paths (issue 16) give what the plain code gives: the attachment-head
tests against the code they replaced on every line of the samples, the end-of-paragraph tests and the
text cleaner's shortcut on generated text, and the facts about characters they rest on."""

from __future__ import annotations

import glob
import unicodedata
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.extract import clean
from cchc_parse.extract.blocks import Line, SourceRef, Style
from cchc_parse.structure import attachments as A
from cchc_parse.structure import paragraphs
from cchc_parse.structure.front import is_upper_line
from cchc_parse.structure.markers import match_text
from cchc_parse.validate.rules import references as R

from .samples import sample_lines

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]


# --- the attachment heads: the code before the memo and the "kèm" gate


def _is_title_before(ln: Line) -> bool:
    t = ln.text.strip()
    if not t or len(t) > A._MAX_HEAD_LINE or ln.zone in ("front", "back") or A.P.QUOC_HIEU.match(t) \
            or A.P.RULE_LINE.match(t):
        return False
    if A._ISSUED_WITH.match(t) or t.endswith((";", ",")):
        return False
    tm = A._TRAILING_ISSUED.search(t)
    return is_upper_line(t[:tm.start()] if tm and tm.start() else t) or ln.style.bold


def _issued_before(lines: list[Line], i: int, span: int = 3) -> int | None:
    first = True
    for k in range(i, min(len(lines), i + span + 1)):
        t = lines[k].text.strip()
        if not t:
            continue
        if A._ISSUED_WITH.match(t) or (_is_title_before(lines[k]) and A._TRAILING_ISSUED.search(t)):
            return k
        if first and not _is_title_before(lines[k]):
            return None
        if not first and (len(t) > 200 or t.endswith((".", ";", ":")) or match_text(t) is not None
                          or A._APPENDIX_HEAD.match(t) or A._FORM_HEAD.match(t)):
            return None
        first = False
    return None


def test_title_lines_and_issuing_notes_on_the_samples() -> None:
    for lines in sample_lines():
        ls = A._Lines(lines)
        for i, ln in enumerate(lines):
            assert ls.title(i) == A._is_title_line(ln) == _is_title_before(ln), ln.text
            assert A._issued_index(ls, i) == _issued_before(lines, i), ln.text
            if _issued_before(lines, i) is not None:
                assert ls.note_near(i), ln.text  # the gate never hides a head


def test_heads_on_the_samples() -> None:
    """Where the gate skips a line, the head test it skips would have found nothing."""
    for lines in sample_lines():
        ls = A._Lines(lines)
        for i in range(len(lines)):
            h = A.head_at(ls, i)
            if h is None and not ls.note_near(i):
                assert _issued_before(lines, i) is None


def test_kem_case_variants_lower_to_kem() -> None:
    """Every character regex's IGNORECASE takes for k, è or m lower-cases to it (the gate uses str.lower)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for want in "kèm":
        same = [m.group() for m in regex.finditer(want, every, regex.IGNORECASE)]
        assert same and all(c.lower() == want for c in same), (want, same)


TITLE = st.builds(lambda t, bold, zone: Line(text=t, src=SourceRef(line=1), style=Style(bold=bold), zone=zone),
                  st.lists(st.sampled_from(["QUY CHẾ", "Tổ chức", "(Ban hành kèm theo", "Quyết định số 12/QĐ-UBND)",
                                            "KÈM THEO", " ", "(", ")", ";", ",", "CỘNG HÒA XÃ HỘI", "----", "a"]),
                           max_size=8).map(" ".join), st.booleans(), st.sampled_from([None, "front", "back"]))


@FAST
@given(TITLE)
def test_title_line_property(ln: Line) -> None:
    assert A._is_title_line(ln) == _is_title_before(ln)


# --- the end of a paragraph: looked at only at its end

ENDS = st.text(alphabet=st.sampled_from(list("ab .;:!?…)]”\"'»/-\n\t\x1c\u00a0\u2028")), max_size=30)


@FAST
@given(ENDS)
def test_ends_terminal_is_the_search(text: str) -> None:
    assert paragraphs._ends_terminal(text) == (paragraphs._TERMINAL.search(text) is not None)


@FAST
@given(st.text(alphabet=st.sampled_from(list("/NĐ-CP1 a\n")), max_size=20), st.text(max_size=3))
def test_join_wrapped_is_the_search(prev: str, nxt: str) -> None:
    before = prev + nxt if paragraphs._SPLIT_SYMBOL.search(prev) and regex.match(r"[\p{Lu}Đ\d]", nxt) else f"{prev} {nxt}"
    assert paragraphs.join_wrapped(prev, nxt) == before


# --- extract.clean.clean_text: a string with nothing to clean is only stripped


def _clean_before(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = clean._CONTROLS.sub("", clean._INVISIBLE.sub("", s.replace("\x02", "-")))
    return clean._SPACES.sub(" ", s).strip()


SPECIAL = "\x00\x02\t\x0b\x1c\x7f\u00a0\u00ad\u061c\u2000\u2009\u200b\u200e\u202a\u202f\u205f\u2060\u2066\u3000\ufeff"


@FAST
@given(st.text(alphabet=st.sampled_from(list("ab  \n\r\x85e\u0301" + SPECIAL)), max_size=20) | st.text(max_size=20))
def test_clean_text_is_the_substitutions(text: str) -> None:
    assert clean.clean_text(text) == _clean_before(text)


def test_clean_text_on_thesample_lines() -> None:
    for f in sorted(glob.glob(str(ROOT / "samples" / "text" / "*.txt"))):
        for raw in Path(f).read_text("utf-8", errors="replace").split("\n"):
            assert clean.clean_text(raw) == _clean_before(raw)


# --- validate: the date searches skipped when a text has no year or no slash


@FAST
@given(st.text(alphabet=st.sampled_from(list("ngàyNGÀY tháng năm 0123456789/.-")), max_size=40))
def test_date_searches_need_a_year_or_a_slash(text: str) -> None:
    if not ("19" in text or "20" in text):
        assert R._DMY.search(text) is None and R._WORDS.search(text) is None
    if "/" not in text:
        assert R._DM.search(text) is None


# --- markers: a recogniser is tried only on a text that starts with one of its characters


def _match_all(text: str):
    from cchc_parse.structure.markers import RECOGNISERS

    return next((m for _n, rec in RECOGNISERS if (m := rec(text)) is not None), None)


MARK = st.lists(st.sampled_from(["I.", "IV-", "1.", "1.2.", "(1)", "(ii)", "a)", "đ.", "A.", "Q.", "Điều 3.", "Phần I",
                                 "CHƯƠNG II", "-", "+", "•", "–", " ", "\t", "\x1c", "x", "Nội dung", "12", "%"]),
                max_size=5).map(" ".join)


@FAST
@given(MARK)
def test_match_text_is_every_recogniser_in_order(text: str) -> None:
    assert match_text.__wrapped__(text) == _match_all(text)


def test_match_text_on_thesample_lines() -> None:
    for lines in sample_lines():
        for ln in lines:
            assert match_text.__wrapped__(ln.text) == _match_all(ln.text), ln.text
