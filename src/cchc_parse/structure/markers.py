"""Numbering markers: recognisers tried in order, first match wins (Phần / I. / 1. / 1.1. / a) / - / +)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from cchc_parse import rx
from cchc_parse.extract.blocks import Line
from cchc_parse.structure import patterns as P


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str  # part | article | roman | decimal | paren | paren_roman | letter | upper_letter | bullet
    key: str  # the label's own value, for ids: "II", "1.2", "a", "đ", "-"
    value: int  # ordinal within its sequence (roman 2, letter index, last decimal part); 0 for bullets
    label: str  # as displayed: "II.", "1.2.", "a)", "-"
    rest: str  # the text after the label
    auto: bool = False  # produced by Word's automatic numbering

    @property
    def scheme(self) -> str:
        """Markers of one scheme are siblings; decimal depth and bullet char make separate schemes."""
        if self.kind == "decimal":
            return f"decimal{self.key.count('.') + 1}"
        if self.kind == "bullet":
            return f"bullet{self.key}"
        return self.kind


def roman_value(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = P.ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if 0 < total < 90 and to_roman(total) == s.upper() else None


def to_roman(n: int) -> str:
    out = []
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def letter_value(ch: str) -> int:
    ch = ch.lower()
    idx = P.VN_LETTERS.find(ch)
    return idx + 1 if idx >= 0 else ord(ch) - ord("a") + 1


_SPELLED = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
            "mười": 10}


def _part(t: str) -> Marker | None:
    m = P.PART.match(t)
    if not m:
        return None
    num = m["num"]
    val = roman_value(num) or (int(num) if num.isdigit() else _SPELLED.get(num.split()[-1].lower(), 0))
    label = f"{m['word'].capitalize()} {num}"
    return Marker("part", label, val, label, m["rest"].strip())


def _article(t: str) -> Marker | None:
    m = P.ARTICLE.match(t)
    if not m:
        return None
    sep = t[m.end("num"):m.start("rest")].strip()
    return Marker("article", f"Điều {m['num']}", int(m["num"]), f"Điều {m['num']}{sep}", m["rest"].strip())


def _roman(t: str) -> Marker | None:
    m = P.ROMAN.match(t)
    if not m:
        return None
    val = roman_value(m["num"])
    if val is None:
        return None
    sep = t[m.end("num"):m.start("rest")].strip()
    return Marker("roman", m["num"], val, f"{m['num']}{sep}", m["rest"].strip())


def _decimal(t: str) -> Marker | None:
    m = P.DECIMAL.match(t)
    if not m:
        return None
    num = m["num"] or m["num1"]
    rest = (m["rest"] or m["rest1"]).strip()
    parts = [int(x) for x in num.split(".")]
    if parts[0] == 0 or rest[:1] in "%/":
        return None
    label = num + ("." if t[m.end("num" if m["num"] else "num1"):].lstrip()[:1] == "." or "." not in num else "")
    return Marker("decimal", num, parts[-1], label, rest)


def _paren(t: str) -> Marker | None:
    m = P.PAREN_NUM.match(t)
    if not m:
        return None
    key = f"({m['num']})"
    return Marker("paren", key, int(m["num"]), key + _after(t, m), m["rest"].strip())


def _paren_roman(t: str) -> Marker | None:
    m = P.PAREN_ROMAN.match(t)
    if not m:
        return None
    key = f"({m['num']})"
    return Marker("paren_roman", key, roman_value(m["num"]) or 0, key + _after(t, m), m["rest"].strip())


def _after(t: str, m: regex.Match[str]) -> str:
    """The punctuation typed after a parenthesised label: "." in "(1). …", "" in "(1) …"."""
    return t[m.end("num") + 1:m.start("rest")].strip()


def _letter(t: str) -> Marker | None:
    m = P.LETTER.match(t)
    if not m:
        return None
    ch = m["num"]
    sep = t[m.end("num"):m.start("rest")].strip()
    return Marker("letter", ch, letter_value(ch), f"{ch}{sep}", m["rest"].strip())


_UPPER_RUN = rx.lazy(r"[^\p{Ll}(]*")  # "CHÁNH VĂN PHÒNG " of "CHÁNH VĂN PHÒNG (chữ ký) Họ và tên"


def _upper_letter(t: str) -> Marker | None:
    m = P.UPPER_LETTER.match(t)
    if not m:
        return None
    ch = m["num"]
    run = _UPPER_RUN.match(m["rest"])  # always matches (possibly empty)
    if ch == "Q" and run and P.AUTHORITY_LINE.match(run[0]):
        return None  # "Q. CHÁNH VĂN PHÒNG (chữ ký)": the signer prefix "quyền", not a point "Q."
    return Marker("upper_letter", ch, letter_value(ch), f"{ch}.", m["rest"].strip())


def _bullet(t: str) -> Marker | None:
    m = P.BULLET.match(t)
    if not m:
        return None
    ch = m["num"]
    key = "+" if ch == "+" else ("•" if ch in "•*▪◦●" else "-")
    return Marker("bullet", key, 0, ch, m["rest"].strip())


RECOGNISERS: list[tuple[str, Callable[[str], Marker | None]]] = [
    ("part", _part),  # "PHẦN I", "Phần thứ nhất"
    ("article", _article),  # "Điều 1. Phạm vi"
    ("roman", _roman),  # "II. NỘI DUNG TRIỂN KHAI"
    ("decimal", _decimal),  # "1. Mục đích", "2.1. …"
    ("paren", _paren),  # "(1) …", "(1). …"
    ("paren_roman", _paren_roman),  # "(i). …", "(ii) …"
    ("letter", _letter),  # "a) …", "đ) …"
    ("upper_letter", _upper_letter),  # "A. PHẦN MỞ ĐẦU"
    ("bullet", _bullet),  # "- …", "+ …"
]


# the first character each recogniser's pattern can start with after the leading white space (None: any);
# a recogniser whose character is not the text's first is not tried (regex's \s is within str.isspace)
_FIRST: dict[str, str | None] = {
    "part": "PC", "article": "Đ", "roman": "IVXL", "decimal": "0123456789", "paren": "(", "paren_roman": "(",
    "letter": "abcdefghijklmnopqrstuvwxyzđ", "upper_letter": "ABCDEFGHKLMNOPQRSTUĐ", "bullet": "-+•*▪◦●–—‐‑−",
}
# recognisers whose pattern can also start with a character past ASCII not listed (decimal's \d: any decimal
# digit, "٣" too): tried on every text that starts past ASCII, told apart from an ASCII one by its listed digits
_WIDE = frozenset({"decimal"})


_WORD_CHAR = rx.lazy(r"\w")  # compiled once, not looked up in regex's cache at every call


@lru_cache(maxsize=8192)
def match_text(text: str) -> Marker | None:
    first = text.lstrip()[:1]
    if not first:
        return None  # every marker has a character that is not white space
    for name, rec in RECOGNISERS:
        chars = _FIRST[name]
        if chars is not None and first not in chars and (name not in _WIDE or first.isascii()):
            continue
        m = rec(text)
        if m is not None:
            return m
    return None


def match_marker(line: Line) -> Marker | None:
    """The numbering marker of a line: Word's automatic label if it has one, else the typed label."""
    if line.label:
        lab = line.label.strip()
        m = match_text(f"{lab} {line.text}" if line.text else f"{lab} x")
        if m is not None:
            rest = line.text.strip()
            return Marker(m.kind, m.key, m.value, lab, rest, auto=True)
        return Marker("bullet", "-", 0, lab, line.text.strip(), auto=True) if not _WORD_CHAR.search(lab) else None
    return match_text(line.text) if line.text else None
