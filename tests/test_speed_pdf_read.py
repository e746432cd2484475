"""Issue 16, third PDF round: the rewritten steps of extract/pdf give what their plain forms gave.

- chars._read builds its ``Char``s without the class call, and counts the whitespace as it reads
  (``read_page_counted``): the characters are the typed reading's (test_pdf_speed_read's
  ``_ref_read_chars``), every slot set, and the count is the plain count;
- chars._read_objects (the stamp glyphs of a flattened page) reads what the typed reading of
  those objects reads;
- clean.spaced_text, VLine.finish's bold/italic vote and cluster_lines' band test are compared
  with their plain forms on hypothesis-made characters (NaN, -0.0, shared objects, bools).

The ``_ref_*`` functions are the earlier forms."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pdf_speed_read import _ref_read_chars

from cchc_parse.extract.pdf import chars as C
from cchc_parse.extract.pdf import lines as L
from cchc_parse.extract.pdf import stamps as S
from cchc_parse.extract.pdf.clean import spaced_text

ROOT = Path(__file__).resolve().parents[1]
PDFS = [p for p in sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))
        if not p.name.endswith("-enc.pdf")]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_page_reading_is_the_typed_reading_and_counts_spaces() -> None:
    pages = legacy = 0
    for path in PDFS:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                h = page.get_height()
                chars, text, glyphs = C.read_page_counted(tp, h)
                ref = _ref_read_chars(tp, h)
                assert repr(chars) == repr(ref), (path.name, i)  # every slot set (repr reads them all)
                assert [dataclasses.fields(c) for c in chars[:1]] == [dataclasses.fields(c) for c in ref[:1]]
                assert glyphs == len(ref) - sum(c.text.isspace() for c in ref), (path.name, i)
                assert repr((chars, text)) == repr(C.read_page(tp, h)), (path.name, i)
                legacy += text is None
                tp.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    assert pages > 40 and legacy > 0  # the TCVN3 samples take the counting after the conversion


def test_stamp_objects_are_read_as_the_typed_reading_reads_them() -> None:
    seen = 0
    for path in PDFS:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                rects = S.text_annots(page)
                before = S.flatten_stamps(page) if rects else None
                page.close()
                if before is None:
                    continue
                page = doc[i]  # the flattened content, loaded again as read_stamps does
                objs: dict[int, tuple[float, float]] = {}
                for k in range(before, pdfium.raw.FPDFPage_CountObjects(page.raw)):
                    S._text_objects(pdfium.raw.FPDFPage_GetObject(page.raw, k), objs)
                tp = page.get_textpage()
                got = C.read_chars(tp, page.get_height(), objs)
                assert repr(got) == repr(_ref_read_chars(tp, page.get_height(), objs)), (path.name, i)
                seen += bool(got)
                tp.close()
                page.close()
        finally:
            doc.close()
    assert seen >= 5  # the signed samples


def _ref_spaced_text(chars: Sequence[C.Char]) -> str:
    out: list[str] = []
    prev: C.Char | None = None
    for c in chars:
        if prev is not None and not c.text.isspace() and not prev.text.isspace():
            size = max(c.size, 1.0)
            if (c.x0 - prev.x1 > 0.1 * size or c.x0 < prev.x0 - 1
                    or abs((c.top + c.bottom) - (prev.top + prev.bottom)) > size):
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def _ref_vote(glyphs: list[C.Char]) -> tuple[bool, bool]:
    letters = [c for c in glyphs if c.text.isalnum()] or glyphs
    return sum(c.bold for c in letters) * 2 > len(letters), sum(c.italic for c in letters) * 2 > len(letters)


ODD = [float("nan"), float("inf"), -float("inf"), -0.0, 0.0]
coord = st.one_of(st.sampled_from([*ODD, 1.0, 10.0, 10.5, 12.0]), st.floats(-50, 900, width=32))
SHARED = [12.0, 13.5, 0.5, float("nan")]  # one float object per text object, as the reading gives


@st.composite
def chars(draw: st.DrawFn, max_size: int = 30) -> list[C.Char]:
    """Characters on a few shared bands (so that lines form and boxes reach out of them) or anywhere."""
    bands = draw(st.lists(st.tuples(coord, coord), min_size=1, max_size=3))
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        top, h = draw(st.one_of(st.sampled_from(bands), st.tuples(coord, coord)))
        x0, w = draw(coord), draw(coord)
        out.append(C.Char(draw(st.sampled_from([" ", "\u00a0", "a", "Đ", "1", "/", ".", "ư", "ab", ""])),
                          x0, x0 + w, top, top + h, draw(st.one_of(st.sampled_from(SHARED), coord)),
                          draw(st.sampled_from(["F1", "F2"])), draw(st.booleans()), draw(st.booleans())))
    return out


@FAST
@given(chars())
def test_spaced_text_is_the_plain_loop(cs: list[C.Char]) -> None:
    assert spaced_text(cs) == _ref_spaced_text(cs)


@FAST
@given(chars(), st.sampled_from([None, True, False]), st.sampled_from([None, True, False]))
def test_bold_italic_vote_is_the_letters_vote(cs: list[C.Char], bold: bool | None, italic: bool | None) -> None:
    cs = [c for c in cs if c.text]
    for c in cs:  # all alike (the shortcut) or as drawn (the letters' vote)
        c.bold = c.bold if bold is None else bold
        c.italic = c.italic if italic is None else italic
    if not cs:
        return
    ln = L.VLine(list(cs), 1).finish()
    glyphs = [c for c in ln.chars if not c.text.isspace()] or ln.chars
    assert (ln.bold, ln.italic) == _ref_vote(glyphs)
    assert type(ln.bold) is bool and type(ln.italic) is bool


def _ref_cluster(cs: Sequence[C.Char]) -> list[list[int]]:
    """cluster_lines' loop as it was (every glyph tested against the band), lines as character ids."""
    glyphs = [c for c in cs if c.text]
    mids = [(c.top + c.bottom) / 2 for c in glyphs]
    lines: list[list[int]] = []
    cur: list[C.Char] = []
    ctop = cbot = low = 0.0
    for i in sorted(range(len(glyphs)), key=mids.__getitem__):
        c, mid = glyphs[i], mids[i]
        if cur and not (mid > low or mid < ctop):
            if not c.text.isspace():
                t = ctop - 1 if ctop - 1 > c.top else c.top
                b = cbot + 1 if cbot + 1 < c.bottom else c.bottom
                if t < ctop or b > cbot:
                    ctop, cbot = min(ctop, t), max(cbot, b)
                    low = cbot - 0.15 * (cbot - ctop)
            cur.append(c)
            continue
        if cur:
            lines.append([id(x) for x in cur])
        cur = [c]
        ctop, cbot = c.top, c.bottom
        low = cbot - 0.15 * (cbot - ctop)
    if cur:
        lines.append([id(x) for x in cur])
    return lines


@FAST
@given(chars())
def test_band_test_skips_only_glyphs_inside_the_band(cs: list[C.Char]) -> None:
    got = [sorted(map(id, ln.chars)) for ln in L.cluster_lines(cs, 1, text=False)[0]]
    assert got == [sorted(ids) for ids in _ref_cluster(cs)]
