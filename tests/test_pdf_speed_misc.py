"""Issue 16: the other fast paths of extract/pdf against their earlier, plain forms (``_ref_*``):
the decompression-bomb guard's inflating and stream search, the unmapped-glyph count, the
HÕA → HÒA fix count, the stamp line's typed glyphs, a grid's cells and box."""

from __future__ import annotations

import mmap
import zlib
from bisect import bisect_right
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.errors import LimitExceeded
from cchc_parse.extract.glyphs import fix_glyphs
from cchc_parse.extract.pdf import guard, page, reader, stamps, tables
from cchc_parse.extract.pdf.chars import Char, StampValue
from cchc_parse.extract.pdf.lines import VLine

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ref_inflated(data: bytes, start: int, limit: int) -> int:
    d = zlib.decompressobj()
    size, pos = 0, start
    try:
        while not d.eof and size <= limit:
            if d.unconsumed_tail:
                out = d.decompress(d.unconsumed_tail, 1 << 20)
            elif pos < len(data):
                out = d.decompress(data[pos:pos + (1 << 20)], 1 << 20)
                pos += 1 << 20
            else:
                break
            size += len(out)
    except zlib.error:
        pass
    return size


def _verdicts(data: bytes | mmap.mmap, limit: int) -> list[bool]:
    return [guard._exceeds(data, m.end(), limit) for m in guard._STREAM.finditer(data)
            if guard._is_zlib(data[m.end():m.end() + 2])]


def test_the_guard_judges_the_sample_streams_as_full_inflating_does() -> None:
    for path in PDFS:
        data = path.read_bytes()
        starts = [m.end() for m in regex.finditer(rb"stream(?:\r\n|\n|\r)", data)]
        assert starts == [m.end() for m in guard._STREAM.finditer(data)], path.name
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            for limit in (64 << 10, 1 << 20, guard.MAX_STREAM_BYTES):
                want = [_ref_inflated(data, s, limit) > limit for s in starts if guard._is_zlib(data[s:s + 2])]
                assert _verdicts(mm, limit) == want, (path.name, limit)


def test_the_guard_judges_damaged_and_big_streams_as_full_inflating_does() -> None:
    body = zlib.compress(b"BT /F1 12 Tf (x) Tj ET\n" * 50000)  # ~1.1 MB inflated, more than one step
    cases = [body, body[: len(body) // 2], body[:-4] + b"XXXX", body[:2] + b"\x00" * 40, b"x\x9c" + b"\xff" * 9,
             zlib.compress(b" " * (5 << 20), 9)]
    for stream in cases:
        for tail in (0, 100, 70000):
            data = b"1 0 obj <<>>\nstream\n" + stream + b"\nendstream\nendobj\n" + b"%" * tail
            for limit in (1 << 20, 3 << 20, guard.MAX_STREAM_BYTES):
                assert _verdicts(data, limit) == [_ref_inflated(data, 20, limit) > limit], (len(stream), tail, limit)


@FAST
@given(st.integers(0, 3 << 20), st.sampled_from([1, 6, 9]), st.integers(0, 5000), st.integers(1 << 14, 4 << 20),
       st.binary(max_size=64))
def test_a_stream_near_the_end_of_the_file_is_judged_as_full_inflating_does(
        tmp_path_factory: pytest.TempPathFactory, zeros: int, level: int, tail: int, limit: int, noise: bytes) -> None:
    """A stream skipped because it starts too near the file's end to pass the limit (guard.MAX_RATIO)
    is one that full inflating also passes: the most compressible streams (zeros, at every level),
    at any distance from the file's end and against limits down to 16 KB."""
    stream = zlib.compress(noise + bytes(zeros), level)
    data = b"1 0 obj <<>>\nstream\n" + stream + b"\nendstream\n"[:tail] + b"%" * max(0, tail - 11)
    path = tmp_path_factory.mktemp("guard") / "one.pdf"
    path.write_bytes(data)
    if _ref_inflated(data, 20, limit) > limit:
        with pytest.raises(LimitExceeded):
            guard.check_streams(path, limit)
    else:
        guard.check_streams(path, limit)


def test_deflate_expands_at_most_1032_to_1() -> None:
    """The bound the guard's early stop rests on (guard.MAX_RATIO keeps a margin above it)."""
    for n in (1, 258, 1 << 16, 1 << 20, 8 << 20):
        for level in (1, 9):
            packed = zlib.compress(bytes(n), level)
            assert n <= 1032 * len(packed) <= guard.MAX_RATIO * len(packed), (n, level)


def _ref_odd(text: str) -> int:
    return sum(1 for c in text if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or (ord(c) < 32 and c not in "\t"))


def test_odd_glyphs_are_counted_as_before() -> None:
    every = "".join(map(chr, [*range(0x300), *range(0xD7F0, 0xD800), *range(0xDFF0, 0xE010), *range(0xF8F0, 0xF910),
                              *range(0xFFF0, 0x10010), 0x10FFFF]))
    assert len(reader._ODD.findall(every)) == _ref_odd(every)
    for c in every:
        assert len(reader._ODD.findall(c)) == _ref_odd(c), hex(ord(c))


@FAST
@given(st.text(alphabet="HhTtÕõAaOo \u01a2\u01a3ưxzÒ.-", max_size=40))
def test_glyph_fixes_are_counted_as_before(text: str) -> None:
    got, n = fix_glyphs(text)
    want = text.translate(str.maketrans({"\u01a2": "Ư", "\u01a3": "ư"}))
    k = sum(text.count(c) for c in "\u01a2\u01a3")
    if "Õ" in want or "õ" in want:
        new = regex.sub(r"\b(H|T)Õ(A)\b|\b([HhTt])õ(a)\b", lambda m: f"{m[1]}Ò{m[2]}" if m[1] else f"{m[3]}ò{m[4]}",
                        want)
        k += sum(a != b for a, b in zip(want, new, strict=True))
        want = new
    assert (got, n) == (want, k)


ODD = [float("nan"), float("inf"), -float("inf"), -0.0, 0.0, 10.0, 12.0]
num = st.one_of(st.sampled_from(ODD), st.floats(-30, 60, width=32))


def _char(x0: float, x1: float, top: float, bottom: float, stamp: StampValue | None = None) -> Char:
    return Char("a", x0, x1, top, bottom, 12.0, "F", False, False, stamp)


@FAST
@given(st.lists(st.tuples(num, num, st.booleans()), max_size=25), num, num)
def test_stamp_level_is_the_overlap_test(boxes: list, top: float, bottom: float) -> None:
    cs = [_char(0, 1, t, b, StampValue("5") if s else None) for t, b, s in boxes]
    ln = VLine([], 1, top=top, bottom=bottom)
    want = [c for c in cs if c.stamp is None and min(c.bottom, ln.bottom) - max(c.top, ln.top)
            >= 0.5 * min(ln.bottom - ln.top, c.bottom - c.top)]
    assert [id(c) for c in stamps._level(cs, ln)] == [id(c) for c in want]


def _ref_fill(grid: tables.Grid, chars: list[Char], owner: dict) -> dict:
    inside: dict = {}
    xs, ys = grid.xs, grid.ys
    ncols, nrows = len(xs) - 1, len(ys) - 1
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (xs[0] - 1 <= cx <= xs[-1] + 1 and ys[0] - 1 <= cy <= ys[-1] + 1):
            continue
        col = min(max(bisect_right(xs, cx) - 1, 0), ncols - 1)
        row = min(max(bisect_right(ys, cy) - 1, 0), nrows - 1)
        key = owner.get((row, col))
        if key is not None:
            inside.setdefault(key, []).append(ch)
    return inside


def _in_box(c: Char, box: tuple[float, float, float, float], pad: float) -> bool:
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


@FAST
@given(st.lists(st.tuples(num, num, num, num), max_size=30), st.integers(2, 5), st.integers(2, 5))
def test_cells_and_grid_box_take_the_glyphs_as_before(boxes: list, ncols: int, nrows: int) -> None:
    xs = [10.0 + 20 * i for i in range(ncols + 1)]
    ys = [5.0 + 10 * i for i in range(nrows + 1)]
    owner = {(r, c): (r - r % 2, c) for r in range(nrows) for c in range(ncols) if (r, c) != (0, 1)}
    grid = tables.Grid(1, (xs[0], ys[0], xs[-1], ys[-1]), xs, ys, [])
    cs = [_char(x, x + w, t, t + h) for x, w, t, h in boxes]
    got = {k: [id(c) for c in v] for k, v in tables._fill(grid, cs, owner).items()}
    assert got == {k: [id(c) for c in v] for k, v in _ref_fill(grid, cs, owner).items()}
    assert [id(c) for c in page._in_grid(cs, grid)] == [id(c) for c in cs if _in_box(c, grid.bbox, 2.0)]
