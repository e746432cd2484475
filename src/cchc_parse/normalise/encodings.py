"""Legacy Vietnamese encodings (TCVN3, VNI, VISCII), mojibake repair and matching keys.

Stored text is never rewritten beyond the conversion itself; ``match_key`` is for comparing only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from cchc_parse import rx
from cchc_parse.normalise.codepages import (
    VIETNAMESE_LETTERS,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    viscii_to_unicode,
    vni_to_unicode,
)
from cchc_parse.normalise.keys import fold_key, match_key
from cchc_parse.normalise.mojibake import repair_mojibake

__all__ = [
    "VIETNAMESE_LETTERS",
    "convert_run",
    "decode_text_bytes",
    "detect_legacy",
    "fold_key",
    "font_encoding",
    "match_key",
    "repair_mojibake",
    "tcvn3_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vietnamese_score",
    "viscii_to_unicode",
    "vni_to_unicode",
]


# ---------------------------------------------------------------------------------------------
# Fonts
_SUBSET = rx.lazy_re(r"^[A-Z]{6}\+")
_STYLE = rx.lazy_re(r"[-,_ ]?(?:Bold|Italic|Oblique|Regular|Normal|Semibold|Light|Black)+$", re.I)


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """Font name → ("tcvn3" | "vni" | None, is_upper_variant). ".VnTimeH" → ("tcvn3", True)."""
    if not font:
        return None, False
    name = _SUBSET.sub("", font.strip()).lstrip(".")
    if name.upper().startswith("VNI"):
        return "vni", False
    if name.startswith("Vn") and len(name) > 2 and name[2].isupper():
        core = name
        while True:
            stripped = _STYLE.sub("", core)
            if stripped == core:
                break
            core = stripped
        return "tcvn3", core.endswith("H")
    return None, False


def convert_run(text: str, font: str | None) -> str:
    """Convert one text run set in a legacy font; any other font returns the text unchanged."""
    enc, upper = font_encoding(font)
    if enc == "tcvn3":
        return tcvn3_to_unicode(text, upper=upper)
    if enc == "vni":
        return vni_to_unicode(text)
    return text



# ---------------------------------------------------------------------------------------------
# Vietnamese-ness and detection
_NUCLEI = ["iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu", "ai",
           "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi",
           "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "a", "ă", "â", "e", "ê",
           "i", "o", "ô", "ơ", "u", "ư", "y"]
_SYLLABLE = rx.lazy_re(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?:" + "|".join(_NUCLEI) + r")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = rx.lazy_re(r"[^\W\d_]+")


def _strip_tone(word: str) -> tuple[str, int]:
    nfd = unicodedata.normalize("NFD", word)
    tones = sum(1 for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
    base = "".join(c for c in nfd if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", base), tones


@lru_cache(maxsize=1 << 16)  # a text uses a few thousand distinct syllables: 10x faster on big files
def _is_syllable(word: str) -> bool:
    base, tones = _strip_tone(word.lower())
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


@lru_cache(maxsize=1 << 16)
def _word_is_valid(tok: str) -> bool:
    """A non-ASCII whitespace-delimited token: one Vietnamese syllable, punctuation around it at most."""
    words = _WORD.findall(tok)
    if not words or len(words) > 1 or len(words[0]) < len(tok.strip(".,;:()[]\"'!?-–/")):
        return False  # symbols glued inside the word: "Céng" → "C", "ng"
    return _is_syllable(words[0])


def vietnamese_score(text: str) -> tuple[int, int]:
    """(valid, invalid) counts over the words that carry a non-ASCII character."""
    # each distinct token is judged once (a text repeats its words; detection scores 4 variants of it);
    # str.split() splits on exactly the characters re's ``\s`` matches (tests/normalise/test_fast_paths.py)
    good = bad = 0
    for tok, n in Counter(text.split()).items():
        if tok.isascii():
            continue
        if _word_is_valid(tok):
            good += n
        else:
            bad += n
    return good, bad


def _quality_of(score: tuple[int, int]) -> float:
    good, bad = score
    return (good - 2 * bad) / max(1, good + bad) if good + bad else 0.0


def _quality(text: str) -> float:
    return _quality_of(vietnamese_score(text))


def detect_legacy(s: str) -> str | None:
    """Guess "tcvn3" | "vni" | "mojibake" | None for text with no font information.

    Each candidate conversion is scored by how many non-ASCII words become valid Vietnamese
    syllables; a candidate wins only with a clear margin over the text as it is.
    """
    if not s or s.isascii():
        return None
    s = _sample(s)
    base = vietnamese_score(s)
    if base[1] == 0:
        return None
    base_q = _quality_of(base)
    if base_q > 0.5:  # a winner needs q - base_q >= 0.5 and no quality exceeds 1: none can win
        return None
    converted: dict[str, str] = {}
    fixed, name = repair_mojibake(s)
    if name:
        converted["mojibake"] = fixed
    converted["tcvn3"] = tcvn3_to_unicode(s)
    converted["vni"] = vni_to_unicode(s)
    order = {"mojibake": 3, "tcvn3": 2, "vni": 1}
    scores = {k: vietnamese_score(t) for k, t in converted.items()}  # each variant scored once
    q, _, best = max((_quality_of(scores[k]), order[k], k) for k in converted)
    good = scores[best][0]
    if q >= 0.5 and q - base_q >= 0.5 and good >= 2 and good > base[0]:
        return best
    return None


DETECT_SAMPLE = 400_000  # characters scored by detect_legacy; a longer text is sampled line by line


def _sample(s: str) -> str:
    """``s``, or every k-th line of it when it is longer than DETECT_SAMPLE (a 50 MB text is scored
    on an even spread of its lines, not on all of them: the detection is 5 passes over the text)."""
    if len(s) <= DETECT_SAMPLE:
        return s
    lines = s.split("\n")
    step = -(-len(s) // DETECT_SAMPLE)
    return "\n".join(lines[::step])


_CONVERTERS: dict[str, Callable[[str], str]] = {
    "tcvn3": tcvn3_to_unicode,
    "vni": vni_to_unicode,
    "mojibake": lambda t: repair_mojibake(t)[0],
}


def _convert_lines(text: str, kind: str) -> tuple[str, int]:
    """Convert line by line, keeping lines that the conversion would not improve."""
    conv = _CONVERTERS[kind]
    out: list[str] = []
    n = 0
    for line in text.split("\n"):
        new = conv(line)
        if new != line and _quality(new) > _quality(line):
            out.append(new)
            n += 1
        else:
            out.append(line)
    return "\n".join(out), n


_NAMES = {"tcvn3": "TCVN3", "vni": "VNI", "mojibake": "mojibake (UTF-8 read as a legacy code page)"}


def decode_text_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a .txt file's bytes: (text NFC, encoding name, notes on what was converted).

    BOM UTF-8/UTF-16 first, then strict UTF-8 (with mojibake/legacy-surface repair per line),
    else the best-scoring of cp1258, TCVN3, VNI and VISCII byte decodings.
    """
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _decode_legacy_bytes(data)
            notes.append(f"decoded as {enc}: the file is not UTF-8")
    text = unicodedata.normalize("NFC", text)
    if enc.startswith(("utf-8", "utf-16")):
        kind = detect_legacy(text)
        if kind:
            text, n = _convert_lines(text, kind)
            if n:
                notes.append(f"converted {n} line(s) from {_NAMES[kind]} to Unicode")
    return text, enc, notes


def _decode_legacy_bytes(data: bytes) -> tuple[str, str]:
    latin = data.decode("latin-1")
    cands: list[tuple[float, str, str]] = []
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    cands.append((_quality(cp1258), "cp1258", cp1258))
    cands.append((_quality(tcvn3_to_unicode(latin)), "tcvn3", tcvn3_to_unicode(latin)))
    cp1252 = data.decode("cp1252", errors="replace")
    cands.append((_quality(vni_to_unicode(cp1252)), "vni", vni_to_unicode(cp1252)))
    viscii = viscii_to_unicode(data)
    cands.append((_quality(viscii), "viscii", viscii))
    q, enc, text = max(cands, key=lambda c: (c[0], c[1] == "cp1258"))
    if q <= _quality(cp1258) + 0.05:  # prefer the standard code page unless another is clearly better
        return cp1258, "cp1258"
    return text, enc
