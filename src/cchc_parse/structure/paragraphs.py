"""Body lines → paragraphs: blank lines dropped, a paragraph broken by a page break or a line wrap joined,
quoted text kept as text."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import repeat
from operator import sub

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Line, SourceRef, Style, Table
from cchc_parse.structure.markers import Marker, match_marker
from cchc_parse.structure.quotes import find_quotes

# a symbol broken at its hyphen by the wrap: "Nghị định số 217/2025/NĐ-" + "CP ngày 05/8/2025"
_SPLIT_SYMBOL = rx.lazy(r"/[\p{Lu}Đ&.\d]+-$")


def join_wrapped(prev: str, nxt: str) -> str:
    """Join a wrapped line to the line above: with a space, or without one when the wrap broke a
    document symbol at its hyphen ("…/NĐ-" + "CP" → "…/NĐ-CP")."""
    if prev.endswith(("-", "-\n")) and _SPLIT_SYMBOL.search(prev) and _UPPER_OR_DIGIT.match(nxt):
        return prev + nxt
    return f"{prev} {nxt}"


_UPPER_OR_DIGIT = rx.lazy(r"[\p{Lu}Đ\d]")
_TERMINAL = rx.lazy(r"[.;:!?…)\]”\"'»/]\s*$")


# the characters of _TERMINAL's class: a text with no trailing white space matches iff it ends in one
_TERMINAL_CHARS = frozenset(".;:!?…)]”\"'»/")


def _ends_terminal(text: str) -> bool:
    """``_TERMINAL.search(text)``, looking only at the end: a paragraph joined from many wrapped lines
    is tested once a line, and searching it all each time was quadratic. The match can only start at
    the last character before trailing white space (regex's \\s is a subset of str.isspace); with no
    trailing white space (nearly every line) it is that last character, tested without the regex."""
    stripped = len(text.rstrip())
    if stripped == len(text):
        return text[-1:] in _TERMINAL_CHARS
    return _TERMINAL.search(text, max(0, stripped - 1)) is not None

_STARTS_LOWER = rx.lazy(r"^[\p{Ll}]")


@dataclass
class Para:
    """A paragraph of body text, with its numbering marker if it has one."""

    text: str  # without the label
    src: SourceRef
    marker: Marker | None = None
    style: Style = field(default_factory=Style)
    notes: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """The paragraph as printed, label included: "1. Thẩm quyền của …"."""
        return f"{self.marker.label} {self.text}" if self.marker else self.text


def lines_to_paras(blocks: list[Line | Table], diags: list[Diagnostic]) -> list[Para | Table]:
    """Group body blocks into paragraphs; join a paragraph split by a page break or by line wraps.

    "… các văn bản sự chỉ đạo của" + (page break) + "cấp trên; phối hợp …" → one paragraph:
    the first part has no closing punctuation and the second starts in lower case (P004).
    In a text file wrapped at a fixed width, "… của Bộ" + "Nông nghiệp và Môi trường …" is one
    paragraph too: the line above is full and ends mid-sentence (an ordinary wrap: no diagnostic).
    """
    width: int | None = _UNSET  # wrap_width(blocks), worked out when a join first asks for it
    out: list[Para | Table] = []
    gap = False  # a blank line since the previous paragraph line
    last_len = 0  # length of the previous physical line
    for b in blocks:
        if isinstance(b, Table):
            out.append(b)
            continue
        if not b.text and not b.label:
            gap = True
            continue
        marker = match_marker(b)
        prev = out[-1] if out else None
        if marker is None and isinstance(prev, Para) and prev.text and not _ends_terminal(prev.text):
            wrapped = False
            if not gap and last_len >= _MIN_WIDTH:  # a shorter line is below any width: no need to know it
                if width == _UNSET:
                    width = wrap_width(blocks)
                wrapped = width is not None and last_len >= width
            if wrapped or _STARTS_LOWER.match(b.text):
                prev.text = join_wrapped(prev.text, b.text)
                prev.notes = prev.notes + b.notes
                if not wrapped:
                    diags.append(make("P004", src=b.src, params={"end": prev.text[-40:]}))
                gap, last_len = False, len(b.text)
                continue
        text = marker.rest if marker else b.text
        out.append(Para(text, b.src, marker, b.style, b.notes))  # (text, src, marker, style, notes)
        gap, last_len = False, len(b.text)
    _quotes_as_text([p for p in out if isinstance(p, Para)], diags)
    return out


def wrap_width(blocks: list[Line | Table]) -> int | None:
    """The length from which a line of a hard-wrapped text counts as full, or None when lines are paragraphs.

    A text wrapped at a fixed width has most of its lines in one narrow band of lengths (70-80
    characters); paragraphs of a .docx or of a text file written one paragraph a line spread widely.
    """
    lengths = sorted([len(b.text) for b in blocks if isinstance(b, Line)])
    del lengths[:bisect_left(lengths, 20)]
    if len(lengths) < 20:
        return None
    # every band lies within [40, 160 * 1.15]: with too few lengths there, no band can hold a third of them
    if bisect_right(lengths, 160 * 1.15) - bisect_left(lengths, 40) < 0.33 * len(lengths):
        return None
    # lines of length in [lo, lo * 1.15] for each lo: the lengths are integers, so that is the count of
    # lengths <= floor(lo * 1.15) less those <= lo - 1, both read off one table of counts by bisection
    # (C-level maps); the best count, at its largest lo as the max of (count, lo) pairs picks
    at_most = list(map(bisect_right, repeat(lengths, len(_COUNTED)), _COUNTED))
    counts = list(map(sub, map(at_most.__getitem__, _BAND_HIGH), map(at_most.__getitem__, _BAND_BELOW)))
    best = max(counts)
    low = _BAND_LOW[len(counts) - 1 - counts[::-1].index(best)]
    return int(low * 0.75) if best >= 0.33 * len(lengths) else None


_BAND_LOW = tuple(range(40, 161))
_COUNTED = tuple(range(_BAND_LOW[0] - 1, math.floor(_BAND_LOW[-1] * 1.15) + 1))  # the lengths counted up to
_BAND_HIGH = tuple(math.floor(lo * 1.15) - _COUNTED[0] for lo in _BAND_LOW)  # index in _COUNTED
_BAND_BELOW = tuple(lo - 1 - _COUNTED[0] for lo in _BAND_LOW)
_MIN_WIDTH = int(_BAND_LOW[0] * 0.75)  # the smallest width wrap_width can give
_UNSET: int = -1  # a width not worked out yet (never a width: those are at least _MIN_WIDTH)


def _has_quote(text: str) -> bool:
    return "“" in text or "”" in text or '"' in text


def _quotes_as_text(paras: list[Para], diags: list[Diagnostic]) -> None:
    """The numbered lines of a quotation are text of the point that quotes it, not sections (P019)."""
    # find_quotes finds none without a quote mark in a full text (label + text): told before the full
    # texts are made
    if not _has_quote("".join([p.text for p in paras])) and not any(
            _has_quote(p.marker.label) for p in paras if p.marker is not None):
        return
    for q in find_quotes([p.full_text for p in paras], [p.marker for p in paras]):
        quoted = paras[q.first:q.last + 1]
        for p in quoted:
            if p.marker is not None:
                p.text, p.marker = p.full_text, None
        if len(quoted) > 1:
            diags.append(make("P019", src=quoted[0].src, params={
                "paragraphs": q.last - q.first + 1, ("text" if q.closed else "unclosed"): quoted[0].text[:50]}))
