"""Body lines → paragraphs: blank lines dropped, a paragraph broken by a page break joined."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Line, SourceRef, Style, Table
from cchc_parse.structure.markers import Marker, match_marker

_TERMINAL = regex.compile(r"[.;:!?…)\]”\"'»/]\s*$")
_STARTS_LOWER = regex.compile(r"^[\p{Ll}]")


@dataclass
class Para:
    """A paragraph of body text, with its numbering marker if it has one."""

    text: str  # without the label
    src: SourceRef
    marker: Marker | None = None
    style: Style = field(default_factory=Style)
    notes: tuple[str, ...] = ()


def lines_to_paras(blocks: list[Line | Table], diags: list[Diagnostic]) -> list[Para | Table]:
    """Group body blocks into paragraphs; join a paragraph split by a page break.

    "… các văn bản sự chỉ đạo của" + (page break) + "cấp trên; phối hợp …" → one paragraph:
    the first part has no closing punctuation and the second starts in lower case.
    """
    out: list[Para | Table] = []
    for b in blocks:
        if isinstance(b, Table):
            out.append(b)
            continue
        if not b.text and not b.label:
            continue
        marker = match_marker(b)
        prev = out[-1] if out else None
        if (marker is None and isinstance(prev, Para) and _STARTS_LOWER.match(b.text)
                and not _TERMINAL.search(prev.text) and prev.text):
            prev.text = f"{prev.text} {b.text}"
            prev.notes = prev.notes + b.notes
            diags.append(make("P004", f"paragraph joined across a break: '…{prev.text[-40:]}'", b.src))
            continue
        text = marker.rest if marker else b.text
        out.append(Para(text=text, src=b.src, marker=marker, style=b.style, notes=b.notes))
    return out
