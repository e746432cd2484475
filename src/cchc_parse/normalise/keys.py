"""Matching keys: one tone placement (hoà == hòa), case-folded, optionally accent-free."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from cchc_parse import rx

__all__ = ["fold_key", "match_key"]

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = set("aăâeêioôơuưy")
_SHAPED = set("ăâêôơư")


@lru_cache(maxsize=65536)  # the same words come again and again (names, their variants, the body's)
def _place_tone(word: str) -> str:
    """Re-place the single tone mark of a lower-case word in the traditional position (hòa, thủy)."""
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONE_MARKS]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    start = 0
    if base.startswith("qu") or (base.startswith("gi") and len(base) > 2 and base[2] in _VOWELS):
        start = 2
    i = start
    while i < len(base) and base[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(base) and base[j] in _VOWELS:
        j += 1
    if i >= j:  # "gì", "qu" alone: keep the vowel after the prefix
        i, j = max(0, start - 1), start
        if i >= len(base) or base[i] not in _VOWELS:
            return word
    cluster = base[i:j]
    shaped = [k for k, ch in enumerate(cluster) if ch in _SHAPED]
    if shaped:
        pos = shaped[-1]
    elif j < len(base):  # closed syllable: last vowel (hoàn, thuyền)
        pos = len(cluster) - 1
    elif len(cluster) == 3:
        pos = 1
    else:
        pos = 0
    k = i + pos
    return unicodedata.normalize("NFC", base[:k] + base[k] + tones[0] + base[k + 1 :])


_LETTER_RUN = rx.lazy_re(r"[^\W\d_]+")
_WS, _NOT_WORD = rx.lazy_re(r"\s+"), rx.lazy_re(r"[^\w]+|_")


@lru_cache(maxsize=65536)
def match_key(s: str) -> str:
    """Key for comparing names: NFC, Ð→Đ, case-folded, one tone placement ("hoà" == "hòa")."""
    s = unicodedata.normalize("NFC", s or "").replace("\u00d0", "Đ").replace("\u00f0", "đ")
    s = s.casefold()
    s = _LETTER_RUN.sub(lambda m: _place_tone(m.group(0)), s)
    return _WS.sub(" ", s).strip()


@lru_cache(maxsize=65536)
def fold_key(s: str) -> str:
    """Accent-free key: match_key without tones or shapes, đ→d, only letters, digits and spaces."""
    k = unicodedata.normalize("NFD", match_key(s))
    k = "".join(c for c in k if not unicodedata.combining(c)).replace("đ", "d")
    return _WS.sub(" ", _NOT_WORD.sub(" ", k)).strip()
