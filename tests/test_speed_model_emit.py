"""The writing and lint short cuts of issue 16 give what the longer ways give: each is compared with the
way it replaced (kept here as the reference), on the samples and on generated inputs."""

from __future__ import annotations

import glob
import sys
import unicodedata
from functools import cache
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.emit import yaml_fast
from cchc_parse.extract import extract
from cchc_parse.model import PlanDocument
from cchc_parse.normalise.document import to_document
from cchc_parse.structure.document import structure
from cchc_parse.validate.lintrun import sections, sections_walked_once
from cchc_parse.validate.rules import numbering
from cchc_parse.validate.rules import references as rule_refs

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]


@cache
def _docs() -> list[PlanDocument]:
    out = []
    for f in sorted(glob.glob(str(ROOT / "samples" / "docx" / "*.docx"))):
        ex = extract(Path(f))
        out.append(to_document(structure(ex.blocks, split_rows=False), {}, Path(f).name, "docx", None))
    return out


# --- YAML: a long text whose body is known is not checked again; key lines are kept between documents

LONG = st.lists(st.sampled_from([*"ab cđ'Ạ:#-?,&*![]{}|>\"%@` ", "  ", "'", "\u00e9", "x" * 30, "\n", "\x85"]),
                max_size=60).map("".join)


@FAST
@given(LONG, st.integers(min_value=0, max_value=130), st.integers(min_value=0, max_value=60))
def test_long_is_text(s: str, col: int, indent: int) -> None:
    w = yaml_fast.Writer()
    try:
        b = w.body(s)
    except yaml_fast.Refused:  # the caller writes the document the old way
        return
    if b:
        assert w.long(s, b, col, indent) == w.text(s, col, indent)


def _clear_kept() -> None:
    for kept in (yaml_fast._KEY_LINES, yaml_fast._BODIES, yaml_fast._INTS):
        kept.clear()


def test_what_is_kept_does_not_depend_on_the_document_before() -> None:
    data = [d.model_dump(mode="json") for d in _docs()]
    first = []
    for d in data:
        _clear_kept()
        first.append(yaml_fast.write(d))
    assert [yaml_fast.write(d) for d in reversed(data)] == list(reversed(first))  # kept from one to the next
    assert [yaml_fast.write(d) for d in data] == first
    _clear_kept()
    assert yaml_fast.write({"a": {"b": 1}, "c": [7, "y", "x" * 70, "x" * 70]}) == (
        "a:\n  b: 1\nc:\n- 7\n- y\n- " + "x" * 70 + "\n- " + "x" * 70 + "\n")
    assert yaml_fast._BODIES and yaml_fast._INTS and "x" * 70 not in yaml_fast._BODIES


# --- lint rules: one walk of the sections; empty sibling lists skipped; "ngày" needs an "à"


def test_sections_walked_once() -> None:
    doc = _docs()[0]
    walk = doc.walk_sections()
    with sections_walked_once(doc):
        with sections_walked_once(doc):
            assert sections(doc) == walk
        got = sections(doc)
        assert got == walk and got is not sections(doc)
    from cchc_parse.validate.lintrun import _RUN

    assert _RUN.get() is None


def test_section_groups_are_the_non_empty_ones() -> None:
    for doc in _docs():
        before = []
        stack = [doc.sections]
        while stack:
            nodes = stack.pop()
            before.append([(s.id, s.label, s.numbering == "auto", s.source) for s in nodes])
            stack.extend(s.children for s in reversed(nodes))
        assert list(numbering._section_groups(doc)) == [g for g in before if g]


def test_day_word_needs_an_a_grave() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert sorted(m.group() for m in regex.finditer("à", every, regex.IGNORECASE)) == ["À", "à"]
    assert unicodedata.normalize("NFC", "ngày") == "ngày" and "à" in rule_refs._WORDS.pattern
    assert "à" in rule_refs._DM.pattern


DAYS = st.lists(st.sampled_from(["ngày", "NGÀY", "ngay", "Ngay", " ", "31", "/", "02", "tháng", "năm", "2023",
                                 "4", "29"]), max_size=14).map("".join)


@FAST
@given(DAYS)
def test_day_searches_find_nothing_without_an_a_grave(text: str) -> None:
    if "à" not in text and "À" not in text:
        assert not rule_refs._WORDS.search(text) and not rule_refs._DM.search(text)


# --- YAML resolver: a long text opening with a letter or sign of the word resolvers is a str


def test_wordy_resolvers_take_short_texts_only() -> None:
    from cchc_parse.emit import yaml_resolve as R

    for first in R._WORDY:
        for _tag, regexp in R.RESOLVERS[first]:
            alternatives = regexp.pattern.removeprefix("^(?:").removesuffix(")$").split("|")
            assert all(len(a.replace("\\", "")) < R._WORDY_MAX for a in alternatives), regexp.pattern


@FAST
@given(st.sampled_from(sorted("yYnNtTfFoO~<=!&*")), st.text(max_size=12))
def test_implicit_tag_of_wordy_texts_is_pyyamls(first: str, rest: str) -> None:
    import yaml

    from cchc_parse.emit import yaml_resolve as R

    text = first + rest
    assert R.implicit_tag(text) == yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
