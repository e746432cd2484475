"""OCR post-correction by context: a word-pair model of Vietnamese administrative text.

Tesseract's Vietnamese model reads a syllable with a wrong tone or diacritic, and is sure of it:
"dự toán chỉ ngân sách" (for "chi", at confidence 95), "bố sung" / "bỗ sung" (for "bổ"). The
page's own vocabulary cannot tell them apart (both are real words), their neighbours can: the
package data ocr_bigrams.json counts the pairs of syllables of born-digital administrative text
(built by tools/build_ocr_bigrams.py).

For a lower-case word read as a valid syllable, its *variants* are the syllables of the table
with the same letters and another tone mark, or with / without the circumflex, breve or horn
("chỉ" ↔ "chi", "bố" ↔ "bổ" ↔ "bỗ"; "đ" stays "đ"). A variant replaces the word when its pair
counts with the left and right neighbours add up to at least MIN_PAIRS and RATIO times the
word's own, and no other variant is as good. A capitalised word (a proper name, a sentence's
first word), a number or a code is never changed; punctuation between two words cuts the pair.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources

from cchc_parse.extract.ocr.engine import Word
from cchc_parse.extract.pdf.textlayer import is_syllable

MIN_PAIRS = 3  # the variant is seen this often next to one of its neighbours …
MARGIN = 2.0  # … and its context is this much more likely (log10) than the word's as read …
RUNNER_UP = 0.5  # … and than any other variant's
DATA = "ocr_bigrams.json"
_EDGE = "\"'()[]{}<>.,;:!?…*-–—_/\u201c\u201d\u2018\u2019«»"
_BREAK = ".,;:!?()[]{}…\"\u201c\u201d"  # punctuation that ends a run of words: no pair across it
_ABOVE = frozenset("\u0300\u0301\u0303\u0309")  # grave, acute, tilde, hook: tones above the letter
_DOT = "\u0323"  # the tone below the letter
_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")  # tones, circumflex, breve, horn


def skeleton(word: str) -> str:
    """The word's letters without tone marks, circumflex, breve or horn: "bổ" → "bo", "đường" →
    "đuong"."""
    nfd = unicodedata.normalize("NFD", word.replace("đ", "\0"))
    return "".join(c for c in nfd if c not in _MARKS).replace("\0", "đ")


def _marks(word: str) -> list[str]:
    return sorted(c for c in unicodedata.normalize("NFD", word) if c in _MARKS)


def confusable(read: str, other: str) -> bool:
    """Could Tesseract have read ``other`` as ``read``? Marks above the letters are dropped, added
    or mistaken for one another ("chi" / "chỉ", "bố" / "bổ"); a tone above is not mistaken for the
    dot below ("tài" / "tại": both real, both clear), and the same marks placed on another vowel
    are a spelling, not a misreading ("toạ" / "tọa")."""
    a, b = _marks(read), _marks(other)
    if a == b:
        return False
    return not ((_DOT in a and any(c in _ABOVE for c in b)) or (_DOT in b and any(c in _ABOVE for c in a)))


@dataclass(frozen=True, slots=True)
class Bigrams:
    """Pair counts ("chi ngân" → 3), their margins, and the syllables of the table by skeleton.

    P(b | a) is interpolated with the word's own frequency (Witten-Bell): a word followed by few
    different words ("cải" → "cách") leaves little room for an unseen pair ("cải nghiện")."""

    pairs: Mapping[str, int]
    by_skeleton: Mapping[str, tuple[str, ...]]
    after: Mapping[str, int]  # how often a word is followed by another
    kinds: Mapping[str, int]  # by how many different words
    before: Mapping[str, int]  # how often a word follows another
    total: int

    @classmethod
    def of(cls, pairs: Mapping[str, int]) -> Bigrams:
        after: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        before: Counter[str] = Counter()
        for p, n in pairs.items():
            a, b = p.split(" ")
            after[a] += n
            kinds[a] += 1
            before[b] += n
        index: dict[str, list[str]] = {}
        for w in sorted(set(after) | set(before)):
            if is_syllable(w):
                index.setdefault(skeleton(w), []).append(w)
        return cls(dict(pairs), {k: tuple(v) for k, v in index.items() if len(v) > 1}, dict(after),
                   dict(kinds), dict(before), sum(pairs.values()) + len(index))

    def _unigram(self, b: str) -> float:
        return (self.before.get(b, 0) + 1) / self.total

    def prob(self, a: str, b: str) -> float:
        """P(b | a)."""
        n, t = self.after.get(a, 0), self.kinds.get(a, 0)
        if not t:
            return self._unigram(b)
        return (self.pairs.get(f"{a} {b}", 0) + t * self._unigram(b)) / (n + t)

    def score(self, left: str | None, word: str, right: str | None) -> float:
        """log10 P(word | left) P(right | word), for the neighbours that are known."""
        s = math.log10(self.prob(left, word)) if left else 0.0
        return s + (math.log10(self.prob(word, right)) if right else 0.0)

    def seen(self, left: str | None, word: str, right: str | None) -> int:
        n = self.pairs.get(f"{left} {word}", 0) if left else 0
        return max(n, self.pairs.get(f"{word} {right}", 0) if right else 0)

    def best(self, left: str | None, word: str, right: str | None) -> str:
        """``word``, or the variant its neighbours call for."""
        if not left and not right:
            return word
        ranked = sorted(((self.score(left, v, right), v) for v in self.by_skeleton.get(skeleton(word), ())
                         if v != word and confusable(word, v)), reverse=True)
        if not ranked:
            return word
        top, cand = ranked[0]
        if self.seen(left, cand, right) >= MIN_PAIRS and top - self.score(left, word, right) >= MARGIN \
                and (len(ranked) == 1 or top - ranked[1][0] >= RUNNER_UP):
            return cand
        return word


@functools.cache
def table() -> Bigrams:
    """The package's pair table (loaded once)."""
    text = resources.files("cchc_parse.data").joinpath(DATA).read_text(encoding="utf-8")
    return Bigrams.of(json.loads(text)["pairs"])


def _core(text: str) -> str | None:
    """The lower-case syllable inside a word's punctuation ("bố," → "bố"), or None."""
    core = text.strip(_EDGE)
    return core if core and core.isalpha() and core.islower() and is_syllable(core) else None


def _key(text: str) -> str | None:
    """The word as a neighbour: its lower-cased letters when it is a syllable ("Nhà" → "nhà")."""
    core = text.strip(_EDGE)
    return core.lower() if core and core.isalpha() and is_syllable(core.lower()) else None


def fix_by_context(words: Sequence[Word], bigrams: Bigrams | None = None, before: str = ""
                   ) -> tuple[list[Word], int]:
    """The line's words with tone / diacritic variants chosen by their neighbours, and the number
    of words changed; ``before`` is the last word of the line above (a sentence runs on). Left to
    right: a word's left neighbour is the word as corrected."""
    model = bigrams if bigrams is not None else table()
    out: list[Word] = []
    changed = 0
    for i, w in enumerate(words):
        core = _core(w.text)
        if core is None or skeleton(core) not in model.by_skeleton:
            out.append(w)
            continue
        prev = out[-1].text if out else before
        left = _key(prev) if prev and prev[-1:] not in _BREAK and w.text[:1] not in _BREAK else None
        nxt = words[i + 1].text if i + 1 < len(words) else ""
        right = _key(nxt) if nxt and w.text[-1:] not in _BREAK and nxt[:1] not in _BREAK else None
        best = model.best(left, core, right)
        if best != core:
            changed += 1
            w = replace(w, text=w.text.replace(core, best, 1))
        out.append(w)
    return out, changed


def fix_lines(lines: Sequence[Sequence[Word]], bigrams: Bigrams | None = None
              ) -> tuple[list[list[Word]], int]:
    """Each line's words put right by context (fix_by_context), in reading order, and the number of
    words changed on the page."""
    out: list[list[Word]] = []
    changed = 0
    for words in lines:
        before = out[-1][-1].text if out and out[-1] else ""
        fixed, n = fix_by_context(words, bigrams, before)
        out.append(fixed)
        changed += n
    return out, changed
