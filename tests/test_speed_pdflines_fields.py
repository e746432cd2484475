"""Issue 16: the line and table building of extract/pdf against the forms they replaced (``_ref_*``):
``linefields.finish_line`` (one loop for the box, size and votes instead of a C-level pass per field),
``chars_to_text``'s space measure, ``lines.cell_lines`` (a one-line cell gets only its text and
right end), and ``tables._fill`` / ``grid_to_table`` (slot lists, positional blocks). Compared on
hypothesis-made characters (NaN, infinities, -0.0, shared size objects, stamps, lines of spaces
only) and on every sample PDF page with rulings."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import compress, repeat
from operator import attrgetter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.extract.blocks import Cell, SourceRef, Table
from cchc_parse.extract.pdf import linefields as F
from cchc_parse.extract.pdf import lines as L
from cchc_parse.extract.pdf import tables as T
from cchc_parse.extract.pdf.chars import Char, StampValue, read_chars
from cchc_parse.extract.pdf.page import _in_grid, page_grids

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_X0, _X1, _TOP, _BOTTOM = attrgetter("x0"), attrgetter("x1"), attrgetter("top"), attrgetter("bottom")
_SIZE, _BOLD, _ITALIC, _TEXT = attrgetter("size"), attrgetter("bold"), attrgetter("italic"), attrgetter("text")


def _ref_text(chars: Sequence[Char]) -> str:
    """chars_to_text as it was: the spaces found by a chain of C iterators, ``min`` per space."""
    space: dict[str, float] = {}
    for c in compress(chars, map(" ".__eq__, map(_TEXT, chars))):
        if c.size > 0 and c.x1 > c.x0:
            em = (c.x1 - c.x0) / c.size
            space[c.font] = min(space.get(c.font, em), em)
    return F._text(chars, space)


def _ref_finish(ln: L.VLine, text: bool = True) -> L.VLine:
    """VLine.finish as it was: a C-level pass per field over the glyphs."""
    chars = ln.chars
    chars.sort(key=_X0)
    glyphs = [c for c in chars if not c.text.isspace()]
    if not text:
        ln.text = F.PENDING if glyphs else ""
    glyphs = glyphs or chars
    ln.x0, ln.x1 = min(map(_X0, glyphs)), max(map(_X1, glyphs))
    ln.top, ln.bottom = min(map(_TOP, glyphs)), max(map(_BOTTOM, glyphs))
    sizes = Counter(map(round, map(_SIZE, glyphs), repeat(1)))
    ln.size = max(sizes, key=sizes.__getitem__)
    n, bold, italic = len(glyphs), sum(map(_BOLD, glyphs)), sum(map(_ITALIC, glyphs))
    if (bold == 0 or bold == n) and (italic == 0 or italic == n):
        ln.bold, ln.italic = bold > 0, italic > 0
    else:
        letters = [c for c in glyphs if c.text.isalnum()] or glyphs
        ln.bold = sum(map(_BOLD, letters)) * 2 > len(letters)
        ln.italic = sum(map(_ITALIC, letters)) * 2 > len(letters)
    if text:
        ln.text = _ref_text(chars)
    return ln


def _fields(ln: L.VLine) -> tuple:
    return (ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.italic, ln.text, ln.no, [id(c) for c in ln.chars])


def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN, -0.0 not 0.0, bool not int."""
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b and (not isinstance(a, float) or str(a) == str(b))


ODD = [float("nan"), float("inf"), -float("inf"), -0.0, 0.0]
coord = st.one_of(st.sampled_from([*ODD, 1.0, 10.0, 10.04, 10.05, 12.0]), st.floats(-50, 900, width=32))
SHARED = [12.0, 13.5, 13.56, 0.5, float("nan"), 13.0]  # one float object per text object, as read_chars does
STAMPS = [None, None, None, StampValue("5"), StampValue("12", "1")]
TEXTS = [" ", " ", "\u00a0", "\t", "a", "Đ", "1", "/", ".", "-", "ư", "ab", ""]


@st.composite
def chars(draw: st.DrawFn, max_size: int = 30) -> list[Char]:
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        x0, w, top, h = draw(coord), draw(coord), draw(coord), draw(coord)
        size = draw(st.one_of(st.sampled_from(SHARED), coord))
        out.append(Char(draw(st.sampled_from(TEXTS)), x0, x0 + w, top, top + h, size,
                        draw(st.sampled_from(["F1", "F2", ".VnTime"])), draw(st.booleans()), draw(st.booleans()),
                        draw(st.sampled_from(STAMPS))))
    return out


@st.composite
def rows(draw: st.DrawFn) -> list[Char]:
    """Plainer characters on one or a few baselines: lines that cluster as text does."""
    out = []
    x = draw(st.floats(0, 50))
    for _ in range(draw(st.integers(1, 25))):
        w = draw(st.sampled_from([0.0, 3.0, 5.5, 6.0]))
        top = draw(st.sampled_from([100.0, 100.0, 100.0, 99.5, 103.0, 114.0]))
        size = draw(st.sampled_from(SHARED[:4]))
        t = draw(st.sampled_from(TEXTS[:-1]))
        out.append(Char(t, x, x + w, top, top + 12.0 * (0.6 if size < 1 else 1), size, "F1",
                        draw(st.booleans()), False, draw(st.sampled_from(STAMPS))))
        x += w + draw(st.sampled_from([0.0, 0.0, 1.0, 4.0, -0.5]))
    return out


@FAST
@given(chars())
def test_chars_to_text_measures_spaces_as_before(cs: list[Char]) -> None:
    assert F.chars_to_text(cs) == _ref_text(cs)


@FAST
@given(chars(), st.booleans())
def test_finish_line_is_the_plain_passes(cs: list[Char], text: bool) -> None:
    if cs:
        got, want = L.VLine(list(cs), 1).finish(text), _ref_finish(L.VLine(list(cs), 1), text)
        assert _same(_fields(got), _fields(want))


SPACES = st.lists(st.sampled_from([" ", "\u00a0", "\t"]), min_size=1, max_size=6)


@FAST
@given(SPACES, st.lists(st.booleans(), min_size=6, max_size=6), coord)
def test_finish_line_of_spaces_only(texts: list[str], flags: list[bool], x: float) -> None:
    cs = [Char(t, x + i, x + i + 2, 5.0, 17.0, SHARED[i % 4], "F1", flags[i], flags[-1 - i])
          for i, t in enumerate(texts)]
    for text in (True, False):
        got, want = L.VLine(list(cs), 1).finish(text), _ref_finish(L.VLine(list(cs), 1), text)
        assert _same(_fields(got), _fields(want))


def _read(group: Callable[[Sequence[Char], int], list[L.VLine]], cs: Sequence[Char]) -> object:
    """What a cell's text uses of its lines (or the error: an infinite or NaN top cannot be sorted)."""
    try:
        return [(ln.text, ln.x1, ln.no, [id(c) for c in ln.chars]) for ln in group(cs, 1)]
    except (OverflowError, ValueError) as e:  # round() of an infinite or NaN top
        return repr(e)


def _ref_cell_lines(cs: Sequence[Char]) -> object:
    return _read(L.group_lines, cs)


@FAST
@given(st.one_of(chars(12), rows()))
def test_cell_lines_give_what_cell_text_reads(cs: list[Char]) -> None:
    assert _same(_read(L.cell_lines, cs), _ref_cell_lines(cs))


def _ref_fill(grid: T.Grid, chars: list[Char], owner: dict) -> dict:
    inside: dict = {}
    xs, ys = grid.xs, grid.ys
    ncols, nrows = len(xs) - 1, len(ys) - 1
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (xs[0] - 1 <= cx <= xs[-1] + 1 and ys[0] - 1 <= cy <= ys[-1] + 1):
            continue
        key = owner.get((min(max(bisect_right(ys, cy) - 1, 0), nrows - 1),
                         min(max(bisect_right(xs, cx) - 1, 0), ncols - 1)))
        if key is not None:
            inside.setdefault(key, []).append(ch)
    return inside


num = st.one_of(st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0]), st.floats(-20, 140, width=32))


@FAST
@given(st.lists(st.tuples(num, num, num, num), max_size=30), st.integers(1, 4), st.integers(1, 4),
       st.lists(st.tuples(st.integers(-2, 5), st.integers(-2, 5), st.integers(0, 3), st.integers(0, 3)), max_size=30))
def test_fill_with_any_owner_map(boxes: list, ncols: int, nrows: int, slots: list) -> None:
    xs = [10.0 + 20 * i for i in range(ncols + 1)]
    ys = [5.0 + 10 * i for i in range(nrows + 1)]
    owner: dict = {}
    for r, c, r0, c0 in slots:  # keys outside the grid too (never a glyph's slot)
        owner.setdefault((r, c), (r0, c0))
    grid = T.Grid(1, (xs[0], ys[0], xs[-1], ys[-1]), xs, ys, [])
    cs = [Char("a", x, x + w, t, t + h, 12.0, "F", False, False) for x, w, t, h in boxes]
    got = {k: [id(c) for c in v] for k, v in T._fill(grid, cs, owner).items()}
    assert got == {k: [id(c) for c in v] for k, v in _ref_fill(grid, cs, owner).items()}


def _ref_grid_to_table(grid: T.Grid, chars: list[Char], line_no: int) -> Table:
    """grid_to_table as it was: the full line grouping per cell, keyword-built blocks."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    slots: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
    owner: dict = {}
    cells = []
    for r0, r1, c0, c1, _box in grid.spans:
        if r1 <= r0 or c1 <= c0 or (r0, c0) in owner:
            continue
        cells.append((r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), (r0, c0))
    inside = _ref_fill(grid, chars, owner)
    spans, right = [], {}
    for r0, r1, c0, c1 in cells:
        glyphs = inside.get((r0, c0))
        lines = L.group_lines(glyphs, grid.page) if glyphs else []
        if lines:
            right[c1] = max(right.get(c1, 0.0), max(ln.x1 for ln in lines))
        spans.append((r0, r1, c0, c1, lines))
    for r0, r1, c0, c1, lines in spans:
        text = T.clean_text_keep_nl(T.cell_text(lines, right.get(c1)))
        for r in range(r0, r1):
            for c in range(c0, c1):
                src = SourceRef(line=line_no, page=grid.page, row=r + 1, col=c + 1)
                if r == r0 and c == c0:
                    slots[r][c] = Cell(text=text, src=src, colspan=c1 - c0)
                elif c == c0:
                    slots[r][c] = Cell(text="", src=src, colspan=c1 - c0, merged_above=True)
                else:
                    slots[r][c] = Cell(text="", src=src, covered=True)
    out = [tuple(cell or Cell(text="", src=SourceRef(line=line_no, page=grid.page, row=r + 1, col=k + 1))
                 for k, cell in enumerate(slots[r])) for r in range(nrows)]
    return Table(rows=tuple(out), src=SourceRef(line=line_no, page=grid.page))


def _ruled_pages() -> list[tuple[str, list[Char], list[T.Grid]]]:
    out = []
    for path in PDFS:
        if path.name.endswith("-enc.pdf"):
            continue
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                grids = page_grids(page, i + 1, [])
                if grids:
                    tp = page.get_textpage()
                    out.append((f"{path.name}:{i + 1}", read_chars(tp, page.get_height()), grids))
                    tp.close()
                page.close()
        finally:
            doc.close()
    return out


@pytest.fixture(scope="module")
def ruled_pages() -> list[tuple[str, list[Char], list[T.Grid]]]:
    return _ruled_pages()


def test_sample_tables_as_before(ruled_pages: list[tuple[str, list[Char], list[T.Grid]]]) -> None:
    cells = 0
    for name, cs, grids in ruled_pages:
        for g in grids:
            inside = _in_grid(cs, g)
            assert T.grid_to_table(g, inside, 3) == _ref_grid_to_table(g, inside, 3), name
            for glyphs in _ref_fill(g, inside, {(r, c): (r, c) for r in range(len(g.ys)) for c in range(len(g.xs))}
                                    ).values():
                assert _read(L.cell_lines, glyphs) == _ref_cell_lines(glyphs), name
                cells += 1
    assert cells > 500


def test_sample_lines_finish_as_before(ruled_pages: list[tuple[str, list[Char], list[T.Grid]]]) -> None:
    for name, cs, _grids in ruled_pages:
        for text in (True, False):
            for ln in L.cluster_lines(cs, 1, text)[0]:
                want = _ref_finish(L.VLine(list(ln.chars), 1), text)
                assert _same(_fields(ln), _fields(want)), name


def _ref_body_lines(cands: list[L.VLine], separable: bool, taken: set[int], body: list[Char]) -> list[L.VLine]:
    """page._body_lines as it was: the taken characters of each candidate counted."""
    keep: list[L.VLine] = []
    for ln in cands:
        n_in = sum(map(taken.__contains__, map(id, ln.chars)))
        if n_in and (n_in < len(ln.chars) or not separable):
            return L.group_lines(body, 1)
        if not n_in:
            keep.append(ln)
    for ln in keep:
        if ln.text:
            ln.text = F.chars_to_text(ln.chars)
    return L.settle_lines(keep)


def _outcome(fn: Callable[[], list[L.VLine]]) -> object:
    try:
        return [_fields(ln) for ln in fn()]
    except (OverflowError, ValueError) as e:  # round() of an infinite or NaN top in the sort
        return repr(e)


@FAST
@given(st.one_of(chars(20), rows()), st.lists(st.booleans(), min_size=25, max_size=25), st.booleans())
def test_body_lines_as_before(cs: list[Char], picks: list[bool], separable: bool) -> None:
    from cchc_parse.extract.pdf.page import _body_lines

    taken = {id(c) for c, pick in zip(cs, picks, strict=False) if pick}
    body = [c for c in cs if id(c) not in taken]
    got = _outcome(lambda: _body_lines(L.cluster_lines(cs, 1, False)[0], separable, taken, cs, 1))
    want = _outcome(lambda: _ref_body_lines(L.cluster_lines(cs, 1, False)[0], separable, taken, body))
    assert _same(got, want)


def _ref_page_lines(p: object) -> None:
    """page.page_lines of a ruled page as it was (the whole body filtered per table, every candidate
    copied and settled, the line boxes sorted after)."""
    from bisect import bisect_left

    from cchc_parse.extract.pdf.page import take_page_footnotes

    cands, separable = L.cluster_lines(p.chars, p.no, text=False)  # type: ignore[attr-defined]
    line_src = L.settle_lines([L.copy_line(ln) for ln in cands])
    bottoms = sorted(ln.bottom for ln in line_src)
    body, taken = p.chars, set()  # type: ignore[attr-defined]
    for g in p.grids:  # type: ignore[attr-defined]
        inside = _in_grid(body, g)
        ids = {id(c) for c in inside}
        body = [c for c in body if id(c) not in ids]
        taken |= ids
        p.tables.append((g.bbox[1], _ref_grid_to_table(g, inside, 1 + bisect_right(bottoms, g.bbox[1] + 1)), g))
    p.lines = _ref_body_lines(cands, separable, taken, body)  # type: ignore[attr-defined]
    take_page_footnotes(p)  # type: ignore[arg-type]
    tops = sorted(ln.top for ln in line_src)
    for ln in p.lines:  # type: ignore[attr-defined]
        ln.no = 1 + bisect_left(tops, ln.top - 1)


def test_sample_ruled_pages_as_before(ruled_pages: list[tuple[str, list[Char], list[T.Grid]]]) -> None:
    from cchc_parse.extract.pdf.page import Page, page_lines

    for name, cs, grids in ruled_pages:
        a, b = Page(1, 600.0, 840.0), Page(1, 600.0, 840.0)
        a.chars, a.grids, b.chars, b.grids = list(cs), grids, list(cs), grids
        page_lines(a)
        _ref_page_lines(b)
        assert [_fields(ln) for ln in a.lines] == [_fields(ln) for ln in b.lines], name
        assert a.tables == b.tables and a.notes == b.notes, name


LABEL_TEXTS = st.text(st.sampled_from(list("IVXLCMPĐđDabcz()-+*•–.: 0123456789١٢\u00a0\tiềuhươngụcầnẦƯƠ")), max_size=12)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(LABEL_TEXTS, st.text(max_size=6)))
def test_is_label_is_the_regex(t: str) -> None:
    assert L.is_label(t) is (L.LABEL.match(t) is not None)


def test_is_label_on_every_first_character() -> None:
    for cp in range(0x3000):
        for rest in ("", ")", ") x", ". x", ".1. x", " x", "iều 1. x", "hương II: x", "ục 2. x", "hần I. x"):
            t = chr(cp) + rest
            assert L.is_label(t) is (L.LABEL.match(t) is not None), repr(t)


def test_noi_nhan_needs_an_o_horn() -> None:
    """page._has_noi_nhan runs NOI_NHAN only on texts with "ơ" or "Ơ": no other character matches
    its "ơ" (IGNORECASE in the regex module), and the shortcut agrees with the regex on lines."""
    from cchc_parse.extract.pdf.page import _has_noi_nhan
    from cchc_parse.extract.pdf.zones import NOI_NHAN

    hits = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000
            and NOI_NHAN.match(f"N{chr(cp)}i nhận") is not None]
    assert hits == [0x1A0, 0x1A1]
    for t in ("Nơi nhận:", "NƠI NHẬN:", "  nơi   nhận", "Noi nhan", "Nơi nhậnx", "Nơi", "nhận", ""):
        assert _has_noi_nhan([L.VLine([], 1, t)]) is (NOI_NHAN.match(t) is not None), t
