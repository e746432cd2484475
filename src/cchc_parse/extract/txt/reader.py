"""Plain-text extractor: bytes → decoded, NFC lines → Line blocks and tab-separated Table blocks.

Text copies of plans (web portals, ``pdftotext``) keep the task table as tab-separated rows; a
run of such rows (blank lines inside it, left by page breaks, are skipped) becomes one ``Table``.
Footnotes at the page feet become the ``notes`` of the line that cites them (extract/txt/notes.py).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import make
from cchc_parse.errors import LimitExceeded
from cchc_parse.extract.blocks import Block, Cell, Extracted, Line, SourceRef, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.extract.glyphs import fix_blocks
from cchc_parse.extract.layout_kind import layout_kind
from cchc_parse.extract.signature import EMAIL, STAMP_ALWAYS, WHEN, stamp_box_fields, stamp_meta
from cchc_parse.extract.txt.columns import read_table
from cchc_parse.extract.txt.decode import decode
from cchc_parse.extract.txt.layout import LABEL_ONLY, split_columns
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
    blocks, found, signed = _blocks(text)
    if found:
        diagnostics.append(make("P026", params={"count": found}))
    fixed = fix_blocks(blocks)  # a text copied out of a PDF whose fonts map glyphs wrongly ("CÔNG THƢƠNG")
    if fixed:
        diagnostics.append(make("P012", params={"count": fixed}))
    return Extracted(blocks=blocks, format="txt", meta={"encoding": encoding, **signed}, diagnostics=diagnostics)


def text_to_blocks(text: str) -> list[Block]:
    """Split decoded text into Line and Table blocks (pure)."""
    return _blocks(text)[0]


def _blocks(text: str) -> tuple[list[Block], int, dict[str, str]]:
    """(blocks, number of footnotes taken out of the page feet, the signature stamp's meta)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    found = take_notes(text.split("\n"))
    raw_lines, signed = _top_stamp(found.lines)
    _join_stamped_number(raw_lines)
    notes = found.notes
    n = len(raw_lines)
    layout = any(_GAP_HINT.search(r) for r in raw_lines[:40])
    blocks: list[Block] = []

    def lines_of(a: int, b: int) -> None:
        """raw_lines[a:b], none of them in a tab run: task tables laid out with spaces (columns.py) as
        tables, the other lines one Line each, or read column by column (layout)."""
        k = a
        while k < b:
            got = read_table(raw_lines, k, b) if "  " in raw_lines[k] else None
            if got is None:
                k += 1
                continue
            plain_lines(a, k)
            blocks.append(got[0])
            a = k = got[1]
        plain_lines(a, b)

    def plain_lines(a: int, b: int) -> None:
        if layout:
            for idx, t, zone in split_columns(raw_lines[a:b], a, n):
                blocks.append(Line(text=clean_text(t.replace("\f", "")), src=SourceRef(line=idx + 1), zone=zone,
                                   notes=notes.get(idx, ())))
            return
        for k in range(a, b):
            blocks.append(Line(text=clean_text(raw_lines[k]), src=SourceRef(line=k + 1), notes=notes.get(k, ())))

    i = done = 0
    while i < n:
        if "\t" in raw_lines[i] and raw_lines[i].strip():
            rows, j = _tab_run(raw_lines, i)
            got = _tab_blocks(rows, notes)
            if got is not None:
                lines_of(done, i)
                blocks.extend(got)
                i = done = j
                continue
        i += 1
    lines_of(done, n)
    return blocks, found.count, signed


_NUMBER_ALONE = rx.lazy(r"^\s*Số\s*:?\s*\d{1,6}\s*$")  # "Số: 565": the number an e-office stamped
_SYMBOL_ALONE = rx.lazy(r"^\s*/\s*\p{Lu}[\p{Lu}\p{N}Đ./-]*\s*$")  # "/TB-UBND": the symbol typed after it


def _join_stamped_number(lines: list[str]) -> None:
    """A copy of a signed PDF's text has the stamped number apart from the typed symbol ("Số: 565" /
    "/TB-UBND", blank lines between): one "Số: 565/TB-UBND" line again (in place, line numbers kept)."""
    for k in range(min(len(lines), 40)):
        if _NUMBER_ALONE.match(lines[k]):
            j = k + 1
            while j < len(lines) and j <= k + 3 and not lines[j].strip():
                j += 1
            if j < len(lines) and _SYMBOL_ALONE.match(lines[j]):
                lines[k] = lines[k].rstrip() + lines[j].strip()
                lines[j] = ""
            return


def _top_stamp(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """A copy of a signed PDF's text starts with the stamp's box ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC" /
    "ttcbth@quangngai.gov.vn" / "18.11.2024 07:25:14" / "+07:00"): its first lines, up to a blank line,
    with an email or a "Ký bởi:"-like key and a signing time. Those lines are blanked (the others keep
    their numbers) and read as the PDF reader reads the box (signed_by, signed_at)."""
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    end = k
    while end < len(lines) and lines[end].strip() and end - k < 8:
        end += 1
    group = [t.strip() for t in lines[k:end]]
    if not any(WHEN.search(t) for t in group) or not any(EMAIL.match(t) or STAMP_ALWAYS.match(t) for t in group):
        return lines, {}
    fields = stamp_box_fields(group)
    if not fields:
        return lines, {}
    return [*lines[:k], *([""] * (end - k)), *lines[end:]], stamp_meta(fields)


_GAP_HINT = rx.lazy(r"\S {6,}\S")


def _tab_run(raw_lines: list[str], i: int) -> tuple[list[tuple[int, str]], int]:
    """The tab-separated rows from line ``i`` (1-based line numbers; blank lines between them skipped)
    and the index after them."""
    rows: list[tuple[int, str]] = []
    n, j = len(raw_lines), i
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
    return rows, j


def _tab_blocks(rows: list[tuple[int, str]], notes: dict[int, tuple[str, ...]]) -> list[Block] | None:
    """Tab-separated rows as blocks: a layout table's lines; paragraphs when the tabs only follow a list
    label or indent the line ("1.⇥Mục đích", "⇥+ Báo cáo …", as Word's plain-text export writes them);
    else a table (two rows or more); None for a single row that is none of these (a line)."""
    for k in range(1, len(rows)):
        if _END_BLOCK.match(rows[k][1]):  # the end block after a table, across blank lines: apart
            return [*(_tab_blocks(rows[:k], notes) or [_line(*rows[0], notes)]),
                    *(_tab_blocks(rows[k:], notes) or [_line(*rows[k], notes)])]
    cells = [(ln, [c for c in (clean_text(t) for t in r.split("\t")) if c]) for ln, r in rows]
    laid_out = _layout_lines(cells, notes)
    if laid_out is not None:
        return laid_out
    para = [len(c) == 1 or (len(c) == 2 and LABEL_ONLY.match(c[0]) is not None) for _ln, c in cells]
    if len(rows) == 1 and not para[0]:
        return None
    # paragraph rows are lines before the first table row, after the last, and in a run of three or more
    # between two tables; one or two between table rows are the table's own (a group row "1.⇥Thể chế")
    line = list(para)
    k = 0
    while k < len(rows):
        end = k
        while end < len(rows) and para[end]:
            end += 1
        if end > k and k > 0 and end < len(rows) and end - k < 3:
            line[k:end] = [False] * (end - k)
        k = max(end, k + 1)
    out: list[Block] = []
    k = 0
    while k < len(rows):
        if line[k]:
            ln, c = cells[k]
            out.append(Line(text=" ".join(c), src=SourceRef(line=ln), notes=notes.get(ln - 1, ())))
            k += 1
            continue
        end = k
        while end < len(rows) and not line[end]:
            end += 1
        out.append(_rows_to_table(rows[k:end]) if end - k >= 2 else _line(*rows[k], notes))
        k = end
    return out


_END_BLOCK = rx.lazy(r"^\s*Nơi\s+nhận\s*:", regex.IGNORECASE)


def _line(ln: int, raw: str, notes: dict[int, tuple[str, ...]]) -> Line:
    return Line(text=clean_text(raw), src=SourceRef(line=ln), notes=notes.get(ln - 1, ()))


def _layout_lines(cells: list[tuple[int, list[str]]], notes: dict[int, tuple[str, ...]]) -> list[Block] | None:
    """Tab-separated rows (line number, filled cells) that are a layout table (extract/layout_kind: the
    header block, Nơi nhận | signer, a Kính gửi block), as the .docx reader reads one: per row, each
    cell's text as a Line, left to right, zone "front" or "back"; None for a content table."""
    cells = [(ln, _number_cell(r)) for ln, r in cells]
    filled = [r for _ln, r in cells if r]
    kind = layout_kind(filled) if filled else None
    if kind is None:
        return None
    zone = kind if kind in ("front", "back") else None
    return [Line(text=c, src=SourceRef(line=ln, col=k), zone=zone, notes=notes.get(ln - 1, ()) if k == 1 else ())
            for ln, r in cells for k, c in enumerate(r, 1)]


_SO_ALONE = rx.lazy(r"^Số\s*:?$", regex.IGNORECASE)


def _number_cell(cells: list[str]) -> list[str]:
    """"Số:" and its number split by a tab typed inside the cell ("Số:⇥/BC-UBND") are one cell again."""
    for k in range(len(cells) - 1):
        if _SO_ALONE.match(cells[k]) and cells[k + 1][:1] in "0123456789/…. ":
            return [*cells[:k], f"{cells[k]} {cells[k + 1]}", *cells[k + 2:]]
    return cells


def _rows_to_table(rows: list[tuple[int, str]]) -> Table:
    split = [(ln, r.split("\t")) for ln, r in rows]
    ncols = max(len(cells) for _, cells in split)
    out = []
    for r, (ln, cells) in enumerate(split, start=1):
        cells = cells + [""] * (ncols - len(cells))
        out.append(tuple(Cell(text=clean_text(c), src=SourceRef(line=ln, row=r, col=k + 1))
                         for k, c in enumerate(cells)))
    return Table(rows=tuple(out), src=SourceRef(line=rows[0][0]))
