"""Time expressions inside a deadline cell ("quý i - iii", "tháng 01/2023", "05/12") as positioned atoms.

Works on ``prep(text)``: lower case, dashes unified, "hằng"→"hàng", "quí"→"quý"; same length as the
input, so offsets map back to the raw text for labels.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cchc_parse import rx

Kind = Literal[
    "date", "month", "quarter", "half_year", "year", "range", "list", "recurring", "ongoing", "event", "unknown"
]
Freq = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "n_per_year", "ad_hoc"]
Qualifier = Literal["before", "by", "from", "until", "approx"]

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_CYR = {0x0406: "i", 0x0456: "i", 0x04C0: "i"}  # Cyrillic І after OCR


_OTHER_SPACE = rx.lazy_re(r"[^\S ]")  # re's \s is exactly str.isspace


def prep(text: str) -> str:
    """Lower-case, length-preserving normalisation for matching."""
    s = unicodedata.normalize("NFC", text or "")
    s = s.translate(_DASHES).translate(_CYR)
    s = _lower_each(s)
    s = _OTHER_SPACE.sub(" ", s)
    s = s.replace("hằng", "hàng").replace("quí", "quý").replace("qúy", "quý").replace("ð", "đ")
    return s


def _lower_each(s: str) -> str:
    """Each character lower-cased on its own, kept when its lower case is longer ("İ" → "i̇"): the offsets
    stay those of the input. ``str.lower`` gives the same in one pass when no character grows and there is
    no "Σ" (the only character it lower-cases by context: a word-final "ς")."""
    low = s.lower()
    if len(low) == len(s) and "Σ" not in s:
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def slice_raw(raw: str, prepped: str, start: int, end: int) -> str:
    s = unicodedata.normalize("NFC", raw)
    return s[start:end] if len(s) == len(prepped) else prepped[start:end]


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def roman(tok: str) -> int | None:
    t = tok.replace("l", "i").replace("1", "I").lower() if not tok.isdigit() else tok
    if t.isdigit():
        n = int(t)
        return n if 1 <= n <= 4 else None
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(t)


@dataclass
class Atom:
    kind: str  # date | month | month_range | quarter | quarter_range | half | nine | year | year_range | approx
    start: int
    end: int
    year: int | None = None
    a: int = 0  # day / month / quarter / half / first year
    b: int = 0  # month / last month / last quarter / last year
    day: int = 0
    qualifier: Qualifier | None = None
    approx: bool = False
    vague: bool = False
    open_end: bool = False

    @property
    def month(self) -> int:
        return self.b if self.kind == "date" else self.a

    @property
    def period(self) -> str | None:
        k = self.kind
        if k == "quarter":
            return f"Q{self.a}"
        if k == "quarter_range":
            return f"Q{self.a}-Q{self.b}"
        if k == "month":
            return f"M{self.a:02d}"
        if k == "month_range":
            return f"M{self.a:02d}-M{self.b:02d}"
        if k == "half":
            return f"H{self.a}"
        if k == "nine":
            return "9M"
        if k == "year":
            return "Y"
        return None


KIND_OF: dict[str, Kind] = {
    "date": "date", "month": "month", "month_range": "range", "quarter": "quarter", "quarter_range": "range",
    "half": "half_year", "nine": "range", "year": "year", "year_range": "range", "approx": "range",
}  # fmt: skip

_R = r"(?:[il1]{1,3}v?|[1-4])"
_Q = r"(?:quý|q\.?)\s*"
_YR = r"(?:19|20)\d\d"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("open_year", rx.lazy_re(
        rf"(?:từ\s+(?:năm\s+)?)?(?P<a>{_YR})\s*(?:(?:và|,)\s*(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau|tiếp)"
        rf"|trở\s+đi|về\s+sau)")),
    ("year_range", rx.lazy_re(rf"(?<!\d)(?P<a>{_YR})\s*(?:-|đến|tới)\s*(?:năm\s*)?(?P<b>{_YR})(?!\d)")),
    ("date_full", rx.lazy_re(r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})(?:\s*năm\s*(?P<y>\d{4}))?")),
    ("quarter", rx.lazy_re(
        rf"(?<!\w){_Q}(?P<a>{_R})(?!\w)(?:\s*(?:-|đến|tới)\s*(?:{_Q})?(?P<b>{_R})(?!\w))?"
        rf"(?P<more>(?:\s*(?:,|và|;|&)\s*(?:{_Q})?{_R}(?![\w.]))*)(?:\s*(?:/|năm|,\s*năm)\s*(?P<y>{_YR}))?")),
    ("half", rx.lazy_re(
        rf"(?<!\w)(?:(?:0?6|sáu)\s*tháng|nửa)(?:\s*(?P<w>đầu|cuối))?(?:\s*năm)?(?:\s*(?P<y>{_YR}))?")),
    ("nine", rx.lazy_re(rf"(?<!\w)(?:0?9|chín)\s*tháng(?:\s*đầu)?(?:\s*năm)?(?:\s*(?P<y>{_YR}))?")),
    ("approx", rx.lazy_re(rf"(?P<w>đầu|cuối|giữa)\s+năm(?:\s+(?P<y>{_YR}))?")),
    ("month", rx.lazy_re(
        r"(?<!\w)tháng\s*(?P<a>\d{1,2})(?!\d)(?:\s*(?:-|đến|tới)\s*(?:tháng\s*)?(?P<b>\d{1,2})(?!\d))?"
        r"(?P<more>(?:\s*(?:,|và|;)\s*(?:tháng\s*)?\d{1,2}(?!\d)(?!\s*tháng))*)"
        rf"(?:\s*(?:/|năm|-)\s*(?P<y>{_YR}))?")),
    ("date_num", rx.lazy_re(
        rf"(?<![\d/.])(?P<d>\d{{1,2}})\s*(?P<sep>[/.])\s*(?P<m>\d{{1,2}})(?:\s*(?P=sep)\s*(?P<y>{_YR}))?(?![\d/])"
        rf"|(?<![\d/.-])(?P<d2>\d{{1,2}})-(?P<m2>\d{{1,2}})-(?P<y2>{_YR})(?!\d)")),
    ("year", rx.lazy_re(rf"(?<![\d/.])(?P<a>{_YR})(?![\d/])")),
]
_MORE_QUARTER, _MORE_MONTH = rx.lazy_re(rf"{_R}(?![\w.])"), rx.lazy_re(r"\d{1,2}")  # "quý I, II", "tháng 3, 6"
_WS, _NUMBER, _EXPLICIT_YEAR = rx.lazy_re(r"\s+"), rx.lazy_re(r"\d+"), rx.lazy_re(rf"(?<!\d)({_YR})(?!\d)")
_RANGE_GAP = rx.lazy_re(r"\s*(?:-|đến|tới|cho\s+đến)\s*")
_LEAD_PUNCT = rx.lazy_re(r"^[\s,;:.+/)-]*(?:và\s+)?")
_TRAIL_WORDS = rx.lazy_re(r"(?:\s|^)(?:tháng|vào|trong|ngày|năm)?[\s,;:(]*$")
_MONTHS_APPROX = {"đầu": (1, 3), "giữa": (5, 7), "cuối": (10, 12)}
APPROX_MONTHS = {"đầu năm": (1, 3), "giữa năm": (5, 7), "cuối năm": (10, 12)}


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def find_atoms(text: str) -> list[Atom]:
    """All time expressions in ``text`` (already ``prep``ped), in reading order."""
    masked = text
    atoms: list[Atom] = []
    for name, pat in _PATTERNS:
        for m in pat.finditer(masked):
            new = _make(name, m)
            if not new:
                continue
            atoms.extend(new)
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    atoms.sort(key=lambda a: a.start)
    for a in atoms:
        a.qualifier = prefix_qualifier(text, a)
    return atoms


def _make(name: str, m: re.Match[str]) -> list[Atom]:
    g = m.groupdict()
    s, e = m.start(), m.end()
    y = _int(g.get("y"))
    if name == "open_year":
        return [Atom("year_range", s, e, year=int(g["a"]), a=int(g["a"]), open_end=True)]
    if name == "year_range":
        a, b = int(g["a"]), int(g["b"])
        return [Atom("year_range", s, e, year=a, a=a, b=b)] if a <= b else []
    if name in ("date_full", "date_num"):
        d, mo = _int(g.get("d") or g.get("d2")), _int(g.get("m") or g.get("m2"))
        y = y or _int(g.get("y2"))
        if not d or not mo or not (1 <= d <= 31 and 1 <= mo <= 12):
            return []
        return [Atom("date", s, e, year=y, a=d, b=mo, day=d)]
    if name == "quarter":
        qa = roman(g["a"])
        if qa is None:
            return []
        qb = roman(g["b"]) if g.get("b") else None
        if g.get("b") and (qb is None or qb < qa):
            return []
        if qb:
            return [Atom("quarter_range", s, e, year=y, a=qa, b=qb)]
        out = [Atom("quarter", s, e, year=y, a=qa)]
        for mm in _MORE_QUARTER.finditer(g.get("more") or ""):
            q = roman(mm.group(0))
            if q:
                pos = m.start("more") + mm.start()
                out.append(Atom("quarter", pos, pos + len(mm.group(0)), year=y, a=q))
        if len(out) > 1:
            out[0].end = m.start("more")
            out[-1].end = e
        return out
    if name == "half":
        w = g.get("w")
        return [Atom("half", s, e, year=y, a=2 if w == "cuối" else 1, vague=w is None and "nửa" not in m.group(0))]
    if name == "nine":
        return [Atom("nine", s, e, year=y, a=1, b=9)]
    if name == "approx":
        m1, m2 = _MONTHS_APPROX[g["w"]]
        return [Atom("approx", s, e, year=y, a=m1, b=m2, approx=True)]
    if name == "month":
        ma, mb = int(g["a"]), _int(g.get("b"))
        if not 1 <= ma <= 12 or (mb is not None and not ma <= mb <= 12):
            return []
        if mb:
            return [Atom("month_range", s, e, year=y, a=ma, b=mb)]
        out = [Atom("month", s, e, year=y, a=ma)]
        for mm in _MORE_MONTH.finditer(g.get("more") or ""):
            v = int(mm.group(0))
            if 1 <= v <= 12:
                pos = m.start("more") + mm.start()
                out.append(Atom("month", pos, pos + len(mm.group(0)), year=y, a=v))
        if len(out) > 1:
            out[0].end = m.start("more")
            out[-1].end = e
        return out
    if name == "year":
        return [Atom("year", s, e, year=int(g["a"]), a=int(g["a"]))]
    return []


def bounds(a: Atom, y: int | None) -> tuple[date | None, date | None]:
    """Inclusive (start, end) of an atom in year ``y``; (None, None) when the year is unknown."""
    if a.kind == "year_range":
        return date(a.a, 1, 1), (None if a.open_end else date(a.b, 12, 31))
    if y is None or not 1900 <= y <= 2199:
        return None, None
    try:
        if a.kind == "date":
            d = date(y, a.b, a.day)
            return d, d
        if a.kind == "month":
            return date(y, a.a, 1), month_end(y, a.a)
        if a.kind in ("month_range", "nine", "approx"):
            return date(y, a.a, 1), month_end(y, a.b)
        if a.kind == "quarter":
            return date(y, 3 * a.a - 2, 1), month_end(y, 3 * a.a)
        if a.kind == "quarter_range":
            return date(y, 3 * a.a - 2, 1), month_end(y, 3 * a.b)
        if a.kind == "half":
            return (date(y, 1, 1), date(y, 6, 30)) if a.a == 1 else (date(y, 7, 1), date(y, 12, 31))
        if a.kind == "year":
            return date(a.a, 1, 1), date(a.a, 12, 31)
    except ValueError:
        return None, None
    return None, None


_QUALIFIER = rx.lazy_re(
    r"(?P<w>hoàn\s+thành\s+trước|trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót|không\s+quá|không\s+muộn\s+hơn|"
    r"bắt\s+đầu\s+từ|kể\s+từ|từ|cho\s+đến|đến|tới)\s*(?:ngày|trong|vào|hết|:)?\s*(?:ngày)?\s*$"
)
_Q_MAP: dict[str, Qualifier] = {
    "trước": "before", "hoàn thành trước": "before", "chậm nhất": "by", "chậm nhất là": "by",
    "hạn chót": "by", "không quá": "by", "không muộn hơn": "by", "bắt đầu từ": "from", "kể từ": "from",
    "từ": "from", "cho đến": "until", "đến": "until", "tới": "until"}  # fmt: skip


def prefix_qualifier(text: str, a: Atom) -> Qualifier | None:
    m = _QUALIFIER.search(text[max(0, a.start - 40) : a.start])
    return _Q_MAP.get(_WS.sub(" ", m.group("w"))) if m else None


def is_range_between(text: str, a: Atom, b: Atom) -> bool:
    return _RANGE_GAP.fullmatch(text[a.end : b.start]) is not None


def label_before(text: str, raw: str, a: Atom, prev: int = 0) -> str | None:
    """Words between the previous time expression (ending at ``prev``) and this one: "KH tháng quý I" → "KH"."""
    seg = text[prev : a.start]
    q = _QUALIFIER.search(seg)
    cut = q.start() if q else len(seg)
    lo, hi = prev, prev + cut
    for _ in range(3):
        piece = text[lo:hi]
        m1 = _LEAD_PUNCT.match(piece)
        lo += m1.end() if m1 else 0
        piece = text[lo:hi]
        m2 = _TRAIL_WORDS.search(piece)
        if m2 and m2.start() < len(piece):
            hi = lo + m2.start()
    label = slice_raw(raw, text, lo, hi).strip(" ,;:-")
    return label or None


def leftover_numbers(text: str, atoms: list[Atom]) -> list[str]:
    rest = list(text)
    for a in atoms:
        rest[a.start : a.end] = " " * (a.end - a.start)
    return _NUMBER.findall("".join(rest))


def explicit_years(text: str) -> list[int]:
    return [int(y) for y in _EXPLICIT_YEAR.findall(text)]


# ------------------------------------------------------------------------- word-only forms, recurrences
WORD_FORMS: list[tuple[re.Pattern[str], Kind]] = [
    (rx.lazy_re(r"thường\s+xuyên|liên\s+tục|hàng\s+ngày|mỗi\s+ngày"), "ongoing"),
    (rx.lazy_re(r"cả\s+năm|trong\s+năm|quanh\s+năm|suốt\s+năm|năm\s+kế\s+hoạch"), "year"),
    (rx.lazy_re(r"khi\s+có|theo\s+yêu\s+cầu|theo\s+chỉ\s+đạo|theo\s+(?:kế\s+hoạch|kh)\b|theo\s+lộ\s+trình|"
                r"sau\s+khi|theo\s+quy\s+định|khi\s+được|đột\s+xuất|phát\s+sinh|theo\s+tiến\s+độ|"
                r"theo\s+thời\s+gian|theo\s+văn\s+bản|theo\s+hướng\s+dẫn|tết"), "event"),
]
AD_HOC = rx.lazy_re(r"khi\s+có|theo\s+yêu\s+cầu|theo\s+chỉ\s+đạo|đột\s+xuất|phát\s+sinh")

_REPORT_WORDS = rx.lazy_re(
    r"(?P<q>(?:các|hàng|mỗi)\s+quý|quý)|(?P<h>(?:0?6|sáu)\s*tháng)|(?P<n>(?:0?9|chín)\s*tháng)|(?P<y>(?:hàng\s+)?năm)"
)
_FILLER = rx.lazy_re(r"báo\s+cáo|\bbc\b|định\s+kỳ|theo|kỳ|các|và|[,;/&+-]|\s")


_N_PER_YEAR = rx.lazy_re(r"(\d+)\s*(?:đợt|lần)\s*(?:/|trong|mỗi|một|1)?\s*(?:năm|nam)")
_EVERY: tuple[tuple[re.Pattern[str], Freq], ...] = (
    (rx.lazy_re(r"hàng\s+tuần|mỗi\s+tuần"), "weekly"),
    (rx.lazy_re(r"hàng\s+tháng|mỗi\s+tháng|tháng\s+(?:một|1)\s+lần"), "monthly"),
    (rx.lazy_re(r"hàng\s+quý|mỗi\s+quý|các\s+quý|theo\s+quý|quý\s+(?:một|1)\s+lần"), "quarterly"),
    (rx.lazy_re(r"(?:0?6|sáu)\s*tháng\s*(?:/|một|1)\s*lần"), "half_yearly"),
    (rx.lazy_re(r"hàng\s+năm|mỗi\s+năm|năm\s+(?:một|1)\s+lần"), "yearly"),
)
_PERIODIC, _DIGIT = rx.lazy_re(r"định\s+kỳ"), rx.lazy_re(r"\d")


def recurrence_of(text: str) -> tuple[Freq | None, int | None, list[str]] | None:
    """(freq, count, report_periods) when the cell names a repetition, else None."""
    m = _N_PER_YEAR.search(text)
    if m:
        return "n_per_year", int(m.group(1)), []
    periods = _report_periods(text)
    if periods:
        freq: Freq = "quarterly" if "Q1" in periods else ("half_yearly" if "H1" in periods else "yearly")
        return freq, None, periods
    for pat, every in _EVERY:
        if pat.search(text):
            return every, None, []
    if _PERIODIC.search(text) and not _DIGIT.search(text):
        return None, None, []
    return None


def _report_periods(text: str) -> list[str]:
    """Cells made only of report words: "6 tháng và năm" → [H1, Y]; "Các quý, 6 tháng, năm"."""
    found: set[str] = set()
    pos = 0
    rest = []
    for m in _REPORT_WORDS.finditer(text):
        rest.append(text[pos : m.start()])
        pos = m.end()
        if m.group("q"):
            found.add("Q")
        elif m.group("h"):
            found.add("H1")
        elif m.group("n"):
            found.add("9M")
        else:
            found.add("Y")
    rest.append(text[pos:])
    if len(found) < 2 or _FILLER.sub("", "".join(rest)):
        return []
    order = ["Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"]
    out = {"Q1", "Q2", "Q3", "Q4"} if "Q" in found else set()
    out |= found - {"Q"}
    return [p for p in order if p in out]
