"""Plain-text extractor: bytes → decoded, NFC lines → Line blocks and tab-separated Table blocks.

Text copies of plans (web portals, ``pdftotext``) keep the task table as tab-separated rows; a
run of such rows (blank lines inside it, left by page breaks, are skipped) becomes one ``Table``.
Footnotes at the page feet become the ``notes`` of the line that cites them (extract/txt/notes.py).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from cchc_parse import rx
from cchc_parse.diagnostics import make
from cchc_parse.errors import LimitExceeded
from cchc_parse.extract.blocks import Block, Cell, Extracted, Line, SourceRef, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.extract.layout_kind import layout_kind
from cchc_parse.extract.txt.decode import decode
from cchc_parse.extract.txt.layout import split_columns
from cchc_parse.extract.txt.notes import take_notes

MAX_TEXT_LINES = 100_000  # the longest real plans have a few thousand lines


def extract_txt(path: Path) -> Extracted:
    """Read a text file (UTF-8 with/without BOM, UTF-16 with BOM, legacy 8-bit) into blocks."""
    return extract_txt_bytes(path.read_bytes(), path)


def extract_txt_bytes(data: bytes, where: str | Path | None = None) -> Extracted:
    """Decode and split text given as bytes; LimitExceeded (naming ``where``) over MAX_TEXT_LINES lines."""
    if data.count(b"\n") >= MAX_TEXT_LINES:  # UTF-16 has a b"\n" byte in each "\n" too: never fewer
        raise LimitExceeded(where, f"text has more than {MAX_TEXT_LINES:,} lines")
    dec = decode(data)
    text, encoding, notes = dec.text, dec.encoding, dec.notes
    diagnostics = []
    if encoding not in ("utf-8", "utf-8-sig", "utf-16", "ascii"):
        diagnostics.append(make("P001", params={"encoding": encoding}))
    for how, lines in sorted(dec.bad_lines.items()):
        shown = ", ".join(map(str, lines[:20])) + (", …" if len(lines) > 20 else "")
        diagnostics.append(make("P031", src=SourceRef(line=lines[0]),
                                params={"count": len(lines), "lines": shown, "encoding": how}))
    for note in notes:
        diagnostics.append(make("P002", note))
    blocks, found = _blocks(text)
    if found:
        diagnostics.append(make("P026", params={"count": found}))
    return Extracted(blocks=blocks, format="txt", meta={"encoding": encoding}, diagnostics=diagnostics)


def text_to_blocks(text: str) -> list[Block]:
    """Split decoded text into Line and Table blocks (pure)."""
    return _blocks(text)[0]


def _blocks(text: str) -> tuple[list[Block], int]:
    """(blocks, number of footnotes taken out of the page feet)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    found = take_notes(text.split("\n"))
    raw_lines, notes = found.lines, found.notes
    if any(_GAP_HINT.search(r) for r in raw_lines[:40]):
        return _layout_blocks(raw_lines, notes), found.count
    blocks: list[Block] = []
    i = 0
    n = len(raw_lines)
    while i < n:
        raw = raw_lines[i]
        if "\t" in raw and raw.strip():
            rows: list[tuple[int, str]] = []
            j = i
            while j < n:
                cur = raw_lines[j]
                if ("\t" in cur and cur.replace("\t", "").strip()) or ("\t" in cur and rows):
                    if cur.replace("\t", "").strip():
                        rows.append((j + 1, cur))
                    j += 1
                    continue
                if not cur.strip():
                    k = j
                    while k < n and not raw_lines[k].strip():
                        k += 1
                    if k < n and "\t" in raw_lines[k]:
                        j = k
                        continue
                break
            laid_out = _layout_lines(rows, notes)
            if laid_out is not None:  # the header or end block copied as a table: read as its lines
                blocks.extend(laid_out)
                i = j
                continue
            if len(rows) >= 2:
                blocks.append(_rows_to_table(rows))
                i = j
                continue
        blocks.append(Line(text=clean_text(raw), src=SourceRef(line=i + 1), notes=notes.get(i, ())))
        i += 1
    return blocks, found.count


_GAP_HINT = rx.lazy(r"\S {6,}\S")


def _layout_blocks(raw_lines: list[str], notes: dict[int, tuple[str, ...]]) -> list[Block]:
    """Layout text (two-column header/end blocks kept as spaces): columns read one after the other."""
    out: list[Block] = []
    for idx, text, zone in split_columns(raw_lines):
        out.append(Line(text=clean_text(text.replace("\f", "")), src=SourceRef(line=idx + 1), zone=zone,
                        notes=notes.get(idx, ())))
    return out


def _layout_lines(rows: list[tuple[int, str]], notes: dict[int, tuple[str, ...]]) -> list[Block] | None:
    """Tab-separated rows that are a layout table (extract/layout_kind: the header block, Nơi nhận |
    signer, a Kính gửi block), as the .docx reader reads one: per row, each cell's text as a Line,
    left to right, zone "front" or "back"; None for a content table."""
    cells = [(ln, [c for c in (clean_text(t) for t in r.split("\t")) if c]) for ln, r in rows]
    filled = [r for _ln, r in cells if r]
    if not filled or len(filled) > 6 or max(len(r) for r in filled) > 3:
        return None
    kind = layout_kind(filled)
    if kind is None:
        return None
    zone = kind if kind in ("front", "back") else None
    return [Line(text=c, src=SourceRef(line=ln, col=k), zone=zone, notes=notes.get(ln - 1, ()) if k == 1 else ())
            for ln, r in cells for k, c in enumerate(r, 1)]


def _rows_to_table(rows: list[tuple[int, str]]) -> Table:
    split = [(ln, r.split("\t")) for ln, r in rows]
    ncols = max(len(cells) for _, cells in split)
    out = []
    for r, (ln, cells) in enumerate(split, start=1):
        cells = cells + [""] * (ncols - len(cells))
        out.append(tuple(Cell(text=clean_text(c), src=SourceRef(line=ln, row=r, col=k + 1))
                         for k, c in enumerate(cells)))
    return Table(rows=tuple(out), src=SourceRef(line=rows[0][0]))
