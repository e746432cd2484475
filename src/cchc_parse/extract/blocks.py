"""The block stream: what every extractor (txt, docx, pdf) produces and every later stage reads.

Extractors turn a file into a flat, ordered list of ``Line`` and ``Table`` blocks that keep where
they came from. Nothing after ``extract/`` reads files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# SourceRef, Line and Cell are made by the thousand by every extractor. The ``__init__`` a frozen
# dataclass generates stores each field through ``object.__setattr__`` (looked up and called a field:
# ~0.4 µs a SourceRef); these classes write their own, with the same signature and defaults, that store
# each field through its slot's own setter (the same store, a third of the time). Everything else
# (eq, hash, repr, the frozen __setattr__, pickling, ``dataclasses.replace``) is the dataclass's own;
# tests/test_speed_structure2_blocks.py compares them with the generated classes.
_Setter = Callable[[Any, Any], None]


def _setters(cls: type, n: int) -> tuple[_Setter, ...]:
    """The slot setters of ``cls``'s first ``n`` fields, in field order."""
    names = cls.__match_args__[:n]  # type: ignore[attr-defined]  # every field, in order (dataclass)
    assert len(names) == n and names == cls.__slots__[:n], names  # type: ignore[attr-defined]
    return tuple(getattr(cls, name).__set__ for name in names)


@dataclass(frozen=True, slots=True, init=False)
class SourceRef:
    """Where a block came from.

    ``line`` is the 1-based line of a text file, the 1-based paragraph number of a .docx body,
    or the 1-based line on ``page`` of a PDF. ``row``/``col`` are 1-based table coordinates.
    """

    line: int
    page: int | None = None
    row: int | None = None
    col: int | None = None

    def __init__(self, line: int, page: int | None = None, row: int | None = None, col: int | None = None) -> None:
        _ref_line(self, line)
        _ref_page(self, page)
        _ref_row(self, row)
        _ref_col(self, col)


_ref_line, _ref_page, _ref_row, _ref_col = _setters(SourceRef, 4)


@dataclass(frozen=True, slots=True)
class Style:
    """Typography an extractor could see; every field optional (plain text has none)."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    align: str | None = None  # "left" | "center" | "right" | "justify"
    heading: int | None = None  # outline level from a Heading style, 1-based


PLAIN = Style()


@dataclass(frozen=True, slots=True, init=False)
class Line:
    """One paragraph (docx, pdf: visual lines joined into paragraphs) or one text line (txt).

    ``text`` is the visible text, NFC, without the automatic-numbering label; ``label`` is what
    Word's automatic numbering displays in front of it ("I.", "1.1.", "a)", "-"), else None.
    An empty ``text`` is a blank line (text files use blank lines to separate paragraphs).
    ``zone`` is an extractor's layout hint: "front" for the header block (agency | Quốc hiệu;
    Số | place and date), "back" for the Nơi nhận | signer block, None for body text.
    """

    text: str
    src: SourceRef
    label: str | None = None
    style: Style = PLAIN
    zone: str | None = None
    notes: tuple[str, ...] = ()  # footnotes the paragraph cites, as text
    # values drawn into this line by an e-signature stamp (PDF widget annotations), in reading order,
    # each as (text, replaced): ``replaced`` is the typed text the stamp covers ("" over a blank)
    stamps: tuple[tuple[str, str], ...] = ()

    def __init__(self, text: str, src: SourceRef, label: str | None = None, style: Style = PLAIN,
                 zone: str | None = None, notes: tuple[str, ...] = (), stamps: tuple[tuple[str, str], ...] = (),
                 ) -> None:
        _line_text(self, text)
        _line_src(self, src)
        _line_label(self, label)
        _line_style(self, style)
        _line_zone(self, zone)
        _line_notes(self, notes)
        _line_stamps(self, stamps)


_line_text, _line_src, _line_label, _line_style, _line_zone, _line_notes, _line_stamps = _setters(Line, 7)


@dataclass(frozen=True, slots=True, init=False)
class Cell:
    """One grid cell. Rows of a ``Table`` are rectangular after span resolution.

    A cell spanning k columns appears once with ``colspan=k`` followed by k-1 cells with
    ``covered=True``; a vertically merged continuation (vMerge) has ``merged_above=True`` and
    empty text. Paragraphs inside a cell are joined with "\\n".
    """

    text: str
    src: SourceRef
    label: str | None = None  # auto-numbering label of the cell's first paragraph
    colspan: int = 1
    covered: bool = False
    merged_above: bool = False

    def __init__(self, text: str, src: SourceRef, label: str | None = None, colspan: int = 1, covered: bool = False,
                 merged_above: bool = False) -> None:
        _cell_text(self, text)
        _cell_src(self, src)
        _cell_label(self, label)
        _cell_colspan(self, colspan)
        _cell_covered(self, covered)
        _cell_merged_above(self, merged_above)


_cell_text, _cell_src, _cell_label, _cell_colspan, _cell_covered, _cell_merged_above = _setters(Cell, 6)


@dataclass(frozen=True, slots=True)
class Table:
    """A content table (layout tables are flattened to ``Line`` blocks by the extractor)."""

    rows: tuple[tuple[Cell, ...], ...]
    src: SourceRef
    header_rows: int = 0  # rows marked as repeating header rows (Word tblHeader), if known


Block = Line | Table


@dataclass(slots=True)
class Extracted:
    """What an extractor returns: the block stream plus facts about the file."""

    blocks: list[Block]
    format: str  # "txt" | "docx" | "pdf"
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. pages, encoding, signed_by, ocr_pages
    diagnostics: list[Any] = field(default_factory=list)  # list[Diagnostic]


def table_text_rows(table: Table) -> list[list[str]]:
    """The table as a list of rows of cell texts (covered cells as "")."""
    return [[c.text for c in row] for row in table.rows]
