"""Issue 16: the faster line building of extract/pdf/lines.py gives what the plain versions gave.

Each ``_ref_*`` function below is the earlier, plain form of a function that was rewritten for
speed (one ``round(x, 1)`` per glyph, ``out[-1] != " "`` tests, a key function per character).
They are compared on hypothesis-made characters (NaN, infinities, -0.0, shared size objects,
stamps) and on every sample PDF page."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.extract.pdf import lines as L
from cchc_parse.extract.pdf.chars import Char, StampValue, read_chars

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))


def _ref_size(glyphs: Sequence[Char]) -> float:
    sizes = Counter(map(round, (c.size for c in glyphs), repeat(1)))
    return max(sizes, key=sizes.__getitem__)


def _ref_text(chars: Sequence[Char]) -> str:
    space: dict[str, float] = {}
    for c in chars:
        if c.text == " " and c.size > 0 and c.x1 > c.x0:
            em = (c.x1 - c.x0) / c.size
            space[c.font] = min(space.get(c.font, em), em)
    half_em: dict[str, float] = {}
    out: list[str] = []
    last: Char | None = None
    for c in chars:
        t = c.text
        if t.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if last is not None and out and out[-1] != " ":
            h = half_em.get(c.font)
            if h is None:
                h = half_em[c.font] = 0.5 * min(max(space.get(c.font, L.SPACE_EM), 0.2), 0.33)
            size = c.size
            if c.x0 - last.x1 > h * (1 if size < 1 else size) or (
                    c.stamp is not last.stamp and t.isalnum() and last.text.isalnum()):
                out.append(" ")
        out.append(t)
        last = c
    return "".join(out).strip()


def _ref_finish(chars: list[Char]) -> tuple:
    chars = sorted(chars, key=lambda c: c.x0)
    glyphs = [c for c in chars if not c.text.isspace()] or chars
    letters = [c for c in glyphs if c.text.isalnum()] or glyphs
    return (min(c.x0 for c in glyphs), max(c.x1 for c in glyphs), min(c.top for c in glyphs),
            max(c.bottom for c in glyphs), _ref_size(glyphs), sum(c.bold for c in letters) * 2 > len(letters),
            sum(c.italic for c in letters) * 2 > len(letters), _ref_text(chars), [id(c) for c in chars])


def _ref_cluster(chars: Sequence[Char]) -> tuple[list[list[int]], bool]:
    """The earlier loop: the lines as lists of character ids, and ``separable``."""
    glyphs = sorted([c for c in chars if c.text], key=lambda c: (c.top + c.bottom) / 2)
    lines: list[list[int]] = []
    cur: list[Char] = []
    ctop = cbot = 0.0
    separable = True
    for c in glyphs:
        top, bottom = c.top, c.bottom
        mid = (top + bottom) / 2
        if cur:
            below = mid > cbot - 0.15 * (cbot - ctop)
            if below or mid < ctop:
                separable = separable and below
                lines.append([id(x) for x in cur])
                cur = []
        if not cur:
            ctop, cbot = top, bottom
        elif not c.text.isspace():
            t = ctop - 1 if ctop - 1 > top else top
            b = cbot + 1 if cbot + 1 < bottom else bottom
            if t < ctop:
                ctop = t
            if b > cbot:
                cbot = b
        cur.append(c)
        separable = separable and mid == mid
    if cur:
        lines.append([id(x) for x in cur])
    return lines, separable


def _fields(ln: L.VLine) -> tuple:
    return (ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.italic, ln.text, [id(c) for c in ln.chars])


def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN (a box or size can be NaN in a damaged file)."""
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b and (not isinstance(a, float) or str(a) == str(b))  # -0.0 is not 0.0 here


ODD = [float("nan"), float("inf"), -float("inf"), -0.0, 0.0]
coord = st.one_of(st.sampled_from([*ODD, 1.0, 10.0, 10.04, 10.05, 12.0]), st.floats(-50, 900, width=32))
SHARED = [12.0, 13.5, 13.56, 0.5, float("nan")]  # one float object per text object, as read_chars does
STAMPS = [None, None, None, StampValue("5"), StampValue("12", "1")]


@st.composite
def chars(draw: st.DrawFn, max_size: int = 30) -> list[Char]:
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        x0, w, top, h = draw(coord), draw(coord), draw(coord), draw(coord)
        size = draw(st.one_of(st.sampled_from(SHARED), coord))
        out.append(Char(draw(st.sampled_from([" ", "\u00a0", "a", "Đ", "1", "/", ".", "-", "ư", "ab"])),
                        x0, x0 + w, top, top + h, size, draw(st.sampled_from(["F1", "F2", ".VnTime"])),
                        draw(st.booleans()), draw(st.booleans()), draw(st.sampled_from(STAMPS))))
    return out


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(chars())
def test_chars_to_text_is_the_plain_loop(cs: list[Char]) -> None:
    assert L.chars_to_text(cs) == _ref_text(cs)


@FAST
@given(chars())
def test_dominant_size_is_most_common_rounded(cs: list[Char]) -> None:
    if cs:
        assert _same(L._dominant_size(cs), _ref_size(cs))


@FAST
@given(chars())
def test_finish_is_the_plain_passes(cs: list[Char]) -> None:
    if cs:
        assert _same(_fields(L.VLine(list(cs), 1).finish()), _ref_finish(list(cs)))


@FAST
@given(chars(60))
def test_cluster_lines_is_the_plain_loop(cs: list[Char]) -> None:
    lines, separable = L.cluster_lines(cs, 1)
    assert ([[id(c) for c in ln.chars] for ln in lines], separable) == _ref_cluster_sorted(cs)


def _ref_cluster_sorted(cs: Sequence[Char]) -> tuple[list[list[int]], bool]:
    """``_ref_cluster`` with each line in x order, as ``finish`` leaves it."""
    by_id = {id(c): c for c in cs}
    lines, separable = _ref_cluster(cs)
    return [[id(c) for c in sorted((by_id[i] for i in ln), key=lambda c: c.x0)] for ln in lines], separable


def test_copy_line_is_replace() -> None:
    ln = L.VLine([Char("a", 1, 2, 3, 4, 12, "F", True, False)], 3, "a", 1, 2, 3, 4, 12, True, False, 7,
                 "center", ["1"])
    a, b = L.copy_line(ln), dataclasses.replace(ln, chars=list(ln.chars))
    for f in dataclasses.fields(L.VLine):  # a field added later must be copied too
        assert getattr(a, f.name) == getattr(b, f.name), f.name
    assert a.chars is not ln.chars and a.refs is ln.refs


def _page_chars() -> list[list[Char]]:
    out = []
    for path in PDFS:
        if path.name.endswith("-enc.pdf"):
            continue
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                out.append(read_chars(tp, page.get_height()))
                tp.close()
                page.close()
        finally:
            doc.close()
    return out


@pytest.fixture(scope="module")
def page_chars() -> list[list[Char]]:
    return _page_chars()


def test_sample_pages_cluster_as_before(page_chars: list[list[Char]]) -> None:
    for cs in page_chars:
        lines, separable = L.cluster_lines(cs, 1)
        assert ([[id(c) for c in ln.chars] for ln in lines], separable) == _ref_cluster_sorted(cs)
        for ln in lines:
            assert _same(_fields(ln), _ref_finish(list(ln.chars)))
