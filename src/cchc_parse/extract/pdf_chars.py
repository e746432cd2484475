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


@dataclass(slots=True)
class Char:
    """One glyph (or a real space) on a page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    italic: bool


def base_font(name: str) -> str:
    """'ABCDEF+TimesNewRomanPS-BoldMT' → 'TimesNewRomanPS-BoldMT'; 'VnTimeH' → '.VnTimeH'."""
    name = _SUBSET.sub("", name)
    if name.startswith("Vn"):
        name = "." + name
    return name


def is_tcvn3_font(name: str) -> bool:
    return name.startswith(".Vn")


def read_chars(textpage: object, page_height: float) -> list[Char]:
    """All non-generated characters of a pdfium text page, in content order."""
    tp = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(tp)
    out: list[Char] = []
    rect = pdfium_c.FS_RECTF()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    fcache: dict[tuple[bytes, int], tuple[str, bool, bool]] = {}
    for k in range(n):
        code = pdfium_c.FPDFText_GetUnicode(tp, k)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(tp, k) == 1:
            continue
        ch = chr(code)
        pdfium_c.FPDFText_GetLooseCharBox(tp, k, rect)
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
        out.append(Char(ch, rect.left, rect.right, top, bottom, size, *info))
    return _convert_legacy(out)


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
