"""Text cleaning shared by every extractor: NFC, invisible characters, spaces. Letters are never changed."""

from __future__ import annotations

import re
import unicodedata

from cchc_parse import rx

# zero-width characters, BOM, soft hyphen, and the bidi controls (LRM/RLM U+200E/F, embeddings and
# overrides U+202A to U+202E, isolates U+2066 to U+2069, ALM U+061C): invisible in a rendered document
_INVISIBLE = rx.lazy("[\u200b\u200c\u200d\u2060\ufeff\u00ad"
                     "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
# NBSP, thin and other fixed-width spaces, tabs → one space
_SPACES = rx.lazy(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000 ]+")


# C0 controls other than tab/newline; U+0002 is how PDF producers (LibreOffice) encode Word's
# non-breaking hyphen ("E‑form"), so it becomes "-"
_CONTROLS = rx.lazy(r"[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f]")


# everything the three substitutions below change: controls (and U+0002), invisible characters, tabs and
# fixed-width spaces, two spaces; a string with none of them (most) is only stripped
_NEEDS_CLEAN = rx.lazy_re("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\u00a0\u00ad\u061c\u2000-\u200f"
                          "\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff]|  ")


# the three substitutions for ``re`` (each class lists its code points: the same characters): U+0002 → "-", then
# _INVISIBLE's and _CONTROLS' characters dropped in one pass, then _SPACES; regex took several times as long
# on a text that has something to clean (tests/test_speed_docx6_extract.py: the same characters and results)
_DROP_CHARS = ("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c" + "".join(map(chr, range(0x202A, 0x202F)))
               + "".join(map(chr, range(0x2066, 0x206A))) + "\x00\x01" + "".join(map(chr, range(0x03, 0x09)))
               + "\x0b\x0c" + "".join(map(chr, range(0x0E, 0x20))) + "\x7f")
_DROP = rx.lazy_re("[" + re.escape(_DROP_CHARS) + "]")
_SPACES_RE = rx.lazy_re(_SPACES.pattern)


def clean_text(s: str) -> str:
    """NFC, drop invisible characters, collapse runs of spaces, strip the ends."""
    s = unicodedata.normalize("NFC", s)
    if not _NEEDS_CLEAN.search(s):
        return s.strip()
    return _SPACES_RE.sub(" ", _DROP.sub("", s.replace("\x02", "-"))).strip()
