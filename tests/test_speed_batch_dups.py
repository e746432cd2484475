"""The duplicate check's candidate pairs (store/duplicates._content_pairs, which indexes each distinct
gram set once and only the grams of more than one set) are those of the plain inverted index."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.store import duplicates as D


def plain_pairs(ids: list[str], sh: dict[str, frozenset[int]]) -> list[tuple[str, str]]:
    """The reference: every gram of every plan posted, each member list of 2 to MAX_POSTING paired."""
    posting: dict[int, list[str]] = defaultdict(list)
    for i in sorted(ids):
        for g in sh[i]:
            posting[g].append(i)
    groups = {tuple(m) for m in posting.values() if 1 < len(m) <= D.MAX_POSTING}
    pairs: set[tuple[str, str]] = set()
    for members in groups:
        pairs.update(combinations(members, 2))
    return sorted(pairs)


gram_sets = st.frozensets(st.integers(0, 30), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(gram_sets, st.integers(1, 4)), max_size=12), st.integers(1, 6))
def test_pairs_as_plain_index(sets: list[tuple[frozenset[int], int]], limit: int) -> None:
    sh: dict[str, frozenset[int]] = {}
    for k, (s, copies) in enumerate(sets):  # copies: plans with one gram set
        for c in range(copies):
            sh[f"p{(k * 7 + c * 3) % 50:02d}-{k}-{c}"] = s
    old = D.MAX_POSTING
    D.MAX_POSTING = limit  # small, so that boilerplate grams (in more plans than this) occur
    try:
        assert list(D._content_pairs(list(sh), sh)) == plain_pairs(list(sh), sh)
    finally:
        D.MAX_POSTING = old


def test_pairs_boilerplate_and_copies() -> None:
    a, b = frozenset(range(100)), frozenset(range(50, 150))
    sh = {"a1": a, "a2": a, "b": b, "c": frozenset({999})}
    assert list(D._content_pairs(list(sh), sh)) == plain_pairs(list(sh), sh) == [
        ("a1", "a2"), ("a1", "b"), ("a2", "b")]
