"""The legacy Vietnamese code pages, both ways: TCVN3 (".VnTime" fonts), VNI-Windows and VISCII,
and the set of Vietnamese letters. Checked against glibc iconv where it has them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
            mark = (_VNI_TONE[tone] if tone else "") if tbl is _VNI_TONE else tbl[tone]
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
