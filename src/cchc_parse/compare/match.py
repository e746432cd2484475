"""One-to-one matching of the tasks of two plans: content similarity, then unit and place as tie-breakers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cchc_parse.compare.items import Item, unit_keys
from cchc_parse.compare.text import content_key, similarity
from cchc_parse.normalise.keys import match_key

__all__ = ["MATCH_THRESHOLD", "Match", "Matching", "best_match", "match_items", "pair_score"]

MATCH_THRESHOLD = 60.0  # a pair scoring below this is not the same task (tests/compare/test_match.py)
# Tie-breakers: two tasks reading alike ("Báo cáo định kỳ …") are told apart by who leads them and where
# they stand; the bonus is too small to pair two different texts.
_SAME_LEAD = 2.0
_SAME_PLACE = 1.5
_SAME_ID = 0.5


@dataclass(frozen=True)
class Match:
    old: int  # index in the old items
    new: int
    score: float  # content similarity, 0–100 (tie-breakers not included)


@dataclass
class Matching:
    pairs: list[Match] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)  # old items with no partner
    added: list[int] = field(default_factory=list)


def _leads(it: Item) -> frozenset[str]:
    return frozenset(match_key(k) for k in unit_keys(it.lead, it.lead_canonical, None))


def pair_score(a: Item, b: Item, scorer: Callable[[str, str], float] = similarity) -> tuple[float, float]:
    """(content similarity, similarity plus tie-breakers)."""
    s = scorer(a.content, b.content)
    bonus = 0.0
    if a.lead and _leads(a) == _leads(b):
        bonus += _SAME_LEAD
    if a.place and match_key(a.place) == match_key(b.place):
        bonus += _SAME_PLACE
    if a.id == b.id:
        bonus += _SAME_ID
    return s, s + bonus


def match_items(old: list[Item], new: list[Item], threshold: float = MATCH_THRESHOLD) -> Matching:
    """Greedy one-to-one assignment: the best-scoring pair first, each task used once, pairs whose
    content similarity is below ``threshold`` left unmatched. Identical texts pair before anything else."""
    cands: list[tuple[float, float, int, int]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            exact = content_key(a.content) == content_key(b.content) and bool(content_key(a.content))
            s, ranked = (100.0, 200.0 + pair_score(a, b)[1]) if exact else pair_score(a, b)
            if s >= threshold:
                cands.append((ranked, s, i, j))
    cands.sort(key=lambda c: (-c[0], c[2], c[3]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = Matching()
    for _, s, i, j in cands:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.pairs.append(Match(i, j, round(s, 1)))
    out.pairs.sort(key=lambda m: m.new)
    out.removed = [i for i in range(len(old)) if i not in used_old]
    out.added = [j for j in range(len(new)) if j not in used_new]
    return out


def best_match(
    target: Item, pool: list[Item], scorer: Callable[[str, str], float] = similarity
) -> tuple[int | None, float]:
    """The item of ``pool`` most like ``target`` (index and score); (None, 0) for an empty pool."""
    best, best_rank, best_s = None, -1.0, 0.0
    for j, b in enumerate(pool):
        s, ranked = pair_score(target, b, scorer)
        if ranked > best_rank:
            best, best_rank, best_s = j, ranked, s
    return best, round(best_s, 1)
