"""w:tbl → a rectangular grid (gridSpan, vMerge, gridBefore/After resolved), and what kind it is.

A grid keeps each cell's paragraphs (already read, in document order, so list counters advance
as in Word) and its nested tables. ``classify`` tells layout tables from content tables:

- "front": the header block — agency | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
  Hạnh phúc"; "Số: …" | "<place>, ngày … tháng … năm …";
- "back": the "Nơi nhận: …" | signer block (or a signer block alone: "KT. GIÁM ĐỐC / …");
- "box": a single cell used as a frame around body text;
- None: a content table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import regex
from lxml import etree

from cchc_parse.extract.docx.styles import child
from cchc_parse.extract.docx.text import ParaInfo
from cchc_parse.extract.layout_kind import LAYOUT_CELLS, LAYOUT_ROWS, layout_kind

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDTCONTENT, _CUSTOMXML, _VAL = (W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt",
                                                          W + "sdtContent", W + "customXml", W + "val")
_TRPR, _TCPR, _GRIDBEFORE, _GRIDAFTER, _TBLHEADER = (W + "trPr", W + "tcPr", W + "gridBefore", W + "gridAfter",
                                                     W + "tblHeader")
_ROW_PROPS = frozenset((_GRIDBEFORE, _GRIDAFTER, _TBLHEADER))
_GRIDSPAN, _VMERGE, _HMERGE = W + "gridSpan", W + "vMerge", W + "hMerge"
_TBLGRID, _GRIDCOL = W + "tblGrid", W + "gridCol"
_CELL_PROPS = frozenset((_GRIDSPAN, _VMERGE, _HMERGE))
MAX_DEPTH = 20
MAX_SPAN = 64
MAX_COLS = 1000  # cells in one row (Word itself stops at 63 columns)
MAX_CELLS = 250_000  # cells of one table once spans and short rows are padded to the grid

_HEADER_WORD = regex.compile(r"^\s*(?:stt|tt|số\s*tt)\s*\.?\s*$|nội\s*dung|nhiệm\s*vụ|chủ\s*trì|phối\s*hợp|"
                             r"thời\s*gian|thời\s*hạn|sản\s*phẩm|ghi\s*chú|đơn\s*vị|kết\s*quả", regex.I)


@dataclass(slots=True)  # one per paragraph/cell: slots make them quicker to build
class GCell:
    items: list[tuple[int, ParaInfo] | Grid] = field(default_factory=list)
    line: int = 0  # ordinal of the cell's first paragraph
    colspan: int = 1
    covered: bool = False
    merged_above: bool = False

    def paragraphs(self) -> Iterator[tuple[int, ParaInfo]]:
        """The cell's paragraphs, nested tables' paragraphs included, in reading order."""
        for it in self.items:
            if isinstance(it, Grid):
                for row in it.rows:
                    for c in row:
                        yield from c.paragraphs()
            else:
                yield it

    def plain(self) -> str:
        items = self.items
        if len(items) == 1 and not isinstance(items[0], Grid):  # one paragraph of one line (most cells)
            parts = items[0][1].lines()
            if len(parts) == 1:
                return parts[0]  # (what the join below gives for it, empty or not)
        out: list[str] = []
        for it in self.items:
            if isinstance(it, Grid):
                out.extend(s for _, p in GCell(items=[it]).paragraphs() for s in p.lines() if s)
            else:
                out.extend([s for s in it[1].lines() if s])
        return "\n".join(out)


@dataclass(slots=True)
class Grid:
    rows: list[list[GCell]]
    line: int
    header_rows: int = 0
    declared_cols: int = 0  # w:gridCol count when it was over MAX_COLS and ignored (else 0)


class TableTooLarge(Exception):
    """A table over MAX_COLS cells in a row or MAX_CELLS cells in all (the message says which)."""


ReadPara = Callable[[etree._Element], tuple[int, ParaInfo]]


def _unwrap(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for ch in el:
        t = ch.tag
        if t == tag:
            yield ch
        elif t == _SDT:
            c = child(ch, _SDTCONTENT)
            if c is not None:
                yield from _unwrap(c, tag)
        elif t == _CUSTOMXML:
            yield from _unwrap(ch, tag)


def _row(tr: etree._Element) -> tuple[etree._Element | None, list[etree._Element]]:
    """A row's first w:trPr (``child``) and its cells (``_unwrap``), in one pass over its children."""
    trpr = None
    cells: list[etree._Element] = []
    for ch in tr:
        t = ch.tag
        if t == _TC:
            cells.append(ch)
        elif t == _TRPR:
            if trpr is None:
                trpr = ch
        elif t == _SDT:
            c = child(ch, _SDTCONTENT)
            if c is not None:
                cells.extend(_unwrap(c, _TC))
        elif t == _CUSTOMXML:
            cells.extend(_unwrap(ch, _TC))
    return trpr, cells


def _firsts(el: etree._Element | None, tags: frozenset[str]) -> dict[str, etree._Element]:
    """The first child of each tag in ``tags`` (what ``child`` finds for each), in one pass."""
    found: dict[str, etree._Element] = {}
    if el is not None:
        for ch in el:
            t = ch.tag
            if t in tags and t not in found:
                found[t] = ch
    return found


def _val_int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL, default))
    except ValueError:
        return default


def read_grid(tbl: etree._Element, read_para: ReadPara, check: Callable[[int], None],
              depth: int = 1) -> Grid:
    """Read a table's cells (paragraphs through ``read_para``) and resolve spans and merges.

    ``check(depth)`` is called for the table and for each of its rows (nesting and time limits);
    TableTooLarge when a row or the whole grid is over MAX_COLS / MAX_CELLS cells."""
    check(depth)
    first_line: int | None = None
    rows: list[list[GCell]] = []
    header_rows = 0
    leading_header = True
    ncells = 0
    ngrid = _grid_cols(tbl, MAX_COLS + 1)
    declared = ngrid if ngrid > MAX_COLS else 0
    ngrid = min(ngrid, MAX_COLS)
    for tr in _unwrap(tbl, _TR):
        check(depth)
        trpr_el, tcs = _row(tr)
        trpr = _firsts(trpr_el, _ROW_PROPS)
        row: list[GCell] = []
        before = after = 0
        is_header = False
        if trpr:
            before = min(max(_val_int(trpr.get(_GRIDBEFORE), 0), 0), MAX_SPAN)
            after = min(max(_val_int(trpr.get(_GRIDAFTER), 0), 0), MAX_SPAN)
            h = trpr.get(_TBLHEADER)
            is_header = h is not None and h.get(_VAL, "1") not in ("0", "false", "off")
        if is_header and leading_header:
            header_rows += 1
        else:
            leading_header = False
        if before:  # (the empty cases skip making a generator: this runs for every row and cell)
            row.extend(GCell() for _ in range(before))
        for tc in tcs:
            it = iter(tc)
            lead = next(it, None)  # w:tcPr comes first: read it, then the cell's content after it
            kids: Iterable[etree._Element] = it
            if lead is not None and lead.tag == _TCPR:
                tcpr = _firsts(lead, _CELL_PROPS)
            else:
                tcpr, kids = _firsts(child(tc, _TCPR), _CELL_PROPS), tc
            span, vmerge, hcont = 1, None, False
            if tcpr:
                span = min(max(_val_int(tcpr.get(_GRIDSPAN), 1), 1), MAX_SPAN)
                vm = tcpr.get(_VMERGE)
                if vm is not None:
                    vmerge = vm.get(_VAL, "continue")
                hm = tcpr.get(_HMERGE)
                hcont = hm is not None and hm.get(_VAL, "continue") == "continue"
            if len(row) + span > MAX_COLS:
                raise TableTooLarge(f"a table row has more than {MAX_COLS} cells")
            cell = GCell(colspan=span)
            _read_items(kids, cell, read_para, check, depth)
            if first_line is None and cell.line:
                first_line = cell.line
            if hcont and row and not row[-1].covered:
                # legacy horizontal merge: this cell is part of the one on its left
                owner = next(c for c in reversed(row) if not c.covered)
                owner.colspan += span
                row.extend(GCell(line=owner.line, covered=True) for _ in range(span))
                continue
            if vmerge == "continue":
                cell.merged_above = True
                first: list[tuple[int, ParaInfo] | Grid] = [(ln, ParaInfo(text="")) for ln, _ in cell.paragraphs()]
                cell.items = first[:1]
            row.append(cell)
            if span > 1:
                row.extend(GCell(line=cell.line, covered=True) for _ in range(span - 1))
        if after:
            row.extend(GCell() for _ in range(after))
        rows.append(row)
        ncells += len(row)
        if ncells > MAX_CELLS:
            raise TableTooLarge(f"a table has more than {MAX_CELLS} cells")
    width = max([ngrid, *(len(r) for r in rows)]) if rows else 0
    if width * len(rows) > MAX_CELLS:
        raise TableTooLarge(f"a table has more than {MAX_CELLS} cells")
    for r in rows:
        if len(r) < width:
            r.extend(GCell(line=r[-1].line if r else 0) for _ in range(width - len(r)))
        row_line = next((x.line for x in r if x.line), first_line or 0)
        for c in r:
            if not c.line:
                c.line = row_line
    return Grid(rows=rows, line=first_line or 0, header_rows=header_rows, declared_cols=declared)


def _grid_cols(tbl: etree._Element, limit: int) -> int:
    """How many w:tblGrid/w:gridCol the table has (what ``iterfind`` of that path yields, without
    ElementPath's generators), counting no further than ``limit``."""
    n = 0
    for grid in tbl.iterchildren(_TBLGRID):
        for _ in grid.iterchildren(_GRIDCOL):
            n += 1
            if n >= limit:
                return n
    return n


def _read_items(container: Iterable[etree._Element], cell: GCell, read_para: ReadPara,
                check: Callable[[int], None], depth: int) -> None:
    for ch in container:
        t = ch.tag
        if t == _P:
            ln, info = read_para(ch)
            if not cell.line:
                cell.line = ln
            cell.items.append((ln, info))
        elif t == _TBL:
            g = read_grid(ch, read_para, check, depth + 1)
            if not cell.line:
                cell.line = g.line
            cell.items.append(g)
        elif t == _SDT:
            c = child(ch, _SDTCONTENT)
            if c is not None:
                _read_items(c, cell, read_para, check, depth)
        elif t == _CUSTOMXML:
            _read_items(ch, cell, read_para, check, depth)


def _texts(grid: Grid) -> list[list[str]]:
    return [[c.plain() for c in row if not c.covered and not c.merged_above] for row in grid.rows]


def _filled_rows(grid: Grid) -> list[list[str]] | None:
    """The non-empty texts of each row that has any; None once the grid is past what a layout
    table holds (layout_kind's LAYOUT_ROWS and LAYOUT_CELLS): then it is a content table, read no further."""
    out: list[list[str]] = []
    for row in grid.rows:
        filled = [t for t in (c.plain() for c in row if not c.covered and not c.merged_above) if t]
        if filled:
            if len(out) == LAYOUT_ROWS or len(filled) > LAYOUT_CELLS:
                return None
            out.append(filled)
    return out


def classify(grid: Grid) -> str | None:
    """'front', 'back', 'box' for layout tables, None for a content table."""
    nonempty_rows = _filled_rows(grid)
    if nonempty_rows is None:  # not small, and more than one cell: none of the kinds below
        return None
    if not nonempty_rows:
        return "box"
    return layout_kind(nonempty_rows)


def is_content_table(grid: Grid) -> bool:
    """A nested table that is a real table of its own (a task list with its header row)."""
    texts = _texts(grid)
    if len(texts) < 2 or max((len([t for t in r if t]) for r in texts), default=0) < 3:
        return False
    header = texts[0]
    return sum(1 for t in header if t and _HEADER_WORD.search(t)) >= 2
