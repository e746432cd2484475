"""Ruling lines of a scanned table, found in the page image, as the edges the PDF table builder
takes (``pdf_tables.find_grids``). (Erasing them before recognition was measured: Tesseract read
fewer words of the cells, so the image is left as it is.)

Morphology on the ink mask: a closing along the row bridges the gaps of a dashed or broken
rule, an opening keeps only runs at least MIN_RULE long (letters are far shorter); the same on
columns for the vertical rules. A run of adjacent rows (columns) is one rule, at its middle.
"""

from __future__ import annotations

from typing import Any

INK = 150  # grey below this is ink
MIN_RULE_IN = 0.5  # inches: the shortest rule kept (a table cell is wider, a letter much shorter)
GAP_IN = 0.02  # inches of a broken or dashed rule that are bridged
MAX_THICK_IN = 0.04  # a rule is thinner than this; a thicker dark band is a picture, not a rule


def _window_sum(m: Any, k: int) -> Any:
    """Sum of ``m`` over each window of ``k`` cells along the rows (len W-k+1)."""
    import numpy as np

    c = np.cumsum(np.pad(m, ((0, 0), (1, 0))), axis=1, dtype=np.int32)
    return c[:, k:] - c[:, :-k]


def _runs_1d(mask: Any, length: int, gap: int) -> Any:
    """Cells of ``mask`` (bool 2-D) inside runs along the rows at least ``length`` long, once gaps
    of up to ``gap`` cells are bridged (a closing, then an opening)."""
    import numpy as np

    m = mask
    if gap:
        k = 2 * gap + 1
        near = np.zeros_like(m)
        near[:, gap:-gap] = _window_sum(m, k) > 0
        m = np.zeros_like(m)
        m[:, gap:-gap] = _window_sum(~near, k) == 0
    full = _window_sum(m, length) == length  # the window starting at x is all ink
    starts = np.cumsum(np.pad(full, ((0, 0), (1, 0))), axis=1, dtype=np.int32)
    x = np.arange(m.shape[1])
    lo = np.clip(x - length + 1, 0, full.shape[1])
    hi = np.clip(x + 1, 0, full.shape[1])
    return (starts[:, hi] - starts[:, lo]) > 0


def _thin(runs: Any, thick: int) -> Any:
    """Only the bands of adjacent rows no thicker than ``thick`` (a rule, not a line of bold text)."""
    import numpy as np

    rows = np.flatnonzero(runs.any(axis=1))
    out = np.zeros_like(runs)
    if len(rows):
        for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
            if len(band) <= thick:
                out[band[0]: band[-1] + 1] = runs[band[0]: band[-1] + 1]
    return out


def _segments(runs: Any, scale: float, horizontal: bool) -> list[dict]:
    """Bands of adjacent rows holding runs → one edge per band and run (points)."""
    import numpy as np

    edges: list[dict] = []
    rows = np.flatnonzero(runs.any(axis=1))
    if not len(rows):
        return edges
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        xs = np.flatnonzero(runs[band[0]: band[-1] + 1].any(axis=0))
        mid = (band[0] + band[-1] + 1) / 2 * scale
        for seg in np.split(xs, np.flatnonzero(np.diff(xs) > 1) + 1):
            a, b = float(seg[0]) * scale, float(seg[-1] + 1) * scale
            edges.append(_edge(a, mid, b, mid, "h") if horizontal else _edge(mid, a, mid, b, "v"))
    return edges


def _edge(x0: float, top: float, x1: float, bottom: float, o: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": o, "object_type": "ocr_rule"}


def find_rulings(grey: Any, dpi: int) -> list[dict]:
    """The rules of the page as edges in points; [] without both horizontal and vertical rules."""
    import numpy as np

    a = np.asarray(grey)
    ink = a < INK
    length, gap = round(MIN_RULE_IN * dpi), max(1, round(GAP_IN * dpi))
    thick = max(2, round(MAX_THICK_IN * dpi))
    h = _thin(_runs_1d(ink, length, gap), thick)
    v = _thin(_runs_1d(ink.T, length, gap), thick).T
    if not h.any() or not v.any():
        return []
    scale = 72 / dpi
    return _segments(h, scale, True) + _segments(v.T, scale, False)
