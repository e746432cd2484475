"""Ruling edges → crossings → cells → tables: pdfplumber's table-building steps
(``edges_to_intersections``, ``intersections_to_cells``, ``cells_to_tables`` of pdfplumber 0.11),
giving the same cells in the same order, in near-linear time instead of quadratic.

pdfplumber compares every vertical with every horizontal edge, scans all later points for each
point, and removes table cells from a list one by one: a page drawing a fine grid took 6–19 s
(issue 13). Here edges are found by bisection, a point's neighbours come from its row and column,
and tables are the connected components of corner-sharing cells, their cells ordered as
pdfplumber's repeated passes order them. ``MAX_CROSSINGS`` bounds the work on one page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

Point = tuple[float, float]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

MAX_EDGES = 20_000  # ruling edges read from one page (a real page: a few hundred)
MAX_CROSSINGS = 10_000  # crossings of rulings on one page (a 60-row x 12-column table: ~800)
_SLACK = 0.01  # candidate window widened by this much; the exact test is pdfplumber's


class GridTooLarge(Exception):
    """A page draws more rulings (``limit`` "pdf.page.rulings") or ruling crossings
    ("pdf.page.crossings") than ``max``: no table is read on it. ``value`` is the count when the
    reading stopped ("20001+": at least)."""

    def __init__(self, limit: str, value: str, max: int) -> None:
        super().__init__(limit, value, max)
        self.limit, self.value, self.max = limit, value, max


class Crossings:
    """The crossing points and, per point, the bounding boxes of the edges through it."""

    __slots__ = ("h", "v")

    def __init__(self) -> None:
        self.v: dict[Point, set[BBox]] = {}
        self.h: dict[Point, set[BBox]] = {}


def _bbox(e: dict) -> BBox:
    return (e["x0"], e["top"], e["x1"], e["bottom"])


def edges_to_crossings(edges: Sequence[dict], x_tol: float, y_tol: float,
                       limit: int = MAX_CROSSINGS) -> Crossings:
    """pdfplumber's ``edges_to_intersections``: a vertical and a horizontal edge cross at
    (v.x0, h.top) when they meet within the tolerances. Raises GridTooLarge past ``limit``."""
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    tops = [h["top"] for h in hs]
    # what the test reads of each horizontal edge, read once (not once per vertical edge near it)
    hinfo = [(h["top"], h["x0"], h["x1"], _bbox(h)) for h in hs]
    out = Crossings()
    ov, oh = out.v, out.h
    for v in vs:
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        lo = bisect_left(tops, vtop - y_tol - _SLACK)
        hi = bisect_right(tops, vbottom + y_tol + _SLACK)
        vbox = _bbox(v)
        for htop, hx0, hx1, hbox in hinfo[lo:hi]:
            if vtop <= htop + y_tol and vbottom >= htop - y_tol and vx >= hx0 - x_tol and vx <= hx1 + x_tol:
                pt = (vx, htop)
                vset = ov.get(pt)
                if vset is None:
                    if len(ov) >= limit:
                        raise GridTooLarge("pdf.page.crossings", f"{limit + 1}+", limit)
                    vset = ov[pt] = set()
                    oh[pt] = set()
                vset.add(vbox)
                oh[pt].add(hbox)
    return out


def crossings_to_cells(cx: Crossings) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``: for each point (in sorted order), the smallest cell
    whose four corners are points joined by common edges."""
    points = sorted(cx.v)
    column: dict[float, list[Point]] = {}
    row: dict[float, list[Point]] = {}
    for pt in points:  # sorted by (x, top): a column's points by top, a row's by x
        column.setdefault(pt[0], []).append(pt)
        row.setdefault(pt[1], []).append(pt)
    at_col = {pt: i for pts in column.values() for i, pt in enumerate(pts)}
    at_row = {pt: i for pts in row.values() for i, pt in enumerate(pts)}
    cells: list[BBox] = []
    for pt in points[:-1]:
        below = column[pt[0]][at_col[pt] + 1:]
        right = row[pt[1]][at_row[pt] + 1:]
        cell = _smallest(pt, below, right, cx.v, cx.h)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(pt: Point, below: list[Point], right: list[Point], v: dict[Point, set[BBox]],
              h: dict[Point, set[BBox]]) -> BBox | None:
    """The first (b, r) pair in pdfplumber's order whose corner closes a cell. Two points are
    joined when they lie on one vertical edge or on one horizontal edge (pdfplumber's
    ``edge_connects``); that test is written out at each use (a call per pair was most of the
    time here), ``v`` and ``h`` having the same keys."""
    x, y = pt
    vp, hp = v[pt], h[pt]
    for b in below:
        if not ((x == b[0] and not vp.isdisjoint(v[b])) or (y == b[1] and not hp.isdisjoint(h[b]))):
            continue
        bx, by = b
        for r in right:
            rx, ry = r
            if not ((x == rx and not vp.isdisjoint(v[r])) or (y == ry and not hp.isdisjoint(h[r]))):
                continue
            vc = v.get((rx, by))  # the corner opposite ``pt``
            if vc is None:
                continue
            hc = h[(rx, by)]
            # (rx == rx, by == by: False for a NaN, as pdfplumber's test gives)
            if (((rx == rx and not vc.isdisjoint(v[r])) or (by == ry and not hc.isdisjoint(h[r])))
                    and ((rx == bx and not vc.isdisjoint(v[b])) or (by == by and not hc.isdisjoint(h[b])))):
                return (x, y, rx, by)
    return None


def _corners(c: BBox) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = c
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def cells_to_tables(cells: Sequence[BBox]) -> list[list[BBox]]:
    """pdfplumber's ``cells_to_tables``: groups of cells that touch at a corner, each group's cells
    in the order pdfplumber's passes over the remaining cells take them; groups sorted by their
    topmost-then-leftmost corner; single cells dropped."""
    by_corner: dict[Point, list[int]] = {}
    for i, c in enumerate(cells):
        for p in _corners(c):
            by_corner.setdefault(p, []).append(i)
    group = [-1] * len(cells)
    tables: list[list[BBox]] = []
    for start in range(len(cells)):
        if group[start] >= 0:
            continue
        members = _component(start, cells, by_corner, group, len(tables))
        tables.append(_pass_order(sorted(members), cells))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _component(start: int, cells: Sequence[BBox], by_corner: dict[Point, list[int]], group: list[int],
               gid: int) -> list[int]:
    group[start] = gid
    todo, members = [start], [start]
    while todo:
        for p in _corners(cells[todo.pop()]):
            for j in by_corner[p]:
                if group[j] < 0:
                    group[j] = gid
                    todo.append(j)
                    members.append(j)
    return members


def _pass_order(members: list[int], cells: Sequence[BBox]) -> list[BBox]:
    """The order in which pdfplumber's passes (over the cells in list order, each taking a cell that
    shares a corner with those taken) take a group's cells; the first of the list starts it."""
    taken = [cells[members[0]]]
    corners = set(_corners(taken[0]))
    rest = members[1:]
    while rest:
        left = []
        for i in rest:
            cs = _corners(cells[i])
            if not corners.isdisjoint(cs):
                corners.update(cs)
                taken.append(cells[i])
            else:
                left.append(i)
        if len(left) == len(rest):  # cannot happen for a connected group; guards the loop
            taken.extend(cells[i] for i in left)
            break
        rest = left
    return taken
