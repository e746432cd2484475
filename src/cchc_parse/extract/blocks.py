"""The block stream: what every extractor (txt, docx, pdf) produces and every later stage reads.

Extractors turn a file into a flat, ordered list of ``Line`` and ``Table`` blocks that keep where
they came from. Nothing after ``extract/`` reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a block came from.

    ``line`` is the 1-based line of a text file, the 1-based paragraph number of a .docx body,
    or the 1-based line on ``page`` of a PDF. ``row``/``col`` are 1-based table coordinates.
    """

    line: int
    page: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass(frozen=True, slots=True)
class Style:
    """Typography an extractor could see; every field optional (plain text has none)."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    align: str | None = None  # "left" | "center" | "right" | "justify"
    heading: int | None = None  # outline level from a Heading style, 1-based


PLAIN = Style()


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
