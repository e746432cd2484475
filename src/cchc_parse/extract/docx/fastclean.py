"""extract.clean.clean_text with shortcuts for the strings it leaves as they are (most paragraph
texts of a .docx): the same result, without the NFC normalisation and three substitutions."""

from __future__ import annotations

import re
import unicodedata

from cchc_parse.extract.clean import clean_text as _clean_text

_PLAIN_ASCII = re.compile(r"[!-~](?:[!-~]| (?=[!-~]))*")  # whole: "Plan 2025", not "a  b", "a ", "a\n"
# what extract.clean.clean_text changes besides the ends: controls and tabs, invisible characters,
# wide or fixed spaces, two spaces ("Điều\u00a01", "a\u200bb", "a  b"); ``re``: a plain class is
# several times faster there than in ``regex``
_NEEDS_CLEAN = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\u00a0\u00ad\u061c\u2000-\u200f"
                          "\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff]|  ")


def clean_text(s: str) -> str:
    """extract.clean.clean_text with fast paths for strings it leaves as they are."""
    if not s:
        return ""
    if s.isascii() and _PLAIN_ASCII.fullmatch(s):
        return s
    if unicodedata.is_normalized("NFC", s) and not _NEEDS_CLEAN.search(s) and s == s.strip():
        return s
    return _clean_text(s)
