"""Text cleaning shared by every extractor: NFC, invisible characters, spaces. Letters are never changed."""

from __future__ import annotations

import unicodedata

import regex

# zero-width characters, BOM, soft hyphen (invisible in a rendered document)
_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# NBSP, thin and other fixed-width spaces, tabs → one space
_SPACES = regex.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000 ]+")


def clean_text(s: str) -> str:
    """NFC, drop invisible characters, collapse runs of spaces, strip the ends."""
    s = unicodedata.normalize("NFC", s)
    s = _INVISIBLE.sub("", s)
    return _SPACES.sub(" ", s).strip()
