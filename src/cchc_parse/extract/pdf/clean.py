"""PDF-only cleaning: running headers/footers and page numbers, signature stamps, known wrong
glyph mappings, and a test for a text layer that is garbage."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import regex

from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.lines import VLine

PAGE_NO = regex.compile(r"^(?:[-–—]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", regex.I)
_DIGITS = regex.compile(r"\d+")


def drop_running(pages: Sequence[list[VLine]], heights: Sequence[float]) -> int:
    """Remove page numbers and lines repeated at the same place on most pages (in place).

    Returns how many lines were removed. Only the top and bottom 12% of a page are looked at.
    """
    removed = 0
    edge: list[list[VLine]] = []
    for lines, h in zip(pages, heights, strict=True):
        edge.append([ln for ln in lines if ln.bottom < 0.12 * h or ln.top > 0.88 * h])
    counts: Counter[tuple[str, int]] = Counter()
    if len(pages) >= 3:
        for lines in edge:
            counts.update({(_DIGITS.sub("#", ln.text), round(ln.top / 4)) for ln in lines})
    need = max(2, (len(pages) + 1) // 2)
    for lines, ed in zip(pages, edge, strict=True):
        drop = set()
        for ln in ed:
            key = (_DIGITS.sub("#", ln.text), round(ln.top / 4))
            if PAGE_NO.match(ln.text) or counts[key] >= need:
                drop.add(id(ln))
        if drop:
            lines[:] = [ln for ln in lines if id(ln) not in drop]
            removed += len(drop)
    return removed


# digital-signature stamps (Ban Cơ yếu VGCA and others)
_STAMP_ALWAYS = regex.compile(r"^(?:Ký\s+bởi|Thời\s+gian\s+ký|Cơ\s+quan\s+phát\s+hành|Ngày\s+ký)\s*:", regex.I)
_STAMP_NEAR = regex.compile(r"^(?:Cơ\s+quan|Email|Chức\s+vụ|Tổ\s+chức)\s*:", regex.I)
_STAMP_KEY = regex.compile(r"^(Ký\s+bởi|Thời\s+gian\s+ký|Cơ\s+quan(?:\s+phát\s+hành)?|Email|Ngày\s+ký)\s*:\s*(.*)$",
                           regex.I)


def find_stamps(lines: list[VLine]) -> tuple[list[VLine], dict[str, str]]:
    """Split a page's lines into (content, stamp fields). "Email:"/"Cơ quan:" count only near a
    "Ký bởi:" line (a body "Email: …" contact line is content)."""
    anchors = [ln for ln in lines if _STAMP_ALWAYS.match(ln.text)]
    if not anchors:
        return lines, {}
    fields: dict[str, str] = {}
    keep: list[VLine] = []
    for ln in lines:
        near = any(abs(ln.top - a.top) < 60 and abs(ln.x0 - a.x0) < 40 for a in anchors)
        if _STAMP_ALWAYS.match(ln.text) or (near and _STAMP_NEAR.match(ln.text)):
            m = _STAMP_KEY.match(ln.text)
            if m:
                fields.setdefault(_key(m.group(1)), m.group(2).strip())
            continue
        keep.append(ln)
    return keep, fields


_EMAIL = regex.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")  # ttcbth@quangngai.gov.vn
_WHEN = regex.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}")  # 18.11.2024 07:25:14


def _key(label: str) -> str:
    return regex.sub(r"\s+", " ", label).casefold()


def stamp_box_fields(texts: Sequence[str]) -> dict[str, str] | None:
    """The fields of a signature box drawn by a stamp (its lines, top to bottom), or None when the
    lines are not one. Keyed lines ("Ký bởi: …", "Cơ quan: …") as in ``find_stamps``; a box without
    keys reads: signing body (one or more lines), email, time ("18.11.2024 07:25:14" / "+07:00").
    A line without a key continues the field above it."""
    if not any(_STAMP_ALWAYS.match(t) or _STAMP_NEAR.match(t) or _EMAIL.match(t) or _WHEN.search(t)
               for t in texts):
        return None
    fields: dict[str, str] = {}
    key = "ký bởi"
    for t in texts:
        m = _STAMP_KEY.match(t)
        if m:
            key = _key(m.group(1))
            fields.setdefault(key, m.group(2).strip())
        elif _EMAIL.match(t):
            key = "email"
            fields.setdefault(key, t)
        elif _WHEN.search(t):
            key = "thời gian ký"
            fields.setdefault(key, t)
        else:
            fields[key] = f"{fields.get(key, '')} {t}".strip()
    return fields


def stamp_meta(fields: dict[str, str]) -> dict[str, str]:
    """Stamp fields → meta: signed_by, signed_at (ISO when readable), signed_org, signed_email."""
    meta: dict[str, str] = {}
    if fields.get("ký bởi"):
        meta["signed_by"] = fields["ký bởi"]
    elif fields.get("cơ quan phát hành"):
        meta["signed_by"] = fields["cơ quan phát hành"]
    when = fields.get("thời gian ký") or fields.get("ngày ký")
    if when:
        meta["signed_at"] = parse_stamp_time(when)
    if fields.get("cơ quan"):
        meta["signed_org"] = fields["cơ quan"]
    if fields.get("email"):
        meta["signed_email"] = fields["email"]
    return meta


def parse_stamp_time(s: str) -> str:
    """'14.07.2026 09:15:12 +07:00' / '14/07/2026 09:15' → ISO 8601; else the text as it is."""
    m = regex.search(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\D+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
                     r"(?:\s*([+-]\d{2}):?(\d{2}))?", s)
    if not m:
        return s.strip()
    d, mo, y, hh, mm, ss, tzh, tzm = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return s.strip()
    iso = dt.isoformat() if hh else dt.date().isoformat()
    if hh and tzh:
        iso += f"{tzh}:{tzm}"
    return iso


# Known wrong ToUnicode maps (Word 2010 "Save as PDF" with some Times New Roman builds):
# "Ƣ/ƣ" (U+01A2/3, OI) is shown for "Ư/ư"; "Õ/õ" for "Ò/ò" after H/h+o-a: "HÕA" = "HÒA".
_OI = str.maketrans({"\u01a2": "Ư", "\u01a3": "ư"})
# Õ before A is certain only where "õa" spells no word: "HÕA"/"hõa" (hòa), "TÕA" (tòa), "KHÕA"
# (khòa is no word either, but "khõa" neither; "xõa", "lõa" are real words and are left alone).
_O_TILDE = regex.compile(r"\b(H|T)Õ(A)\b|\b([HhTt])õ(a)\b")


def fix_glyphs(text: str) -> tuple[str, int]:
    """Repair known wrong glyph mappings; return (text, number of characters changed)."""
    n = text.count("\u01a2") + text.count("\u01a3")  # two counts, no generator: called on every line
    if n:
        text = text.translate(_OI)
    if "Õ" in text or "õ" in text:
        # each match changes one letter (Õ → Ò, õ → ò): the count of matches is the count of changes
        text, k = _O_TILDE.subn(lambda m: f"{m[1]}Ò{m[2]}" if m[1] else f"{m[3]}ò{m[4]}", text)
        n += k
    return text, n


# Letters of Vietnamese (and English) text; anything else inside a word is a sign of a broken map.
_VI_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
_CID = regex.compile(r"\(cid:\d+\)")


def word_stats(text: str) -> tuple[int, int]:
    """(words with a letter outside the Vietnamese alphabet or upper case inside the word, words).

    Only alphabetic words of 2+ letters count: numbers and coordinates ("2459532,968") are
    neither good nor bad evidence."""
    words = [w for w in regex.findall(r"\p{L}+", text) if len(w) > 1]
    bad = 0
    for w in words:
        low = unicodedata.normalize("NFC", w).lower()
        if any(ch not in _VI_LETTERS for ch in low) or regex.search(r"\p{Ll}\p{Lu}", w):
            bad += 1
    return bad, len(words)


def bad_word_ratio(text: str) -> float:
    """Share of words with a letter outside the Vietnamese alphabet or upper case inside a word."""
    bad, n = word_stats(text)
    return bad / n if n else 0.0


def spaced_text(chars: Sequence[Char]) -> str:
    """Characters in content order → text with a space wherever one glyph does not follow the last
    on the same line (a gap, a new line, a jump back). PDFs that position words instead of
    drawing spaces ("Mốc", "X", "Y" in three table cells) would otherwise run words together
    ("MốcXY") and look like garbage."""
    out: list[str] = []
    append = out.append
    glyph = False  # whether the character before is a glyph (not a space); then px0, px1, pmid are its
    px0 = px1 = pmid = 0.0
    for c in chars:
        t = c.text
        if t.isspace():
            glyph = False
        else:
            x0, x1, mid = c.x0, c.x1, c.top + c.bottom
            if glyph:
                size = c.size
                size = 1.0 if size < 1.0 else size  # max(size, 1.0): a NaN size kept, as max keeps it
                if x0 - px1 > 0.1 * size or x0 < px0 - 1 or abs(mid - pmid) > size:
                    append(" ")
            glyph = True
            px0, px1, pmid = x0, x1, mid
        append(t)
    return "".join(out)


def has_cid(text: str) -> bool:
    return "(cid:" in text and bool(_CID.search(text))
