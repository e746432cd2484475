"""numbering.xml → the labels Word displays ("I.", "1.2.", "a)", "-"), counted in document order.

Covers abstractNum/num instances, numFmt, multi-level lvlText ("%1.%2."), start, lvlOverride
(startOverride and whole-level overrides), lvlRestart (and the default rule that a level restarts
when a higher level advances), isLgl, numStyleLink, and numbering carried by paragraph styles.
numId 0 switches numbering off. Bullets render as "-" ("+" when the bullet text is "+").

Letters follow Word, not the Vietnamese alphabet: lowerLetter goes a, b, c, d, e, f, … (Word shows
"e)" where a typist would write "đ)"), and after z comes aa, bb, ….
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex
from lxml import etree

from cchc_parse.extract.docx.styles import Styles

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PLACEHOLDER = regex.compile(r"%([1-9])")
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
NLEVELS = 9
MAX_START = 32767  # the largest start Word accepts; 4e10 in lowerLetter is "a" repeated 1.5e9 times
MAX_LETTERS = 780  # lowerLetter after "zzz…z" (30 letters) is written as a number
MAX_LVLTEXT = 255  # characters of a level's text ("%1.%2."): Word's own limit


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 0  # ECMA-376: an omitted w:start means 0
    fmt: str = "decimal"
    text: str | None = None  # lvlText; None when absent
    restart: int | None = None  # lvlRestart: None = restart after any higher level, 0 = never
    is_lgl: bool = False
    pstyle: str | None = None
    custom: str | None = None  # w:format of numFmt="custom" ("01, 02, 03, ...")


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa, bb, … zz, aaa (English alphabet, f/j/w included)."""
    if n <= 0 or n > MAX_LETTERS:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str, custom: str | None = None) -> str:
    """One counter value in a numFmt."""
    if fmt == "decimal":
        return str(n)
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "none":
        return ""
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "custom" and custom:
        first = custom.split(",")[0].strip()
        if regex.fullmatch(r"0+1", first):
            return str(n).zfill(len(first))
    return str(n)


def _int(v: str | None, default: int | None) -> int | None:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


_START, _NUMFMT, _LVLTEXT, _LVLRESTART, _ISLGL, _PSTYLE, _VAL, _FORMAT = (
    W + "start", W + "numFmt", W + "lvlText", W + "lvlRestart", W + "isLgl", W + "pStyle", W + "val", W + "format")
_ALT = MC + "AlternateContent"


def parse_level(lvl: etree._Element) -> Level:
    """One w:lvl; its start is *not* clamped here (Numbering records and clamps it)."""
    start, fmt, text, restart, is_lgl, pstyle, custom = 0, "decimal", None, None, False, None, None
    for ch in lvl:
        tag = ch.tag
        if tag == _START:
            start = _int(ch.get(_VAL), 0) or 0
        elif tag == _NUMFMT:
            fmt = ch.get(_VAL, "decimal")
            custom = ch.get(_FORMAT)
        elif tag == _ALT:
            # Word 2010 custom formats: Choice has numFmt="custom" w:format=…, Fallback a plain format
            fb = ch.find(f"{MC}Fallback/{W}numFmt")
            choice = ch.find(f"{MC}Choice/{W}numFmt")
            if choice is not None and choice.get(_FORMAT):
                fmt, custom = "custom", choice.get(_FORMAT)
            elif fb is not None:
                fmt = fb.get(_VAL, "decimal")
        elif tag == _LVLTEXT:
            text = ch.get(_VAL)
            text = text[:MAX_LVLTEXT] if text else text
        elif tag == _LVLRESTART:
            restart = _int(ch.get(_VAL), None)
        elif tag == _ISLGL:
            is_lgl = ch.get(_VAL, "1") not in ("0", "false", "off")
        elif tag == _PSTYLE:
            pstyle = ch.get(_VAL)
    return Level(start, fmt, text, restart, is_lgl, pstyle, custom)


def _over_max(v: str | None) -> bool:
    """``(_int(v, 0) or 0) > MAX_START``: a text of four characters or fewer is never a number past it
    (int() takes at most 9999 from it), so most are not read as a number."""
    return v is not None and len(v) > 4 and (_int(v, 0) or 0) > MAX_START


def _first(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain tag: its first child with it (lxml's filter, not ElementPath's)."""
    return next(el.iterchildren(tag), None)


@dataclass
class _Num:
    abstract: str
    start_over: dict[int, int]
    lvl_over: dict[int, Level]


class Numbering:
    """Numbering definitions plus the running counters; call ``label`` once per paragraph, in order."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId → numbering style it links to
        self.nums: dict[str, _Num] = {}
        self.counters: dict[tuple[str, str], list[int | None]] = {}
        self.over_start = 0  # the largest start value over MAX_START met (it was clamped), else 0
        # abstractNum elements whose levels are read when a list first uses them (a template
        # defines a hundred lists, a document uses a few)
        self._unread: dict[str, etree._Element] = {}
        if root is None:
            return
        # a start over MAX_START anywhere: read every level now, so that over_start (P027) counts them all
        eager = any(_over_max(el.get(_VAL)) for el in root.iter(_START, W + "startOverride"))
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            if aid is None:
                continue
            if eager:
                self.abstracts[aid] = self._levels(an)
            else:
                self._unread[aid] = an
                self.abstracts.pop(aid, None)  # a later abstractNum with the same id wins
            link = _first(an, W + "numStyleLink")
            if link is not None and link.get(W + "val"):
                self.style_links[aid] = link.get(W + "val", "")
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ref = _first(num, W + "abstractNumId")
            if nid is None or ref is None:
                continue
            so: dict[int, int] = {}
            lo: dict[int, Level] = {}
            for ov in num.iter(W + "lvlOverride"):
                il = _int(ov.get(W + "ilvl"), None)
                if il is None or not 0 <= il < NLEVELS:
                    continue
                s = _first(ov, W + "startOverride")
                if s is not None:
                    so[il] = self._clamp(_int(s.get(W + "val"), 0) or 0)
                lv = _first(ov, W + "lvl")
                if lv is not None:
                    lo[il] = self._clamped(parse_level(lv))
            self.nums[nid] = _Num(ref.get(W + "val", ""), so, lo)

    def _levels(self, an: etree._Element) -> dict[int, Level]:
        levels = {}
        for lvl in an.iter(W + "lvl"):
            il = _int(lvl.get(W + "ilvl"), None)
            if il is not None and 0 <= il < NLEVELS:
                levels[il] = self._clamped(parse_level(lvl))
        return levels

    def _clamp(self, v: int) -> int:
        if v > MAX_START:
            self.over_start = max(self.over_start, v)
        return min(v, MAX_START)

    def _clamped(self, lv: Level) -> Level:
        return lv if lv.start <= MAX_START else replace(lv, start=self._clamp(lv.start))

    def _abstract(self, aid: str) -> dict[int, Level]:
        """Levels of an abstractNum, following numStyleLink → style numId → abstractNum."""
        seen: set[str] = set()
        while aid in self.style_links and aid not in seen:
            seen.add(aid)
            nid = self.styles.numbering_of(self.style_links[aid])[0]
            num = self.nums.get(nid or "")
            if num is None or num.abstract == aid:
                break
            aid = num.abstract
        levels = self.abstracts.get(aid)
        if levels is None:
            an = self._unread.pop(aid, None)
            if an is None:
                return {}
            levels = self.abstracts[aid] = self._levels(an)
        return levels

    def _level(self, num: _Num, ilvl: int) -> Level | None:
        return num.lvl_over.get(ilvl) or self._abstract(num.abstract).get(ilvl)

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level a style-linked list gives a paragraph of that style (w:lvl/w:pStyle), else 0."""
        num = self.nums.get(num_id)
        if num is None or not style_id:
            return 0
        for il, lv in sorted(self._abstract(num.abstract).items()):
            if lv.pstyle == style_id:
                return il
        return 0

    def label(self, num_id: str | None, ilvl: int | None) -> str | None:
        """Advance the list counters for one numbered paragraph and return its label (or None)."""
        if not num_id or num_id == "0":
            return None
        num = self.nums.get(num_id)
        if num is None:
            return None
        il = ilvl if ilvl is not None and 0 <= ilvl < NLEVELS else 0
        lvl = self._level(num, il)
        if lvl is None:
            return None
        # instances without overrides continue their abstract list; an override starts a new one
        key = ("num", num_id) if (num.start_over or num.lvl_over) else ("abs", num.abstract)
        cnt = self.counters.setdefault(key, [None] * NLEVELS)

        def start_of(k: int) -> int:
            if k in num.start_over:
                return num.start_over[k]
            lv = self._level(num, k)
            return lv.start if lv else 0

        cur = cnt[il]
        cnt[il] = start_of(il) if cur is None else cur + 1
        for j in range(il + 1, NLEVELS):
            lj = self._level(num, j)
            r = lj.restart if lj else None
            if r is None or (r != 0 and il < r):
                cnt[j] = None
        if lvl.fmt == "bullet":
            return "+" if (lvl.text or "").strip() == "+" else "-"
        if lvl.text is None:
            return None

        def sub(m: regex.Match[str]) -> str:
            k = int(m[1]) - 1
            lk = self._level(num, k)
            value = cnt[k] if cnt[k] is not None else start_of(k)
            fmt = lk.fmt if lk else "decimal"
            if lvl.is_lgl and fmt not in ("decimal", "decimalZero"):
                fmt = "decimal"
            return format_number(int(value or 0), fmt, lk.custom if lk else None)

        out = _PLACEHOLDER.sub(sub, lvl.text).strip()
        return out or None
