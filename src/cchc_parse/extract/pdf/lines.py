"""Characters → visual lines → paragraphs (one ``Line`` per paragraph, like .docx).

A new paragraph starts at a first-line indent, a numbering label ("I.", "1.", "1.1.", "a)",
"-", "+"), a larger vertical gap, a change of alignment/bold/size, or after a line clearly
shorter than the column. A word hyphenated at a line end is joined.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from math import isnan

import regex

from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.linefields import _SIZE, _X0, finish_line, text_and_right
from cchc_parse.extract.pdf.linefields import PENDING as PENDING  # re-exported: imported from here
from cchc_parse.extract.pdf.linefields import SPACE_EM as SPACE_EM
from cchc_parse.extract.pdf.linefields import _dominant_size as _dominant_size
from cchc_parse.extract.pdf.linefields import chars_to_text as chars_to_text

# "II. ", "1.2. ", "3) ", "a) ", "(1) Công nghiệp.", "- ", "Điều 1.", "Chương II:", "Phần thứ hai."; the
# word after Điều/Chương/Mục/Phần is a number: a wrapped line that starts "Chương trình: …" or "Mục tiêu:
# …" goes on its paragraph
LABEL = regex.compile(
    r"^(?:(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s|\d+(?:\.\d+)*\)\s|\(\d{1,2}\)\s|[a-zđ]\)\s|[-+•–*]\s|"
    r"(?:Điều|Chương|Mục|Phần|PHẦN|CHƯƠNG|MỤC)\s+(?:[IVXLC]+|\d+|(?:thứ|THỨ)\s+\w+)[.:](?:\s|$))"
)
_SENTENCE_END = regex.compile(r"[.;:!?…]['\"”»)]?$")
# the characters below U+0080 that a LABEL match can start with (a lowercase letter only before
# ")"): a text starting with any other of them is no label without a call of the regex; any
# character from U+0080 goes to the regex (its ``\d`` and letters are Unicode)
_LABEL_ASCII = frozenset("IVXLC(-+*MP0123456789")


def is_label(t: str) -> bool:
    """``LABEL.match(t)`` as a truth value, the regex only where the first character allows one."""
    c = t[:1]
    if c and c < "\x80":
        if "a" <= c <= "z":
            if t[1:2] != ")":
                return False
        elif c not in _LABEL_ASCII:
            return False
    return LABEL.match(t) is not None


@dataclass(slots=True)
class VLine:
    """One visual line on one page."""

    chars: list[Char]
    page: int
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    no: int = 0  # 1-based line number on the page
    align: str | None = None
    refs: list[str] = field(default_factory=list)  # footnote numbers cited here (superscripts taken out)

    def finish(self, text: bool = True) -> VLine:
        """Box, dominant size, bold/italic and text from the characters (see
        ``linefields.finish_line``). Without ``text`` the text is left for later (``PENDING`` when
        there is a glyph, "" when there is none, as ``chars_to_text`` would give)."""
        return finish_line(self, text)


def copy_line(ln: VLine) -> VLine:
    """``dataclasses.replace(ln, chars=list(ln.chars))`` without its per-call field checks: a copy
    with its own list of characters (the footnote numbers ``refs`` shared, as ``replace`` does)."""
    return VLine(list(ln.chars), ln.page, ln.text, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.italic,
                 ln.no, ln.align, ln.refs)


def group_lines(chars: Sequence[Char], page: int) -> list[VLine]:
    """Cluster characters into visual lines by vertical overlap, top to bottom."""
    return settle_lines([finish_line(VLine(g, page)) for g in _clusters(chars)[0]])


def cell_lines(chars: Sequence[Char], page: int) -> list[VLine]:
    """``group_lines`` for a table cell's text (``tables.cell_text``): a one-line cell (most) gets
    only its text, ``x1`` and ``no`` (its other fields stay 0: nothing is attached to or sorted
    against one line, and a cell's text never asks for them), a cell of more lines the full lines."""
    groups = _clusters(chars)[0]
    if len(groups) != 1:
        return settle_lines([finish_line(VLine(g, page)) for g in groups])
    one = groups[0]
    one.sort(key=_X0)  # as finish does; then the text and the right end as it computes them
    text, x1 = text_and_right(one)
    return [VLine(one, page, text, 0.0, x1, no=1)] if text else []


def cluster_lines(chars: Sequence[Char], page: int, text: bool = True) -> tuple[list[VLine], bool]:
    """Characters → candidate visual lines (finished, their text only with ``text``: else
    ``PENDING``, see ``VLine.finish``) in the order of their middles, and whether
    dropping whole candidates keeps the others as they are: true when every candidate ended at a
    character whose middle is below the candidate's band (so any later one is too) and no middle
    is NaN (the sort is then a total order)."""
    groups, separable, mids = _clusters(chars)
    return [finish_line(VLine(g, page), text) for g in groups], separable and not any(map(isnan, mids))


def _clusters(chars: Sequence[Char]) -> tuple[list[list[Char]], bool, list[float]]:
    """The characters of each candidate line (in the order of their middles), whether every
    candidate ended at a character below its band, and the middles (see ``cluster_lines``)."""
    glyphs = [c for c in chars if c.text]
    mids = [(c.top + c.bottom) / 2 for c in glyphs]
    groups: list[list[Char]] = []
    cur: list[Char] = []
    ctop = cbot = low = 0.0  # the band; ``low``: a middle below it starts a new line
    separable = True
    # in the order of the middles: the indices sorted by them (the same stable order as sorting
    # the characters by a key function, without a Python call per character)
    for i in sorted(range(len(glyphs)), key=mids.__getitem__):
        c, mid = glyphs[i], mids[i]
        if cur and not (mid > low or mid < ctop):
            top, bottom = c.top, c.bottom
            # the band grows only for a glyph reaching out of it (``top < ctop or bottom > cbot``
            # holds whenever the update below changes it, NaN or not): most glyphs skip the test
            if (top < ctop or bottom > cbot) and not c.text.isspace():
                # keep the line box of the dominant size (superscripts do not stretch it):
                # ctop = min(ctop, max(top, ctop - 1)), cbot = max(cbot, min(bottom, cbot + 1))
                t = ctop - 1 if ctop - 1 > top else top
                b = cbot + 1 if cbot + 1 < bottom else bottom
                if t < ctop or b > cbot:
                    if t < ctop:
                        ctop = t
                    if b > cbot:
                        cbot = b
                    low = cbot - 0.15 * (cbot - ctop)
            cur.append(c)
            continue
        if cur:
            separable = separable and mid > low
            groups.append(cur)
        cur = [c]
        ctop, cbot = c.top, c.bottom
        low = cbot - 0.15 * (cbot - ctop)
    if cur:
        groups.append(cur)
    return groups, separable, mids


def settle_lines(lines: list[VLine]) -> list[VLine]:
    """Candidates from ``cluster_lines`` → the page's visual lines: empty ones dropped, raised
    superscripts attached (the candidates are changed), sorted top to bottom and numbered."""
    if len(lines) == 1:  # most table cells: nothing to attach or sort
        one = lines[0]
        if not (one.text and one.chars):
            return []
        one.no = 1
        return [one]
    lines = _attach_raised([ln for ln in lines if ln.text])
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    for i, ln in enumerate(lines, start=1):
        ln.no = i
    return lines


def _attach_raised(lines: list[VLine]) -> list[VLine]:
    """A "line" of small type only that overlaps a neighbouring line of larger type, within its
    width, is a superscript raised above that line's middle (a footnote marker "¹" after
    "QH15"): it goes back into that line. ``lines`` are in the order of their middles."""
    out: list[VLine] = []
    last = len(lines) - 1
    for i, ln in enumerate(lines):
        host = None
        if i and lines[i - 1].chars and _raised_on(ln, lines[i - 1]):
            host = lines[i - 1]
        elif i < last and lines[i + 1].chars and _raised_on(ln, lines[i + 1]):
            host = lines[i + 1]
        if host is None:
            out.append(ln)
            continue
        host.chars.extend(ln.chars)
        host.finish()
        ln.chars = []
    return [ln for ln in out if ln.chars]


def _raised_on(ln: VLine, host: VLine) -> bool:
    if not (host.x0 - host.size <= ln.x0 and ln.x1 <= host.x1 + host.size):
        return False
    height = ln.bottom - ln.top
    overlap = min(ln.bottom, host.bottom) - max(ln.top, host.top)
    return overlap >= 0.3 * height and max(map(_SIZE, ln.chars)) <= 0.75 * host.size


@dataclass(slots=True)
class Layout:
    """Text column of the document body: left and right margins, typical line pitch."""

    left: float
    right: float
    pitch: float
    width: float  # page width

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def measure_layout(lines: Sequence[VLine], page_width: float) -> Layout:
    if not lines:
        return Layout(72.0, page_width - 72.0, 15.0, page_width)
    lefts = Counter(round(ln.x0) for ln in lines if len(ln.text) > 20)
    left = float(lefts.most_common(1)[0][0]) if lefts else min(ln.x0 for ln in lines)
    rights = sorted(ln.x1 for ln in lines if len(ln.text) > 40) or [max(ln.x1 for ln in lines)]
    right = rights[int(len(rights) * 0.9) - 1 if len(rights) > 1 else 0]
    gaps: Counter[int] = Counter()
    for a, b in pairwise(lines):
        if a.page == b.page and 0 < b.top - a.top < 3 * a.size:
            gaps[round(b.top - a.top)] += 1
    pitch = float(gaps.most_common(1)[0][0]) if gaps else 15.0
    return Layout(left, right, pitch, page_width)


def set_align(ln: VLine, lay: Layout) -> None:
    tol = max(6.0, 0.02 * (lay.right - lay.left))
    full = ln.x0 <= lay.left + tol and ln.x1 >= lay.right - tol
    if full:
        ln.align = "justify"
    elif abs((ln.x0 + ln.x1) / 2 - lay.center) <= tol and ln.x0 > lay.left + tol:
        ln.align = "center"
    elif ln.x1 >= lay.right - tol and ln.x0 > lay.center:
        ln.align = "right"
    else:
        ln.align = "left"


@dataclass(slots=True)
class Para:
    """A paragraph made of visual lines."""

    lines: list[VLine] = field(default_factory=list)
    text: str = ""
    zone: str | None = None

    @property
    def first(self) -> VLine:
        return self.lines[0]


def join_text(a: str, b: str) -> str:
    """Join two visual lines: "công-" + "nghệ" → "côngnghệ"? no: only a letter-hyphen break is glued."""
    if not a:
        return b
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].isalnum():
        if a[-2].islower() and b[:1].islower():
            return a[:-1] + b  # "hướng-" + "dẫn"  (a hyphenated word)
        return a + b  # "NĐ-" + "CP"
    return f"{a} {b}"


def _runs_on(prev: VLine, ln: VLine, lay: Layout) -> bool:
    """The sentence of ``prev`` goes on in ``ln`` whatever the type: ``prev`` is full to the right
    margin with no closing punctuation and ``ln`` starts in lower case at the left margin
    ("…chữa cháy”. Tại" in bold, then "khoản 3 Điều 41…" in regular type)."""
    tol = max(4.0, 0.35 * ln.size)
    return (prev.x1 >= lay.right - tol and not _SENTENCE_END.search(prev.text)
            and ln.x0 <= lay.left + tol and ln.text[:1].islower())


def starts_para(prev: VLine, ln: VLine, lay: Layout) -> bool:
    """Does ``ln`` start a new paragraph after ``prev`` (same page or the next)?"""
    tol = max(4.0, 0.35 * ln.size)
    if is_label(ln.text):
        return True
    if ln.align == "center" or prev.align == "center":
        return not (ln.align == prev.align == "center" and ln.bold == prev.bold
                    and abs(ln.size - prev.size) < 0.6 and prev.x1 - prev.x0 > 0.6 * (lay.right - lay.left)
                    and ln.page == prev.page and ln.top - prev.bottom < 0.8 * ln.size)
    if abs(ln.size - prev.size) >= 1.0 or (ln.bold != prev.bold and not _runs_on(prev, ln, lay)):
        return True
    if ln.x0 > lay.left + tol and ln.x0 > prev.x0 + tol:
        return True  # first-line indent
    if ln.page == prev.page and ln.top - prev.bottom > max(0.9 * ln.size, lay.pitch - (prev.bottom - prev.top)
                                                          + 0.6 * ln.size):
        return True  # a larger gap than the line pitch
    short = prev.x1 < lay.right - max(3 * prev.size, 0.12 * (lay.right - lay.left))
    if short and (_SENTENCE_END.search(prev.text) or prev.x1 < lay.right - 0.3 * (lay.right - lay.left)):
        return True
    return bool(short and ln.text[:1].isupper())


_DASH = regex.compile(r"^[-–]\s")  # "- Tổ chức…", "– Xã hội, Ban Dân tộc…"


def bullet_indent(lines: Sequence[VLine]) -> float | None:
    """Where this document's dash bullets start: the median x of dash lines after a line that
    closes a sentence (clearly bullets), or None when there is none."""
    xs = sorted(ln.x0 for prev, ln in pairwise(lines)
                if _DASH.match(ln.text) and _SENTENCE_END.search(prev.text))
    return xs[len(xs) // 2] if xs else None


def wrapped_dash(para: Para, ln: VLine, lay: Layout, bullet_x: float | None) -> bool:
    """A dash that the wrap brought to the start of a line, inside a sentence: "…lãnh đạo Ban Văn
    hóa" / "– Xã hội, Ban Dân tộc HĐND tỉnh; …". The line above runs to the right margin without
    closing punctuation, the paragraph's first line is indented and this line is not (it sits at
    the continuation indent, at the left margin), and the document's bullets, if any, are indented.
    """
    prev = para.lines[-1]
    if not _DASH.match(ln.text) or _SENTENCE_END.search(prev.text) or prev.bold != ln.bold:
        return False
    tol = max(4.0, 0.35 * ln.size)
    return (prev.x1 >= lay.right - tol and abs(ln.x0 - lay.left) <= tol and para.first.x0 > ln.x0 + tol
            and (bullet_x is None or bullet_x > ln.x0 + tol) and abs(ln.size - prev.size) < 1.0)


def lines_to_paras(lines: Sequence[VLine], lay: Layout) -> list[Para]:
    """Group body visual lines (already in reading order, across pages) into paragraphs."""
    paras: list[Para] = []
    bullet_x = bullet_indent(lines)
    for ln in lines:
        if ln.align is None:
            set_align(ln, lay)
        if paras and (wrapped_dash(paras[-1], ln, lay, bullet_x)
                      or not starts_para(paras[-1].lines[-1], ln, lay)):
            p = paras[-1]
            p.lines.append(ln)
            p.text = join_text(p.text, ln.text)
            continue
        paras.append(Para([ln], ln.text))
    return paras
