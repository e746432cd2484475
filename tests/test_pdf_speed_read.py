"""Issue 16: what extract/pdf reads through bare pdfium calls (extract/pdf/bare.py) is what
pypdfium2's typed bindings read, on every page of every sample PDF: the characters
(chars.read_chars), the rulings (rulings.page_has_rulings, page_edges) and the stamps
(flattening the page as it was read, not a second load of it).

The ``_ref_*`` functions are the earlier forms, with the typed calls."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from cchc_parse.extract.pdf import chars as C
from cchc_parse.extract.pdf import rulings as R
from cchc_parse.extract.pdf import stamps as S

ROOT = Path(__file__).resolve().parents[1]
PDFS = [p for p in sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))
        if not p.name.endswith("-enc.pdf")]


def _addr(ptr: object) -> int | None:
    return ctypes.cast(ptr, ctypes.c_void_p).value


def _ref_clip(obj: object) -> tuple[float, float, float, float] | None:
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    box: list[float] | None = None
    for pi in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for si in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, pi)):
            seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, pi, si)
            if seg and pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            b = [min(xs), min(ys), max(xs), max(ys)]
            box = b if box is None else [max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3])]
    if box is None or box[2] <= box[0] or box[3] <= box[1]:
        return None
    return box[0], box[1], box[2], box[3]


def _ref_info(tp: object, k: int) -> tuple:
    obj = pdfium_c.FPDFText_GetTextObject(tp, k)
    box = _ref_clip(obj) if obj else None
    clip = None if box is None else (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1)
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    n = pdfium_c.FPDFText_GetFontInfo(tp, k, buf, 128, flags)
    name = C.base_font(buf.raw[: max(n - 1, 0)].decode("latin-1"))
    low = name.lower()
    bold = "bold" in low or "black" in low or "heavy" in low or bool(flags.value & 0x40000)
    italic = "italic" in low or "oblique" in low or bool(flags.value & 0x40)
    return clip, pdfium_c.FPDFText_GetFontSize(tp, k), name, bold, italic


def _ref_read_chars(textpage: pdfium.PdfTextPage, height: float, objects: dict | None = None) -> list[C.Char]:
    tp = textpage.raw
    out: list[C.Char] = []
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    gap = legacy = False
    for k in range(pdfium_c.FPDFText_CountChars(tp)):
        code = pdfium_c.FPDFText_GetUnicode(tp, k)
        obj = _addr(pdfium_c.FPDFText_GetTextObject(tp, k))
        if obj is None and pdfium_c.FPDFText_IsGenerated(tp, k) == 1:
            if code == 32 and out:
                pdfium_c.FPDFText_GetLooseCharBox(tp, k, rect)
                C._word_break(out[-1], rect.left)
                gap = True
            continue
        if code in (0, 10, 13, 0xFFFE, 0xFFFF) or (objects is not None and obj not in objects):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, k, rect)
        left, right = rect.left, rect.right
        if objects is not None:
            left, right = max(left, objects[obj][0]), min(right, objects[obj][1])
        if gap and pdfium_c.FPDFText_GetCharOrigin(tp, k, ox, oy) and left < ox.value < rect.right:
            left = ox.value
        gap = False
        clip, size, name, bold, italic = _ref_info(tp, k)
        legacy = legacy or C.is_tcvn3_font(name)
        if clip is not None:
            cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
            if not (clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]):
                continue
        top, bottom = height - rect.top, height - rect.bottom
        if bottom - top > 3 * size > 3:
            top = bottom - size
        if size < 3:
            size = round((bottom - top) / 1.15, 1)
        out.append(C.Char(chr(code), left, left if left > right else right, top, bottom, size, name, bold, italic))
    return C._convert_legacy(out) if legacy else out


def _ref_has_rulings(page: pdfium.PdfPage) -> bool:
    h = v = 0
    lft, btm, rgt, tp = (ctypes.c_float() for _ in range(4))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, lft, btm, rgt, tp):
            continue
        w, ht = rgt.value - lft.value, tp.value - btm.value
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not stroke.value and fill.value:
            pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
            if r.value > 240 and g.value > 240 and b.value > 240:
                continue
        if w > 20 and ht > 20:
            if stroke.value:
                return True
            continue
        if ht <= 3 and w > 5:
            h += 1
        elif w <= 3 and ht > 5:
            v += 1
        if h >= 2 and v >= 2:
            return True
    return False


def _ref_subpaths(obj: object, x: ctypes.c_float, y: ctypes.c_float, m: R.Matrix, height: float) -> list:
    a, b, c, d, e, f = m
    out: list = []
    pts: list[tuple[float, float]] = []
    ok, closed = True, False

    def shape() -> list[tuple[float, float]] | None:
        if not ok or len(pts) < 2:
            return None
        q = pts[:-1] if len(pts) > 2 and pts[-1] == pts[0] else list(pts)
        if len(q) == 2:
            return q
        if len(q) == 4 and (closed or pts[-1] == pts[0]):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = q
            if (abs(x0 - x1) < 0.01 and abs(y1 - y2) < 0.01 and abs(x2 - x3) < 0.01 and abs(y3 - y0) < 0.01) or (
                    abs(y0 - y1) < 0.01 and abs(x1 - x2) < 0.01 and abs(y2 - y3) < 0.01 and abs(x3 - x0) < 0.01):
                return q
        return None

    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO and pts:
            out.append(shape())
            pts, ok, closed = [], True, False
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pts.append((round(a * x.value + c * y.value + e, 3), round(height - (b * x.value + d * y.value + f), 3)))
        ok = ok and kind != pdfium_c.FPDF_SEGMENT_BEZIERTO
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(seg))
    if pts:
        out.append(shape())
    return out


def _ref_page_edges(page: pdfium.PdfPage) -> list[dict]:
    height = page.get_height()
    fs = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    edges: list[dict] = []

    def walk(objs: list, outer: R.Matrix, depth: int) -> None:
        for obj in objs:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
                pdfium_c.FPDFPageObj_GetMatrix(obj, fs)
                inner = R.mul_matrix((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
                walk([pdfium_c.FPDFFormObj_GetObject(obj, k) for k in range(pdfium_c.FPDFFormObj_CountObjects(obj))],
                     inner, depth + 1)
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
            if not stroke.value and not fill.value:
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, fs)
            m = R.mul_matrix((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
            for sub in _ref_subpaths(obj, x, y, m, height):
                if sub is None:
                    continue
                if len(sub) == 2:
                    (x0, t0), (x1, t1) = sub
                    if t0 == t1 or x0 == x1:
                        edges.append(R._edge(min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1), "line"))
                    continue
                x0, x1 = min(p[0] for p in sub), max(p[0] for p in sub)
                t0, t1 = min(p[1] for p in sub), max(p[1] for p in sub)
                visible = False
                if stroke.value:
                    pdfium_c.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
                    visible = not R._white_rgb(r.value, g.value, b.value)
                if not visible and fill.value and min(x1 - x0, t1 - t0) < 3:
                    pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
                    visible = not R._white_rgb(r.value, g.value, b.value)
                if visible:
                    edges.extend((R._edge(x0, t0, x1, t0, "rect_edge"), R._edge(x0, t1, x1, t1, "rect_edge"),
                                  R._edge(x0, t0, x0, t1, "rect_edge"), R._edge(x1, t0, x1, t1, "rect_edge")))

    raw = page.raw
    walk([pdfium_c.FPDFPage_GetObject(raw, k) for k in range(pdfium_c.FPDFPage_CountObjects(raw))], R.IDENTITY, 0)
    return edges


def test_bare_calls_read_what_the_typed_ones_read() -> None:
    pages = 0
    for path in PDFS:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                h = page.get_height()
                assert repr(C.read_chars(tp, h)) == repr(_ref_read_chars(tp, h)), (path.name, i)
                tp.close()
                assert R.page_has_rulings(page) == _ref_has_rulings(page), (path.name, i)
                assert R.page_edges(page) == _ref_page_edges(page), (path.name, i)
                page.close()
                pages += 1
        finally:
            doc.close()
    assert pages > 40


def _old_read_stamps(doc: pdfium.PdfDocument, index: int, rects: list) -> list[list[C.Char]]:
    """The earlier reading: load the page again, flatten it, close it, load it once more."""
    page = doc[index]
    before = pdfium_c.FPDFPage_CountObjects(page.raw)
    ok = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS
    page.close()
    return S.read_stamps(doc, index, rects, before) if ok else []


def test_stamps_read_from_the_page_as_read_are_the_same() -> None:
    seen = 0
    for path in PDFS:
        new, old = pdfium.PdfDocument(str(path)), pdfium.PdfDocument(str(path))
        try:
            for i in range(len(new)):
                page = new[i]
                tp = page.get_textpage()
                C.read_chars(tp, page.get_height())  # the page is read first, as the reader does
                tp.close()
                rects = S.text_annots(page)
                flat = S.flatten_stamps(page) if rects else None
                page.close()
                if not rects:
                    continue
                got = S.read_stamps(new, i, rects, flat) if flat is not None else []
                assert repr(got) == repr(_old_read_stamps(old, i, rects)), (path.name, i)
                seen += bool(got)
        finally:
            new.close()
            old.close()
    assert seen >= 5  # the signed samples
