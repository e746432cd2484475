"""Legacy Vietnamese encodings (TCVN3, VNI, VISCII), mojibake repair and matching keys.

Stored text is never rewritten beyond the conversion itself; ``match_key`` is for comparing only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from cchc_parse.normalise.keys import fold_key, match_key

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
# The 134 Vietnamese letters: 67 lower case (a ă â e ê i o ô ơ u ư y with 5 tones, plus đ) + upper.
_TONELESS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
_LOWER = [unicodedata.normalize("NFC", v + t) for v in _TONELESS for t in _TONES] + ["đ"]
_LOWER_NON_ASCII = [c for c in _LOWER if ord(c) > 127]
VIETNAMESE_LETTERS: frozenset[str] = frozenset(_LOWER_NON_ASCII + [c.upper() for c in _LOWER_NON_ASCII])

# ---------------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993 VN3, ".VnTime" fonts). Byte value = Latin-1 code point of the surface char.
# Checked against glibc's TCVN5712-1 for the lower-case block (VN3 leaves its upper-case slots empty).
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_DEC: dict[int, str] = {b: u for b, u in _TCVN3_BYTES.items()}
# PDF producers render two TCVN3 glyphs with other code points: "n−íc" (U+2212 for 0xAD ư) and
# "x∙ héi" (U+2219 for 0xB7 ã).
_TCVN3_DEC[0x2212] = "ư"
_TCVN3_DEC[0x2219] = "ã"
_TCVN3_ENC: dict[int, str] = {}
for _b, _u in _TCVN3_BYTES.items():
    _TCVN3_ENC[ord(_u)] = chr(_b)
    if _u.islower() and _u.upper() != _u and ord(_u.upper()) not in _TCVN3_ENC:
        _TCVN3_ENC[ord(_u.upper())] = chr(_b)  # no upper-case toned letters in TCVN3: lower code


def tcvn3_to_unicode(s: str, upper: bool = False) -> str:
    """Convert TCVN3 surface text ("Céng hoµ") to Unicode ("Cộng hoà"); ``upper`` for .VnTimeH runs."""
    out = s.translate(_TCVN3_DEC)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


def unicode_to_tcvn3(s: str) -> str:
    """Unicode → TCVN3 surface text; upper-case toned letters fall back to the lower-case code."""
    return unicodedata.normalize("NFC", s).translate(_TCVN3_ENC)


# ---------------------------------------------------------------------------------------------
# VNI-Windows: base letter + mark character(s). Marks (lower / upper-case glyph variants):
_VNI_TONE = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
_VNI_CIRC = {"": "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
_VNI_BREVE = {"": "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
_VNI_SINGLE = {  # letters written as one character
    "đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö",
    "ì": "ì", "Ì": "Ì", "í": "í", "Í": "Í", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò",
}  # fmt: skip


@lru_cache(maxsize=1)
def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(unicode letter → VNI sequence, VNI sequence → unicode letter)."""
    enc: dict[str, str] = {}
    dec: dict[str, str] = {}
    for letter in _LOWER_NON_ASCII:
        for up in (False, True):
            uni = letter.upper() if up else letter
            if uni in _VNI_SINGLE:
                enc[uni] = _VNI_SINGLE[uni]
                dec[_VNI_SINGLE[uni]] = uni
                continue
            nfd = unicodedata.normalize("NFD", letter)
            base, marks = nfd[0], nfd[1:]
            tone = next((m for m in marks if m in _VNI_TONE), "")
            shape = marks.replace(tone, "")
            if base == "o" and shape == "\u031b":
                base_seq, tbl = "ô", _VNI_TONE  # ơ + tone
            elif base == "u" and shape == "\u031b":
                base_seq, tbl = "ö", _VNI_TONE
            elif shape == "\u0302":
                base_seq, tbl = base, _VNI_CIRC
            elif shape == "\u0306":
                base_seq, tbl = base, _VNI_BREVE
            else:
                base_seq, tbl = base, _VNI_TONE
            if tbl is _VNI_TONE:
                mark = _VNI_TONE[tone] if tone else ""
            else:
                mark = tbl[tone]
            bseq = base_seq.upper() if up else base_seq
            if not mark:
                enc[uni] = bseq
                dec.setdefault(bseq, uni)
                continue
            enc[uni] = bseq + (mark[1] if up else mark[0])
            for m in mark:  # accept either glyph variant of the mark after either case of base
                dec[bseq + m] = uni
    return enc, dec


_VNI_MARK_CHARS = "ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË"


@lru_cache(maxsize=1)
def _vni_regex() -> re.Pattern[str]:
    _, dec = _vni_tables()
    keys = sorted(dec, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def vni_to_unicode(s: str) -> str:
    """Convert VNI surface text ("Coäng hoøa") to Unicode ("Cộng hòa"), longest match first."""
    _, dec = _vni_tables()
    return unicodedata.normalize("NFC", _vni_regex().sub(lambda m: dec[m.group(0)], s))


def unicode_to_vni(s: str) -> str:
    """Unicode → VNI surface text (round-trip helper)."""
    enc, _ = _vni_tables()
    return "".join(enc.get(c, c) for c in unicodedata.normalize("NFC", s))


# ---------------------------------------------------------------------------------------------
# VISCII (RFC 1456), checked against glibc iconv.
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡưàáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
_VISCII_LOW = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII: dict[int, str] = {**_VISCII_LOW, **{0x80 + i: c for i, c in enumerate(_VISCII_HIGH)}}


def _to_bytes(s: str) -> bytes:
    """Surface string → the bytes it came from (Latin-1, with cp1252's 0x80–0x9F glyphs undone)."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if o < 256:
            out.append(o)
        else:
            try:
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                out += b"?"
    return bytes(out)


def viscii_to_unicode(b_or_s: bytes | str) -> str:
    """Decode VISCII bytes (or their Latin-1/cp1252 surface string) to Unicode."""
    data = _to_bytes(b_or_s) if isinstance(b_or_s, str) else bytes(b_or_s)
    return "".join(_VISCII.get(b, chr(b)) for b in data)


# ---------------------------------------------------------------------------------------------
# Fonts
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"[-,_ ]?(?:Bold|Italic|Oblique|Regular|Normal|Semibold|Light|Black)+$", re.I)


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


# ---------------------------------------------------------------------------------------------
# Vietnamese-ness and detection
_NUCLEI = (
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?:" + "|".join(_NUCLEI) + r")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")


def _strip_tone(word: str) -> tuple[str, int]:
    nfd = unicodedata.normalize("NFD", word)
    tones = sum(1 for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
    base = "".join(c for c in nfd if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", base), tones


def _is_syllable(word: str) -> bool:
    base, tones = _strip_tone(word.lower())
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str) -> tuple[int, int]:
    """(valid, invalid) counts over the words that carry a non-ASCII character."""
    good = bad = 0
    for tok in re.split(r"\s+", text):
        if tok.isascii():
            continue
        words = _WORD.findall(tok)
        if not words or len(words) > 1 or len(words[0]) < len(tok.strip(".,;:()[]\"'!?-–/")):
            bad += 1  # symbols glued inside the word: "Céng" → "C", "ng"
            continue
        if _is_syllable(words[0]):
            good += 1
        else:
            bad += 1
    return good, bad


def _quality(text: str) -> float:
    good, bad = vietnamese_score(text)
    return (good - 2 * bad) / max(1, good + bad) if good + bad else 0.0


def detect_legacy(s: str) -> str | None:
    """Guess "tcvn3" | "vni" | "mojibake" | None for text with no font information.

    Each candidate conversion is scored by how many non-ASCII words become valid Vietnamese
    syllables; a candidate wins only with a clear margin over the text as it is.
    """
    if not s or s.isascii():
        return None
    base_good, base_bad = vietnamese_score(s)
    if base_bad == 0:
        return None
    base_q = _quality(s)
    converted: dict[str, str] = {}
    fixed, name = repair_mojibake(s)
    if name:
        converted["mojibake"] = fixed
    converted["tcvn3"] = tcvn3_to_unicode(s)
    converted["vni"] = vni_to_unicode(s)
    order = {"mojibake": 3, "tcvn3": 2, "vni": 1}
    q, _, best = max((_quality(t), order[k], k) for k, t in converted.items())
    good, _bad = vietnamese_score(converted[best])
    if q >= 0.5 and q - base_q >= 0.5 and good >= 2 and good > base_good:
        return best
    return None


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
