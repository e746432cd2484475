"""emit/yaml_model writes from the models the bytes yaml_fast writes for ``model_dump(mode="json")`` (the
reference, kept here), on the samples and on generated documents; what it does not take, it refuses."""

from __future__ import annotations

import glob
import math
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.diagnostics import Diagnostic, Location, Severity
from cchc_parse.emit import yaml_fast, yaml_model
from cchc_parse.emit.serialize import _yaml_text, dump, to_data
from cchc_parse.model import DocumentMeta, Paragraph, PlanDocument, Reference, Section, Target, Task
from cchc_parse.normalise.deadlines import parse_deadline
from cchc_parse.pipeline import parse_file

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]


@cache
def _docs() -> list[PlanDocument]:
    files = []
    for pat in ("samples/docx/*.docx", "samples/text/*.txt", "tests/data/**/*.txt"):
        files += sorted(glob.glob(str(ROOT / pat), recursive=True))
    return [parse_file(Path(f)).doc for f in files]


def _reference(doc: PlanDocument) -> str | None:
    return yaml_fast.write(to_data(doc))


def test_samples_written_from_the_models() -> None:
    docs = _docs()
    assert len(docs) > 12
    for doc in docs:
        text = yaml_model.write(doc)
        assert text is not None, doc.document.source_file  # the parser's documents are all taken
        assert text == _reference(doc) == _yaml_text(to_data(doc))
        assert dump(doc, "yaml") == text


def test_the_same_model_twice_is_written_twice() -> None:
    loc = Location(line=3, path="paragraphs#0")
    ref = Reference(number="1/KH-UBND", cited_at=[loc, loc])
    doc = PlanDocument(references=[ref, ref], paragraphs=[Paragraph(role="body", text="x", source=loc)])
    assert yaml_model.write(doc) == _reference(doc)


def test_what_the_dump_would_change_is_refused() -> None:
    for value in (math.nan, math.inf):
        doc = PlanDocument(targets=[Target(value=1, text="t")])
        object.__setattr__(doc.targets[0], "__dict__", {**doc.targets[0].__dict__, "value": value})
        assert yaml_model.write(doc) is None
        assert dump(doc, "yaml") == _yaml_text(to_data(doc))
    tupled = PlanDocument(paragraphs=[Paragraph(role="body", text="x")])
    tupled.paragraphs[0].__dict__["notes"] = ("a", "b")  # the dump makes a list of it
    assert yaml_model.write(tupled) is None
    with pytest.warns(UserWarning):  # pydantic's: not the field's type
        assert dump(tupled, "yaml") == _yaml_text(to_data(tupled))

    class Sub(Location):
        pass

    sub = PlanDocument(paragraphs=[Paragraph(role="body", text="x")])
    sub.paragraphs[0].__dict__["source"] = Sub(line=1)
    assert yaml_model.write(sub) is None
    missing = PlanDocument(sections=[Section(id="I", kind="roman")])
    del missing.sections[0].__dict__["title"]
    assert yaml_model.write(missing) is None


def test_diagnostics_params_and_deadlines() -> None:
    diag = Diagnostic(code="S101", severity=Severity.warning, message="m: 'x'", location=Location(line=2, page=3),
                      also=[Location(row=1, col=2)], params={"a": [1, "b", None, True, 2.5, {"c": []}], "d": {},
                                                             "e": {"f": [[1], []]}, "g": Severity.info})
    task = Task(id="1", content="c" * 250, deadline=parse_deadline("Quý II/2023, Quý IV/2023", 2023),
                source=Location(line=9, path="tasks#1" + "x" * 120))
    doc = PlanDocument(document=DocumentMeta(sources={"number": Location(line=1, path="document.number")}),
                       diagnostics=[diag], tasks=[task], targets=[Target(value=95.5, text="t")])
    assert yaml_model.write(doc) == _reference(doc)


TEXT = st.lists(st.sampled_from([*"ab đ'Ạ:#-?,&*![]{}|>\"%@`\n\t\x85\u2028\ufeff1.", "  ", "x" * 40]),
                max_size=30).map("".join)
INT = st.none() | st.integers(min_value=-3, max_value=10**6)
LOC = st.builds(Location, line=INT, page=INT, row=INT, col=INT, path=st.none() | TEXT)


@FAST
@given(st.lists(st.tuples(TEXT, st.lists(TEXT, max_size=3), LOC), max_size=6),
       st.lists(st.tuples(TEXT, st.none() | TEXT, LOC), max_size=4))
def test_generated_documents(paras: list, sections: list) -> None:
    doc = PlanDocument(
        paragraphs=[Paragraph(role="preamble", text=t, notes=n, source=loc) for t, n, loc in paras],
        sections=[Section(id=f"{k}", kind="roman", title=title, text=text, source=loc,
                          children=[Section(id=f"{k}.1", kind="paren", text=title, source=loc)])
                  for k, (title, text, loc) in enumerate(sections)])
    assert yaml_model.write(doc) == _reference(doc)

