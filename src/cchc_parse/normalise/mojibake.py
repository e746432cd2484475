"""Mojibake repair: UTF-8 bytes that were decoded as cp1252 or Mac Roman ("Ã¡" for "á")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from cchc_parse.normalise.codepages import VIETNAMESE_LETTERS

# ---------------------------------------------------------------------------------------------
# Mojibake (UTF-8 bytes decoded as cp1252 or Mac Roman)
_MOJIBAKE_TELLS = re.compile(r"[ÃÄÆáâ»º¼½¾¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹ÅËÌÍÎÏ√∫ª·‚ƒ„…†‡ˆ‰Š‹ŒŽ''""•–—˜™š›œžŸ]")
_SPLIT_WS = re.compile(r"([ \t\r\n]+)")


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


_REPAIRS: tuple[tuple[str, Callable[[str], bytes | None]], ...] = (
    ("utf8-as-cp1252", _cp1252_bytes),
    ("utf8-as-macroman", _macroman_bytes),
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
    for name, fn in _REPAIRS:
        parts = _SPLIT_WS.split(s)
        changed = 0
        for i in range(0, len(parts), 2):
            fixed = _repair_token(parts[i], fn)
            if fixed is not None:
                parts[i] = fixed
                changed += 1
        if changed > best[0]:
            best = (changed, "".join(parts), name)
    return best[1], best[2]
