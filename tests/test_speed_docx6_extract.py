"""Fast paths of issue 16, session 6, in the .docx extractor, against the code they replaced: numbering.xml's
first children found by lxml's tag filter (not ElementPath's find), the start values past the limit told
without reading the short ones as numbers, and clean_text's substitutions written for ``re``."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cchc_parse.extract import clean
from cchc_parse.extract.docx import numbering as N

ROOT = Path(__file__).resolve().parents[1]
W = N.W


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("0123456789 +-_.e\u0663x")), max_size=8)))
def test_over_max_is_the_number_test(v: str | None) -> None:
    assert N._over_max(v) == ((N._int(v, 0) or 0) > N.MAX_START)


def test_over_max_at_the_limit() -> None:
    for v in ("32767", "32768", "+32768", " 32768", "3_2768", "99999", "9999", "+999", "0032768", "-99999"):
        assert N._over_max(v) == ((N._int(v, 0) or 0) > N.MAX_START), v


def _numbering_roots() -> list[etree._Element]:
    roots = []
    for f in sorted((ROOT / "samples" / "docx").glob("*.docx")):
        with zipfile.ZipFile(f) as z:
            if "word/numbering.xml" in z.namelist():
                roots.append(etree.fromstring(z.read("word/numbering.xml")))
    return roots


def test_first_is_find_on_the_samples() -> None:
    tags = [W + t for t in ("numStyleLink", "abstractNumId", "startOverride", "lvl", "start", "nsid", "x")]
    for root in _numbering_roots():
        for el in root.iter():
            for tag in tags:
                assert N._first(el, tag) is el.find(tag)


def test_first_is_find_with_other_children() -> None:
    root = etree.fromstring(f'<w:a xmlns:w="{W[1:-1]}"><!--c--><w:b/><?p x?><w:lvl w:ilvl="1"/><w:lvl w:ilvl="2"/>'
                            '<lvl/><w:c><w:lvl/></w:c></w:a>'.encode())
    for tag in (W + "lvl", W + "b", W + "c", "lvl", W + "none"):
        assert N._first(root, tag) is root.find(tag)


# --- extract.clean.clean_text with re


def _clean_before(s: str) -> str:
    """clean_text as it was: regex's three substitutions."""
    s = unicodedata.normalize("NFC", s)
    if not clean._NEEDS_CLEAN.search(s):
        return s.strip()
    s = clean._CONTROLS.sub("", clean._INVISIBLE.sub("", s.replace("\x02", "-")))
    return clean._SPACES.sub(" ", s).strip()


def test_drop_class_is_the_two_classes() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    both = set(clean._INVISIBLE.findall(every)) | set(clean._CONTROLS.findall(every))
    assert set(clean._DROP.findall(every)) == both
    assert set(clean._SPACES_RE.findall(every)) == set(clean._SPACES.findall(every))


_CLEAN_ALPHABET = [*"ab \t\n\x00\x01\x02\x03\x1f\x7f\u00a0\u00ad\u061c\u2000\u200a\u200b\u200f\u202a\u202e\u202f"
                   "\u205f\u2060\u2066\u2069\u3000\ufeffe\u0301ế", "  ", "\u00a0\u00a0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CLEAN_ALPHABET), max_size=30).map("".join))
def test_clean_text_is_as_before(s: str) -> None:
    assert clean.clean_text(s) == _clean_before(s)
