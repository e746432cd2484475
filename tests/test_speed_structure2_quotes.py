"""The quotation walk with each paragraph's tests made once (structure/quotes.py ``_Marks``, issue 16) gives
what the walk that asked them again at every step gave: on hypothesis-made paragraphs and on the samples."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line
from cchc_parse.structure import quotes as Q
from cchc_parse.structure.markers import Marker, match_text

ROOT = Path(__file__).resolve().parents[1]


@cache
def sample_lines() -> list[list[Line]]:
    files = sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "text").glob("*.txt"))
    return [[b for b in extract(f).blocks if isinstance(b, Line)] for f in files]

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _find_before(texts: list[str], markers: list[Marker | None]) -> list[Q.Quote]:
    out: list[Q.Quote] = []
    if not any("“" in t or "”" in t or '"' in t for t in texts):
        return out
    chain: list[Marker] = []
    i = 0
    while i < len(texts):
        t = texts[i]
        bal = Q.balance(t)
        if bal > 0 or (t.rstrip().endswith(":") and Q._AS_FOLLOWS.search(t)):
            at_start = bal > 0 and Q._opens_at_start(t)
            if not at_start:
                Q._open(chain, markers[i])
            q = _quotation_before(texts, markers, i if at_start else i + 1, chain, unquoted=bal <= 0)
            if q is not None:
                out.append(q)
                i = q.last + 1
                continue
        Q._open(chain, markers[i])
        i += 1
    return out


def _quotation_before(texts: list[str], markers: list[Marker | None], first: int, chain: list[Marker],
                      unquoted: bool) -> Q.Quote | None:
    n = len(texts)
    if first >= n or (unquoted and (Q._opens_at_start(texts[first]) or Q.balance(texts[first]) > 0)):
        return None
    j = first if Q._opens_at_start(texts[first]) and not unquoted else first - 1
    while j + 1 < n:
        j += 1
        if j > first and (Q._introduces(texts, j) or (unquoted and Q._resumes(markers[j], chain))):
            break
        if Q.balance(texts[j]) < 0:
            return Q.Quote(first, j, closed=True)
        if unquoted and Q.balance(texts[j]) > 0:
            return None
    if unquoted:
        return None
    start = first if not Q._opens_at_start(texts[first]) else first + 1
    stop = next((k for k in range(start, j + 1) if Q._resumes(markers[k], chain)), None)
    if stop is None and Q._introduces(texts, j):
        stop = j
    return Q.Quote(first, stop - 1, closed=False) if stop is not None and stop - 1 >= start else None


PARAS = st.lists(st.sampled_from(["1. Sửa đổi Điều 4 như sau:", "“Điều 4. Thẩm quyền", "a) nội dung", "b) tiếp”.",
                                  "2. Bổ sung như sau: ", "- gạch", '"trích dẫn', 'kết thúc".', "“mở và đóng”",
                                  "3. Ba", "II. Hai", "văn bản", "quy định như sau :\t", "c) ba", "+ cộng",
                                  " “ mở", "đóng ” ;", '" a "', "4. Bốn:", "\u2003:", "”", "“", '"', ""]),
                 max_size=16)


@FAST
@given(PARAS)
def test_walk_is_the_walk_before(texts: list[str]) -> None:
    markers = [match_text(t) for t in texts]
    assert Q.find_quotes(texts, markers) == _find_before(texts, markers)


@FAST
@given(PARAS, st.integers(0, 17), st.booleans())
def test_quotation_with_and_without_marks(texts: list[str], first: int, unquoted: bool) -> None:
    markers = [match_text(t) for t in texts]
    chain = [m for m in markers[:first] if m is not None][-3:]
    want = _quotation_before(texts, markers, first, list(chain), unquoted)
    assert Q._quotation(texts, markers, first, list(chain), unquoted) == want
    assert Q._quotation(texts, markers, first, list(chain), unquoted, marks=Q._Marks(texts)) == want


def test_samples() -> None:
    for lines in sample_lines():
        texts = [ln.text for ln in lines if ln.text]
        markers = [match_text(t) for t in texts]
        assert Q.find_quotes(texts, markers) == _find_before(texts, markers)
