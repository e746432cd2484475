"""Issue 16, fifth PDF round (reading outside the line builder): the rewritten steps give what their
plain forms gave, and the reading leaves nothing to the collector it pauses.

- reader.extract_pdf pauses the cyclic collector while it reads, and gives back the state it found;
- the page reading, the rulings walk (rulings._Walk, not a closure calling itself) and the font-name
  buffer (one array type, not one a page) make no reference cycles;
- grid.edges_to_crossings / crossings_to_cells (the joined test written out) / cells_to_tables are
  pdfplumber's steps on hypothesis-made edges, and the earlier forms (``_ref_*``) where the
  coordinates are NaN.

The text-layer score, the trust check's counts and the stamps: test_speed_pdfread_text.py."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells

from cchc_parse.extract.pdf import chars as C
from cchc_parse.extract.pdf import grid as G
from cchc_parse.extract.pdf import reader
from cchc_parse.extract.pdf import rulings as R
from cchc_parse.gcpause import collector_running

ROOT = Path(__file__).resolve().parents[1]
PDFS = [p for p in sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))
        if not p.name.endswith("-enc.pdf") and "scan" not in p.name]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def _collector(enabled: bool) -> Iterator[None]:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def test_reading_pauses_the_collector_and_gives_its_state_back(monkeypatch: object) -> None:
    seen: list[bool] = []
    real = reader._extract

    def spy(*a: object, **k: object) -> object:
        seen.append(gc.isenabled())
        return real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "_extract", spy)  # type: ignore[attr-defined]
    pdf = ROOT / "samples" / "pdf" / "bnv-cv8151-cchc.pdf"
    for enabled in (True, False):
        with _collector(enabled):
            reader.extract_pdf(pdf)
            assert gc.isenabled() == enabled
    assert seen == [False, False]


def test_the_ocr_of_scans_runs_with_the_collector() -> None:
    """gcpause.collector_running, around the OCR of scans inside the paused reading."""
    for before in (False, True):
        with _collector(before):
            with collector_running():
                assert gc.isenabled()
            assert gc.isenabled() == before


def _cycles(fn: Callable[[], object]) -> int:
    """Objects in reference cycles that ``fn`` leaves behind (found by a collection after it)."""
    with _collector(False):
        gc.collect()
        fn()
        return gc.collect()


def _pages() -> Iterator[pdfium.PdfPage]:
    for path in PDFS:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                yield page
                page.close()
        finally:
            doc.close()


def test_page_reading_and_rulings_make_no_cycles() -> None:
    checked = ruled = 0
    for page in _pages():
        tp = page.get_textpage()
        h = page.get_height()
        assert _cycles(lambda: C.read_page_counted(tp, h)) == 0  # noqa: B023 - called at once
        tp.close()
        if R.page_has_rulings(page):
            assert _cycles(lambda: R.page_edges(page)) == 0  # noqa: B023 - called at once
            ruled += 1
        checked += 1
    assert checked > 40 and ruled > 10


# --- the grid steps

def _ref_crossings_to_cells(cx: G.Crossings) -> list[G.BBox]:
    """grid.crossings_to_cells before the joined test was written out (its ``joined`` closure)."""
    points = sorted(cx.v)
    column: dict[float, list[G.Point]] = {}
    row: dict[float, list[G.Point]] = {}
    for pt in points:
        column.setdefault(pt[0], []).append(pt)
        row.setdefault(pt[1], []).append(pt)
    at_col = {pt: i for pts in column.values() for i, pt in enumerate(pts)}
    at_row = {pt: i for pts in row.values() for i, pt in enumerate(pts)}

    def joined(p1: G.Point, p2: G.Point) -> bool:
        if p1[0] == p2[0] and not cx.v[p1].isdisjoint(cx.v[p2]):
            return True
        return p1[1] == p2[1] and not cx.h[p1].isdisjoint(cx.h[p2])

    def smallest(pt: G.Point) -> G.BBox | None:
        for b in column[pt[0]][at_col[pt] + 1:]:
            if not joined(pt, b):
                continue
            for r in row[pt[1]][at_row[pt] + 1:]:
                if not joined(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in cx.v and joined(corner, r) and joined(corner, b):
                    return (pt[0], pt[1], corner[0], corner[1])
        return None

    return [c for c in map(smallest, points[:-1]) if c is not None]


def _ref_edges_to_crossings(edges: list[dict], tol: float) -> tuple[dict, dict]:
    """grid.edges_to_crossings before the horizontal edges' values were read once (as dicts)."""
    from bisect import bisect_left, bisect_right

    vs = [e for e in edges if e["orientation"] == "v"]
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    tops = [h["top"] for h in hs]
    ov: dict = {}
    oh: dict = {}
    for v in vs:
        for h in hs[bisect_left(tops, v["top"] - tol - 0.01):bisect_right(tops, v["bottom"] + tol + 0.01)]:
            if (v["top"] <= h["top"] + tol and v["bottom"] >= h["top"] - tol
                    and v["x0"] >= h["x0"] - tol and v["x0"] <= h["x1"] + tol):
                pt = (v["x0"], h["top"])
                ov.setdefault(pt, set()).add(G._bbox(v))
                oh.setdefault(pt, set()).add(G._bbox(h))
    return ov, oh


def _edge(x0: float, top: float, x1: float, bottom: float, kind: str) -> dict:
    return R._edge(x0, top, x1, bottom, kind)


_X = st.sampled_from([0.0, 10.0, 12.5, 20.0, 21.0, 30.0, 40.0, 44.0])


@st.composite
def _edges(draw: st.DrawFn, nan: bool = False) -> list[dict]:
    coord = (_X | st.just(float("nan"))) if nan else _X
    out = []
    for _ in range(draw(st.integers(0, 14))):
        a, b, c = draw(coord), draw(coord), draw(coord)
        lo, hi = (b, c) if not b > c else (c, b)
        if draw(st.booleans()):
            out.append(_edge(lo, a, hi, a, "line"))  # horizontal
        else:
            e = _edge(a, lo, a, hi, "line")
            e["orientation"] = "v"
            out.append(e)
    return out


@FAST
@given(_edges())
def test_grid_steps_are_pdfplumbers(edges: list[dict]) -> None:
    cx = G.edges_to_crossings(edges, 3, 3)
    ref = edges_to_intersections(edges, 3, 3)
    assert sorted(cx.v) == sorted(ref)
    cells = G.crossings_to_cells(cx)
    assert cells == intersections_to_cells(ref)
    assert G.cells_to_tables(cells) == cells_to_tables(cells)


@FAST
@given(_edges(nan=True))
def test_grid_steps_are_the_earlier_forms_with_nan(edges: list[dict]) -> None:
    cx = G.edges_to_crossings(edges, 3, 3)
    assert repr((cx.v, cx.h)) == repr(_ref_edges_to_crossings(edges, 3))
    assert repr(G.crossings_to_cells(cx)) == repr(_ref_crossings_to_cells(cx))


_NAN = float("nan")  # one object: a point holding it is found again by identity, as in the real sets


@st.composite
def _crossings(draw: st.DrawFn) -> G.Crossings:
    """Crossing points on a small lattice (NaN among the coordinates: no edges give those, the test
    of two points being joined must still answer as its earlier form), each with a few edges."""
    coord = st.sampled_from([0.0, 10.0, 20.0, 30.0, _NAN])
    cx = G.Crossings()
    for pt in draw(st.lists(st.tuples(coord, coord), max_size=16, unique=True)):
        cx.v[pt] = set(draw(st.sets(st.sampled_from([(0.0, 0.0, 0.0, 1.0), (1.0, 0.0, 1.0, 1.0)]))))
        cx.h[pt] = set(draw(st.sets(st.sampled_from([(0.0, 0.0, 1.0, 0.0), (0.0, 1.0, 1.0, 1.0)]))))
    return cx


@FAST
@given(_crossings())
def test_cells_from_crossings_are_the_earlier_forms(cx: G.Crossings) -> None:
    assert repr(G.crossings_to_cells(cx)) == repr(_ref_crossings_to_cells(cx))


def test_cells_with_a_nan_corner_are_the_earlier_forms() -> None:
    """A corner and the point right of ``pt`` share x = NaN: not joined by the vertical edge (NaN is
    not NaN), so the cell is not closed there, as before."""
    ev, eh = {(0.0, 0.0, 0.0, 1.0)}, {(0.0, 0.0, 1.0, 0.0)}
    for order in ([(0.0, 0.0), (_NAN, 0.0), (0.0, 5.0), (_NAN, 5.0)], [(_NAN, 5.0), (0.0, 5.0), (_NAN, 0.0), (0.0, 0.0)]):
        cx = G.Crossings()
        for pt in order:
            cx.v[pt], cx.h[pt] = set(ev), set(eh)
        assert repr(G.crossings_to_cells(cx)) == repr(_ref_crossings_to_cells(cx))


def test_grid_steps_on_the_sample_pages() -> None:
    from pdfplumber.table import merge_edges
    from pdfplumber.utils import filter_edges

    checked = 0
    for page in _pages():
        if not R.page_has_rulings(page):
            continue
        edges = filter_edges(merge_edges(R.page_edges(page), 3, 3, 3, 3), min_length=3)
        cx = G.edges_to_crossings(edges, 3, 3)
        cells = G.crossings_to_cells(cx)
        assert cells == intersections_to_cells(edges_to_intersections(edges, 3, 3))
        assert cells == _ref_crossings_to_cells(cx)
        assert G.cells_to_tables(cells) == cells_to_tables(cells)
        checked += bool(cells)
    assert checked >= 5
