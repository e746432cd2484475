"""extract.clean.clean_text with shortcuts for the strings it leaves as they are or only strips
(most paragraph texts of a .docx), and a memo of short ones (table cells and layout lines repeat:
"\u00a0", "………", "Họ và tên"): the same result, without the NFC normalisation and substitutions."""

from __future__ import annotations

import re
import unicodedata

from cchc_parse.extract.clean import clean_text as _clean_text

_PLAIN_ASCII = re.compile(r"[!-~](?:[!-~]| (?=[!-~]))*")  # whole: "Plan 2025", not "a  b", "a ", "a\n"
# the characters extract.clean.clean_text changes besides the ends: controls and tabs, invisible
# characters, wide or fixed spaces ("Điều\u00a01", "a\u200bb"); all of them are outside what
# str.isprintable() accepts, so a printable string needs no search. (Two spaces, the other thing it
# changes, are looked for with ``in``: a class alone lets ``re`` scan for it quickly.)
_NEEDS_CLEAN = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\u00a0\u00ad\u061c\u2000-\u200f"
                          "\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff]")
SHORT = 48  # strings up to this long are remembered: long paragraphs hardly ever repeat
MEMO_SIZE = 8192
_MEMO: dict[str, str] = {}


def clean_text(s: str) -> str:
    """extract.clean.clean_text, remembered for short strings."""
    if len(s) > SHORT:
        return clean_uncached(s)
    hit = _MEMO.get(s)
    if hit is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        hit = _MEMO[s] = clean_uncached(s)
    return hit


def clean_uncached(s: str) -> str:
    """extract.clean.clean_text with fast paths for strings it only strips or leaves as they are."""
    if not s:
        return ""
    if s.isascii() and _PLAIN_ASCII.fullmatch(s):
        return s
    if (unicodedata.is_normalized("NFC", s) and "  " not in s
            and (s.isprintable() or not _NEEDS_CLEAN.search(s))):
        return s.strip()  # what clean_text gives then: NFC and its substitutions change nothing
    return _clean_text(s)
