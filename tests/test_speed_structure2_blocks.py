"""The hand-written ``__init__`` of SourceRef, Line and Cell (extract/blocks.py, issue 16) against the one
``dataclasses`` generates for the same fields: same signature and defaults, same objects (fields, eq,
hash, repr, pickling, ``replace``, frozen)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_parse.extract.blocks import PLAIN, Cell, Line, SourceRef, Style


def _reference(cls: type) -> type:
    """``cls`` as the plain frozen slots dataclass it was before: the same fields, the generated __init__."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default)) if f.default is not dataclasses.MISSING
              else (f.name, f.type) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


CLASSES = (SourceRef, Line, Cell)
REFS = {cls: _reference(cls) for cls in CLASSES}


@pytest.mark.parametrize("cls", CLASSES)
def test_signature_is_the_generated_one(cls: type) -> None:
    ours = inspect.signature(cls.__init__).parameters
    gen = inspect.signature(REFS[cls].__init__).parameters
    assert [(p.name, p.kind, p.default) for p in ours.values()] == [(p.name, p.kind, p.default) for p in gen.values()]
    assert all(ours[n].default is gen[n].default for n in ours)  # PLAIN itself, not an equal Style
    assert cls.__match_args__ == REFS[cls].__match_args__
    assert cls.__slots__ == REFS[cls].__slots__


def _same(ours: Any, ref: Any) -> None:
    names = [f.name for f in dataclasses.fields(ours)]
    assert [getattr(ours, n) for n in names] == [getattr(ref, n) for n in names]
    assert all(getattr(ours, n) is getattr(ref, n) for n in names)
    assert hash(ours) == hash(ref)
    assert repr(ours) == repr(ref)
    back = pickle.loads(pickle.dumps(ours))
    assert back == ours and type(back) is type(ours) and hash(back) == hash(ours)
    for name in names:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ours, name, None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(ours, name)


opt_int = st.none() | st.integers(-5, 10**6)
opt_text = st.none() | st.text(max_size=8)


@given(line=st.integers(-5, 10**6), page=opt_int, row=opt_int, col=opt_int, kw=st.booleans())
def test_source_ref(line: int, page: int | None, row: int | None, col: int | None, kw: bool) -> None:
    args = {"line": line, "page": page, "row": row, "col": col}
    ours = SourceRef(**args) if kw else SourceRef(line, page, row, col)
    _same(ours, REFS[SourceRef](**args))
    assert ours == SourceRef(line, page, row, col) and ours != (line, page, row, col)
    assert SourceRef(line) == SourceRef(line, None, None, None)
    assert dataclasses.replace(ours, col=3) == SourceRef(line, page, row, 3)


@given(text=st.text(max_size=12), label=opt_text, bold=st.booleans(), zone=st.sampled_from([None, "front", "back"]),
       notes=st.lists(st.text(max_size=5), max_size=3).map(tuple),
       stamps=st.lists(st.tuples(st.text(max_size=3), st.text(max_size=3)), max_size=2).map(tuple),
       n=st.integers(2, 7))
def test_line(text: str, label: str | None, bold: bool, zone: str | None, notes: tuple[str, ...],
              stamps: tuple[tuple[str, str], ...], n: int) -> None:
    src = SourceRef(4, 2)
    args = [text, src, label, Style(bold=bold), zone, notes, stamps][:n]  # the later ones left to their defaults
    _same(Line(*args), REFS[Line](*args))
    assert Line(text, src).style is PLAIN and Line(text, src).notes == () and Line(text, src).stamps == ()
    ours = Line(text, src, label, zone=zone, notes=notes)
    assert dataclasses.replace(ours, text=text + "x") == Line(text + "x", src, label, zone=zone, notes=notes)
    assert {ours: 1}[Line(text, SourceRef(4, 2), label, PLAIN, zone, notes)] == 1


@given(text=st.text(max_size=12), label=opt_text, colspan=st.integers(1, 5), covered=st.booleans(),
       merged=st.booleans(), n=st.integers(2, 6))
def test_cell(text: str, label: str | None, colspan: int, covered: bool, merged: bool, n: int) -> None:
    src = SourceRef(7, None, 2, 3)
    args = [text, src, label, colspan, covered, merged][:n]
    _same(Cell(*args), REFS[Cell](*args))
    kw = {"text": text, "src": src, "label": label, "colspan": colspan, "covered": covered, "merged_above": merged}
    _same(Cell(**kw), REFS[Cell](**kw))


def test_wrong_calls_fail_as_before() -> None:
    for cls in CLASSES:
        with pytest.raises(TypeError):
            cls()
        with pytest.raises(TypeError):
            cls(1, 2, 3, 4, 5, 6, 7, 8)
        with pytest.raises(TypeError):
            cls(1, nope=2)
