"""Section nodes of the structure stage → Section models, and their texts with JSON paths."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse.diagnostics import Location
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Section
from cchc_parse.structure.sections import Node


def section_model(n: Node) -> Section:
    return Section(id=n.id, label=n.marker.label, kind=n.marker.kind, numbering="auto" if n.marker.auto else "typed",
                   title=n.title, text=n.text, label_printed=n.label_printed, notes=list(n.notes),
                   source=Location.of(n.src), children=[section_model(c) for c in n.children])


def section_texts(sections: list[Section], base: str = "", notes: bool = True
                  ) -> Iterator[tuple[str, SourceRef, str]]:
    """Title, text and (with ``notes``) footnotes of every section, depth first: (text, source, path)."""
    for s in sections:
        src = SourceRef(line=s.source.line or 0, page=s.source.page)
        path = f"{base}sections#{s.id}"
        for part in (s.title, s.text):
            if part:
                yield part, src, path
        if notes:
            for note in s.notes:
                yield note, src, f"{path}.notes"
        yield from section_texts(s.children, base, notes)
