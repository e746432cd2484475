"""PDF-only cleaning: running headers/footers and page numbers, signature stamps (their text in
extract/signature.py) and a test for a text layer that is garbage."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

import regex

from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.lines import VLine
from cchc_parse.extract.signature import STAMP_ALWAYS, STAMP_KEY, STAMP_NEAR, field_key

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


def find_stamps(lines: list[VLine]) -> tuple[list[VLine], dict[str, str]]:
    """Split a page's lines into (content, stamp fields). "Email:"/"Cơ quan:" count only near a
    "Ký bởi:" line (a body "Email: …" contact line is content)."""
    anchors = [ln for ln in lines if STAMP_ALWAYS.match(ln.text)]
    if not anchors:
        return lines, {}
    fields: dict[str, str] = {}
    keep: list[VLine] = []
    for ln in lines:
        near = any(abs(ln.top - a.top) < 60 and abs(ln.x0 - a.x0) < 40 for a in anchors)
        if STAMP_ALWAYS.match(ln.text) or (near and STAMP_NEAR.match(ln.text)):
            m = STAMP_KEY.match(ln.text)
            if m:
                fields.setdefault(field_key(m.group(1)), m.group(2).strip())
            continue
        keep.append(ln)
    return keep, fields


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
