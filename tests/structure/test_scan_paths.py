"""Fast paths of the structure stage's scans (issue 16) give what the plain code gives: the quotation finder
without its walk when no text has a quote mark, the attachment heads looked for only at ``head_starts``,
the prefix tests before the head patterns, and the "è" gate before lower-casing a line."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.structure import attachments as A
from cchc_parse.structure import quotes as Q
from cchc_parse.structure.markers import Marker, match_text

from .samples import sample_lines

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]


# --- quotations: the walk as it was, with no shortcut


def _find_quotes_before(texts: list[str], markers: list[Marker | None]) -> list[Q.Quote]:
    out: list[Q.Quote] = []
    chain: list[Marker] = []
    i = 0
    while i < len(texts):
        bal = Q.balance(texts[i])
        if bal > 0 or (":" in texts[i] and Q._AS_FOLLOWS.search(texts[i])):
            at_start = bal > 0 and Q._opens_at_start(texts[i])
            if not at_start:
                _open_before(chain, markers[i])
            q = Q._quotation(texts, markers, i if at_start else i + 1, chain, unquoted=bal <= 0)
            if q is not None:
                out.append(q)
                i = q.last + 1
                continue
        _open_before(chain, markers[i])
        i += 1
    return out


def _open_before(chain: list[Marker], m: Marker | None) -> None:
    if m is None or (chain and chain[-1] is m):
        return
    k = next((k for k in range(len(chain) - 1, -1, -1) if chain[k].scheme == m.scheme), len(chain))
    del chain[k:]
    chain.append(m)


PARAS = st.lists(st.sampled_from(["1. Sửa đổi Điều 4 như sau:", "“Điều 4. Thẩm quyền", "a) nội dung", "b) tiếp”.",
                                  "2. Bổ sung như sau: ", "- gạch", '"trích dẫn', 'kết thúc".', "“mở và đóng”",
                                  "3. Ba", "II. Hai", "văn bản", "quy định như sau :\t", "c) ba", "+ cộng"]),
                 max_size=14)


@FAST
@given(PARAS)
def test_find_quotes_is_the_walk(texts: list[str]) -> None:
    markers = [match_text(t) for t in texts]
    assert Q.find_quotes(texts, markers) == _find_quotes_before(texts, markers)


def test_find_quotes_on_the_samples() -> None:
    for lines in sample_lines():
        texts = [ln.text for ln in lines if ln.text]
        markers = [match_text(t) for t in texts]
        assert Q.find_quotes(texts, markers) == _find_quotes_before(texts, markers)


# --- attachment heads


def test_heads_only_at_head_starts_on_the_samples() -> None:
    for lines in sample_lines():
        ls = A._Lines(lines)
        starts = set(ls.head_starts())
        for i in range(len(lines)):
            if i not in starts:
                assert A.head_at(ls, i) is None, lines[i].text


@FAST
@given(st.text(alphabet=st.sampled_from(list("PHỤLỤCphụlcMẪUSỐẫuốBIỂUiể 0I1:.-–x\t")), max_size=16))
def test_head_prefix_tests_are_the_patterns(text: str) -> None:
    t = text.strip()
    assert (A._appendix_head(t) is None) == (A._APPENDIX_HEAD.match(t) is None)
    assert (A._form_head(t) is None) == (A._FORM_HEAD.match(t) is None)


def test_only_e_grave_lower_cases_to_it() -> None:
    """The "kèm" gate looks for "è" or "È" before lower-casing: no other character lower-cases to one."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if "è" in c.lower() and c not in "èÈ"] == []


def test_kem_gate_on_the_samples() -> None:
    for lines in sample_lines():
        ls = A._Lines(lines)
        ls.note_near(0)
        assert ls._kem == ["kèm" in ln.text.lower() for ln in lines]
