"""Ruled tables: on pages that have rulings, the ruling edges are read from pdfium's path objects
and fed to pdfplumber's table-building steps (no pdfplumber page parse); cells filled from pdfium
characters, merged cells resolved, tables continued over a page break joined.

Only visible rulings count: white-filled rectangles (Aspose draws one behind every word, which
gave 13 one-row "tables" on laocai-ubnd-cv-chidao-vlncn.pdf) are ignored.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from cchc_parse.extract.blocks import Cell, SourceRef, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.grid import (
    cells_to_tables,
    crossings_to_cells,
    edges_to_crossings,
)
from cchc_parse.extract.pdf.lines import VLine, cell_lines, is_label, join_text
from cchc_parse.extract.pdf.rulings import page_edges as page_edges  # re-exported: imported from here
from cchc_parse.extract.pdf.rulings import page_has_rulings as page_has_rulings


@dataclass(slots=True)
class Grid:
    """A table found on one page: its bbox, column/row boundaries and the cells' spans."""

    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    xs: list[float]
    ys: list[float]
    spans: list[tuple[int, int, int, int, tuple[float, float, float, float]]]  # r0, r1, c0, c1, bbox


def _snap(values: Sequence[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    """Index of the boundary nearest ``v`` (``bounds`` sorted)."""
    i = bisect_right(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds) or v - bounds[i - 1] <= bounds[i] - v:
        return i - 1
    return i


def find_grids(edges: list[dict], page_no: int) -> list[Grid]:
    """pdfplumber's table-building steps on the page's visible edges (from ``page_edges``): snap and
    join, intersections, cells, tables (pdf_grid: the same results in near-linear time). Non-tables
    (1 row or 1 column: a framed word) rejected. Raises GridTooLarge past MAX_CROSSINGS."""
    from pdfplumber.table import merge_edges
    from pdfplumber.utils import filter_edges

    if len(edges) < 4:
        return []
    merged = filter_edges(merge_edges(edges, 3, 3, 3, 3), min_length=3)
    merged += _closing_rules(merged)
    cells_all = crossings_to_cells(edges_to_crossings(merged, 3, 3))
    grids = []
    for group in cells_to_tables(cells_all):
        cells = [c for c in group if c[2] - c[0] > 2 and c[3] - c[1] > 2]
        if not cells:
            continue
        xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
        ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
        if len(xs) < 3 or len(ys) < 3:
            continue  # a framed word or box, not a table
        bbox = (min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group),
                max(c[3] for c in group))
        spans = [(_index(ys, c[1]), _index(ys, c[3]), _index(xs, c[0]), _index(xs, c[2]), c) for c in cells]
        grids.append(Grid(page_no, bbox, xs, ys, spans))
    return grids


def _closing_rules(edges: list[dict], tol: float = 3.0) -> list[dict]:
    """Horizontal rules the drawing left out: where 3 or more vertical rules end (or start) at the
    same height and no horizontal rule crosses them there, the table's last row (first row) has no
    bottom (top) border, as on a page whose table is cut by the page break. One is added across
    those verticals so that the row is a row, not body text."""
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = [e for e in edges if e["orientation"] == "h"]
    out: list[dict] = []
    for end in ("bottom", "top"):
        groups: dict[float, list[dict]] = {}
        for v in sorted(vs, key=lambda e: e[end]):
            key = next((k for k in groups if abs(k - v[end]) <= tol), v[end])
            groups.setdefault(key, []).append(v)
        for y, group in groups.items():
            if len(group) < 3:
                continue
            x0, x1 = min(v["x0"] for v in group), max(v["x0"] for v in group)
            if any(abs(h["top"] - y) <= tol and h["x0"] <= x0 + tol and h["x1"] >= x1 - tol for h in hs):
                continue
            crossed = sum(1 for v in group if any(abs(h["top"] - y) <= tol and h["x0"] - tol <= v["x0"] <= h["x1"] + tol
                                                  for h in hs))
            if crossed:
                continue  # partly ruled there: leave the drawing as it is
            out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                        "orientation": "h", "object_type": "closing_rule"})
    return out


def forced_break(prev: VLine, nxt: VLine, right: float) -> bool:
    """Was ``prev`` cut inside a word that did not fit the line ("106/2020/N" + "Đ-CP")?

    Only a one-token line can be cut so, and only when the next line's first glyph would not
    have fitted before ``right`` (the column's content edge). Long tokens only: a short word
    ("Tên" | "điểm") wrapped normally.
    """
    t = prev.text
    if " " in t or len(t) < 6 or not nxt.text[:1].isalnum():
        return False
    first = next((c for c in nxt.chars if not c.text.isspace()), None)
    if first is None:
        return False
    return prev.x1 + (first.x1 - first.x0) > right - 0.5


def cell_text(lines: list[VLine], right: float | None = None) -> str:
    """Lines inside a cell: wrapped lines joined with a space (no space where a word too long for
    the column was cut); a new labelled item on a new line."""
    return clean_text_keep_nl(_joined(lines, right))


def _joined(lines: list[VLine], right: float | None) -> str:
    """``cell_text`` before the cleaning."""
    if len(lines) == 1:  # most cells
        return lines[0].text
    text = ""
    prev: VLine | None = None
    for ln in lines:
        t = ln.text
        if not text:
            text = t
        elif is_label(t):
            text = f"{text}\n{t}"
        elif right is not None and prev is not None and forced_break(prev, ln, right):
            text += t
        else:
            text = join_text(text, t)
        prev = ln
    return text


def clean_text_keep_nl(s: str) -> str:
    if "\n" not in s:  # most cells: one paragraph, no split and join
        return clean_text(s)
    return "\n".join(clean_text(p) for p in s.split("\n"))


def grid_to_table(grid: Grid, chars: list[Char], line_no: int) -> Table:
    """Fill the grid with characters; spans → colspan/covered/merged_above (rectangular rows)."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    # each grid slot → the glyph list of the cell (the first span over it) covering it: the slots
    # of one cell share the list
    table: list[list[list[Char] | None]] = [[None] * ncols for _ in range(nrows)]
    cells = []
    for r0, r1, c0, c1, _box in grid.spans:
        if r1 <= r0 or c1 <= c0 or table[r0][c0] is not None:  # (0 <= r0 < r1 <= nrows: indices of ys)
            continue
        glyphs: list[Char] = []
        cells.append((r0, r1, c0, c1, glyphs))
        for r in range(r0, r1):
            row = table[r]
            for c in range(c0, c1):
                if row[c] is None:
                    row[c] = glyphs
    _fill_slots(grid, chars, table)
    spans = []
    right: dict[int, float] = {}  # column end → the rightmost glyph of any cell ending there
    page = grid.page
    for r0, r1, c0, c1, glyphs in cells:
        lines = cell_lines(glyphs, page) if glyphs else []  # an empty cell has no lines
        if lines:
            right[c1] = max(right.get(c1, 0.0), lines[0].x1 if len(lines) == 1 else max([ln.x1 for ln in lines]))
        spans.append((r0, r1, c0, c1, lines))
    return _table(grid, spans, right, line_no)


def _table(grid: Grid, spans: list[tuple[int, int, int, int, list[VLine]]], right: dict[int, float],
           line_no: int) -> Table:
    """The cells' texts (cleaned twice, as ``clean_text_keep_nl(cell_text(...))``: the second time
    only where the first changed something, as cleaning a text that cleans to itself gives it
    again) into the table's rows. The blocks are built with positional arguments (the fields in
    their order): a keyword call of a frozen dataclass's __init__ costs a third more, per slot."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    slots: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
    page = grid.page
    for r0, r1, c0, c1, lines in spans:
        text = ""  # "" cleans to ""
        if lines:
            raw = _joined(lines, right.get(c1))
            text = clean_text_keep_nl(raw)
            if text != raw:
                text = clean_text_keep_nl(text)
        for r in range(r0, r1):
            for c in range(c0, c1):
                src = SourceRef(line_no, page, r + 1, c + 1)
                if r == r0 and c == c0:
                    slots[r][c] = Cell(text, src, None, c1 - c0)
                elif c == c0:
                    slots[r][c] = Cell("", src, None, c1 - c0, False, True)  # merged_above
                else:
                    slots[r][c] = Cell("", src, None, 1, True)  # covered
    rows = tuple(tuple([cell or Cell("", SourceRef(line_no, page, r + 1, k + 1)) for k, cell in enumerate(slots[r])])
                 for r in range(nrows))
    return Table(rows=rows, src=SourceRef(line=line_no, page=page))


def _fill(grid: Grid, chars: list[Char],
          owner: dict[tuple[int, int], tuple[int, int]]) -> dict[tuple[int, int], list[Char]]:
    """Each glyph into the one cell holding its centre: ``owner`` maps a grid slot to its cell (the
    cell's top-left slot); cell → its glyphs, for the cells that got any."""
    last_col, last_row = len(grid.xs) - 2, len(grid.ys) - 2
    lists: dict[tuple[int, int], list[Char]] = {}
    table: list[list[list[Char] | None]] = [[None] * (last_col + 1) for _ in range(last_row + 1)]
    for (r, c), key in owner.items():
        if 0 <= r <= last_row and 0 <= c <= last_col:  # a glyph's row and column are always in the grid
            table[r][c] = lists.setdefault(key, [])
    _fill_slots(grid, chars, table)
    return {key: got for key, got in lists.items() if got}


def _fill_slots(grid: Grid, chars: list[Char], table: list[list[list[Char] | None]]) -> None:
    """Each glyph into the list of the grid slot holding its centre (bisect, not a box test per
    cell; the row and column clamped to the grid inline; none where the slot has no list)."""
    xs, ys = grid.xs, grid.ys
    last_col, last_row = len(xs) - 2, len(ys) - 2
    x_lo, x_hi, y_lo, y_hi = xs[0] - 1, xs[-1] + 1, ys[0] - 1, ys[-1] + 1
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (x_lo <= cx <= x_hi and y_lo <= cy <= y_hi):
            continue
        col = bisect_right(xs, cx) - 1
        if col < 0:
            col = 0
        if col > last_col:
            col = last_col
        row = bisect_right(ys, cy) - 1
        if row < 0:
            row = 0
        if row > last_row:
            row = last_row
        cell = table[row][col]
        if cell is not None:
            cell.append(ch)


def same_columns(a: Grid, b: Grid, tol: float = 3.0) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= tol for x, y in zip(a.xs, b.xs, strict=True))


def _key(row: Sequence[Cell]) -> str:
    return regex.sub(r"\W+", "", " ".join(c.text for c in row)).casefold()


def join_tables(first: Table, nxt: Table) -> tuple[Table, int, bool]:
    """Append ``nxt`` (the same table continued on the next page) to ``first``.

    Returns (joined table, header rows dropped, whether a split row was merged back).
    """
    heads = {_key(r) for r in first.rows[:3]}
    rows = list(nxt.rows)
    dropped = 0
    while rows and _key(rows[0]) in heads and _key(rows[0]):
        rows.pop(0)
        dropped += 1
    out = list(first.rows)
    merged = False
    if rows and out and not rows[0][0].text and not rows[0][0].merged_above and len(rows[0]) == len(out[-1]):
        last = out[-1]
        out[-1] = tuple(
            Cell(text=join_text(a.text, b.text).strip() if b.text else a.text, src=a.src, label=a.label,
                 colspan=a.colspan, covered=a.covered, merged_above=a.merged_above)
            for a, b in zip(last, rows[0], strict=True))
        rows.pop(0)
        merged = True
    base = len(out)
    for i, row in enumerate(rows, start=1):
        out.append(tuple(Cell(text=c.text, src=SourceRef(line=c.src.line, page=c.src.page, row=base + i,
                                                         col=c.src.col), label=c.label, colspan=c.colspan,
                              covered=c.covered, merged_above=c.merged_above) for c in row))
    return Table(rows=tuple(out), src=first.src, header_rows=first.header_rows), dropped, merged
