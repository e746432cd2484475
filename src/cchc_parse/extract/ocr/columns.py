"""Second reading of a page's side columns, each on its own.

Tesseract's page segmentation runs the two columns of a header or of the Nơi nhận | signer block
into one text line when they sit at the same height, and then reads a part badly (a name under
a seal's edge and a signature: "Chấp\\" THÍHHN) CHAHẨ!" for "Phạm Minh Chính"; "Nơi nHỆN MU" for
"Nơi nhận:"). Each part of a line cut at a wide gap, and a line standing alone in the right half
of the page, is re-read from a crop of its own region (as one line) when it holds a doubtful
word, and the second reading replaces the first when it is better (more letters in confident,
valid words). Specks (no two letters together) are not re-read: they are dropped later, and a
crop of them reads as garbage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from cchc_parse.extract.ocr.engine import Box, TextLine, Word, reread
from cchc_parse.extract.ocr.layout import COLUMN_GAP_IN, noise, readable, split_glued
from cchc_parse.extract.pdf.textlayer import is_syllable

SURE = 95.0  # a word read with this confidence, valid, is not doubted
PAD_Y = 0.5  # of the line height, above and below the crop
PAD_X = 1.5  # of the line height, left and right of the crop (the first letter may have been lost)
GAIN = 0.1  # confident letters of valid words the second reading must add (per line read)


def split_columns(ln: TextLine, gap: float) -> list[TextLine]:
    """The line cut at each gap of at least ``gap`` pixels between words."""
    parts: list[list[Word]] = [[ln.words[0]]]
    for prev, w in zip(ln.words, ln.words[1:], strict=False):
        if w.box[0] - prev.box[2] >= gap:
            parts.append([])
        parts[-1].append(w)
    if len(parts) == 1:
        return [ln]
    return [replace(ln, words=tuple(p), box=_union(p)) for p in parts]


def _union(words: Sequence[Word]) -> Box:
    return (min(w.box[0] for w in words), min(w.box[1] for w in words),
            max(w.box[2] for w in words), max(w.box[3] for w in words))


def _sure(w: Word) -> bool:
    return w.conf >= SURE and _valid(w)


def _valid(w: Word) -> bool:
    core = w.text.strip("\"'()[]{}.,;:!?…“”")
    return readable(w) and (not core.isalpha() or is_syllable(core))


def quality(words: Sequence[Word]) -> float:
    """Letters and digits in words kept as read and, when made of letters, valid syllables, each
    weighted by its word's confidence."""
    parts = [p for w in words for p in split_glued(w)]
    return sum(sum(c.isalnum() for c in w.text) * w.conf / 100 for w in parts if _valid(w))


def _region(seg: TextLine, left_end: int | None, right_start: int | None, size: tuple[int, int]) -> Box:
    """The crop around a line part: padded, never into the words of the columns beside it."""
    h = max(1, seg.box[3] - seg.box[1])
    x0, x1 = seg.box[0] - round(PAD_X * h), seg.box[2] + round(PAD_X * h)
    if left_end is not None:
        x0 = max(x0, (left_end + seg.box[0]) // 2)
    if right_start is not None:
        x1 = min(x1, (seg.box[2] + right_start) // 2)
    return (max(0, x0), max(0, seg.box[1] - round(PAD_Y * h)),
            min(size[0], x1), min(size[1], seg.box[3] + round(PAD_Y * h)))


def reread_columns(image: Any, dpi: int, lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with their doubtful column parts read again (see the module docstring)."""
    out: list[TextLine] = []
    centre = image.size[0] / 2
    for ln in lines:
        segs = split_columns(ln, COLUMN_GAP_IN * dpi)
        keep: list[TextLine] = []
        for k, seg in enumerate(segs):
            column = len(segs) > 1 or seg.box[0] > centre
            if not column or noise(seg) or all(_sure(w) for w in seg.words):
                keep.append(seg)
                continue
            left_end = segs[k - 1].box[2] if k > 0 else None
            right_start = segs[k + 1].box[0] if k + 1 < len(segs) else None
            fresh = reread(image, dpi, _region(seg, left_end, right_start, image.size))
            new_words = [w for f in fresh for w in f.words]
            if quality(new_words) >= quality(seg.words) + GAIN * max(1, len(fresh)):
                keep += fresh
            else:
                keep.append(seg)
        if len(keep) == 1 and keep[0] is ln:
            out.append(ln)
        else:
            out += _merge_left(ln, keep)
    return out


def _merge_left(ln: TextLine, parts: list[TextLine]) -> list[TextLine]:
    """Parts of one line that stayed as they were are one line again (their common baseline)."""
    same = [p for p in parts if p.baseline == ln.baseline]
    fresh = [p for p in parts if p.baseline != ln.baseline]
    if not same:
        return fresh
    words = [w for p in same for w in p.words]
    return [replace(ln, words=tuple(words), box=_union(words)), *fresh]
