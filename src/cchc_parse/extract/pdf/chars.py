"""PDF page → positioned characters, read with pypdfium2 (about 10x faster than pdfminer).

Coordinates are top-left based points like pdfplumber's (``top`` grows down the page), so
table cells found by pdfplumber and characters read here can be compared directly.
Legacy TCVN3 runs (fonts ".VnTime", ".VnTimeH", subset prefix "ABCDEF+" stripped) are
converted to Unicode per font run here, before any grouping.
"""

from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any

import pypdfium2.raw as pdfium_c
import regex

from cchc_parse.extract.pdf.bare import Handle, bare

_SUBSET = regex.compile(r"^[A-Z]{6}\+")
# pdfium's Unicode for TCVN3 bytes whose PDF glyph names are not Latin-1:
# 0xAD (ư, "hyphen"/"minus") and 0xB7 (ã, "periodcentered"). "n\u2212íc" = "nước".
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


_UNICODE = bare(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
_IS_GENERATED = bare(pdfium_c.FPDFText_IsGenerated, ctypes.c_int)
_TEXT_OBJECT = bare(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)  # → int address (a dict key), None for NULL
_LOOSE_BOX = bare(pdfium_c.FPDFText_GetLooseCharBox, None)  # its success is never asked: no result object
_ORIGIN = bare(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int)
_FONT_SIZE = bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_FONT_INFO = bare(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong)
_OBJ_FONT = bare(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)
_CLIP_PATH = bare(pdfium_c.FPDFPageObj_GetClipPath, Handle)
_CLIP_PATHS = bare(pdfium_c.FPDFClipPath_CountPaths, ctypes.c_int)
_CLIP_SEGMENTS = bare(pdfium_c.FPDFClipPath_CountPathSegments, ctypes.c_int)
_CLIP_SEGMENT = bare(pdfium_c.FPDFClipPath_GetPathSegment, Handle)
_SEGMENT_POINT = bare(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
_SKIP = frozenset((0, 10, 13, 0xFFFE, 0xFFFF))
# the code points whose character is whitespace (str.isspace), tested on them all in the tests
SPACES = frozenset((*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028,
                    0x2029, 0x202F, 0x205F, 0x3000))
# FS_RECTF's four floats (left, top, right, bottom) in one call: half the time of four field reads
_RECT = struct.Struct("=4f")
_TEXT = attrgetter("text")
_FONT = attrgetter("font")
# the font-name buffer's type, made once: ``create_string_buffer`` makes a new array type on every
# call, and a type is a reference cycle (left to the collector, which is paused while a PDF is read)
_NAME_BUFFER = ctypes.c_char * 128
assert _RECT.size == ctypes.sizeof(pdfium_c.FS_RECTF)

# a text object's (clip box widened by 1 pt, font size, font name, bold, italic), read once per object
_ObjInfo = tuple["tuple[float, float, float, float] | None", float, str, bool, bool]


def read_chars(textpage: object, page_height: float,
               objects: dict[int, tuple[float, float]] | None = None) -> list[Char]:
    """All non-generated characters of a pdfium text page, in content order (see ``_read``); with
    ``objects`` (text object address → its x extent on the page) only the glyphs of those objects
    (see ``_read_objects``)."""
    if objects is None:
        return read_page(textpage, page_height)[0]
    chars, legacy = _read_objects(textpage, page_height, objects)
    return _convert_legacy(chars) if legacy else chars


def read_page(textpage: object, page_height: float) -> tuple[list[Char], str | None]:
    """``read_chars`` of a whole page and, built in the same pass, its ``clean.spaced_text`` (the
    text of the trust check); None for the text on a page with legacy TCVN3 runs (their text
    changes after the reading)."""
    chars, text, _ = read_page_counted(textpage, page_height)
    return chars, text


def read_page_counted(textpage: object, page_height: float,
                      text: bool = True) -> tuple[list[Char], str | None, int]:
    """``read_page`` and the number of its characters that are not whitespace (``str.isspace``),
    counted as they are read (after the conversion on a page with legacy runs). Without ``text``
    the text is None, not built (a stamp page's is made after the stamps join its characters);
    on a page with legacy runs it stops being built at the first legacy run."""
    pieces: list[str] | None = [] if text else None
    chars, legacy, spaces = _read(textpage, page_height, pieces)
    if legacy:
        chars = _convert_legacy(chars)
    if legacy or pieces is None:
        return chars, None, len(chars) - sum(map(str.isspace, map(_TEXT, chars)))
    return chars, "".join(pieces), len(chars) - spaces


def _out_params() -> tuple[Any, Any, Any, Any, Any, Any]:
    """What pdfium's per-character calls write into: a box and a pointer to it, a font-name
    buffer, the font flags, a glyph origin (x, y)."""
    rect = pdfium_c.FS_RECTF()
    return rect, ctypes.byref(rect), _NAME_BUFFER(), ctypes.c_int(), ctypes.c_double(), ctypes.c_double()


def _read(textpage: object, page_height: float, pieces: list[str] | None) -> tuple[list[Char], bool, int]:
    """All non-generated characters of a pdfium text page, in content order, whether a legacy
    (TCVN3) font was seen (their text not converted yet) and how many are whitespace.

    pdfium's generated word spaces are not kept, but where one falls, the glyph boxes on both
    sides are cut back to the advance (see ``_word_break``). Per character three pdfium calls
    (code, text object, box); the font, its size and the clip belong to the text object and are
    read once per object. A character with no text object is a generated one (pdfium makes its
    spaces and line breaks without one); ``IsGenerated`` is asked only then. The text of
    ``clean.spaced_text`` is put in ``pieces`` as the characters are read (the same test: a
    space where a glyph does not follow the last one on its line); not when ``pieces`` is None, nor
    after a legacy run is seen (that text is made after the conversion), when the count of
    whitespace is not kept either."""
    tp = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(tp)
    out: list[Char] = []
    rect, prect, buf, flags, ox, oy = _out_params()
    fonts: dict[int | None, tuple[str, bool, bool]] = {}
    infos: dict[int, _ObjInfo] = {}
    get_unicode, get_object, get_box = _UNICODE, _TEXT_OBJECT, _LOOSE_BOX
    box = memoryview(rect).cast("B").cast("f").tolist  # the box's four floats: a quarter less than unpack_from
    append, add_piece = out.append, ([] if pieces is None else pieces).append
    new = object.__new__
    gap_before = legacy = False
    notext = pieces is None
    cur: int | None = -1  # the text object whose info is unpacked below (-1: none, never an address)
    clip: tuple[float, float, float, float] | None = None
    osize, name, bold, italic = 0.0, "", False, False
    tall, small = 0.0, False  # the object's 3 x font size, and whether its size is below 3 pt
    pglyph, px0, px1, pmid = False, 0.0, 0.0, 0.0  # the glyph before, for ``pieces``
    spaces = 0
    for k in range(n):
        obj = get_object(tp, k)
        code = get_unicode(tp, k)
        if obj is None and _IS_GENERATED(tp, k) == 1:
            if code == 32 and out:
                get_box(tp, k, prect)
                _word_break(out[-1], rect.left)
                px1 = out[-1].x1
                gap_before = True
            continue
        if code in _SKIP:
            continue
        get_box(tp, k, prect)
        rleft, rtop, rright, rbottom = box()
        left = rleft
        if gap_before:
            if _ORIGIN(tp, k, ctypes.byref(ox), ctypes.byref(oy)) and left < ox.value < rright:
                left = ox.value  # the word starts at its origin, not at an overhanging stroke ("lãng phí")
            gap_before = False
        if obj != cur:
            info = infos.get(obj) if obj is not None else None
            if info is None:
                info = _object_info(tp, k, obj, buf, flags, fonts)
                if is_tcvn3_font(info[2]):
                    legacy = notext = True
                if obj is not None:
                    infos[obj] = info
            clip, osize, name, bold, italic = info
            tall, small = 3 * osize, osize < 3
            cur = obj if obj is not None else -1  # a character without an object is read each time
        if clip is not None:  # a glyph drawn outside its clip (a cell's) is not visible: drop it
            cx, cy = (rleft + rright) / 2, (rtop + rbottom) / 2  # the box as read, not cut to the origin
            if not (clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]):
                continue
        top = page_height - rtop
        bottom = page_height - rbottom
        if bottom - top > tall > 3:  # broken boxes: fall back to the font size
            top = bottom - osize
        size = osize
        if small:  # the size is in the text matrix (Distiller): estimate from the box height
            size = round((bottom - top) / 1.15, 1)
        t = chr(code)
        right = left if left > rright else rright
        # clean.spaced_text, inline: px0, px1, pmid of the glyph before
        if notext:
            pass
        elif code in SPACES:
            pglyph = False
            spaces += 1
            add_piece(t)
        else:
            mid = top + bottom
            if pglyph:
                s = 1.0 if size < 1.0 else size  # max(size, 1.0), a NaN size kept as max keeps it
                if left - px1 > 0.1 * s or left < px0 - 1 or abs(mid - pmid) > s:
                    add_piece(" ")
            pglyph = True
            px0, px1, pmid = left, right, mid
            add_piece(t)
        # ``Char(...)`` without the class call (a third of the time per character): the slots are
        # the dataclass's, all ten set here as its ``__init__`` would
        c = new(Char)
        c.text = t
        c.x0 = left
        c.x1 = right
        c.top = top
        c.bottom = bottom
        c.size = size
        c.font = name
        c.bold = bold
        c.italic = italic
        c.stamp = None
        append(c)
    return out, legacy, spaces


def _read_objects(textpage: object, page_height: float,
                  objects: dict[int, tuple[float, float]]) -> tuple[list[Char], bool]:
    """``_read`` of the glyphs of ``objects`` only (a flattened stamp's text objects), their boxes
    cut to the object's x extent (a stamp font's boxes can be wider than its advances); another
    object's glyph is passed over before its code is asked for (a stamp page's typed text)."""
    tp = textpage.raw  # type: ignore[attr-defined]
    out: list[Char] = []
    rect, prect, buf, flags, ox, oy = _out_params()
    fonts: dict[int | None, tuple[str, bool, bool]] = {}
    infos: dict[int, _ObjInfo] = {}
    gap_before = legacy = False
    for k in range(pdfium_c.FPDFText_CountChars(tp)):
        obj = _TEXT_OBJECT(tp, k)
        if obj is not None and obj not in objects:
            continue
        code = _UNICODE(tp, k)
        if obj is None and _IS_GENERATED(tp, k) == 1:
            if code == 32 and out:
                _LOOSE_BOX(tp, k, prect)
                _word_break(out[-1], rect.left)
                gap_before = True
            continue
        if code in _SKIP or obj not in objects:
            continue
        _LOOSE_BOX(tp, k, prect)
        rleft, rtop, rright, rbottom = _RECT.unpack_from(rect)
        extent = objects[obj]
        left, right = max(rleft, extent[0]), min(rright, extent[1])
        if gap_before:
            if _ORIGIN(tp, k, ctypes.byref(ox), ctypes.byref(oy)) and left < ox.value < rright:
                left = ox.value
            gap_before = False
        info = infos.get(obj)
        if info is None:
            info = infos[obj] = _object_info(tp, k, obj, buf, flags, fonts)
            legacy = legacy or is_tcvn3_font(info[2])
        clip, osize, name, bold, italic = info
        if clip is not None:
            cx, cy = (rleft + rright) / 2, (rtop + rbottom) / 2
            if not (clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]):
                continue
        top, bottom = page_height - rtop, page_height - rbottom
        if bottom - top > 3 * osize > 3:
            top = bottom - osize
        size = round((bottom - top) / 1.15, 1) if osize < 3 else osize
        out.append(Char(chr(code), left, left if left > right else right, top, bottom, size, name, bold, italic))
    return out, legacy


def _object_info(tp: object, k: int, obj: int | None, buf: ctypes.Array, flags: ctypes.c_int,
                 fonts: dict[int | None, tuple[str, bool, bool]]) -> _ObjInfo:
    """Clip box, font size and font (name, bold, italic) of character ``k``'s text object; the
    font is read once per pdfium font handle (``fonts``). Nearly every text object has no clip (its
    clip path counts no path): that is asked here, ``_clip_box`` is called only for the others."""
    clip = handle = None
    if obj:
        ref = ctypes.c_void_p(obj)
        path = _CLIP_PATH(ref)
        if path and _CLIP_PATHS(path) > 0:
            box = _clip_box(ref)
            if box is not None:
                clip = (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1)  # 1 pt of slack
        handle = _OBJ_FONT(ref)
    size = _FONT_SIZE(tp, k)
    font = fonts.get(handle) if handle is not None else None
    if font is None:
        ln = _FONT_INFO(tp, k, buf, 128, ctypes.byref(flags))
        name = base_font(buf.raw[: max(ln - 1, 0)].decode("latin-1"))
        low = name.lower()
        bold = "bold" in low or "black" in low or "heavy" in low or bool(flags.value & 0x40000)
        italic = "italic" in low or "oblique" in low or bool(flags.value & 0x40)
        font = (name, bold, italic)
        if handle is not None:
            fonts[handle] = font
    return clip, size, *font


def _word_break(c: Char, x: float) -> None:
    """pdfium puts a word space it infers ("generated") at the end of the previous glyph's advance.
    A glyph's box is the union of its advance and its outline, so an accent or italic stroke that
    overhangs ("tÕ" in .VnTime: box to 180.1, advance to 178.1, next word at 181.4) hides most of
    the word gap ("Kinh tếđối"): the box is cut back to the advance there."""
    if c.x0 < x < c.x1:
        c.x1 = x


def _clip_box(obj: ctypes.c_void_p) -> tuple[float, float, float, float] | None:
    """Bounding box (PDF space: x0, y0, x1, y1) of a page object's clip path, or None (no clip).

    Every path of the clip intersects, so the box is the intersection of the paths' boxes; Word
    clips each table cell's text to the cell, so a wrapped glyph pushed outside ("S" of a
    too-narrow "STT") is invisible on the page and must not be read. Most text objects have an
    empty clip (no paths): that is answered before any point buffer is made."""
    clip = _CLIP_PATH(obj)
    if not clip:
        return None
    paths = _CLIP_PATHS(clip)
    if paths <= 0:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    box: list[float] | None = None
    for pi in range(paths):
        xs: list[float] = []
        ys: list[float] = []
        for si in range(_CLIP_SEGMENTS(clip, pi)):
            seg = _CLIP_SEGMENT(clip, pi, si)
            if seg and _SEGMENT_POINT(seg, px, py):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        b = [min(xs), min(ys), max(xs), max(ys)]
        box = b if box is None else [max(box[0], b[0]), max(box[1], b[1]),
                                     min(box[2], b[2]), min(box[3], b[3])]
    if box is None or box[2] <= box[0] or box[3] <= box[1]:
        return None  # an empty or degenerate intersection: do not trust it
    return box[0], box[1], box[2], box[3]


def _convert_legacy(chars: list[Char]) -> list[Char]:
    """Convert runs of TCVN3-font characters to Unicode (one char in, one char out, kept in place)."""
    try:
        from cchc_parse.normalise.encodings import convert_run
    except ImportError:  # pragma: no cover - the encodings module is another engineer's
        return chars
    for font, group in groupby(chars, key=_FONT):  # the font runs, found at C level
        if not is_tcvn3_font(font):
            continue
        run = list(group)
        raw = "".join(map(_TEXT, run)).translate(_TCVN3_STANDINS)
        new = convert_run(raw, font)
        if len(new) == len(run):
            for c, t in zip(run, new, strict=True):
                c.text = t
        else:  # composite output: put the whole run on its first char, blank the rest
            run[0].text = new
            for c in run[1:]:
                c.text = ""
    return list(filter(_TEXT, chars))  # the blanked ones out
