"""A visual line's fields from its characters (``lines.VLine.finish``): box, dominant size, the
bold/italic vote and the text, with the word gap measured from the line's own spaces.

The fields are gathered in one plain loop over the characters, and the text in a second: on
CPython 3.11 a specialised attribute load and compare costs about half of what a C-level pass
(``min(map(attrgetter, ...))``) costs per character and field, and most lines are short table-cell
lines where the fixed cost of each pass counts. Every fold keeps the builtin's order and
comparisons (``min`` keeps the first unless a later one is smaller: NaN as it does), and the sums
add as ``sum`` does; tests/test_speed_pdflines_fields.py compares them with the plain passes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING

from cchc_parse.extract.pdf.chars import Char

if TYPE_CHECKING:
    from cchc_parse.extract.pdf.lines import VLine

# the text of a candidate line not computed yet (truthy: the line has a glyph); never in output
PENDING = "\x00pending"
SPACE_EM = 0.25  # a word space when a font's space glyph is not seen (Times 0.25, Arial 0.28 em)

_X0, _X1, _TOP, _BOTTOM = attrgetter("x0"), attrgetter("x1"), attrgetter("top"), attrgetter("bottom")
_SIZE, _BOLD, _ITALIC = attrgetter("size"), attrgetter("bold"), attrgetter("italic")


def finish_line(ln: VLine, text: bool = True) -> VLine:
    """Box, dominant size, bold/italic and text of ``ln`` from its characters (sorted by x here).
    Without ``text`` the text is left for later (``PENDING`` when there is a glyph, "" when there
    is none, as ``chars_to_text`` would give). The box and votes are over the glyphs (the
    non-space characters), or over all characters when there is none."""
    chars = ln.chars
    chars.sort(key=_X0)
    space: dict[str, float] = {}  # as chars_to_text measures it, in the same pass
    n = bold = italic = 0
    one_size = True  # every glyph's size in a set with the first's (``is`` or ``==``, as a set tests)
    x0 = x1 = top = bottom = s0 = 0.0
    for c in chars:
        if c.text.isspace():
            if text and c.text == " " and c.size > 0 and c.x1 > c.x0:  # (no text: no word gaps)
                em = (c.x1 - c.x0) / c.size
                f = c.font
                if f not in space or em < space[f]:
                    space[f] = em
            continue
        if n:
            v = c.x0
            if v < x0:
                x0 = v
            v = c.x1
            if v > x1:
                x1 = v
            v = c.top
            if v < top:
                top = v
            v = c.bottom
            if v > bottom:
                bottom = v
            v = c.size
            if v is not s0 and v != s0:
                one_size = False
        else:
            x0, x1, top, bottom, s0 = c.x0, c.x1, c.top, c.bottom, c.size
        bold += c.bold
        italic += c.italic
        n += 1
    if not n:
        return _finish_blank(ln, text)
    ln.x0, ln.x1, ln.top, ln.bottom = x0, x1, top, bottom
    ln.size = round(s0, 1) if one_size else _dominant_size([c for c in chars if not c.text.isspace()])
    if (bold == 0 or bold == n) and (italic == 0 or italic == n):  # most lines: the letters' vote is the same
        ln.bold, ln.italic = bold > 0, italic > 0
    else:
        glyphs = [c for c in chars if not c.text.isspace()]
        letters = [c for c in glyphs if c.text.isalnum()] or glyphs
        ln.bold = sum(map(_BOLD, letters)) * 2 > len(letters)
        ln.italic = sum(map(_ITALIC, letters)) * 2 > len(letters)
    ln.text = _text(chars, space) if text else PENDING
    return ln


def _finish_blank(ln: VLine, text: bool) -> VLine:
    """``finish_line`` of a line of spaces only: the fields over all its characters, no text."""
    chars = ln.chars
    ln.x0, ln.x1 = min(map(_X0, chars)), max(map(_X1, chars))
    ln.top, ln.bottom = min(map(_TOP, chars)), max(map(_BOTTOM, chars))
    ln.size = _dominant_size(chars)
    n, bold, italic = len(chars), sum(map(_BOLD, chars)), sum(map(_ITALIC, chars))
    if (bold == 0 or bold == n) and (italic == 0 or italic == n):
        ln.bold, ln.italic = bold > 0, italic > 0
    else:  # no letters among spaces: the vote of all
        ln.bold, ln.italic = bold * 2 > n, italic * 2 > n
    ln.text = ""  # chars_to_text of spaces only; "" for a candidate too (no glyph)
    return ln


def _dominant_size(glyphs: list[Char]) -> float:
    """The most common size rounded to 0.1 pt, the first seen of equals (as ``most_common(1)``).

    ``round(x, 1)`` is slow (a decimal conversion), so each distinct size is rounded once: the
    rounded counts are summed over the exact sizes in the order they were first seen, which keeps
    the first-seen order of the rounded ones. A NaN size (never equal to itself, so each one its
    own key) is counted the plain way."""
    sizes = {c.size for c in glyphs}  # a comprehension: cheaper than ``set(map(getter))`` on short lines
    if len(sizes) == 1:
        return round(sizes.pop(), 1)
    counts: dict[float, int] = {}
    for s, n in Counter([c.size for c in glyphs]).items():
        if s != s:
            counts = Counter(map(round, map(_SIZE, glyphs), repeat(1)))
            break
        r = round(s, 1)
        counts[r] = counts.get(r, 0) + n
    return max(counts, key=counts.__getitem__)


def chars_to_text(chars: Sequence[Char]) -> str:
    """Glyphs sorted by x → text, with a space wherever the gap is wider than half a word space.

    The word space is the font's own, measured from the real space characters of the line (their
    narrowest, in em, kept within 0.2–0.33 em), else 0.25 em. Glyph boxes are advance boxes, so
    the gap inside a word is about 0 (kerning makes it slightly negative) and between words it is
    at least a space less justification shrink: "cứ" → "Luật" at 0.18 em is two words, while a
    fixed 0.18 em threshold glued them ("Căn cứLuật"). A stamp's letters and digits drawn into a
    blank never run into the typed ones, even where the blank was too short ("tháng 01 năm", not
    "tháng 01năm"); a typed "/" may join them ("2463/QĐ-UBND").
    """
    space: dict[str, float] = {}
    # the real spaces' narrowest em per font (``min(space.get(f, em), em)``, NaN as ``min`` keeps
    # it): a plain loop and test, cheaper than a chain of C iterators and a ``min`` call per space
    for c in chars:
        if c.text == " " and c.size > 0 and c.x1 > c.x0:
            em = (c.x1 - c.x0) / c.size
            f = c.font
            if f not in space or em < space[f]:
                space[f] = em
    return _text(chars, space)


def text_and_right(chars: Sequence[Char]) -> tuple[str, float]:
    """``chars_to_text`` of x-sorted characters and the right end of their glyphs (``max`` of
    ``x1`` over them, over all characters when none is a glyph), as ``finish_line`` gives them:
    all a one-line table cell needs (``lines.cell_lines``)."""
    space: dict[str, float] = {}
    right = 0.0
    seen = False  # a glyph before
    for c in chars:
        if c.text.isspace():
            if c.text == " " and c.size > 0 and c.x1 > c.x0:
                em = (c.x1 - c.x0) / c.size
                f = c.font
                if f not in space or em < space[f]:
                    space[f] = em
            continue
        if seen:
            v = c.x1
            if v > right:
                right = v
        else:
            right, seen = c.x1, True
    return _text(chars, space), right if seen else max(map(_X1, chars))


def _text(chars: Sequence[Char], space: dict[str, float]) -> str:
    """``chars_to_text`` with the fonts' space widths (em) measured."""
    out: list[str] = []
    append = out.append
    prev: Char | None = None  # the character before, when it is a glyph (no space in between)
    font: str | None = None
    size = gap = 0.0  # the gap that is a word space for ``font`` at ``size`` (both the last seen)
    for c in chars:
        t = c.text
        if t.isspace():
            if prev is not None:
                append(" ")
                prev = None
            continue
        if prev is not None:
            # the gap is a function of the font's name and the size's value (-0.0 and 0.0 give the
            # same, a NaN size a NaN gap each time): recomputed only where one of them changes
            if c.size != size or c.font != font:
                font, size = c.font, c.size
                gap = 0.5 * min(max(space.get(font, SPACE_EM), 0.2), 0.33) * (1 if size < 1 else size)
            if c.x0 - prev.x1 > gap or (c.stamp is not prev.stamp and t.isalnum() and prev.text.isalnum()):
                append(" ")
        append(t)
        prev = c
    return "".join(out).strip()
