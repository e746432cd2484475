"""Ruled tables: pdfplumber's table finder on pages that have rulings, cells filled from pdfium
characters, merged cells resolved, tables continued over a page break joined.

Only visible rulings count: white-filled rectangles (Aspose draws one behind every word, which
gave 13 one-row "tables" on laocai-ubnd-cv-chidao-vlncn.pdf) are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c
import regex

from cchc_parse.extract.blocks import Cell, SourceRef, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.extract.pdf_chars import Char
from cchc_parse.extract.pdf_lines import LABEL, group_lines, join_text


def page_has_rulings(page: object) -> bool:
    """Cheap pdfium check: does the page draw at least 2 horizontal and 2 vertical visible rules?"""
    import ctypes

    h = v = 0
    lft, btm, rgt, tp = (ctypes.c_float() for _ in range(4))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw = page.raw  # type: ignore[attr-defined]
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, lft, btm, rgt, tp):
            continue
        w, ht = rgt.value - lft.value, tp.value - btm.value
        fill = ctypes.c_int()
        stroke = ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not stroke.value and fill.value:
            pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
            if r.value > 240 and g.value > 240 and b.value > 240:
                continue  # white shading, not a rule
        if w > 20 and ht > 20:
            if stroke.value:  # a stroked grid or frame: let pdfplumber decide
                return True
            continue
        if ht <= 3 and w > 5:
            h += 1
        elif w <= 3 and ht > 5:
            v += 1
        if h >= 2 and v >= 2:
            return True
    return False


def _white(color: object) -> bool:
    if color is None:
        return False
    vals = color if isinstance(color, (list, tuple)) else (color,)
    try:
        nums = [float(x) for x in vals]
    except (TypeError, ValueError):
        return False
    if len(nums) == 4:  # CMYK
        return all(x < 0.05 for x in nums)
    return bool(nums) and all(x > 0.95 for x in nums)


def visible_edges(ppage: object) -> list[dict]:
    """pdfplumber edges of lines and of rectangles that are stroked or filled in a visible colour."""
    from pdfplumber.utils import line_to_edge, rect_to_edges

    edges: list[dict] = [line_to_edge(ln) for ln in ppage.lines]  # type: ignore[attr-defined]
    for rc in ppage.rects:  # type: ignore[attr-defined]
        if rc.get("stroke") and not _white(rc.get("stroking_color")):
            edges.extend(rect_to_edges(rc))
        elif rc.get("fill") and not _white(rc.get("non_stroking_color")) and min(rc["width"], rc["height"]) < 3:
            edges.extend(rect_to_edges(rc))
    return edges


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
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def find_grids(ppage: object, page_no: int) -> list[Grid]:
    """pdfplumber's finder on explicit visible edges; non-tables (1 row or 1 column) rejected."""
    edges = visible_edges(ppage)
    if len(edges) < 4:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [e for e in edges if e["orientation"] == "v"],
        "explicit_horizontal_lines": [e for e in edges if e["orientation"] == "h"],
        "snap_tolerance": 3,
        "join_tolerance": 3,
        "intersection_tolerance": 3,
    }
    grids = []
    for t in ppage.find_tables(settings):  # type: ignore[attr-defined]
        cells = [c for c in t.cells if c[2] - c[0] > 2 and c[3] - c[1] > 2]
        if not cells:
            continue
        xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
        ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
        if len(xs) < 3 or len(ys) < 3:
            continue  # a framed word or box, not a table
        spans = [(_index(ys, c[1]), _index(ys, c[3]), _index(xs, c[0]), _index(xs, c[2]), c) for c in cells]
        grids.append(Grid(page_no, tuple(t.bbox), xs, ys, spans))
    return grids


def in_box(c: Char, box: tuple[float, float, float, float], pad: float = 1.0) -> bool:
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def cell_text(chars: list[Char], page: int) -> str:
    """Lines inside a cell: wrapped lines joined with a space; a new labelled item on a new line."""
    text = ""
    for ln in group_lines(chars, page):
        t = ln.text
        text = t if not text else (f"{text}\n{t}" if LABEL.match(t) else join_text(text, t))
    return clean_text_keep_nl(text)


def clean_text_keep_nl(s: str) -> str:
    return "\n".join(clean_text(p) for p in s.split("\n"))


def grid_to_table(grid: Grid, chars: list[Char], line_no: int) -> Table:
    """Fill the grid with characters; spans → colspan/covered/merged_above (rectangular rows)."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    slots: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
    for r0, r1, c0, c1, box in grid.spans:
        if r1 <= r0 or c1 <= c0 or slots[r0][c0] is not None:
            continue
        inside = [c for c in chars if in_box(c, box)]
        text = cell_text(inside, grid.page)
        for r in range(r0, r1):
            for c in range(c0, c1):
                src = SourceRef(line=line_no, page=grid.page, row=r + 1, col=c + 1)
                if r == r0 and c == c0:
                    slots[r][c] = Cell(text=text, src=src, colspan=c1 - c0)
                elif c == c0:
                    slots[r][c] = Cell(text="", src=src, colspan=c1 - c0, merged_above=True)
                else:
                    slots[r][c] = Cell(text="", src=src, covered=True)
    rows = []
    for r in range(nrows):
        rows.append(tuple(cell or Cell(text="", src=SourceRef(line=line_no, page=grid.page, row=r + 1, col=k + 1))
                          for k, cell in enumerate(slots[r])))
    return Table(rows=tuple(rows), src=SourceRef(line=line_no, page=grid.page))


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
