"""Is a PDF page's text layer Vietnamese? A language check that finds broken text layers.

Broken layers seen in real files: phone-scanner OCR with a wrong glyph map ("BØ CÔNG AN CØNG HOÀ
XÃ HØI CHæ NGH(A VIÆT NAM"), fonts whose ToUnicode map was lost ("6Ӣ CÔNG 7+ѬѪ1*", "(cid:12)"),
English OCR laid over a Vietnamese scan ("ceNG HoA xA ngI cnu Ncnie"). Vietnamese text is made of
syllables that obey the orthography: onset + (medial) + nucleus + (coda), at most one tone mark,
only the acute or dot-below tone after a stop coda (-c -ch -p -t). A page whose words are mostly
not such syllables, or that carries no diacritic at all over a long text, is not Vietnamese text.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from cchc_parse.i18n import N_


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# tone marks (combining, after NFD); the vowel marks (breve, circumflex, horn) stay on the letter
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}
_ONSETS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
# rhymes without the medial o/u: nucleus + coda ("ương" in "trương", "iêng" in "tiếng")
_RHYMES = _words("""
a ac ach ai am an ang anh ao ap at au ay   ăc ăm ăn ăng ăp ăt   âc âm ân âng âp ât âu ây
e ec em en eng eo ep et   ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc   ô ôc ôi ôm ôn ông ôp ôt ôông   ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
""")
# rhymes only after the medial u: "khuya", "quỳnh", "huých", "huýt", "khuỷu", "huyn"
_U_ONLY = _words("ya ynh ych yt yu yn")
# rhymes after the medial o ("hoa", "hoặc", "khoẻ") and u ("huy", "tuyên", "quân", "thuở", "huế")
_AFTER_O = frozenset(r for r in _RHYMES if r[0] in "aăe")
_AFTER_U = frozenset(r for r in _RHYMES if r[0] in "âêơy") | _U_ONLY
_FRONT = "eêiy"  # c/g/ng before these are spelt k/gh/ngh (orthography)
_STOPS = ("c", "ch", "p", "t")
# glyphs no Vietnamese text has: "(cid:12)" (pdfminer's unmapped glyph), private use U+E000-U+F8FF,
# U+FFFD, Cyrillic and Armenian letters standing for Vietnamese ones ("6Ӣ CÔNG 7+ѬѪ1*")
_GARBAGE = regex.compile(r"\(cid:\d+\)|[\p{Co}\ufffd\p{Cyrillic}\p{Armenian}]")
# a token: what lies between spaces, with the punctuation that may surround a word taken off
_EDGE = "\"'()[]{}<>.,;:!?…“”\u2018\u2019«»*\u2013—-_/\\|" + "".join(map(chr, range(32)))
_SPLIT = regex.compile(r"[-/\u2013&.,;:]")  # "NĐ-CP", "V/v", "TT&TT", "TP.HCM", "v.v"
# the letters of Vietnamese words (and f j w z of names and loanwords); others are wrong glyphs
_LETTERS = frozenset("abcdđefghijklmnopqrstuvwxyzăâêôơư")
_VOWELS = frozenset("aeiouyăâêôơư")
# Roman numerals ("III", "IX", "iv") and all-capital ASCII abbreviations ("UBND", "USD", "ASEAN"):
# no evidence either way
_ROMAN = regex.compile(r"(?i)^(?=[mdclxvi])m*(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})$")
_ACRONYM = regex.compile(r"^[A-ZĐ]{2,8}$")


@functools.cache
def is_syllable(word: str) -> bool:
    """One Vietnamese syllable, in one case ("hoà", "Hoà", "HOÀ"): "ceNG", "Ncnie", "BØ" are not."""
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    base, tones = _strip_tones(word.lower())
    if len(tones) > 1:
        return False
    for onset in (*(o for o in _ONSETS if base.startswith(o)), ""):
        rest = base[len(onset):]
        if _rhyme_ok(onset, rest) and _spelling_ok(onset, rest):
            return not rest.endswith(_STOPS) or tones in (["acute"], ["dot"])
    return False


def _strip_tones(word: str) -> tuple[str, list[str]]:
    nfd = unicodedata.normalize("NFD", word)
    tones = [_TONES[c] for c in nfd if c in _TONES]
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES)), tones


def _rhyme_ok(onset: str, rest: str) -> bool:
    if rest in _RHYMES:
        return onset != "qu" or rest[0] != "u"
    if onset == "qu":
        return rest in _U_ONLY
    if rest[:1] == "o" and rest[1:] in _AFTER_O:
        return True
    return rest[:1] == "u" and rest[1:] in _AFTER_U


def _spelling_ok(onset: str, rest: str) -> bool:
    """c/k, g/gh, ng/ngh are chosen by the next letter: "ceng", "ngi", "ke" are misspellings."""
    front = rest[:1] in _FRONT
    if onset == "g":  # "gì", "gìn": the onset gi before i is written g
        return not front or rest.startswith("i")
    if onset in ("c", "ng"):
        return not front
    if onset in ("k", "gh", "ngh"):
        return front
    if onset == "gi":
        return not rest.startswith("i")
    return True


@dataclass(frozen=True, slots=True)
class LayerScore:
    """What a page's text says about its text layer: ``words`` counted, ``valid`` syllables among
    them, ``marked`` words with a Vietnamese diacritic, ``garbage`` unmapped or foreign glyphs."""

    words: int
    valid: int
    marked: int
    garbage: int

    @property
    def share(self) -> float:
        return self.valid / self.words if self.words else 1.0


# Measured on the 113 text pages of samples/pdf and ../shared/corpus: good pages 0.975-1.0 valid
# and >= 0.81 marked; broken ones (Adobe Scan glyph map, lost ToUnicode) <= 0.50 valid, <= 0.45
# marked; English OCR over a Vietnamese scan 0.63 valid, 0.31 marked.
MIN_WORDS = 15  # fewer counted words (a page of numbers, a stamp): no verdict
MIN_SHARE = 0.75  # valid syllables below this share of the words: not Vietnamese text
MIN_MARKED = 0.5  # a long page (>= LONG words) with diacritics on fewer words: not Vietnamese text
LONG = 40
MAX_GARBAGE = 10  # this many unmapped / foreign glyphs on a page


def score_text(text: str) -> LayerScore:
    """Score one page's text. Tokens with a digit ("PC04", "116/2021/NĐ-CP"), single letters and
    abbreviations without a vowel ("UBND", "TTg") are not counted; a token with a stray symbol or
    a letter outside the Vietnamese alphabet ("ng°Ýi", "NGH(A", "BØ", "L‡o") is one invalid word."""
    words = valid = marked = 0
    for tok in text.split():
        w, v, m = _token_score(tok)
        words += w
        valid += v
        marked += m
    return LayerScore(words, valid, marked, len(_GARBAGE.findall(text)))


@functools.lru_cache(maxsize=1 << 16)  # one look-up a token, not one for it and one per part
def _token_score(tok: str) -> tuple[int, int, int]:
    """(counted, valid, marked) summed over the parts of one whitespace-free token."""
    words = valid = marked = 0
    for part in _token_parts(tok):
        w, v, m = _part_score(part)
        words += w
        valid += v
        marked += m
    return words, valid, marked


@functools.lru_cache(maxsize=1 << 16)  # a page repeats its syllables: each is judged once
def _part_score(part: str) -> tuple[int, int, int]:
    """(counted, valid, marked) for one part of a token."""
    base = _strip_tones(part.lower())[0]
    if not part.isalpha() or not set(base) <= _LETTERS:
        return 1, 0, 0  # "ng°Ýi", "NGH(A", "BØ", "L‡o"
    if len(part) < 2 or not _VOWELS & set(base) or _ROMAN.match(part):
        return 0, 0, 0  # "a)", "TTg", "III"
    ok = is_syllable(part)
    if not ok and _ACRONYM.match(part):
        return 0, 0, 0
    return 1, int(ok), int(not part.isascii())


@functools.lru_cache(maxsize=1 << 16)
def _token_parts(tok: str) -> tuple[str, ...]:
    """The parts of one whitespace-free token that are scored: none of an e-mail or web address
    (ttcbth@quangngai.gov.vn, https://dichvucong.gov.vn), none with a digit."""
    if "@" in tok or "://" in tok or tok.startswith("www."):
        return ()
    parts = (unicodedata.normalize("NFC", part.strip(_EDGE)) for part in _SPLIT.split(tok))
    return tuple(part for part in parts if part and not any(c.isdigit() for c in part))


def is_broken(s: LayerScore) -> bool:
    """The verdict on a page: its text layer is not Vietnamese text."""
    if s.garbage >= MAX_GARBAGE:
        return True
    if s.words < MIN_WORDS:
        return False
    return s.share < MIN_SHARE or (s.words >= LONG and s.marked < MIN_MARKED * s.words)


def broken_pages(pages: Iterable[tuple[int, str]]) -> list[int]:
    """Numbers of the pages (number, text) whose text layer is broken."""
    return [no for no, text in pages if is_broken(score_text(text))]


def broken_message(pages: str) -> str:
    """The error for a PDF whose pages ``pages`` ("1, 3-5") have a broken text layer."""
    return BROKEN_REASON.format(pages=pages)  # English, as every error reason: shown translated (error_text)


BROKEN_REASON = N_("the text layer of page(s) {pages} is not Vietnamese text (wrong glyph map, lost Unicode map "
                   "or a foreign OCR layer); run with --ocr to read them by OCR")
