"""Mojibake repair: UTF-8 bytes that were decoded as cp1252 or Mac Roman ("Ã¡" for "á")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from cchc_parse import rx
from cchc_parse.normalise.codepages import VIETNAMESE_LETTERS

# ---------------------------------------------------------------------------------------------
# Mojibake (UTF-8 bytes decoded as cp1252 or Mac Roman)
_MOJIBAKE_TELLS = rx.lazy_re(r"[ÃÄÆáâ»º¼½¾¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹ÅËÌÍÎÏ√∫ª·‚ƒ„…†‡ˆ‰Š‹ŒŽ''""•–—˜™š›œžŸ]")


def _cp1252_bytes(token: str) -> bytes | None:
    out = bytearray()
    for ch in token:
        o = ord(ch)
        if o < 128 or 0xA0 <= o < 256 or 0x80 <= o < 0xA0:
            out.append(o)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _macroman_bytes(token: str) -> bytes | None:
    try:
        return token.encode("mac_roman")
    except UnicodeEncodeError:
        return None


def _chars_of(codec: str, lo: int, hi: int) -> str:
    """The characters that ``codec``'s repair turns into one byte in lo..hi (one char = one byte)."""
    if codec == "mac_roman":
        return bytes(range(lo, hi + 1)).decode("mac_roman")
    # _cp1252_bytes: U+0080–U+00FF are their own byte, cp1252's specials (€ ‚ … “ ”) bytes 80–9F
    specials = [c for c in bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore") if c != "\ufffd"]
    return "".join(chr(o) for o in range(lo, hi + 1)) + "".join(
        c for c in specials if lo <= c.encode("cp1252")[0] <= hi)


def _token_with_pair(codec: str) -> str:
    """A whitespace-delimited token holding a UTF-8 lead byte (C2–F4) followed by a continuation byte
    (80–BF) once mapped to bytes: only such a token can decode as UTF-8 to something else, so the
    others are never tried. The look-behind starts a match only at a token's start (linear time)."""
    lead = "".join(re.escape(c) for c in _chars_of(codec, 0xC2, 0xF4))
    cont = "".join(re.escape(c) for c in _chars_of(codec, 0x80, 0xBF))
    return rf"(?<![^ \t\r\n])[^ \t\r\n]*?[{lead}][{cont}][^ \t\r\n]*"


_REPAIRS: tuple[tuple[str, Callable[[str], bytes | None], re.Pattern[str]], ...] = (
    ("utf8-as-cp1252", _cp1252_bytes, rx.lazy_re(_token_with_pair("cp1252"))),
    ("utf8-as-macroman", _macroman_bytes, rx.lazy_re(_token_with_pair("mac_roman"))),
)


def _repair_token(token: str, to_bytes: Callable[[str], bytes | None]) -> str | None:
    if token.isascii():
        return None
    data = to_bytes(token)
    if data is None:
        return None
    try:
        fixed = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if fixed == token or not any(c in VIETNAMESE_LETTERS or ord(c) > 0x2000 for c in fixed):
        return None
    return unicodedata.normalize("NFC", fixed)


def repair_mojibake(s: str) -> tuple[str, str | None]:
    """Repair UTF-8 text that was read as cp1252 ("Cá»™ng hÃ²a") or Mac Roman ("C·ªông h√≤a").

    Returns (text, name of the repair) or (s, None) when nothing needed repairing. Repairs word by
    word, so correct Vietnamese (which never re-encodes to valid UTF-8) is left alone.
    """
    if s.isascii():
        return s, None
    best: tuple[int, str, str | None] = (0, s, None)
    for name, fn, candidates in _REPAIRS:
        changed, text = _repair_tokens(s, fn, candidates)
        if changed > best[0]:
            best = (changed, text, name)
    return best[1], best[2]


def _repair_tokens(s: str, fn: Callable[[str], bytes | None], candidates: re.Pattern[str]) -> tuple[int, str]:
    """(tokens repaired, text): each candidate token replaced by its repair where it has one."""
    changed = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        fixed = _repair_token(m.group(0), fn)
        if fixed is None:
            return m.group(0)
        changed += 1
        return fixed

    text = candidates.sub(fix, s)
    return changed, text
