"""The same plan twice (a .docx and its signed .pdf, two copies): found by its number, symbol, date and
issuer, or by its content (task and section text), and linked to the original (the first id in sort order).

Content similarity is the Jaccard index of the plans' word 4-gram sets (accent-free keys of the task
contents, section titles and texts, and paragraphs): a PDF that wraps or hyphenates a few lines otherwise
than the .docx still shares most 4-grams. Two plans whose numbers, issue years, plan years or document
types are both known and differ are never duplicates (a plan copied from last year's keeps its tasks).
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain, combinations
from typing import Any

from cchc_parse.normalise.keys import fold_key

__all__ = ["CONTENT_JACCARD", "MIN_SHINGLES", "duplicate_groups", "find_duplicates", "pack", "shingles", "unpack"]

CONTENT_JACCARD = 0.8  # from this share of common 4-grams, two plans are one
MIN_SHINGLES = 40  # fewer 4-grams than this (a short notice): content alone says nothing
SHINGLE = 4
MAX_POSTING = 50  # a 4-gram in more plans than this (boilerplate) does not propose candidate pairs


def _texts(plan: dict[str, Any]) -> Iterable[str]:
    for key in ("tasks", "inline_tasks"):
        for t in plan.get(key) or []:
            if not t.get("is_group"):
                yield t.get("content") or ""

    def walk(nodes: list[dict[str, Any]]) -> Iterable[str]:
        for s in nodes:
            yield s.get("title") or ""
            yield s.get("text") or ""
            yield from walk(s.get("children") or [])

    yield from walk(plan.get("sections") or [])
    for p in plan.get("paragraphs") or []:
        yield p.get("text") or ""


def shingles(plan: dict[str, Any]) -> frozenset[int]:
    """Word 4-grams of the plan's content, accent-free ('cai cach hanh chinh'), each as the CRC-32 of
    its UTF-8: a plan's set fits the store in 4 bytes a gram, and a collision (about one in 2**32 pairs
    of grams) moves a Jaccard index by a few ten-thousandths at most."""
    out: set[int] = set()
    for text in _texts(plan):
        words = fold_key(text).split()
        out.update(zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1))
    return frozenset(out)


def pack(grams: frozenset[int]) -> bytes:
    """A gram set as bytes (sorted little-endian uint32): the same bytes on every machine."""
    return struct.pack(f"<{len(grams)}I", *sorted(grams))


def unpack(blob: bytes) -> frozenset[int]:
    return frozenset(struct.unpack(f"<{len(blob) // 4}I", blob))


def _fold(v: Any) -> str | None:
    return fold_key(str(v)) or None if v not in (None, "") else None


def _meta(plan: dict[str, Any]) -> dict[str, Any]:
    m = plan.get("document") or {}
    d = m.get("date") or {}
    return {
        "number": _fold(m.get("number")),
        "symbol": _fold(m.get("symbol")),
        "issuer": _fold(m.get("issuer")),
        "date": d.get("iso") or (d.get("year"), d.get("month"), d.get("day")),
        "date_year": d.get("year"),
        "year": m.get("year"),
        "doc_type": m.get("doc_type"),
    }


def _meta_key(m: dict[str, Any]) -> tuple[Any, ...] | None:
    """Number, symbol, date and issuer, when all are known (a blank 'Số: /KH-UBND' gives no key)."""
    if not (m["number"] and m["symbol"] and m["issuer"] and m["date_year"]):
        return None
    return (m["number"], m["symbol"], str(m["date"]), m["issuer"])


def _contradict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return any(
        a[k] is not None and b[k] is not None and a[k] != b[k]
        for k in ("number", "date_year", "year", "doc_type")
    )


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    common = len(a & b)
    return common / (len(a) + len(b) - common) if a or b else 0.0


def _content_pairs(ids: list[str], sh: dict[str, frozenset[int]]) -> Iterable[tuple[str, str]]:
    """Pairs of ids sharing at least one 4-gram that is not boilerplate (an inverted index). Plans with
    one gram set (copies) are indexed once, and only the grams of more than one set are indexed: a gram
    of one set pairs just that set's plans. Each distinct member list is paired once."""
    same: dict[frozenset[int], list[str]] = {}
    for i in sorted(ids):
        same.setdefault(sh[i], []).append(i)
    sets = list(same.items())
    seen = Counter(chain.from_iterable(s for s, _m in sets))  # counted in C: most grams are in one set
    shared = {g for g, n in seen.items() if n > 1}
    groups: set[tuple[str, ...]] = set()  # each sorted
    posting: dict[int, list[int]] = defaultdict(list)
    for k, (s, members) in enumerate(sets):
        if 1 < len(members) <= MAX_POSTING and not s <= shared:  # a gram of this set only
            groups.add(tuple(members))
        for g in s & shared:
            posting[g].append(k)
    for ks in {tuple(p) for p in posting.values()}:
        if sum(len(sets[k][1]) for k in ks) <= MAX_POSTING:
            groups.add(tuple(sorted(chain.from_iterable(sets[k][1] for k in ks))))
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        pairs.update(combinations(group, 2))
    return sorted(pairs)


def duplicate_groups(plans: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """{id of a duplicate: (id of its original, 'metadata' | 'content')}; see find_duplicates. A plan
    may bring its gram set (``grams``, from shingles) instead of its content."""
    metas = {p["id"]: _meta(p) for p in plans}
    parent = {i: i for i in sorted(metas)}
    how: dict[str, str] = {}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: str, b: str, why: str) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        lo, hi = sorted((ra, rb))
        parent[hi] = lo
        for x in (hi, a, b):
            if x != lo:
                how.setdefault(x, why)

    by_key: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for i in sorted(metas):
        k = _meta_key(metas[i])
        if k is not None:
            by_key[k].append(i)
    for members in by_key.values():
        for other in members[1:]:
            join(members[0], other, "metadata")
    sh = {p["id"]: p["grams"] if p.get("grams") is not None else shingles(p) for p in plans}
    big = sorted(i for i, s in sh.items() if len(s) >= MIN_SHINGLES)
    for a, b in _content_pairs(big, sh):
        if root(a) == root(b):  # already one group: joining again would change nothing
            continue
        if not _contradict(metas[a], metas[b]) and _jaccard(sh[a], sh[b]) >= CONTENT_JACCARD:
            join(a, b, "content")
    out = {}
    for i in sorted(metas):
        r = root(i)
        if r != i:
            out[i] = (r, how.get(i, "content"))
    return out


def find_duplicates(plans: list[dict[str, Any]]) -> dict[str, str]:
    """{id of a duplicate: id of its original} over ``plans``: each a plan's data (a PlanDocument as
    JSON: ``document``, ``tasks``, ``sections``… — any may be missing) with its ``id`` added (the plan
    id of the store: the input path of the manifest). The original of a group is its first id in sort
    order; plans that are no one's duplicate are not in the result."""
    return {k: v[0] for k, v in duplicate_groups(plans).items()}
