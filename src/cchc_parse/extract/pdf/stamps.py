"""E-signature stamps drawn as annotations: provincial e-office systems sign a PDF and then draw
the number and the day (sometimes the month) into the blanks the drafter left ("Số:   /UBND-XD",
"ngày   tháng 5"), each as a signature widget (/Subtype /Widget /FT /Sig) whose appearance
stream (/AP /N) holds the text. The page's own text layer does not have them.

The page is flattened (the appearances become page content), reloaded, and the glyphs of the
appearances are read like any others. A stamp that is a signature box ("Ký bởi:", the signing
body, its email, "18.11.2024 07:25:14 +07:00") gives signature fields, never text; any other
stamp line becomes part of the visual line it overlaps, in place of the typed glyphs it covers.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from operator import attrgetter
from statistics import median
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from cchc_parse.extract.pdf.chars import Char, StampValue, read_chars
from cchc_parse.extract.pdf.lines import VLine, chars_to_text, group_lines
from cchc_parse.extract.pdf.rulings import IDENTITY, Matrix, mul_matrix
from cchc_parse.extract.signature import stamp_box_fields

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom (top-left based)
Extent = tuple[float, float]  # x0, x1
_STAMP = attrgetter("stamp")


def text_annots(page: pdfium.PdfPage) -> list[Rect]:
    """Rectangles of the page's widget annotations whose appearance draws text."""
    raw = page.raw
    height = page.get_height()
    out: list[Rect] = []
    rect = pdfium_c.FS_RECTF()
    for k in range(pdfium_c.FPDFPage_GetAnnotCount(raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(raw, k)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET:
                continue
            count = pdfium_c.FPDFAnnot_GetObjectCount(annot)
            objs = [pdfium_c.FPDFAnnot_GetObject(annot, i) for i in range(count)]
            if any(_has_text(o) for o in objs) and pdfium_c.FPDFAnnot_GetRect(annot, rect):
                out.append((rect.left, height - rect.top, rect.right, height - rect.bottom))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return out


def _has_text(obj: object, depth: int = 0) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        return True
    if kind != pdfium_c.FPDF_PAGEOBJ_FORM or depth > 4:
        return False
    return any(_has_text(pdfium_c.FPDFFormObj_GetObject(obj, i), depth + 1)
               for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))


def _text_objects(obj: Any, out: dict[int, Extent], m: Matrix = IDENTITY, depth: int = 0) -> None:
    """Text objects under ``obj`` → their x extent on the page (``m``: the parent's space → page)."""
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        box = [ctypes.c_float() for _ in range(4)]
        if pdfium_c.FPDFPageObj_GetBounds(obj, *box):
            x0, y0, x1, y1 = (v.value for v in box)
            xs = [x * m[0] + y * m[2] + m[4] for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
            out[ctypes.cast(obj, ctypes.c_void_p).value or 0] = (min(xs), max(xs))
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth <= 6:
        fm = pdfium_c.FS_MATRIX()
        inner = mul_matrix(_tuple(fm), m) if pdfium_c.FPDFPageObj_GetMatrix(obj, fm) else m
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _text_objects(pdfium_c.FPDFFormObj_GetObject(obj, i), out, inner, depth + 1)


def _tuple(fm: object) -> Matrix:
    return (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)  # type: ignore[attr-defined]


def flatten_stamps(page: pdfium.PdfPage) -> int | None:
    """Flatten the page's annotations into its content (in the document, in memory): the page's
    object count before, where the appearances' objects start, or None when pdfium cannot. Done
    on the page as it was read (no second load); its own content must have been read before."""
    before = pdfium_c.FPDFPage_CountObjects(page.raw)
    if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS:
        return None
    return int(before)


def read_stamps(doc: pdfium.PdfDocument, index: int, rects: Sequence[Rect], before: int) -> list[list[Char]]:
    """The glyphs each text annotation of page ``index`` draws (in page coordinates), one list
    per annotation rectangle, from the page flattened by ``flatten_stamps`` (``before``: its
    object count then) and closed: the flattened content is only parsed when it is loaded again."""
    page = doc[index]
    try:
        objs: dict[int, Extent] = {}
        for i in range(before, pdfium_c.FPDFPage_CountObjects(page.raw)):
            _text_objects(pdfium_c.FPDFPage_GetObject(page.raw, i), objs)
        if not objs:
            return []
        tp = page.get_textpage()
        try:
            chars = read_chars(tp, page.get_height(), objs)
        finally:
            tp.close()
    finally:
        page.close()
    groups: list[list[Char]] = [[] for _ in rects]
    for c in chars:  # glyphs of other annotations flattened with them (comments) are not stamps
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        k = min(range(len(rects)), key=lambda i: _distance(rects[i], cx, cy))
        if _distance(rects[k], cx, cy) <= 2.0:
            groups[k].append(c)
    return [g for g in groups if g]


def _distance(r: Rect, x: float, y: float) -> float:
    return max(r[0] - x, 0.0, x - r[2]) + max(r[1] - y, 0.0, y - r[3])


def merge_stamps(chars: list[Char], groups: Sequence[list[Char]],
                 page: int) -> tuple[list[Char], dict[str, str]]:
    """Put the stamps' glyphs among the page's typed glyphs: (new glyph list, signature fields).

    A signature box gives fields only. Every line of any other stamp goes into the typed line it
    overlaps vertically (moved onto its baseline), and the typed glyphs under it (blanks, or a
    typed "4" under a stamped "5") are taken out; ``Char.stamp`` records the stamp's text and
    the typed text it replaced.
    """
    fields: dict[str, str] = {}
    dropped: set[int] = set()  # ids of the typed glyphs covered so far (alive: ``chars`` holds them)
    placed: list[Char] = []  # the stamp lines' glyphs, in the order they were placed
    for group in groups:
        lines = group_lines(group, page)
        box = stamp_box_fields([ln.text for ln in lines])
        if box is not None:
            for k, v in box.items():
                fields.setdefault(k, v)
            continue
        for ln in lines:
            _place(chars, ln, dropped, placed)
    if not placed:
        return chars, fields
    return [c for c in chars if id(c) not in dropped] + placed, fields


def _place(chars: list[Char], ln: VLine, dropped: set[int], placed: list[Char]) -> None:
    """Place one stamp line: the typed glyphs it covers join ``dropped``, its glyphs ``placed``.
    The page's glyph list is built once, after the last line (not once a line): a line sees the
    typed glyphs not dropped yet, in their order, as when the list was rebuilt after each (the
    placed glyphs, being a stamp's, are never on a line's level)."""
    glyphs = [c for c in ln.chars if not c.text.isspace()]
    if not glyphs:
        return
    x0, x1 = min(c.x0 for c in glyphs), max(c.x1 for c in glyphs)
    level = _level(chars, ln)
    if dropped:
        level = [c for c in level if id(c) not in dropped]
    covered = [c for c in level if x0 <= (c.x0 + c.x1) / 2 <= x1]
    value = StampValue(text=ln.text, replaced=chars_to_text(sorted(covered, key=lambda c: c.x0)))
    near = sorted((c for c in level if not c.text.isspace()), key=lambda c: abs(c.x0 + c.x1 - x0 - x1))[:6]
    shift = 0.0
    if near:  # onto the band of the typed glyphs beside it, so that grouping cannot split the line
        shift = median((c.top + c.bottom) / 2 for c in near) - (ln.top + ln.bottom) / 2
    dropped.update(map(id, covered))
    placed += [Char(c.text, c.x0, c.x1, c.top + shift, c.bottom + shift, c.size, c.font, c.bold, c.italic,
                    stamp=value) for c in ln.chars]


def _level(chars: list[Char], ln: VLine) -> list[Char]:
    """The typed glyphs (no stamp's) that share at least half the height of the lower of the two
    with the stamp line. This runs over the page for every stamp line: the measure is inlined, and
    when neither height is negative, a glyph wholly above or below the line is passed over first
    (its overlap is negative, half a height is not)."""
    top, bottom = ln.top, ln.bottom
    height = bottom - top
    if height >= 0:
        chars = [c for c in chars if not ((c.bottom < top or c.top > bottom) and c.top <= c.bottom)]
    return [c for c in chars if c.stamp is None
            and min(c.bottom, bottom) - max(c.top, top) >= 0.5 * min(height, c.bottom - c.top)]


def line_stamps(lines: Sequence[VLine]) -> tuple[tuple[str, str], ...]:
    """The stamps drawn into these visual lines, in reading order, as (text, replaced) pairs."""
    seen: list[StampValue] = []
    for ln in lines:
        if not any(map(_STAMP, ln.chars)):  # most lines: no stamp (a StampValue is always true)
            continue
        for c in ln.chars:  # sorted by x
            if c.stamp is not None and all(c.stamp is not s for s in seen):
                seen.append(c.stamp)
    return tuple((s.text, s.replaced) for s in seen)
