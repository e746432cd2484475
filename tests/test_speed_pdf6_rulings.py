"""Issue 16: the ruling walk rounds each coordinate of a page once (rulings._subpaths keeps
``round(v, 3)`` per value in a dict shared over the page). The points must be those of the plain
``round`` on every value: paths built in pdfium from hypothesis coordinates and matrices (zeros
of both signs, NaN and infinities among them), read with one dict shared over all the examples,
against tests/test_pdf_speed_read.py's reference reading; and the sample pages' edges with one
dict shared over every page of every sample."""

from __future__ import annotations

import ctypes
import math

import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_pages import each_page
from test_pdf_speed_read import PDFS, _ref_page_edges, _ref_subpaths

from cchc_parse.extract.pdf import rulings as R

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHARED: dict[float, float] = {}  # one dict over all examples: values met again, zeros of either sign

_COORD = st.one_of(st.sampled_from([0.0, -0.0, 0.0004, -0.0005, 12.3455, 56.7, 595.2756]),
                   st.floats(-2000, 2000, width=32), st.floats(width=32))
_FACTOR = st.one_of(st.sampled_from([1.0, -1.0, 0.0, -0.0, 0.5]), st.floats(-3, 3), st.floats())


def _same(a: object, b: object) -> bool:
    """Equal, with the sign of a zero and NaN in the same places (repr tells them apart)."""
    return repr(a) == repr(b)


@FAST
@given(st.lists(st.tuples(_COORD, _COORD, st.booleans()), min_size=1, max_size=9),
       st.tuples(*[_FACTOR] * 6), st.sampled_from([0.0, 841.89, -0.0, math.inf]))
def test_rounded_once_is_round(points: list[tuple[float, float, bool]], m: tuple, height: float) -> None:
    (x0, y0, _), *rest = points
    path = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
    try:
        for x, y, move in rest:
            (pdfium_c.FPDFPath_MoveTo if move else pdfium_c.FPDFPath_LineTo)(path, x, y)
        if rest and rest[-1][2]:
            pdfium_c.FPDFPath_Close(path)
        fx, fy = ctypes.c_float(), ctypes.c_float()
        got = list(R._subpaths(path, fx, fy, m, height, SHARED))
        want = _ref_subpaths(path, ctypes.c_float(), ctypes.c_float(), m, height)
        assert _same(got, want)
    finally:
        pdfium_c.FPDFPageObj_Destroy(path)


def test_zero_is_never_kept() -> None:
    rounded: dict[float, float] = {}
    path = pdfium_c.FPDFPageObj_CreateNewPath(0.0, 5.0)
    try:
        pdfium_c.FPDFPath_LineTo(path, 0.0, 9.0)
        fx, fy = ctypes.c_float(), ctypes.c_float()
        plus = list(R._subpaths(path, fx, fy, R.IDENTITY, 10.0, rounded))
        minus = list(R._subpaths(path, fx, fy, (-1.0, 0.0, -0.0, 1.0, -0.0, 0.0), 10.0, rounded))
    finally:
        pdfium_c.FPDFPageObj_Destroy(path)
    assert repr(plus) == "[[(0.0, 5.0), (0.0, 1.0)]]"
    assert repr(minus) == "[[(-0.0, 5.0), (-0.0, 1.0)]]"
    assert 0.0 not in rounded


def test_sample_edges_with_one_dict_for_all_pages() -> None:
    shared: dict[float, float] = {}
    walk_init = R._Walk.__init__

    def init(self: R._Walk, height: float, limit: int) -> None:
        walk_init(self, height, limit)
        self.rounded = shared

    R._Walk.__init__ = init  # type: ignore[method-assign]
    try:
        for path, i, page in each_page(PDFS):
            assert _same(R.page_edges(page), _ref_page_edges(page)), (path.name, i)
    finally:
        R._Walk.__init__ = walk_init  # type: ignore[method-assign]
    assert shared


def test_sample_edges_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(R, "_ROUNDED_MAX", 3)
    for path, i, page in each_page(PDFS[:6]):
        assert _same(R.page_edges(page), _ref_page_edges(page)), (path.name, i)
