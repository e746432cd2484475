"""PDF page → positioned characters, read with pypdfium2 (about 10x faster than pdfminer).

Coordinates are top-left based points like pdfplumber's (``top`` grows down the page), so
table cells found by pdfplumber and characters read here can be compared directly.
Legacy TCVN3 runs (fonts ".VnTime", ".VnTimeH", subset prefix "ABCDEF+" stripped) are
converted to Unicode per font run here, before any grouping.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c
import regex

_SUBSET = regex.compile(r"^[A-Z]{6}\+")
# pdfium's Unicode for TCVN3 bytes whose PDF glyph names are not Latin-1:
# 0xAD (ư, "hyphen"/"minus") and 0xB7 (ã, "periodcentered"). "n−íc" = "nước".
_TCVN3_STANDINS = str.maketrans({"\u2212": "\u00ad", "\u2219": "\u00b7"})


@dataclass(eq=False, slots=True)
class StampValue:
    """Text an e-signature system drew into the page (a widget annotation's appearance): ``text``
    as drawn, ``replaced`` the typed text under it ("" over a blank)."""

    text: str
    replaced: str = ""


@dataclass(slots=True)
class Char:
    """One glyph (or a real space) on a page; ``stamp`` is set on glyphs drawn by a stamp."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    italic: bool
    stamp: StampValue | None = None


def base_font(name: str) -> str:
    """'ABCDEF+TimesNewRomanPS-BoldMT' → 'TimesNewRomanPS-BoldMT'; 'VnTimeH' → '.VnTimeH'."""
    name = _SUBSET.sub("", name)
    if name.startswith("Vn"):
        name = "." + name
    return name


def is_tcvn3_font(name: str) -> bool:
    return name.startswith(".Vn")


def read_chars(textpage: object, page_height: float,
               objects: dict[int, tuple[float, float]] | None = None) -> list[Char]:
    """All non-generated characters of a pdfium text page, in content order. With ``objects``
    (text object address → its x extent on the page), only the glyphs of those objects, their
    boxes cut to the extent (a stamp font's boxes can be wider than its advances).

    pdfium's generated word spaces are not kept, but where one falls, the glyph boxes on both
    sides are cut back to the advance (see ``_word_break``)."""
    tp = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(tp)
    out: list[Char] = []
    rect = pdfium_c.FS_RECTF()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fcache: dict[tuple[bytes, int], tuple[str, bool, bool]] = {}
    clips: dict[int | None, tuple[float, float, float, float] | None] = {}
    gap_before = False
    for k in range(n):
        code = pdfium_c.FPDFText_GetUnicode(tp, k)
        if pdfium_c.FPDFText_IsGenerated(tp, k) == 1:
            if code == 32 and out:
                pdfium_c.FPDFText_GetLooseCharBox(tp, k, rect)
                _word_break(out[-1], rect.left)
                gap_before = True
            continue
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue
        ch = chr(code)
        pdfium_c.FPDFText_GetLooseCharBox(tp, k, rect)
        obj = pdfium_c.FPDFText_GetTextObject(tp, k)
        key_obj = ctypes.cast(obj, ctypes.c_void_p).value
        if objects is not None and key_obj not in objects:
            continue
        left, right = rect.left, rect.right
        if objects is not None:
            left, right = max(left, objects[key_obj][0]), min(right, objects[key_obj][1])
        if gap_before and pdfium_c.FPDFText_GetCharOrigin(tp, k, ox, oy) and left < ox.value < rect.right:
            left = ox.value  # the word starts at its origin, not at an overhanging stroke ("lãng phí")
        gap_before = False
        if key_obj not in clips:
            clips[key_obj] = _clip_box(obj) if key_obj else None
        clip = clips[key_obj]
        if clip is not None:  # a glyph drawn outside its clip (a cell's) is not visible: drop it
            cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
            if not (clip[0] - 1 <= cx <= clip[2] + 1 and clip[1] - 1 <= cy <= clip[3] + 1):
                continue
        size = pdfium_c.FPDFText_GetFontSize(tp, k)
        ln = pdfium_c.FPDFText_GetFontInfo(tp, k, buf, 128, flags)
        key = (buf.raw[: max(ln - 1, 0)], flags.value)
        info = fcache.get(key)
        if info is None:
            name = base_font(key[0].decode("latin-1"))
            low = name.lower()
            bold = "bold" in low or "black" in low or "heavy" in low or bool(flags.value & 0x40000)
            italic = "italic" in low or "oblique" in low or bool(flags.value & 0x40)
            info = fcache[key] = (name, bold, italic)
        top = page_height - rect.top
        bottom = page_height - rect.bottom
        if bottom - top > 3 * size > 3:  # broken boxes: fall back to the font size
            top = bottom - size
        if size < 3:  # the size is in the text matrix (Distiller): estimate from the box height
            size = round((bottom - top) / 1.15, 1)
        out.append(Char(ch, left, max(right, left), top, bottom, size, *info))
    return _convert_legacy(out)


def _word_break(c: Char, x: float) -> None:
    """pdfium puts a word space it infers ("generated") at the end of the previous glyph's advance.
    A glyph's box is the union of its advance and its outline, so an accent or italic stroke that
    overhangs ("tÕ" in .VnTime: box to 180.1, advance to 178.1, next word at 181.4) hides most of
    the word gap ("Kinh tếđối"): the box is cut back to the advance there."""
    if c.x0 < x < c.x1:
        c.x1 = x


def _clip_box(obj: object) -> tuple[float, float, float, float] | None:
    """Bounding box (PDF space: x0, y0, x1, y1) of a page object's clip path, or None (no clip).

    Every path of the clip intersects, so the box is the intersection of the paths' boxes; Word
    clips each table cell's text to the cell, so a wrapped glyph pushed outside ("S" of a
    too-narrow "STT") is invisible on the page and must not be read."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    box: list[float] | None = None
    for pi in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for si in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, pi)):
            seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, pi, si)
            if pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        b = [min(xs), min(ys), max(xs), max(ys)]
        box = b if box is None else [max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3])]
    if box is None or box[2] <= box[0] or box[3] <= box[1]:
        return None  # an empty or degenerate intersection: do not trust it
    return box[0], box[1], box[2], box[3]


def _convert_legacy(chars: list[Char]) -> list[Char]:
    """Convert runs of TCVN3-font characters to Unicode (one char in, one char out, kept in place)."""
    if not any(is_tcvn3_font(c.font) for c in chars):
        return chars
    try:
        from cchc_parse.normalise.encodings import convert_run
    except ImportError:  # pragma: no cover - the encodings module is another engineer's
        return chars
    i = 0
    while i < len(chars):
        font = chars[i].font
        j = i
        while j < len(chars) and chars[j].font == font:
            j += 1
        if is_tcvn3_font(font):
            raw = "".join(c.text for c in chars[i:j]).translate(_TCVN3_STANDINS)
            new = convert_run(raw, font)
            if len(new) == j - i:
                for c, t in zip(chars[i:j], new, strict=True):
                    c.text = t
            else:  # composite output: put the whole run on its first char, blank the rest
                chars[i].text = new
                for c in chars[i + 1 : j]:
                    c.text = ""
        i = j
    return [c for c in chars if c.text]
