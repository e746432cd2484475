"""Provinces: the 63 units before 1 July 2025, the 34 after, and mentions of them in text."""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import itemgetter
from typing import Any

from cchc_parse import rx
from cchc_parse.normalise.keys import fold_key, match_key
from cchc_parse.normalise.packaged import packaged_yaml

__all__ = [
    "MERGER_DATE",
    "canonical_province",
    "find_provinces",
    "province_after_merger",
    "province_code",
    "province_type",
]

MERGER_DATE = date(2025, 7, 1)


@dataclass(frozen=True)
class _Old:
    code: str
    name: str
    type: str
    new: str
    variants: tuple[str, ...] = ()
    abbrev: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Tables:
    old: tuple[_Old, ...]
    new: dict[str, str]  # code → name
    by_key: dict[str, _Old]  # match_key / fold_key of every variant → unit
    new_by_key: dict[str, str]  # key of a 34-list name (with or without prefix) → code


_LEVEL_PREFIX = rx.lazy_re(r"^(?:tỉnh|thành\s+phố|tp\.?)\s*", re.I)
_BODY_PREFIX = rx.lazy_re(r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd)\s+", re.I)
_ABBR_PUNCT = rx.lazy_re(r"[\s.\-]")


def _strip_prefix(name: str) -> str:
    return _LEVEL_PREFIX.sub("", name.strip())


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw: dict[str, Any] = packaged_yaml("provinces.yaml")
    olds: list[_Old] = []
    by_key: dict[str, _Old] = {}
    for e in raw["old"]:
        bare = _strip_prefix(e["name"])
        variants = tuple(dict.fromkeys([e["name"], bare, *e.get("aliases", [])]))
        o = _Old(e["code"], e["name"], e["type"], e["new"], variants, tuple(e.get("abbrev", [])))
        olds.append(o)
        for v in (*variants, *o.abbrev):
            by_key.setdefault(match_key(v), o)
            by_key.setdefault(fold_key(v).replace(" ", ""), o)
    new = {e["code"]: e["name"] for e in raw["new"]}
    new_by_key: dict[str, str] = {}
    for code, name in new.items():
        for v in (name, _strip_prefix(name)):
            new_by_key[match_key(v)] = code
            new_by_key[fold_key(v).replace(" ", "")] = code
    return _Tables(tuple(olds), new, by_key, new_by_key)


def _lookup(name: str) -> _Old | None:
    t = _tables()
    s = _BODY_PREFIX.sub("", (name or "").strip())
    for cand in (s, _strip_prefix(s)):
        o = t.by_key.get(match_key(cand)) or t.by_key.get(fold_key(cand).replace(" ", ""))
        if o:
            return o
    return None


def canonical_province(name: str) -> str | None:
    """Any spelling of one of the 63 pre-2025 units → its canonical name ("TP.HCM" → "Thành phố Hồ Chí Minh",
    "BÌNH DƯƠNG" → "Bình Dương", "Khánh Hoà" → "Khánh Hòa"); a 34-list name that is also a 63-list name
    resolves to the latter; None when unknown."""
    o = _lookup(name)
    if o:
        return o.name
    if match_key(_strip_prefix(name or "")) == match_key("Huế"):
        return "Thừa Thiên Huế"
    return None


def province_type(name: str) -> str | None:
    """"tỉnh" or "thành phố" (centrally-run city) before the merger."""
    o = _lookup(name)
    return o.type if o else None


def province_after_merger(name: str, on: date | None = None) -> str | None:
    """The 34-list unit a province belongs to from 1 July 2025 ("Bình Dương" → "Thành phố Hồ Chí Minh").

    ``on`` is the document date; documents dated on/after the merger already name a 34-list unit, which is
    returned as such. A 34-list name is accepted too.
    """
    t = _tables()
    o = _lookup(name)
    if o is not None:
        return t.new[o.new]
    code = t.new_by_key.get(match_key(name or "")) or t.new_by_key.get(fold_key(name or "").replace(" ", ""))
    return t.new[code] if code else None


def province_code(name: str, on: date | None = None) -> str | None:
    """GSO code as of ``on``: the old code before 1 July 2025 (or when ``on`` is None), the new 34-list
    code from then on. Codes were reused with new meanings (24, 91), so never compare codes across dates."""
    t = _tables()
    o = _lookup(name)
    if on is None or on < MERGER_DATE:
        return o.code if o else None
    if o is not None:
        return o.new
    code = t.new_by_key.get(match_key(name or "")) or t.new_by_key.get(fold_key(name or "").replace(" ", ""))
    return code


# ----------------------------------------------------------------------------------------- mentions
_WORD = rx.lazy_re(r"[^\W_]+", re.U)
_WORD_PIECES = rx.lazy_re(r"([^\W_]+)", re.U)  # _WORD in a group: split keeps the words
_PREFIX = rx.lazy_re(r"(?:tỉnh|thành\s+phố|tp\.?|t\.p\.?)\s*$", re.I)
_NEGATIVE = ("thái bình dương",)  # "Thái Bình Dương" is the Pacific Ocean, neither Thái Bình nor Bình Dương


@lru_cache(maxsize=1)
def _mention_index() -> tuple[dict[tuple[str, ...], _Old], int, dict[str, _Old], re.Pattern[str]]:
    seqs: dict[tuple[str, ...], _Old] = {}
    for o in _tables().old:
        for v in o.variants:
            words = tuple(match_key(w) for w in _WORD.findall(v))
            if len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 3):
                seqs.setdefault(words, o)
    abbrev = {a: o for o in _tables().old for a in o.abbrev}
    special = re.compile(
        r"(?<![\w])(?:TP\.?\s*HCM|Tp\.?\s*HCM|TPHCM|BR\s*-\s*VT|BRVT|TT\s*-\s*Huế|Sài\s+Gòn)(?![\w])"
    )
    return seqs, max(len(k) for k in seqs), abbrev, special


@lru_cache(maxsize=1)
def _first_keys() -> frozenset[str]:
    """The key of the first word of every name: a word with another key starts none."""
    return frozenset(words[0] for words in _mention_index()[0])


@lru_cache(maxsize=1)
def _abbrevs_capitalised() -> bool:
    """Every abbreviation ("BD", "HCM") starts with a capital: a word in them is a capitalised word."""
    return all(a[:1].isupper() for a in _mention_index()[2])


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def find_provinces(text: str) -> Counter[str]:
    """Count mentions of the 63 pre-2025 provinces: "tỉnh Bình Dương", "UBND TỈNH BÌNH DƯƠNG", "TP. Hồ Chí Minh",
    "TP.HCM", "Sở Nội vụ tỉnh BD". Names must be capitalised ("hòa bình" the word is not Hòa Bình);
    "Thái Bình Dương" (the Pacific) is skipped. "thành phố X" for a non-central X (a provincial capital before
    2025) counts for province X, the province it lies in.
    """
    out: Counter[str] = Counter()
    if not text:
        return out
    _seqs, _longest, abbrev, special = _mention_index()
    spans: list[tuple[int, int]] = []
    # every abbreviation ``special`` takes holds "HCM", "BR", "Huế" or "Sài" (it is case-sensitive): most
    # texts skip it (TP.HCM, TPHCM; BR-VT, BRVT; TT-Huế; Sài Gòn)
    has_special = "HCM" in text or "BR" in text or "Huế" in text or "Sài" in text
    for m in special.finditer(text) if has_special else ():
        abbr = _ABBR_PUNCT.sub("", m.group(0)).upper()
        name = "Bà Rịa - Vũng Tàu" if abbr.startswith("BR") else (
            "Thừa Thiên Huế" if abbr.startswith("TT") else "Thành phố Hồ Chí Minh")
        out[name] += 1
        spans.append(m.span())
    # the words, and those that can start a mention (capitalised, or an abbreviation): the others are
    # never looked at
    words: list[str] | _Offsets
    cands: Sequence[int]
    starts: Sequence[int] | _PieceStarts
    if len(text) <= _LISTED_MAX:
        words, starts = _WORD.findall(text), _PieceStarts(text)  # _words(text), its offsets only if asked
        if _abbrevs_capitalised():  # then the capitalised words are all: listed in C
            cands = list(compress(count(), map(str.isupper, map(itemgetter(0), words))))
        else:
            cands = [i for i, w in enumerate(words) if w[0].isupper() or w in abbrev]
    else:
        words, cands = _word_offsets(text, abbrev)
        starts = words.starts
    _count_words(text, starts, words, cands, spans, out)
    return out


_LISTED_MAX = 1 << 20  # characters: a longer text keeps word offsets only (a 50 MB text has 10M words)


def _words(text: str) -> tuple[list[str], list[int]]:
    """The words of ``text`` and their start offsets, found in C (one split, accumulate): split by the
    word pattern in a group gives separator, word, separator, … separator (the empty ones included), and
    a word's offset is the running length of the pieces before it."""
    pieces = _WORD_PIECES.split(text)
    return pieces[1::2], list(accumulate(map(len, pieces[:-1])))[0::2]


class _PieceStarts:
    """``_words(text)[1]``, worked out the first time an offset is asked: most texts never ask (an offset is
    asked for a span's or an abbreviation's candidate only)."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def __getitem__(self, j: int) -> int:
        if self._starts is None:
            self._starts = _words(self.text)[1]
        return self._starts[j]


class _Offsets:
    """Words read from ``text`` by their offsets (16 bytes a word, not a string each)."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, starts: array, ends: array) -> None:
        self.text, self.starts, self.ends = text, starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, j: int) -> str:
        return self.text[self.starts[j] : self.ends[j]]



def _word_offsets(text: str, abbrev: dict[str, _Old]) -> tuple[_Offsets, array]:
    """The words of a long text as offsets, and the indexes of those that can start a mention."""
    starts, ends, cands = array("q"), array("q"), array("q")
    for m in _WORD.finditer(text):
        w = m.group()
        if w[:1].isupper() or w in abbrev:
            cands.append(len(starts))
        starts.append(m.start())
        ends.append(m.end())
    return _Offsets(text, starts, ends), cands


def _count_mentions(text: str, starts: array, ends: array, cands: Sequence[int], spans: list[tuple[int, int]],
                    out: Counter[str]) -> None:
    """_count_words for words given by their offsets."""
    _count_words(text, starts, _Offsets(text, starts, ends), cands, spans, out)


def _count_words(text: str, starts: Sequence[int] | _PieceStarts, words: list[str] | _Offsets, cands: Sequence[int],
                 spans: list[tuple[int, int]], out: Counter[str]) -> None:
    """The mentions that start at the candidate words, left to right; a name's words start none."""
    seqs, longest, abbrev, _special = _mention_index()
    firsts = _first_keys()

    def key(j: int) -> str:
        return _word_key(words[j])

    nw = len(words)
    nxt = sp = 0  # nxt: the first word after the last name found
    for i in cands:
        if i < nxt:
            continue
        if spans:
            while sp < len(spans) and spans[sp][1] <= starts[i]:  # spans are sorted, never overlap
                sp += 1
            if sp < len(spans) and spans[sp][0] <= starts[i]:
                continue
        hit = None
        w = words[i]
        starts_name = _capitalised(w) and _word_key(w) in firsts
        # the keys of the longest run a name can take from here, made once (each shorter run is a prefix)
        keys = tuple(key(j) for j in range(i, i + min(longest, nw - i))) if starts_name else ()
        for n in range(len(keys), 0, -1):
            o = seqs.get(keys[:n])
            if o and all(_capitalised(words[j]) for j in range(i, i + n)):
                window = " ".join(key(j) for j in range(max(0, i - 1), min(i + n + 1, nw)))
                if any(neg in window for neg in _NEGATIVE):
                    continue
                hit = (o, n)
                break
        if hit:
            out[hit[0].name] += 1
            nxt = i + hit[1]
            continue
        if w in abbrev and _PREFIX.search(text[max(0, starts[i] - 12) : starts[i]]):
            out[abbrev[w].name] += 1


@lru_cache(maxsize=1 << 16)
def _word_key(w: str) -> str:
    return match_key(w)
