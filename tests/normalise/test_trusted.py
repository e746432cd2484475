"""Models built without validation (``model.trusted``, ``Location.of``) are the validated ones, and the
gates before the citation and report-deadline searches skip only texts those find nothing in (issue 16)."""

from __future__ import annotations

import glob
import sys
import unicodedata
from functools import cache
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.diagnostics import Location
from cchc_parse.extract import extract
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Paragraph, Section, paragraph
from cchc_parse.normalise import deadlines as D
from cchc_parse.normalise import references as R
from cchc_parse.normalise.citations import citations_in
from cchc_parse.normalise.deadline_atoms import prep
from cchc_parse.normalise.deadlines import find_report_deadlines
from cchc_parse.normalise.document import _texts
from cchc_parse.normalise.sections import section_model
from cchc_parse.normalise.standards import find_standards
from cchc_parse.structure.document import Structured, structure
from cchc_parse.structure.sections import Node

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
INT = st.none() | st.integers(min_value=-5, max_value=10**6)


@cache
def _structured() -> list[Structured]:
    files = sorted(glob.glob(str(ROOT / "samples" / "docx" / "*.docx"))) + sorted(
        glob.glob(str(ROOT / "samples" / "text" / "*.txt")))
    return [structure(extract(Path(f)).blocks, split_rows=not f.endswith(".docx")) for f in files]


def _same(fast, slow) -> None:
    assert fast == slow
    assert type(fast) is type(slow)
    assert list(fast.__dict__) == list(slow.__dict__)  # the order model_dump writes the fields in
    assert fast.model_dump_json() == slow.model_dump_json()


@FAST
@given(st.integers(min_value=0, max_value=10**6), INT, INT, INT, st.none() | st.text(max_size=8))
def test_location_of_is_validated(line: int, page: int | None, row: int | None, col: int | None,
                                  path: str | None) -> None:
    fast = Location.of(SourceRef(line=line, page=page, row=row, col=col), path)
    slow = Location(line=line, page=page, row=row, col=col, path=path)
    _same(fast, slow)
    assert fast.__pydantic_fields_set__ == slow.__pydantic_fields_set__


def test_location_of_validates_other_values() -> None:
    loc = Location.of(SourceRef(line=True, page=None), None)  # type: ignore[arg-type]  # a bool: validated
    assert type(loc.line) is int and loc.line == 1


def _section_before(n: Node) -> Section:
    return Section(id=n.id, label=n.marker.label, kind=n.marker.kind, numbering="auto" if n.marker.auto else "typed",
                   title=n.title, text=n.text, label_printed=n.label_printed, notes=list(n.notes),
                   source=Location.of(n.src), children=[_section_before(c) for c in n.children])


def test_sections_are_validated_ones_on_the_samples() -> None:
    def rec(fast: Section, slow: Section) -> None:
        _same(fast, slow)
        assert fast.__pydantic_fields_set__ == slow.__pydantic_fields_set__
        for a, b in zip(fast.children, slow.children, strict=True):
            rec(a, b)

    for st_ in _structured():
        for n in st_.body.roots:
            rec(section_model(n), _section_before(n))


@FAST
@given(st.sampled_from(["preamble", "body", "closing", "appendix"]), st.text(max_size=10),
       st.lists(st.text(max_size=5), max_size=3))
def test_paragraph_is_validated(role: str, text: str, notes: list[str]) -> None:
    loc = Location.of(SourceRef(line=3, page=1))
    _same(paragraph(role, text, list(notes), loc), Paragraph(role=role, text=text, notes=list(notes), source=loc))


def test_citation_gate_on_the_samples() -> None:
    seen = 0
    for st_ in _structured():
        sections = [section_model(n) for n in st_.body.roots]
        for text, _src, _path in _texts(st_, sections):
            if not R._may_cite(text):
                seen += 1
                assert find_standards(text) == [] and citations_in(text, []) == []
    assert seen


@FAST
@given(st.text(alphabet=st.sampled_from(list("TCVNQISOEI/ 0123:-")), max_size=14))
def test_citation_gate_property(text: str) -> None:
    if not R._may_cite(text):
        assert find_standards(text) == [] and citations_in(text, find_standards(text)) == []


def test_nfc_and_lower_make_no_bracket() -> None:
    """find_report_deadlines skips a text with no "(": prep() (NFC, lower case) never makes one."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000 and chr(c) != "("]
    assert not [c for c in chars if "(" in unicodedata.normalize("NFC", c) or "(" in c.lower()]


@FAST
@given(st.text(alphabet=st.sampled_from(list("báo cáo quý I 6 tháng năm 05/3 ngày trước")), max_size=40))
def test_report_deadlines_need_a_bracket(text: str) -> None:
    assert find_report_deadlines(text, 2025) == []
    assert list(D._REPORT_ITEM.finditer(prep(text))) == []  # what the skipped search finds


def test_report_word_needs_an_a_acute() -> None:
    """to_document looks for "báo cáo" only in texts with "á" or "Á": IGNORECASE takes no other for "á"."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert sorted(m.group() for m in regex.finditer("á", every, regex.IGNORECASE)) == ["Á", "á"]
