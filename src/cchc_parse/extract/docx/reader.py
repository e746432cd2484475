"""Word .docx extractor: document.xml → the same Line/Table block stream the text extractor makes.

Reads the zip parts with lxml (no python-docx objects: speed) inside safety limits, walks the body
in document order (paragraphs, tables, content controls), and renders what a reader sees:

- Word's automatic numbering → ``Line.label`` / ``Cell.label`` (text without the label);
- a manual line break (w:br) inside a body paragraph joins with a space, unless the part after it
  starts with a numbering label ("a) …", "2. …", "- …"): then it becomes its own Line (same
  source paragraph). In layout cells every line break starts a new Line. In content table cells
  line breaks and paragraphs are joined with "\\n";
- in a content table cell, the label of the first paragraph goes to ``Cell.label`` (an
  auto-numbered STT cell has ``text == ""`` and ``label == "1."``); labels of later paragraphs are
  written in front of their text ("- …");
- layout tables (header block, Nơi nhận | signer, single-cell frames) are flattened to Lines in
  reading order (per row: left cell's paragraphs, then the right cell's) with zone "front"/"back";
- ``SourceRef.line`` is the 1-based ordinal of the paragraph in body order, counting paragraphs
  inside tables; ``row``/``col`` are 1-based grid coordinates.
"""

from __future__ import annotations

import time
import zipfile
import zlib
from pathlib import Path

import regex
from lxml import etree

from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.errors import CchcError, ExtractError, LimitExceeded
from cchc_parse.extract.blocks import Block, Cell, Extracted, Line, SourceRef, Table
from cchc_parse.extract.docx.altchunk import chunk_blocks, chunk_kind
from cchc_parse.extract.docx.fastclean import clean_text
from cchc_parse.extract.docx.numbering import MAX_START, Numbering
from cchc_parse.extract.docx.package import Package
from cchc_parse.extract.docx.styles import Styles
from cchc_parse.extract.docx.tables import (
    MAX_COLS,
    MAX_DEPTH,
    GCell,
    Grid,
    TableTooLarge,
    classify,
    is_content_table,
    read_grid,
)
from cchc_parse.extract.docx.text import ParaInfo, TextReader
from cchc_parse.gcpause import collector_paused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# the part after a line break starts a new numbered item: "a) …", "2. …", "1.2 …", "II. …", "- …"
_STARTS_LABEL = regex.compile(r"^\s*(?:[IVXL]{1,6}\.|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}\.\d{1,2}\s|"
                              r"[a-zđ][).]\s|\(\d{1,2}\)|[-+•–—]\s)")
_LETTER = regex.compile(r"\p{L}")
_P, _TBL, _SDT, _SDTCONTENT, _CUSTOMXML, _ALTCHUNK = (W + "p", W + "tbl", W + "sdt", W + "sdtContent",
                                                      W + "customXml", W + "altChunk")
_ALTERNATE = MC + "AlternateContent"


def extract_docx(path: Path, *, timeout: float = 60.0) -> Extracted:
    """Read a .docx into blocks. Raises only CchcError subclasses (ExtractError, LimitExceeded, …)."""
    path = Path(path)
    try:
        with Package(path) as pkg, collector_paused():
            return _Extractor(pkg, time.monotonic() + timeout).run()
    except CchcError:
        raise
    except RecursionError:
        raise LimitExceeded(path, "document structure is nested too deeply") from None
    except (etree.LxmlError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, EOFError) as e:
        raise ExtractError(path, f"cannot read the .docx ({type(e).__name__}: {e})") from None
    except Exception as e:  # last line of defence: a bad file must never crash the caller
        raise ExtractError(path, f"unexpected error reading the .docx ({type(e).__name__}: {e})") from None


def _read_notes(pkg: Package, styles: Styles) -> dict[str, str]:
    notes: dict[str, str] = {}
    reader = TextReader(styles, Numbering(None, styles))
    for kind, rel, tag in (("f", "footnotes", "footnote"), ("e", "endnotes", "endnote")):
        part = pkg.related(rel)
        root = pkg.xml(part) if part else None
        if root is None:
            continue
        for note in root.iter(W + tag):
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(clean_text(reader.paragraph(p).text) for p in note.iter(W + "p"))
            text = " ".join(text.split())
            if text:
                notes[f"{kind}{note.get(W + 'id')}"] = text
    return notes


class _Extractor:
    def __init__(self, pkg: Package, deadline: float) -> None:
        self.pkg = pkg
        self.deadline = deadline
        styles_part = pkg.related("styles")
        try:
            styles = Styles.from_bytes(pkg.read(styles_part) if styles_part else None)
        except etree.XMLSyntaxError as e:
            raise ExtractError(pkg.path, f"styles.xml is not well-formed XML: {e}") from None
        num_part = pkg.related("numbering")
        numbering = Numbering(pkg.xml(num_part) if num_part else None, styles)
        self.reader = TextReader(styles, numbering, _read_notes(pkg, styles))
        self.n = 0
        self.blocks: list[Block] = []
        self.diags: list[Diagnostic] = []
        self.tables = 0

    def run(self) -> Extracted:
        root = self.pkg.xml(self.pkg.document_part, required=True)
        assert root is not None
        body = root.find(W + "body")
        if body is None:
            raise ExtractError(self.pkg.path, "document.xml has no w:body")
        self._container(body, self.blocks)
        diags = [*self.pkg.diagnostics, *self.diags]
        if self.reader.numbering.over_start:
            diags.append(make("P027", params={"limit": "docx.numbering.start",
                                              "value": self.reader.numbering.over_start, "max": MAX_START}))
        if self.reader.legacy_fonts:
            fonts = ", ".join(sorted(self.reader.legacy_fonts))
            diags.append(make("P002", params={"fonts": fonts}))
        meta: dict[str, object] = {"paragraphs": self.n, "tables": self.tables}
        if self.reader.legacy_fonts:
            meta["legacy_fonts"] = sorted(self.reader.legacy_fonts)
        pages = self._pages()
        if pages:
            meta["pages"] = pages
        return Extracted(blocks=self.blocks, format="docx", meta=meta, diagnostics=diags)

    def _pages(self) -> int | None:
        if not self.pkg.has("docProps/app.xml"):
            return None
        try:
            app = self.pkg.xml("docProps/app.xml")
        except CchcError:
            return None
        if app is None:
            return None
        for el in app.iter("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Pages"):
            try:
                return int((el.text or "").strip())
            except ValueError:
                return None
        return None

    # -- walking -----------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.n % 200 == 0 and time.monotonic() > self.deadline:
            raise LimitExceeded(self.pkg.path, "time limit reached while reading the .docx")

    def _read_para(self, p: etree._Element) -> tuple[int, ParaInfo]:
        self.n += 1
        if self.n % 200 == 0:
            self._tick()
        return self.n, self.reader.paragraph(p)

    def _container(self, el: etree._Element, out: list[Block]) -> None:
        for ch in el:
            tag = ch.tag
            if tag == _P:
                self.n += 1
                if self.n % 200 == 0:
                    self._tick()
                info = self.reader.paragraph(ch)
                if "\n" in info.text or info.boxes:
                    out.extend(body_lines(self.n, info))
                else:  # what body_lines gives for one line (most paragraphs), without its list
                    # (positional: Line(text, src, label, style, zone, notes), SourceRef(line) — quicker to
                    # build; tests/test_speed_docxread_paths.py checks that the fields keep this order)
                    out.append(Line(clean_text(info.text), SourceRef(self.n), info.label, info.style, None,
                                    tuple(info.notes)))
            elif tag == _TBL:
                self._table(ch, out)
            elif tag == _SDT:
                c = ch.find(_SDTCONTENT)
                if c is not None:
                    self._container(c, out)
            elif tag == _CUSTOMXML:
                self._container(ch, out)
            elif tag == _ALTCHUNK:
                self._alt_chunk(ch, out)
            elif tag == _ALTERNATE:
                branch = ch.find(MC + "Choice")
                if branch is None:
                    branch = ch.find(MC + "Fallback")
                if branch is not None:
                    self._container(branch, out)

    def _next_line(self) -> int:
        self.n += 1
        self._tick()
        return self.n

    def _alt_chunk(self, el: etree._Element, out: list[Block]) -> None:
        """An embedded file: HTML and text are read in place (P028), anything else is reported (P029)."""
        part = self.pkg.target(el.get(R + "id", ""))
        data = self.pkg.read(part) if part else b""
        kind = chunk_kind(part or "", data)
        src = SourceRef(line=self.n + 1)
        if kind in ("html", "text"):
            out.extend(chunk_blocks(kind, data, self._next_line))
            self.diags.append(make("P028", src=src, params={"part": part, "type": kind}))
        else:
            self.diags.append(make("P029", src=src, params={"part": part or "?", "type": kind}))

    def _check(self, depth: int) -> None:
        """For each table and table row: the nesting and time limits."""
        if depth > MAX_DEPTH:
            raise LimitExceeded(self.pkg.path, f"tables nested more than {MAX_DEPTH} deep")
        if time.monotonic() > self.deadline:
            raise LimitExceeded(self.pkg.path, "time limit reached while reading the .docx")

    def _table(self, tbl: etree._Element, out: list[Block]) -> None:
        try:
            grid = read_grid(tbl, self._read_para, self._check)
        except TableTooLarge as e:
            raise LimitExceeded(self.pkg.path, str(e)) from None
        if grid.declared_cols:
            self.diags.append(make("P027", src=SourceRef(line=grid.line), params={
                "limit": "docx.table.columns", "value": grid.declared_cols, "max": MAX_COLS}))
        out.extend(grid_blocks(grid))
        self.tables += 1


# -- paragraphs and grids → blocks (pure) ------------------------------------------------------------


def _box_lines(ln: int, info: ParaInfo, zone: str | None) -> list[Line]:
    """Text boxes anchored in a paragraph: kept only when they hold real text (not a page number)."""
    out: list[Line] = []
    for box in info.boxes:
        text = clean_text(box.text.replace("\n", " "))
        if len(_LETTER.findall(text)) >= 2:
            out.append(Line(text=text, src=SourceRef(line=ln), label=box.label, style=box.style, zone=zone))
        out.extend(_box_lines(ln, box, zone))
    return out


def body_lines(ln: int, info: ParaInfo, zone: str | None = None, split_all: bool = False) -> list[Line]:
    """One paragraph → Lines. Line breaks split only before a numbered part (or always: layout)."""
    if "\n" not in info.text and not info.boxes:  # one line (most paragraphs): what the loop below gives
        return [Line(text=clean_text(info.text), src=SourceRef(line=ln), label=info.label, style=info.style,
                     zone=zone, notes=tuple(info.notes))]
    parts = info.lines()
    merged: list[str] = []
    for i, s in enumerate(parts):
        if i > 0 and merged and not split_all and not _STARTS_LABEL.match(s):
            merged[-1] = f"{merged[-1]} {s}".strip() if s else merged[-1]
        elif i > 0 and split_all and not s:
            continue
        else:
            merged.append(s)
    if split_all and len(merged) > 1:
        merged = [s for s in merged if s] or [""]
    src = SourceRef(line=ln)
    notes = tuple(info.notes)
    lines = [Line(text=merged[0], src=src, label=info.label, style=info.style, zone=zone, notes=notes)]
    lines.extend(Line(text=s, src=src, style=info.style, zone=zone) for s in merged[1:])
    lines.extend(_box_lines(ln, info, zone))
    return lines


def _cell(c: GCell, r: int, k: int) -> tuple[Cell, list[Grid]]:
    """A content-table cell: first paragraph's label in Cell.label, paragraphs joined with "\\n"."""
    src = SourceRef(c.line, None, r, k)  # (line, page, row, col): positional, as in _Extractor._container
    if c.covered:
        return Cell(text="", src=src, covered=True), []
    if c.merged_above:
        return Cell(text="", src=src, colspan=c.colspan, merged_above=True), []
    items = c.items
    if len(items) == 1 and not isinstance(items[0], Grid) and not items[0][1].boxes:
        # one paragraph, no text box (most cells): what the loop below makes of it, without its lists
        p = items[0][1]
        parts = p.lines()
        text = parts[0] if len(parts) == 1 else "\n".join([s for s in parts if s])
        return Cell(text, src, p.label if p.label or p.text.strip() else None, c.colspan), []
    label: str | None = None
    lines: list[str] = []
    own: list[Grid] = []
    first = True
    for it in c.items:
        if isinstance(it, Grid):
            if is_content_table(it):
                own.append(it)
                continue
            for _, p in GCell(items=[it]).paragraphs():
                lines.extend(_cell_parts(p, with_label=True))
            first = first and not lines
            continue
        _, p = it
        if first and (p.text.strip() or p.label):
            label = p.label
            lines.extend(_cell_parts(p, with_label=False))
            first = False
        else:
            lines.extend(_cell_parts(p, with_label=True))
    return Cell("\n".join([s for s in lines if s]), src, label, c.colspan), own  # (text, src, label, colspan)


def _cell_parts(p: ParaInfo, with_label: bool) -> list[str]:
    parts = [s for s in p.lines() if s]
    if with_label and p.label:
        parts = [f"{p.label} {parts[0]}" if parts else p.label, *parts[1:]]
    for box in p.boxes:
        t = clean_text(box.text.replace("\n", " "))
        if len(_LETTER.findall(t)) >= 2:
            parts.append(t)
    return parts


def grid_blocks(grid: Grid) -> list[Block]:
    """A grid → one Table, or Lines when it is a layout table; nested content tables follow it."""
    kind = classify(grid)
    if kind is not None:
        zone = kind if kind in ("front", "back") else None
        out: list[Block] = []
        for row in grid.rows:
            for c in row:
                if c.covered or c.merged_above:
                    continue
                for it in c.items:
                    if isinstance(it, Grid):
                        if is_content_table(it):
                            out.extend(grid_blocks(it))
                        else:
                            for ln, p in GCell(items=[it]).paragraphs():
                                out.extend(body_lines(ln, p, zone, split_all=True))
                    else:
                        ln, p = it
                        out.extend(body_lines(ln, p, zone, split_all=True))
        return out
    rows = []
    after: list[Block] = []
    for r, row in enumerate(grid.rows, start=1):
        cells = []
        for k, c in enumerate(row, start=1):
            cell, own = _cell(c, r, k)
            cells.append(cell)
            for g in own:
                after.extend(grid_blocks(g))
        rows.append(tuple(cells))
    if not rows:
        return after
    return [Table(rows=tuple(rows), src=SourceRef(line=grid.line), header_rows=grid.header_rows), *after]
