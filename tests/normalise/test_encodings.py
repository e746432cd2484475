"""Legacy encodings, mojibake, detection, .txt decoding and match keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.normalise.encodings import (
    VIETNAMESE_LETTERS,
    convert_run,
    decode_text_bytes,
    detect_legacy,
    fold_key,
    font_encoding,
    match_key,
    repair_mojibake,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    viscii_to_unicode,
    vni_to_unicode,
)

QH = "Cộng hoà xã hội chủ nghĩa Việt Nam"
TN = "Độc lập - Tự do - Hạnh phúc"
LOWER = sorted(c for c in VIETNAMESE_LETTERS if c.islower())
UPPER = sorted(c for c in VIETNAMESE_LETTERS if c.isupper())


def test_letter_inventory() -> None:
    # 134 non-ASCII letters: 12 vowels × 6 tones + đ = 73 lower, minus ASCII a e i o u y = 67; × 2 cases
    assert len(LOWER) == 67 and len(UPPER) == 67


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", QH),
        ("§éc lËp - Tù do - H¹nh phóc", TN),
        ("n−íc", "nước"),  # U+2212 stands for 0xAD in PDF text (nhnn-tt01-2006-tcvn3.pdf)
        ("n\u00adíc", "nước"),
        ("x∙ héi", "xã hội"),
        ("ng©n hµng nhµ n−íc", "ngân hàng nhà nước"),
        ("Sè : 01/2006/TT-NHNN", "Số : 01/2006/TT-NHNN"),
        ("Q§-TTg", "QĐ-TTg"),
        ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),
    ],
)
def test_tcvn3_to_unicode(raw: str, expected: str) -> None:
    assert tcvn3_to_unicode(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", TN),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Chi phí cheát vì", "Chi phí chết vì"),  # ì and í are themselves in VNI
        ("ñòa phöông", "địa phương"),
        ("aú aü", "ẳ ẵ"),
        ("Aùp duïng", "Áp dụng"),  # title case: upper base, lower mark
    ],
)
def test_vni_to_unicode(raw: str, expected: str) -> None:
    assert vni_to_unicode(raw) == expected


@pytest.mark.parametrize(
    "text, font, expected",
    [
        ("Céng hoµ", ".VnTime", "Cộng hoà"),
        ("Céng hoµ", "ABCDEF+.VnTime", "Cộng hoà"),
        ("Céng hoµ", "FBHPEM+VnTime", "Cộng hoà"),  # pdfplumber drops the dot
        ("kÕ ho¹ch", ".VnTimeH", "KẾ HOẠCH"),
        ("kÕ ho¹ch", "FBHPFO+VnTimeHBold", "KẾ HOẠCH"),
        ("kÕ ho¹ch", ".VnArialH", "KẾ HOẠCH"),
        ("ViÖt", ".VnTimeBold", "Việt"),
        ("Vieät Nam", "VNI-Times", "Việt Nam"),
        ("Vieät Nam", "ABCDEF+VNI-Helve-Bold", "Việt Nam"),
        ("Céng hoµ", "Times New Roman", "Céng hoµ"),
        ("Céng hoµ", None, "Céng hoµ"),
    ],
)
def test_convert_run(text: str, font: str | None, expected: str) -> None:
    assert convert_run(text, font) == expected


@pytest.mark.parametrize(
    "font, expected",
    [(".VnTime", ("tcvn3", False)), (".VnTimeH", ("tcvn3", True)), ("VnTimeHItalic", ("tcvn3", True)),
     ("VNI-Times", ("vni", False)), ("Arial", (None, False)), ("Vnexpress", (None, False))],
)
def test_font_encoding(font: str, expected: tuple[str | None, bool]) -> None:
    assert font_encoding(font) == expected


@pytest.mark.parametrize("letter", [*LOWER, "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_tcvn3_round_trip_each_letter(letter: str) -> None:
    assert len(unicode_to_tcvn3(letter)) == 1
    assert tcvn3_to_unicode(unicode_to_tcvn3(letter)) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_upper_letters_need_h_font(letter: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(letter), upper=True) == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip_each_letter(letter: str) -> None:
    assert vni_to_unicode(unicode_to_vni(letter)) == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_viscii_each_letter(letter: str) -> None:
    table = {viscii_to_unicode(bytes([b])): b for b in [*range(0x80, 0x100), 2, 5, 6, 0x14, 0x19, 0x1E]}
    assert letter in table


def test_viscii_phrase() -> None:
    data = bytes([0x43, 0x93 + 0x22, 0x6E, 0x67])  # C ộ n g  (0xB5 = ộ)
    assert viscii_to_unicode(data) == "Cộng"
    assert viscii_to_unicode(data.decode("latin-1")) == "Cộng"


_VIET_TEXT = st.text(
    alphabet=st.sampled_from(LOWER + UPPER + list("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY 0123456789.,;:-/()")),
    max_size=60,
)
_TCVN3_SAFE = st.text(
    alphabet=st.sampled_from(LOWER + list("ĂÂÊÔƠƯĐabcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY 0123456789.,;:-/()")),
    max_size=60,
)


@given(_TCVN3_SAFE)
def test_tcvn3_round_trip(text: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


@given(_VIET_TEXT)
def test_tcvn3_round_trip_upper(text: str) -> None:
    up = text.upper()
    assert tcvn3_to_unicode(unicode_to_tcvn3(up), upper=True) == up


@given(_VIET_TEXT)
def test_vni_round_trip(text: str) -> None:
    assert vni_to_unicode(unicode_to_vni(text)) == text


@pytest.mark.parametrize(
    "raw, expected, name",
    [
        ("Cá»™ng hÃ²a xÃ£ há»™i chá»§ nghÄ©a Viá»‡t Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "utf8-as-cp1252"),
        ("C·ªông h√≤a x√£ h·ªôi", "Cộng hòa xã hội", "utf8-as-macroman"),
        ("Tr√≠ch xu·∫•t", "Trích xuất", "utf8-as-macroman"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", None),
        ("Hà Nội, ngày 05 tháng 3 năm 2024", "Hà Nội, ngày 05 tháng 3 năm 2024", None),
        ("café résumé", "café résumé", None),
        ("plain ascii", "plain ascii", None),
    ],
)
def test_repair_mojibake(raw: str, expected: str, name: str | None) -> None:
    assert repair_mojibake(raw) == (expected, name)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3"),
        ("§éc lËp - Tù do - H¹nh phóc", "tcvn3"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni"),
        ("Cá»™ng hÃ²a xÃ£ há»™i chá»§ nghÄ©a", "mojibake"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", None),
        ("Độc lập - Tự do - Hạnh phúc", None),
        ("Quý II/2023; Cả năm; Thường xuyên", None),
        ("café naïve résumé", None),
        ("", None),
        ("ASCII only", None),
    ],
)
def test_detect_legacy(text: str, expected: str | None) -> None:
    assert detect_legacy(text) == expected


def _cp1258(s: str) -> bytes:
    """Encode as Windows-1258 does: base letters with shapes precomposed, tones combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", s):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            tone = next(c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", nfd.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


PHRASE = f"{QH}\n{TN}\nKế hoạch cải cách hành chính năm 2023 của Sở Nội vụ"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (PHRASE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + PHRASE.encode("utf-8"), "utf-8-sig"),
        (PHRASE.encode("utf-16"), "utf-16"),
        (_cp1258(PHRASE), "cp1258"),
        (unicode_to_tcvn3(PHRASE).encode("latin-1"), "tcvn3"),
        (unicode_to_vni(PHRASE).encode("cp1252"), "vni"),
    ],
)
def test_decode_text_bytes(data: bytes, encoding: str) -> None:
    text, enc, _notes = decode_text_bytes(data)
    assert (text, enc) == (PHRASE, encoding)


def test_decode_text_bytes_viscii() -> None:
    inv = {viscii_to_unicode(bytes([b])): b for b in range(256)}
    data = bytes(inv.get(c, ord(c)) for c in PHRASE)
    assert decode_text_bytes(data)[:2] == (PHRASE, "viscii")


def test_decode_text_bytes_repairs_mojibake_lines() -> None:
    bad = "Cộng hòa xã hội chủ nghĩa Việt Nam".encode().decode("cp1252", errors="replace")
    data = ("Độc lập - Tự do - Hạnh phúc\n" + bad).encode("utf-8")
    text, enc, notes = decode_text_bytes(data)
    assert text == "Độc lập - Tự do - Hạnh phúc\nCộng hòa xã hội chủ nghĩa Việt Nam"
    assert enc == "utf-8" and notes and "1 line" in notes[0]


def test_decode_text_bytes_tcvn3_surface_in_utf8() -> None:
    data = ("Ghi chú\nCéng hoµ x· héi chñ nghÜa ViÖt Nam").encode()
    text, _enc, notes = decode_text_bytes(data)
    assert text == "Ghi chú\n" + QH and "TCVN3" in notes[0]


@pytest.mark.parametrize(
    "a, b",
    [
        ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("tuỳ", "tùy"), ("Hoá", "hóa"),
        ("CỘNG HOÀ", "Cộng hòa"), ("Khánh Hoà", "khánh hòa"), ("Ðắk Lắk", "Đắk Lắk"),
        ("Thanh Hoá", "Thanh Hóa"), ("uỷ ban", "ủy ban"), ("Quý", "quý"), ("hoạ", "họa"),
    ],
)
def test_match_key_equal(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(
    "a, b",
    [("hòa", "hoa"), ("quý", "quỳ"), ("Đắk", "Dak"), ("thủy", "thuy"), ("hoàn", "hoan")],
)
def test_match_key_differs(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


@pytest.mark.parametrize(
    "text, expected",
    [("Bà Rịa – Vũng Tàu", "ba ria vung tau"), ("Đắk Lắk", "dak lak"), ("Sở TT&TT", "so tt tt")],
)
def test_fold_key(text: str, expected: str) -> None:
    assert fold_key(text) == expected


@settings(max_examples=200)
@given(st.text())
def test_never_raises(text: str) -> None:
    for fn in (tcvn3_to_unicode, vni_to_unicode, unicode_to_tcvn3, unicode_to_vni, viscii_to_unicode,
               match_key, fold_key, detect_legacy, repair_mojibake):
        fn(text)
    convert_run(text, ".VnTimeH")
    decode_text_bytes(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=200)
@given(st.binary())
def test_decode_never_raises(data: bytes) -> None:
    text, enc, notes = decode_text_bytes(data)
    assert isinstance(text, str) and enc and isinstance(notes, list)
