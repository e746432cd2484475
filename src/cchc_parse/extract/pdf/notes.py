"""Footnotes of a PDF page: the small-type lines at the foot of the page, and the superscript
markers in the body that cite them ("Luật số 42/2024/QH15¹ ngày 29/6/2024")."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.clean import PAGE_NO
from cchc_parse.extract.pdf.lines import VLine, join_text

# "1 Luật Quản lý, sử dụng vũ khí…", "2Công văn số…"; not a wrapped "3332/SGDDT-TCCB ngày 25/10/2024…"
_NOTE_NO = regex.compile(r"^(\d{1,3})(?![\d/-]|[.,:]\d)\s*(.*)$")
SUPERSCRIPT = 0.75  # a marker is set in type at most 3/4 of its line's


Note = tuple[str | None, str]  # (number, text)


def take_footnotes(lines: list[VLine], page_height: float) -> tuple[list[VLine], list[Note]]:
    """(body lines, notes as (number, text)) of one page.

    The notes are the run of small-type lines at the page bottom from the first one that starts
    with a number ("1 Chi tiết liên hệ…"); each note runs up to the next numbered line, and its
    number is dropped from its text (as the .docx path does). Each body line's superscript
    markers of these notes are taken out of its text into ``VLine.refs``.
    """
    if len(lines) < 4:
        return lines, []
    body = Counter([ln.size for ln in lines]).most_common(1)[0][0]
    end = len(lines)
    while end > 0 and PAGE_NO.match(lines[end - 1].text):  # the page number under the notes stays
        end -= 1
    k = end
    while k > 0 and lines[k - 1].size <= 0.85 * body and lines[k - 1].top > 0.6 * page_height:
        k -= 1
    start = next((i for i in range(k, end) if lines[i].text[:1].isdigit()), None)
    if start is None:
        return lines, []
    notes: list[Note] = []
    for ln in lines[start:end]:
        m = _NOTE_NO.match(ln.text)
        if m or not notes:
            notes.append((m.group(1) if m else None, m.group(2) if m else ln.text))
        else:
            num, text = notes[-1]
            notes[-1] = (num, join_text(text, ln.text))
    kept = lines[:start] + lines[end:]
    nums = {n for n, _ in notes if n}
    for ln in kept:
        take_refs(ln, nums)
    return kept, notes


def take_refs(ln: VLine, nums: set[str]) -> None:
    """Superscript note markers in a line: runs of digits in small type right after a glyph in the
    line's own type ("chính¹)", and "QH15¹" where the marker follows a digit). Those that name a
    note in ``nums`` are removed from the text into ``ln.refs`` (an exponent as in "m²" names
    none and stays)."""
    if not nums:
        return
    chars = ln.chars
    drop: set[int] = set()
    i = 0
    while i < len(chars):
        if _small_digit(chars[i], ln) and i > 0 and not _small_digit(chars[i - 1], ln):
            j = i
            while j < len(chars) and _small_digit(chars[j], ln):
                j += 1
            num = "".join(ch.text for ch in chars[i:j])
            if num in nums:
                ln.refs.append(num)
                drop.update(range(i, j))
            i = j
            continue
        i += 1
    if drop:  # blanked, not removed: their place keeps "chính¹)" from becoming "chính )"
        ln.chars = [replace(c, text="") if k in drop else c for k, c in enumerate(chars)]
        ln.finish()


def _small_digit(c: Char, ln: VLine) -> bool:
    return c.text.isdigit() and c.size <= SUPERSCRIPT * ln.size
