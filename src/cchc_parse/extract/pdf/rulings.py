"""The ruling edges of a PDF page, read from pdfium's path objects (no pdfplumber page parse), and
the affine matrices of nested form objects. Only visible rulings count: white-filled rectangles
(Aspose draws one behind every word) are ignored. Used by extract/pdf/tables.py."""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from typing import Any

import pypdfium2.raw as pdfium_c

from cchc_parse.extract.pdf.bare import Handle, bare
from cchc_parse.extract.pdf.grid import MAX_EDGES, GridTooLarge

_COUNT_OBJECTS = bare(pdfium_c.FPDFPage_CountObjects, ctypes.c_int)
_GET_OBJECT = bare(pdfium_c.FPDFPage_GetObject, Handle)
_OBJ_TYPE = bare(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_BOUNDS = bare(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
_DRAW_MODE = bare(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)
_FILL_COLOR = bare(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int)
_STROKE_COLOR = bare(pdfium_c.FPDFPageObj_GetStrokeColor, ctypes.c_int)
_MATRIX = bare(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)
_FORM_COUNT = bare(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int)
_FORM_OBJECT = bare(pdfium_c.FPDFFormObj_GetObject, Handle)
_SEGMENTS = bare(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
_SEGMENT = bare(pdfium_c.FPDFPath_GetPathSegment, Handle)
_SEGMENT_TYPE = bare(pdfium_c.FPDFPathSegment_GetType, ctypes.c_int)
_SEGMENT_POINT = bare(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
_SEGMENT_CLOSE = bare(pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int)
_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO, _BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_ROUNDED_MAX = 1 << 16  # rounded coordinates kept a page (see ``_subpaths``)


def page_has_rulings(page: object) -> bool:
    """Cheap pdfium check: does the page draw at least 2 horizontal and 2 vertical visible rules?"""
    h = v = 0
    lft, btm, rgt, tp = (ctypes.c_float() for _ in range(4))
    bounds = [ctypes.byref(c) for c in (lft, btm, rgt, tp)]
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    rgba = [ctypes.byref(c) for c in (r, g, b, a)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pfill, pstroke = ctypes.byref(fill), ctypes.byref(stroke)
    raw = page.raw  # type: ignore[attr-defined]
    for i in range(_COUNT_OBJECTS(raw)):
        obj = _GET_OBJECT(raw, i)
        if _OBJ_TYPE(obj) != _PATH:
            continue
        if not _BOUNDS(obj, *bounds):
            continue
        w, ht = rgt.value - lft.value, tp.value - btm.value
        if not _DRAW_MODE(obj, pfill, pstroke):
            fill.value = stroke.value = 0
        if not stroke.value and fill.value:
            _FILL_COLOR(obj, *rgba)
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


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Matrix = tuple[float, float, float, float, float, float]


def mul_matrix(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p' = p·m·n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _white_rgb(r: int, g: int, b: int) -> bool:
    return r > 240 and g > 240 and b > 240


def page_edges(page: object, limit: int = MAX_EDGES) -> list[dict]:
    """Visible ruling edges of a page, read from pdfium's path objects (no pdfminer parse).

    The same shapes pdfplumber would build from pdfminer: each subpath of a painted path that is a
    single segment ("m l") is a line, one that is a closed axis-aligned 4-corner loop ("re", or
    "m l l l h") is a rectangle; curves and polygons are skipped. Lines always count; rectangles
    count when stroked in a visible colour, or filled in a visible colour and thinner than 3 pt
    (Word draws cell borders so). White-filled boxes (Aspose puts one behind every word) do not.
    Coordinates are top-based like the characters': ``top = page height - y``. Raises GridTooLarge
    past ``limit`` edges (the reading stops there).
    """
    raw = page.raw  # type: ignore[attr-defined]
    w = _Walk(page.get_height(), limit)  # type: ignore[attr-defined]
    w.walk(_COUNT_OBJECTS(raw), _GET_OBJECT, raw, IDENTITY, 0)
    return w.edges


class _Walk:
    """``page_edges``' walk over the page objects and into form objects: the out-parameters pdfium
    writes into, made once a page, and the edges found. A class, not a closure that calls itself:
    such a closure is a reference cycle, left to the collector (paused while a PDF is read)."""

    __slots__ = ("edges", "fill", "fs", "height", "limit", "pfill", "pfs", "pstroke", "r", "rgba", "rounded", "stroke",
                 "x", "y")

    def __init__(self, height: float, limit: int) -> None:
        self.height, self.limit = height, limit
        self.fs = pdfium_c.FS_MATRIX()
        self.pfs = ctypes.byref(self.fs)
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.pfill, self.pstroke = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.r = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        self.rgba = [ctypes.byref(c) for c in self.r]
        self.edges: list[dict] = []
        self.rounded: dict[float, float] = {}  # ``round(v, 3)`` of the page's coordinates (see ``_subpaths``)

    def walk(self, count: int, get: Callable[..., Any], parent: Any, outer: Matrix, depth: int) -> None:
        fs, pfs = self.fs, self.pfs
        fill, stroke, pfill, pstroke = self.fill, self.stroke, self.pfill, self.pstroke
        for i in range(count):
            obj = get(parent, i)
            kind = _OBJ_TYPE(obj)
            if kind == _FORM and depth < 4:
                _MATRIX(obj, pfs)
                m = mul_matrix((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
                self.walk(_FORM_COUNT(obj), _FORM_OBJECT, obj, m, depth + 1)
                continue
            if kind != _PATH:
                continue
            _DRAW_MODE(obj, pfill, pstroke)
            if not stroke.value and not fill.value:
                continue
            _MATRIX(obj, pfs)
            m = mul_matrix((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
            self.path(obj, m, stroke.value, fill.value)

    def path(self, obj: Any, m: Matrix, stroke: int, fill: int) -> None:
        """The edges of one painted path object (``m``: its space → the page)."""
        edges, limit = self.edges, self.limit
        r, g, b, _ = self.r
        for sub in _subpaths(obj, self.x, self.y, m, self.height, self.rounded):
            if len(edges) > limit:
                raise GridTooLarge("pdf.page.rulings", f"{limit + 1}+", limit)
            if sub is None:
                continue
            if len(sub) == 2:  # a line
                (x0, t0), (x1, t1) = sub
                if t0 == t1 or x0 == x1:
                    edges.append(_edge(min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1), "line"))
                continue
            xs = [p[0] for p in sub]
            ts = [p[1] for p in sub]
            x0, x1, t0, t1 = min(xs), max(xs), min(ts), max(ts)
            visible = False
            if stroke:
                _STROKE_COLOR(obj, *self.rgba)
                visible = not _white_rgb(r.value, g.value, b.value)
            if not visible and fill and min(x1 - x0, t1 - t0) < 3:
                _FILL_COLOR(obj, *self.rgba)
                visible = not _white_rgb(r.value, g.value, b.value)
            if visible:  # the rectangle's four sides (pdfplumber's rect_to_edges)
                edges.extend((_edge(x0, t0, x1, t0, "rect_edge"), _edge(x0, t1, x1, t1, "rect_edge"),
                              _edge(x0, t0, x0, t1, "rect_edge"), _edge(x1, t0, x1, t1, "rect_edge")))


def _edge(x0: float, top: float, x1: float, bottom: float, kind: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if top == bottom else "v", "object_type": kind}


def _subpaths(obj: Any, x: ctypes.c_float, y: ctypes.c_float, m: Matrix, height: float,
              rounded: dict[float, float] | None = None) -> Iterator[list[tuple[float, float]] | None]:
    """Each subpath of a path object as its corner points (top-based page coordinates): 2 points for
    a line, 4 for an axis-aligned closed rectangle, None for anything else.

    The points are rounded to 3 decimals (``round(v, 3)``, a decimal conversion: as slow as two
    pdfium calls). A page's rulings share their coordinates, so each value is rounded once and
    kept in ``rounded``; a zero is never kept (0.0 and -0.0 are one key but round to themselves), nor
    any value past ``_ROUNDED_MAX`` of them (a page of curves only: memory stays bounded)."""
    rounded = {} if rounded is None else rounded
    n = _SEGMENTS(obj)
    px_, py_ = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = m
    pts: list[tuple[float, float]] = []
    ok = True
    closed = False

    def shape() -> list[tuple[float, float]] | None:
        if not ok or len(pts) < 2:
            return None
        q = pts[:-1] if len(pts) > 2 and pts[-1] == pts[0] else list(pts)  # "m l l l l" back to the start
        if len(q) == 2 and not closed:
            return q
        if len(q) == 2 and closed:
            return q  # "m l h": a line drawn there and back
        if len(q) == 4 and (closed or pts[-1] == pts[0]):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = q
            if (abs(x0 - x1) < 0.01 and abs(y1 - y2) < 0.01 and abs(x2 - x3) < 0.01 and abs(y3 - y0) < 0.01) or (
                    abs(y0 - y1) < 0.01 and abs(x1 - x2) < 0.01 and abs(y2 - y3) < 0.01 and abs(x3 - x0) < 0.01):
                return q
        return None

    for i in range(n):
        seg = _SEGMENT(obj, i)
        kind = _SEGMENT_TYPE(seg)
        if kind == _MOVETO and pts:
            yield shape()
            pts, ok, closed = [], True, False
        _SEGMENT_POINT(seg, px_, py_)
        px, py = x.value, y.value
        u, v = a * px + c * py + e, height - (b * px + d * py + f)
        ru, rv = rounded.get(u), rounded.get(v)
        if ru is None:
            ru = round(u, 3)
            if u and len(rounded) < _ROUNDED_MAX:
                rounded[u] = ru
        if rv is None:
            rv = round(v, 3)
            if v and len(rounded) < _ROUNDED_MAX:
                rounded[v] = rv
        pts.append((ru, rv))
        if kind == _BEZIERTO:
            ok = False
        if _SEGMENT_CLOSE(seg):
            closed = True
    if pts:
        yield shape()
