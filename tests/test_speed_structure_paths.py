"""The structure stage's fast paths of issue 16, session 5, against the code they replaced: the end of a
paragraph told from its last character, the upper-case test that reads only the start of a sentence,
the wrap width from one table of counts and worked out only when a join asks for it, the head tests of a
document's lines kept for its attachments, the position of a line without the dataclass ``__eq__``, the
responsibility lines read once, and the allocator switch of the pipeline."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse import pipeline
from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Block, Line, SourceRef, Table
from cchc_parse.structure import attachments as A
from cchc_parse.structure import document as D
from cchc_parse.structure import paragraphs
from cchc_parse.structure.boilerplate import NOISE, NOISE_FIRST, drop_boilerplate
from cchc_parse.structure.inline_tasks import find_inline_tasks, responsibility
from cchc_parse.structure.patterns import is_upper_line
from cchc_parse.structure.sections import Node

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]
EVERY = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


@cache
def _sample_blocks() -> list[list[Block]]:
    files = sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "text").glob("*.txt"))
    return [extract(f).blocks for f in files]


def sample_lines() -> list[list[Line]]:
    return [[b for b in blocks if isinstance(b, Line)] for blocks in _sample_blocks()]


# --- the end of a paragraph


def test_terminal_chars_are_the_class() -> None:
    """A text without trailing white space matches _TERMINAL iff its last character is in the set."""
    cls = regex.compile(paragraphs._TERMINAL.pattern.removesuffix(r"\s*$"))
    assert {c for c in EVERY if cls.fullmatch(c)} == paragraphs._TERMINAL_CHARS


@FAST
@given(st.text(alphabet=st.sampled_from(list("ab .;:!?…)]”\"'»/-\n\t\x1c\x1f\u00a0\u2028\u3000")), max_size=30))
def test_ends_terminal_is_the_search(text: str) -> None:
    assert paragraphs._ends_terminal(text) == (paragraphs._TERMINAL.search(text) is not None)


# --- upper-case lines


def _upper_before(text: str) -> bool:
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= 2 and sum(map(str.isupper, letters)) >= 0.85 * len(letters)


@FAST
@given(st.text(alphabet=st.sampled_from(list("aAbBđĐêÊ ,.1(ǅᾈⅰⒶ中ß")), max_size=120))
def test_upper_line_is_the_count(text: str) -> None:
    assert is_upper_line(text) == _upper_before(text)


def test_upper_line_on_the_samples_and_at_the_threshold() -> None:
    for lines in sample_lines():
        for ln in lines:
            assert is_upper_line(ln.text) == _upper_before(ln.text), ln.text
    for n in range(33, 200):  # every split of upper and lower letters around 85%, with and without padding
        for low in range(0, n + 1):
            for pad in ("", " " * n):
                t = "a" * low + "A" * (n - low) + pad
                assert is_upper_line(t) == _upper_before(t), (n, low, len(pad))


# --- the wrap width


def _width_before(blocks: list[Line | Table]) -> int | None:
    lengths = sorted(len(b.text) for b in blocks if isinstance(b, Line) and len(b.text) >= 20)
    if len(lengths) < 20:
        return None
    if bisect_right(lengths, 160 * 1.15) - bisect_left(lengths, 40) < 0.33 * len(lengths):
        return None
    best, low = max((bisect_right(lengths, lo * 1.15) - bisect_left(lengths, lo), lo) for lo in range(40, 161))
    return int(low * 0.75) if best >= 0.33 * len(lengths) else None


@FAST
@given(st.lists(st.one_of(st.integers(0, 250), st.integers(38, 190), st.integers(70, 80)), max_size=90))
def test_wrap_width_is_the_bisection(lengths: list[int]) -> None:
    blocks: list[Line | Table] = [Line(text="x" * n, src=SourceRef(line=i + 1)) for i, n in enumerate(lengths)]
    width = paragraphs.wrap_width(blocks)
    assert width == _width_before(blocks)
    # lines_to_paras skips the width for a line shorter than any width it can be
    assert width is None or width >= paragraphs._MIN_WIDTH


def test_wrap_width_on_the_samples() -> None:
    for blocks in _sample_blocks():
        lines: list[Line | Table] = [b for b in blocks if isinstance(b, (Line, Table))]
        assert paragraphs.wrap_width(lines) == _width_before(lines)


def test_paras_with_the_width_known_first(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """lines_to_paras asks for the width only when a join needs it: the same paragraphs as when the
    width is always worked out (a wrapped text file among the samples is joined by width)."""
    for blocks in _sample_blocks():
        body = [b for b in blocks if isinstance(b, (Line, Table))]
        lazy = paragraphs.lines_to_paras(body, [])
        monkeypatch.setattr(paragraphs, "_MIN_WIDTH", 0)
        eager = paragraphs.lines_to_paras(body, [])
        monkeypatch.undo()
        assert lazy == eager


# --- the head tests kept for the attachments


def test_head_tests_kept_for_every_tail_of_the_samples() -> None:
    for lines in sample_lines():
        whole = A.HeadLines(lines)
        whole.head_starts()
        for i in range(len(lines)):
            whole.title(i)
        for a in range(0, len(lines), 7):
            kept, fresh = whole.tail(lines[a:]), A.HeadLines(lines[a:])
            assert kept.head_starts() == fresh.head_starts()
            for i in range(len(lines) - a):
                assert kept.title(i) == fresh.title(i)
                assert kept.note_near(i) == fresh.note_near(i)
        # other lines (equal, not the same objects) are never taken for a tail
        copies = [Line(text=ln.text, src=ln.src, label=ln.label, style=ln.style, zone=ln.zone) for ln in lines]
        assert whole.tail(copies)._kem is None


def test_kem_and_openings_as_the_plain_loops() -> None:
    opens = A._APPENDIX_OPEN + A._FORM_OPEN
    for lines in sample_lines():
        ls = A.HeadLines(lines)
        ls.note_near(0)
        assert ls._kem == [("è" in ln.text or "È" in ln.text) and "kèm" in ln.text.lower() for ln in lines]
        kem = ls._kem or []
        near = {i for k, has in enumerate(kem) if has for i in range(max(0, k - 3), k + 1)}
        near.update(k for k, ln in enumerate(lines) if ln.text.lstrip().startswith(opens))
        assert ls.head_starts() == sorted(near)


# --- the noise lines of web pages


def _noise_words() -> list[str]:
    """The alternatives of NOISE's group, split at its top-level bars."""
    body = NOISE.pattern[NOISE.pattern.index("(?:") + 3:NOISE.pattern.rindex(r")\s*$")]
    words, depth, cur, escaped = [], 0, "", False
    for ch in body:
        if ch == "|" and depth == 0 and not escaped:
            words.append(cur)
            cur = ""
            continue
        if not escaped:
            depth += (ch == "(") - (ch == ")")
        escaped = ch == "\\" and not escaped
        cur += ch
    return [*words, cur]


def test_noise_first_letters_are_every_case_variant() -> None:
    """A line whose first character is neither white space nor in NOISE_FIRST cannot match NOISE."""
    words = _noise_words()
    assert len(words) == 31 and all(w[0].isalpha() for w in words)
    cls = regex.compile("[" + "".join(sorted({w[0] for w in words})) + "]", regex.IGNORECASE)
    assert {c for c in EVERY if cls.fullmatch(c)} == NOISE_FIRST


@FAST
@given(st.text(alphabet=st.sampled_from(list("Xem thêm Tin khác Zalo Print\u00a0\x1c\tİıKk:")), max_size=20))
def test_noise_pre_test_never_hides_a_match(text: str) -> None:
    if NOISE.match(text):
        assert text[0] in NOISE_FIRST or text[0].isspace()


def test_noise_dropped_as_before_on_the_samples() -> None:
    for blocks in _sample_blocks():
        want = [b for b in blocks if not (isinstance(b, Line) and b.text and len(b.text) <= 160
                                          and NOISE.match(b.text))]
        assert drop_boilerplate(blocks, []) == want


# --- no quote mark: no quotation


def test_quotes_skipped_without_a_quote_mark(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Paragraphs without a quote mark in their texts or labels: find_quotes is not asked, and it would
    have found nothing; with one in a label only, it is asked."""
    asked: list[int] = []

    def spy(texts: list[str], markers: list[object]) -> list[object]:
        asked.append(len(texts))
        return []

    for blocks in _sample_blocks():
        for p in paragraphs.lines_to_paras([b for b in blocks if isinstance(b, (Line, Table))], []):
            if isinstance(p, paragraphs.Para):
                assert paragraphs.find_quotes([p.full_text], [p.marker]) == [] or paragraphs._has_quote(p.full_text)
    monkeypatch.setattr(paragraphs, "find_quotes", spy)
    plain = [Line(text=t, src=SourceRef(line=i + 1)) for i, t in enumerate(["1. Mục tiêu như sau:", "a) Một"])]
    paragraphs.lines_to_paras(list(plain), [])
    assert asked == []
    quoted = [Line(text="Một", src=SourceRef(line=1), label="“")]  # a bullet labelled with a quote mark
    paragraphs.lines_to_paras(list(quoted), [])
    assert asked == [1]


# --- the position of a line


def test_first_equal_is_list_index() -> None:
    for blocks in _sample_blocks():
        for b in blocks[::3]:
            if isinstance(b, Line):
                assert D.first_equal(blocks, b) == blocks.index(b)
    src = SourceRef(line=3)
    a, b, c = Line(text="x", src=src), Line(text="x", src=src), Line(text="x", src=SourceRef(line=4))
    t = Table(rows=(), src=src)
    assert D.first_equal([t, c, a, b], b) == 2  # an equal line before it: the first equal one
    assert D.first_equal([t, c, b], b) == 2  # the same text, not equal
    assert D._index([t, c, a, b], b) == 3  # by identity


# --- responsibility lines read once


def _inline_before(roots: list[Node]) -> list[tuple[str, str | None, dict[str, str]]]:
    out: list[tuple[str, str | None, dict[str, str]]] = []

    def own(n: Node) -> tuple[list[str], list[str]]:
        resp, other = [], []
        for part in n.text_parts:
            (resp if responsibility(part) else other).append(part)
        resp += [ch.text for ch in n.children if ch.marker.kind == "bullet" and ch.text and responsibility(ch.text)]
        return resp, other

    def rec(nodes: list[Node], parent: str | None) -> None:
        for n in nodes:
            resp, other = own(n)
            cells: dict[str, str] = {}
            for text in resp:
                for role, value in responsibility(text):
                    cells[role] = f"{cells[role]}\n{value}" if role in cells else value
            pid = parent
            if "lead" in cells:
                cells["content"] = "\n".join(x for x in [n.title or "", *other] if x)
                out.append((n.id, parent, cells))
                pid = n.id
            rec([c for c in n.children if not (c.marker.kind == "bullet" and c.text and responsibility(c.text))],
                pid)

    rec(roots, None)
    return out


def test_inline_tasks_as_before_on_the_samples() -> None:
    seen = 0
    for blocks in _sample_blocks():
        st_ = D.structure(blocks, split_rows=True)
        for body in [st_.body, *(att.body for att in st_.attachments)]:
            got = [(t.id, t.parent, t.cells) for t in find_inline_tasks(body.roots, [])]
            assert got == _inline_before(body.roots)
            seen += len(got)
    assert seen  # the samples have inline tasks


# --- the allocator


def test_no_fastbins_once_and_harmless() -> None:
    pipeline.no_fastbins()
    pipeline.no_fastbins()
    assert pipeline._FASTBINS_OFF
    doc = pipeline.parse_file(ROOT / "samples" / "docx" / "001-kh-svhttdl-word.docx").doc
    assert doc.sections
