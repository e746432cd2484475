"""Issue 16, fifth PDF round (reading outside the line builder), the text side: the rewritten steps
give what their plain forms gave (``_ref_*``).

- textlayer.score_text (one cached score a token) counts what the loop over the parts counted;
- reader.odd_count (no regex on a printable page without U+FFFD) and clean.has_cid (no regex
  without "(cid:") are the regexes' answers;
- stamps.line_stamps passes over lines without a stamp, and stamps.merge_stamps builds the page's
  glyph list once, not once a stamp line: the same glyphs, stamps and replaced text."""

from __future__ import annotations

from collections.abc import Iterator
from statistics import median

import pypdfium2 as pdfium
from hypothesis import given
from hypothesis import strategies as st
from test_speed_pdfread_paths import FAST, PDFS, _pages

from cchc_parse.extract.pdf import chars as C
from cchc_parse.extract.pdf import clean, reader
from cchc_parse.extract.pdf import lines as L
from cchc_parse.extract.pdf import stamps as S
from cchc_parse.extract.pdf import textlayer as TL
from cchc_parse.extract.signature import stamp_box_fields


def _stamp_pages() -> Iterator[tuple[list, list, int]]:
    for path in PDFS:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                chars = C.read_page_counted(tp, page.get_height())[0]
                tp.close()
                rects = S.text_annots(page)
                before = S.flatten_stamps(page) if rects else None
                page.close()
                if before is not None:
                    yield chars, S.read_stamps(doc, i, rects, before), i + 1
        finally:
            doc.close()


# --- the text-layer score

def _ref_score(text: str) -> TL.LayerScore:
    words = valid = marked = 0
    for tok in text.split():
        for part in TL._token_parts(tok):
            w, v, m = TL._part_score(part)
            words += w
            valid += v
            marked += m
    return TL.LayerScore(words, valid, marked, len(TL._GARBAGE.findall(text)))


_WORDS = st.sampled_from(["Kế", "hoạch", "HOÀ", "ng°Ýi", "NGH(A", "BØ", "III", "a)", "TTg", "UBND", "NĐ-CP", "V/v",
                          "PC04", "x@y.vn", "https://a.vn", "www.b.vn", "“tiếng”", "6Ӣ", "(cid:12)", "khuya", "quỳnh",
                          "ceNG", "\ue000", "TP.HCM", "-", ""])


@FAST
@given(st.lists(st.tuples(_WORDS, st.sampled_from([" ", "\n", "\u00a0", "", "\t"])), max_size=40))
def test_score_text_is_the_loop_over_the_parts(toks: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in toks)
    assert TL.score_text(text) == _ref_score(text)


def test_score_text_on_the_sample_pages() -> None:
    pages = 0
    for page in _pages():
        tp = page.get_textpage()
        text = C.read_page_counted(tp, page.get_height())[1]
        tp.close()
        if text:
            assert TL.score_text(text) == _ref_score(text)
            pages += 1
    assert pages > 40


# --- the stamps of a line

def _ref_line_stamps(lines: list) -> tuple[tuple[str, str], ...]:
    seen: list = []
    for ln in lines:
        for c in ln.chars:
            if c.stamp is not None and all(c.stamp is not s for s in seen):
                seen.append(c.stamp)
    return tuple((s.text, s.replaced) for s in seen)


def test_a_stamp_value_is_always_true() -> None:
    """stamps.line_stamps passes over a line whose glyphs' stamps are all false: only None may be."""
    assert all(map(bool, [C.StampValue(""), C.StampValue("", ""), C.StampValue("5", "4")]))


def test_line_stamps_on_the_stamp_samples() -> None:
    stamped = 0
    for chars, groups, no in _stamp_pages():
        lines = L.group_lines(S.merge_stamps(chars, groups, no)[0], no)
        for k in range(len(lines)):  # runs of three lines: with and without stamps
            assert S.line_stamps(lines[k:k + 3]) == _ref_line_stamps(lines[k:k + 3])
        stamped += bool(S.line_stamps(lines))
    assert stamped >= 3


# --- the trust check's counts

_TEXT_CHARS = st.sampled_from([*"aế (cid:12)\t\n\x00\x1f\x7f\x85\xa0\ufffd\ue000\uf8ff\u200b\u2028", "(cid:", "cid:3)"])


@FAST
@given(st.lists(_TEXT_CHARS, max_size=30).map("".join))
def test_odd_count_and_has_cid_are_the_regexes(text: str) -> None:
    assert reader.odd_count(text) == len(reader._ODD.findall(text))
    assert clean.has_cid(text) == bool(clean._CID.search(text))


# --- the stamps among the typed glyphs

def _ref_place(chars: list, ln: L.VLine) -> list:
    """stamps._place before the page's glyph list was built once (rebuilt after each line)."""
    glyphs = [c for c in ln.chars if not c.text.isspace()]
    if not glyphs:
        return chars
    x0, x1 = min(c.x0 for c in glyphs), max(c.x1 for c in glyphs)
    level = S._level(chars, ln)
    covered = [c for c in level if x0 <= (c.x0 + c.x1) / 2 <= x1]
    value = C.StampValue(text=ln.text, replaced=L.chars_to_text(sorted(covered, key=lambda c: c.x0)))
    near = sorted((c for c in level if not c.text.isspace()), key=lambda c: abs(c.x0 + c.x1 - x0 - x1))[:6]
    shift = 0.0
    if near:
        shift = median((c.top + c.bottom) / 2 for c in near) - (ln.top + ln.bottom) / 2
    drop = {id(c) for c in covered}
    placed = [C.Char(c.text, c.x0, c.x1, c.top + shift, c.bottom + shift, c.size, c.font, c.bold, c.italic,
                     stamp=value) for c in ln.chars]
    return [c for c in chars if id(c) not in drop] + placed


def _ref_merge(chars: list, groups: list, page: int) -> tuple[list, dict]:
    fields: dict[str, str] = {}
    for group in groups:
        lines = L.group_lines(group, page)
        box = stamp_box_fields([ln.text for ln in lines])
        if box is not None:
            for k, v in box.items():
                fields.setdefault(k, v)
            continue
        for ln in lines:
            chars = _ref_place(chars, ln)
    return chars, fields


def test_merge_stamps_is_the_line_by_line_rebuild() -> None:
    pages = 0
    for chars, groups, no in _stamp_pages():
        # the same stamps twice over: the second pass finds the typed glyphs the first one dropped gone
        for gs in (groups, groups + groups):
            got = S.merge_stamps(list(chars), gs, no)
            assert repr(got) == repr(_ref_merge(list(chars), gs, no)), no
        pages += 1
    assert pages >= 5


def _typed(text: str, x: float, top: float = 100.0, size: float = 12.0) -> list:
    out = []
    for t in text:
        out.append(C.Char(t, x, x + 6.0, top, top + size, size, "Times", False, False))
        x += 6.0
    return out


def test_merge_stamps_over_typed_glyphs_twice() -> None:
    """A stamped "5" over a typed "4", and a second stamp there: the second finds the "4" gone."""
    chars = _typed("Số: 4 /UBND", 50.0) + _typed("ngày 12 tháng", 50.0, top=130.0)
    five = _typed("5", 74.5, top=101.0)
    seven = _typed("7", 76.0, top=99.5)
    for groups in ([five], [five, seven], [seven, five, _typed("3", 110.0, top=131.0)]):
        got = S.merge_stamps(list(chars), [list(g) for g in groups], 1)
        assert repr(got) == repr(_ref_merge(list(chars), [list(g) for g in groups], 1))
    assert "replaced='4'" in repr(S.merge_stamps(list(chars), [five], 1)[0])


# --- the legacy (TCVN3) runs

def _ref_convert_legacy(chars: list) -> list:
    """chars._convert_legacy before its font runs were found by groupby (index loops)."""
    from cchc_parse.normalise.encodings import convert_run

    i = 0
    while i < len(chars):
        font = chars[i].font
        j = i
        while j < len(chars) and chars[j].font == font:
            j += 1
        if C.is_tcvn3_font(font):
            new = convert_run("".join(c.text for c in chars[i:j]).translate(C._TCVN3_STANDINS), font)
            if len(new) == j - i:
                for c, t in zip(chars[i:j], new, strict=True):
                    c.text = t
            else:
                chars[i].text = new
                for c in chars[i + 1 : j]:
                    c.text = ""
        i = j
    return [c for c in chars if c.text]


_LEGACY = st.tuples(st.sampled_from([".VnTime", ".VnTimeH", "TimesNewRoman", ".VnArial"]),
                    st.sampled_from(["a", "A", "\u0301", "\u0300", "\xd5", "\xad", "\u2212", "\u2219", "\xb8", " ", "t"]))


@FAST
@given(st.lists(_LEGACY, max_size=30))
def test_legacy_runs_convert_as_the_index_loops(spec: list[tuple[str, str]]) -> None:
    def make() -> list:
        return [C.Char(t, float(k), k + 1.0, 0.0, 10.0, 10.0, font, False, False) for k, (font, t) in enumerate(spec)]

    assert repr(C._convert_legacy(make())) == repr(_ref_convert_legacy(make()))
