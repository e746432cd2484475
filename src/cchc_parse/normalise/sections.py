"""Section nodes of the structure stage → Section models, and their texts with JSON paths."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse.diagnostics import Location
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Section
from cchc_parse.structure.sections import Node

_NO_AREA = frozenset({"area"})


def section_model(n: Node) -> Section:
    """The Section of a node and its children; built without validation as ``model.trusted`` builds (written
    out: a call a section less, hundreds a document): the structure stage gives plain strings (ids, labels,
    texts and notes) and the Location is a model already."""
    m = n.marker
    obj = _new(Section)
    _set(obj, "__dict__", {
        "id": n.id, "label": m.label, "kind": m.kind, "numbering": "auto" if m.auto else "typed", "title": n.title,
        "text": n.text, "label_printed": n.label_printed, "notes": list(n.notes), "area": None,
        "source": Location.of(n.src), "children": [section_model(c) for c in n.children] if n.children else []})
    _set(obj, "__pydantic_fields_set__", set(_SECTION_SET))  # its own: a later area is added to it
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_new, _set = Section.__new__, object.__setattr__
_SECTION_SET = frozenset(Section.model_fields).difference(_NO_AREA)  # trusted()'s fields set of a section


def section_texts(sections: list[Section], base: str = "", notes: bool = True
                  ) -> Iterator[tuple[str, SourceRef, str]]:
    """Title, text and (with ``notes``) footnotes of every section, depth first: (text, source, path).

    Walked with a stack of iterators, not by recursion: a nested ``yield from`` passes every item
    through each level above it, and the texts are walked several times a document."""
    stack = [iter(sections)]
    while stack:
        s = next(stack[-1], None)
        if s is None:
            stack.pop()
            continue
        src = SourceRef(line=s.source.line or 0, page=s.source.page)
        path = f"{base}sections#{s.id}"
        if s.title:
            yield s.title, src, path
        if s.text:
            yield s.text, src, path
        if notes:
            for note in s.notes:
                yield note, src, f"{path}.notes"
        if s.children:
            stack.append(iter(s.children))


TextItem = tuple[str, SourceRef, str]


def section_text_lists(sections: list[Section], base: str = "") -> tuple[list[TextItem], list[TextItem]]:
    """``list(section_texts(sections, base))`` and ``list(section_texts(sections, base, notes=False))`` from
    one walk, sharing each section's SourceRef and path (a document walks its sections' texts three times)."""
    every: list[TextItem] = []
    plain: list[TextItem] = []
    for s in _depth_first(sections):
        src = SourceRef(line=s.source.line or 0, page=s.source.page)
        path = f"{base}sections#{s.id}"
        if s.title:
            item = (s.title, src, path)
            every.append(item)
            plain.append(item)
        if s.text:
            item = (s.text, src, path)
            every.append(item)
            plain.append(item)
        if s.notes:
            note_path = f"{path}.notes"
            every.extend((note, src, note_path) for note in s.notes)
    return every, plain


def _depth_first(sections: list[Section]) -> list[Section]:
    """Every section and its children, depth first (the order of section_texts)."""
    out: list[Section] = []
    stack = list(reversed(sections))
    while stack:
        s = stack.pop()
        out.append(s)
        if s.children:
            stack.extend(reversed(s.children))
    return out
