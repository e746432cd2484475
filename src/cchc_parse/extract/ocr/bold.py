"""Bold type in a page image: lines whose strokes are clearly thicker than the page's usual text.

The stroke width of a line is the median length of the horizontal runs of ink inside its words'
boxes (a vertical stem of a letter is one run across); a line BOLD_RATIO times the page's median
line is bold (titles, headings, the signer's name), as a text layer's font name would say.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cchc_parse.extract.ocr.engine import TextLine

INK = 150  # grey below this is ink
BOLD_RATIO = 1.4
MIN_RUNS = 20  # a line with fewer runs of ink is not judged


def stroke_width(a: Any, ln: TextLine) -> float | None:
    """Median horizontal run of ink (pixels) in the line's word boxes, or None when too little ink."""
    import numpy as np

    runs = []
    for w in ln.words:
        x0, top, x1, bottom = w.box
        ink = a[top:bottom, x0:x1] < INK
        if not ink.size:
            continue
        d = np.diff(np.pad(ink.astype(np.int8), ((0, 0), (1, 1))), axis=1)
        runs.append(np.flatnonzero(d.ravel() == -1) - np.flatnonzero(d.ravel() == 1))
    if not runs:
        return None
    r = np.concatenate(runs)
    return float(np.median(r)) if len(r) >= MIN_RUNS else None


def bold_lines(grey: Any, lines: Sequence[TextLine]) -> list[bool]:
    """For each line: is it set in bold?"""
    import numpy as np

    a = np.asarray(grey)
    widths = [stroke_width(a, ln) for ln in lines]
    known = sorted(w for w in widths if w is not None)
    if not known:
        return [False] * len(lines)
    usual = known[len(known) // 2]
    return [w is not None and w >= BOLD_RATIO * usual for w in widths]
