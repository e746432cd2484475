"""Known wrong glyph maps, repaired wherever the text comes from: a PDF whose fonts map them wrongly,
or a text copied out of such a PDF (a web portal's copy of a signed plan)."""

from __future__ import annotations

from dataclasses import replace

from cchc_parse import rx
from cchc_parse.extract.blocks import Block, Line

# Known wrong ToUnicode maps (Word 2010 "Save as PDF" with some Times New Roman builds):
# "Ƣ/ƣ" (U+01A2/3, OI) is shown for "Ư/ư"; "Õ/õ" for "Ò/ò" after H/h+o-a: "HÕA" = "HÒA".
_OI = str.maketrans({"\u01a2": "Ư", "\u01a3": "ư"})
# Õ before A is certain only where "õa" spells no word: "HÕA"/"hõa" (hòa), "TÕA" (tòa), "KHÕA"
# (khòa is no word either, but "khõa" neither; "xõa", "lõa" are real words and are left alone).
_O_TILDE = rx.lazy(r"\b(H|T)Õ(A)\b|\b([HhTt])õ(a)\b")


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


def fix_blocks(blocks: list[Block]) -> int:
    """Known wrong glyph maps (Ƣ → Ư, HÕA → HÒA) in every text; returns the number of fixes."""
    count = 0
    for i, b in enumerate(blocks):
        if isinstance(b, Line):
            t, k = fix_glyphs(b.text)
            if k:
                blocks[i] = replace(b, text=t, notes=tuple(fix_glyphs(x)[0] for x in b.notes))
                count += k
        else:
            rows = []
            changed = False
            for row in b.rows:
                cells = []
                for c in row:
                    t, k = fix_glyphs(c.text)
                    if k:
                        c = replace(c, text=t)
                        count += k
                        changed = True
                    cells.append(c)
                rows.append(tuple(cells))
            if changed:
                blocks[i] = replace(b, rows=tuple(rows))
    return count
