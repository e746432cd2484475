"""One PDF page read and reduced as soon as it is read: its characters → visual lines, ruled tables
and footnotes (memory stays bounded on long PDFs). Used by extract/pdf/reader.py."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import pypdfium2 as pdfium

from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import SourceRef, Table
from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.clean import spaced_text
from cchc_parse.extract.pdf.grid import GridTooLarge
from cchc_parse.extract.pdf.lines import VLine, chars_to_text, cluster_lines, copy_line, group_lines, settle_lines
from cchc_parse.extract.pdf.notes import take_footnotes
from cchc_parse.extract.pdf.rulings import page_edges, page_has_rulings
from cchc_parse.extract.pdf.tables import Grid, find_grids, grid_to_table
from cchc_parse.extract.pdf.zones import NOI_NHAN


class Page:
    __slots__ = ("chars", "glyphs", "grids", "height", "images", "lines", "no", "notes", "stamp_fields", "tables",
                 "text", "width")

    def __init__(self, no: int, width: float, height: float) -> None:
        self.no, self.width, self.height = no, width, height
        self.chars: list[Char] = []
        self.glyphs = 0  # non-space characters of the text layer
        self.text = ""  # the page's text, for the trust check
        self.lines: list[VLine] = []
        self.grids: list[Grid] = []
        self.tables: list[tuple[float, Table, Grid]] = []
        self.images = 0
        self.notes: list[tuple[str | None, str]] = []  # (note number, text)
        self.stamp_fields: dict[str, str] = {}  # signature fields from stamp annotations


def stream_page(p: Page, keep: list[Page], text: str | None = None) -> None:
    """Turn one page's characters into lines and tables as soon as it is read, and let the
    characters go: memory stays bounded on long PDFs. Lines keep their characters only where the
    cross-page steps need them: page 1 (the header block), and the last page with "Nơi nhận" and
    the page after it (the end block); ``keep`` holds those end-block candidates. ``text``: the
    page's ``spaced_text`` when it was built as the characters were read (chars.read_page)."""
    p.text = spaced_text(p.chars) if text is None else text
    page_lines(p)
    p.chars = []
    if _has_noi_nhan(p.lines):
        for q in keep:
            _drop_chars(q)
        keep[:] = [p]
    elif len(keep) == 1 and keep[0].no == p.no - 1:
        keep.append(p)
    else:
        _drop_chars(p)


def _has_noi_nhan(lines: list[VLine]) -> bool:
    """A "Nơi nhận" line among ``lines``: the regex only on texts with an "ơ" (its IGNORECASE
    matches "Ơ" as well, and no other character; tests/test_speed_pdflines_fields.py tries them all)."""
    for ln in lines:
        t = ln.text
        if ("ơ" in t or "Ơ" in t) and NOI_NHAN.match(t):
            return True
    return False


def _drop_chars(p: Page) -> None:
    if p.no != 1:
        for ln in p.lines:
            ln.chars = []


def page_grids(pg: pdfium.PdfPage, no: int, diags: list[Diagnostic]) -> list[Grid]:
    """The ruled tables of a page; none, with P027, when it draws more rulings or crossings than
    the limits (a grid bomb: pdf_grid.MAX_EDGES, MAX_CROSSINGS)."""
    if not page_has_rulings(pg):
        return []
    try:
        return find_grids(page_edges(pg), no)
    except GridTooLarge as e:
        diags.append(make("P027", src=SourceRef(line=1, page=no),
                          params={"limit": e.limit, "value": e.value, "max": e.max}))
        return []


def page_lines(p: Page) -> None:
    """Tables → Table blocks; remaining characters → visual lines (glyph fixes applied).

    On a ruled page the characters are clustered into lines once: the whole page's lines number
    the tables and the body lines, and the body's lines are the candidates outside the tables
    (grouped again only where a candidate straddles a table's edge)."""
    if not p.grids:
        p.lines = group_lines(p.chars, p.no)
        take_page_footnotes(p)
        return
    cands, separable = cluster_lines(p.chars, p.no, text=False)  # text only for the body's (_body_lines)
    tops, bottoms = _settled_boxes(cands)
    body = p.chars
    taken: set[int] = set()
    last = len(p.grids) - 1
    for k, g in enumerate(p.grids):
        inside = _in_grid(body, g)
        ids = {id(c) for c in inside}
        if k < last:  # the characters left for the next table (after the last, for _body_lines)
            body = [c for c in body if id(c) not in ids]
        taken |= ids
        line_no = 1 + bisect_right(bottoms, g.bbox[1] + 1)  # lines ending above the table
        p.tables.append((g.bbox[1], grid_to_table(g, inside, line_no), g))
    p.lines = _body_lines(cands, separable, taken, body, p.no)
    take_page_footnotes(p)
    for ln in p.lines:  # keep the visual line numbers of the whole page
        ln.no = 1 + bisect_left(tops, ln.top - 1)


def _settled_boxes(cands: list[VLine]) -> tuple[list[float], list[float]]:
    """The sorted tops and bottoms of the page's visual lines: copies of the candidates (a raised
    superscript changes its host) settled, the ones without text left out before they are copied
    (``settle_lines`` drops them first). The settled order is kept: it is the order the sorts
    see (a NaN top or bottom is placed by it)."""
    lines = settle_lines([copy_line(ln) for ln in cands if ln.text])
    return sorted([ln.top for ln in lines]), sorted([ln.bottom for ln in lines])


def _in_grid(chars: list[Char], g: Grid, pad: float = 2.0) -> list[Char]:
    """The characters whose centre is in the grid's box widened by ``pad`` (one comprehension,
    no call per character)."""
    x0, y0, x1, y1 = g.bbox[0] - pad, g.bbox[1] - pad, g.bbox[2] + pad, g.bbox[3] + pad
    return [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and y0 <= (c.top + c.bottom) / 2 <= y1]


def _body_lines(cands: list[VLine], separable: bool, taken: set[int], body: list[Char],
                page: int) -> list[VLine]:
    """The visual lines of the characters outside the tables: the whole page's candidates that
    have none of the ``taken`` characters, when no candidate has both kinds; else ``body`` (less
    the ``taken`` ones) grouped anew. The candidates come without their text
    (``cluster_lines(text=False)``): only those kept get it."""
    keep: list[VLine] = []
    for ln in cands:
        if taken.isdisjoint(map(id, ln.chars)):  # a body line (these set tests stop at the first answer)
            keep.append(ln)
        elif not separable or not taken.issuperset(map(id, ln.chars)):  # not a table line either
            return group_lines([c for c in body if id(c) not in taken], page)
    for ln in keep:
        if ln.text:  # PENDING: the text of a candidate that stays a body line
            ln.text = chars_to_text(ln.chars)
    return settle_lines(keep)


def take_page_footnotes(p: Page) -> None:
    p.lines, p.notes = take_footnotes(p.lines, p.height)
