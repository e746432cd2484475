"""Footnotes and page numbers in text exports of printed documents (``pdftotext``, copy-paste).

A footnote's reference mark loses its superscript and is glued to the word it follows
("… về địa chất, khoáng sản1."); the note itself sits at the foot of the page, after a blank line,
starting with its number ("   1 Các quy định của Luật …"), and may run over several lines (blank
lines inside it too) up to the page break. ND30 prints page numbers at the top of pages 2, 3, …,
so the line after a form feed may be a bare number ("\\f      2").

A note region is taken only when all of this holds: it starts after a blank line, it runs to the
end of its page (or of the text), its notes are numbered n, n+1, … and each number is glued to a
word above it on the same page. The note texts go to the line that cites them; the mark digits
are removed from that line. A line such as "4 Thông tư số …" that continues "khoản 12 Điều" is
body text: it follows a non-blank line and nothing above is marked 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse import rx
from cchc_parse.extract.clean import clean_text

# "   1 Các quy định của Luật …": a note's first line
_NOTE_START = rx.lazy(r"^\s*(?P<n>\d{1,2})\s+(?P<text>\S.*)$")
# "\f                2", "- 3 -", "Trang 4": a page number alone on its line
_PAGE_NO = rx.lazy(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$",
                   regex.IGNORECASE)
# "________", "-----------": the rule some exports print above the notes
_RULE = rx.lazy(r"^\s*[_\-–—]{5,}\s*$")


# a note's mark glued to what it follows: "khoáng sản1.", "hành chính”2", "QH151" (khóa 15 + mark 1)
_MARK = r"(?:(?<=\p{L}[”\"’')\]]?[.,;:]?)|(?<=(?:UBTVQH|QH)1\d))"
_ANY_MARK = rx.lazy(_MARK + r"(?P<n>\d{1,2})(?![\d\p{L}])")
# a page's notes take at most this many lines, and at most half of the page
_MAX_NOTE_LINES = 40


def _mark(n: int) -> regex.Pattern:
    return regex.compile(_MARK + str(n) + r"(?![\d\p{L}])")


@dataclass
class Notes:
    """Result of ``take_notes``: the lines with note lines blanked and marks removed."""

    lines: list[str]
    notes: dict[int, tuple[str, ...]] = field(default_factory=dict)  # line index → note texts
    count: int = 0
    page_numbers: int = 0


def _pages(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of each page: a line holding a form feed starts a new page."""
    starts = [0] + [i for i, ln in enumerate(lines) if "\f" in ln and i > 0]
    return list(zip(starts, [*starts[1:], len(lines)], strict=False))


def _join(a: str, b: str) -> str:
    """One note's lines: "Nghị quyết số 10-" + "NQ/TW ngày …" → "…số 10-NQ/TW ngày …"."""
    if not a:
        return b
    if a.endswith("-") and a[-2:-1].isalnum() and b[:1].isupper():
        return a + b
    return f"{a} {b}"


def _marks(lines: list[str], start: int, end: int) -> dict[int, list[int]]:
    """Mark number → the page lines carrying it, in order (one pass over the page)."""
    out: dict[int, list[int]] = {}
    for k in range(start, end):
        if "\t" in lines[k]:
            continue  # a table row: its notes would have no line to go to
        for m in _ANY_MARK.finditer(lines[k]):
            at = out.setdefault(int(m["n"]), [])
            if not at or at[-1] != k:
                at.append(k)
    return out


def _region(lines: list[str], start: int, end: int) -> tuple[int, int, list[tuple[int, int, str]]] | None:
    """The notes at the foot of page [start, end): (first line, end line, [(number, cited line, text)])."""
    last = end
    while last > start and (not lines[last - 1].strip() or _PAGE_NO.match(lines[last - 1])):
        last -= 1
    filled = sum(1 for k in range(start, last) if lines[k].strip())
    marks: dict[int, list[int]] | None = None
    for i in range(max(start + 1, last - _MAX_NOTE_LINES), last):
        m = _NOTE_START.match(lines[i])
        if not m or (lines[i - 1].strip() and not _RULE.match(lines[i - 1])):
            continue
        if 2 * sum(1 for k in range(i, last) if lines[k].strip()) > filled:
            continue  # more note than page: body text that happens to start with a number
        marks = _marks(lines, start, last) if marks is None else marks
        got = _notes_from(lines, i, last, int(m["n"]), marks)
        if got:
            return i, last, got
    return None


def _notes_from(lines: list[str], i: int, last: int, n: int,
                marks: dict[int, list[int]]) -> list[tuple[int, int, str]] | None:
    """Notes n, n+1, … on lines [i, last), each cited by a mark on a body line above ``i``."""
    notes: list[tuple[int, int, str]] = []
    for k in range(i, last):
        m = _NOTE_START.match(lines[k])
        want = n + len(notes)
        if m and int(m["n"]) == want:
            at = max((j for j in marks.get(want, ()) if j < i), default=None)
            if at is None:
                return None
            notes.append((want, at, clean_text(m["text"])))
        elif lines[k].strip():
            num, at, text = notes[-1]
            notes[-1] = (num, at, _join(text, clean_text(lines[k])))
    return notes


def take_notes(lines: list[str]) -> Notes:
    """Footnotes out of the page feet, page-number lines blanked (pure; the line count is unchanged)."""
    out = Notes(lines=list(lines))
    pages = _pages(lines)
    for start, end in pages:
        if start > 0 and lines[start].strip("\f \t") and _PAGE_NO.match(lines[start].replace("\f", "")):
            out.lines[start] = "\f"  # the page number ND30 prints at the top of pages 2, 3, …
            out.page_numbers += 1
        found = _region(out.lines, start, end)
        if found is None:
            continue
        first, last, notes = found
        for num, at, text in notes:
            out.lines[at] = _mark(num).sub("", out.lines[at], count=1)
            out.notes[at] = (*out.notes.get(at, ()), text)
            out.count += 1
        for k in range(first, last):
            out.lines[k] = ""
    return out
