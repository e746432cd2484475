"""Section nodes of the structure stage → Section models, and their texts with JSON paths."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse.diagnostics import Location
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Section, trusted
from cchc_parse.structure.sections import Node

_NO_AREA = frozenset({"area"})


def section_model(n: Node) -> Section:
    """The Section of a node and its children; built without validation (``model.trusted``): the structure
    stage gives plain strings (ids, labels, texts and notes) and the Location is a model already."""
    m = n.marker
    return trusted(Section, {
        "id": n.id, "label": m.label, "kind": m.kind, "numbering": "auto" if m.auto else "typed", "title": n.title,
        "text": n.text, "label_printed": n.label_printed, "notes": list(n.notes), "area": None,
        "source": Location.of(n.src), "children": [section_model(c) for c in n.children]}, _NO_AREA)


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
