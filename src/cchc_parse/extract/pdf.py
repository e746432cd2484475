"""PDF extractor: the same block stream as the text and Word paths.

pypdfium2 reads every page's characters and, on pages that draw rulings, the ruling lines and
rectangles (path objects); pdfplumber's table-building steps turn those into cells (no pdfminer
page parse at all). Text that e-signature stamps draw in widget annotations (the number, the
day) joins the page's characters (pdf_stamps). Per page: tables → cells; other characters →
visual lines, footnotes taken out (pdf_notes); running headers,
page numbers and signature stamps dropped; then the header block (zone "front"), body
paragraphs with tables in place, and the Nơi nhận | signer block (zone "back").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.errors import CchcError, ExtractError, LimitExceeded, ScannedDocument
from cchc_parse.extract.blocks import Block, Extracted, Line, SourceRef, Style, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.extract.pdf_chars import Char, read_chars
from cchc_parse.extract.pdf_clean import (
    drop_running, find_stamps, fix_glyphs, has_cid, spaced_text, stamp_meta, word_stats)
from cchc_parse.extract.pdf_lines import (
    LABEL, Layout, VLine, group_lines, join_text, lines_to_paras, measure_layout, set_align)
from cchc_parse.extract.pdf_notes import take_footnotes
from cchc_parse.extract.pdf_stamps import line_stamps, merge_stamps, read_stamps, text_annots
from cchc_parse.extract.pdf_tables import (
    Grid, find_grids, grid_to_table, in_box, join_tables, page_edges, page_has_rulings, same_columns)
from cchc_parse.extract.pdf_zones import (
    NOI_NHAN, back_continuation, back_zone, column_lines, front_zone, join_front_left, split_segments)

MIN_GLYPHS = 20  # fewer glyphs than this on a page with an image: a scanned page


def extract_pdf(path: Path, *, ocr: bool = False, password: str | None = None,
                max_pages: int = 2000) -> Extracted:
    """Read a PDF into blocks. Raises only CchcError subclasses."""
    try:
        return _extract(Path(path), ocr=ocr, password=password, max_pages=max_pages)
    except CchcError:
        raise
    except MemoryError:
        raise ExtractError(path, "out of memory while reading the PDF") from None
    except Exception as e:  # pdfminer/pypdfium2 raise many kinds on damaged files
        raise ExtractError(path, f"cannot read the PDF (corrupt or truncated?): {type(e).__name__}: {e}") from None


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            if password is None:
                raise ExtractError(path, "the PDF is encrypted; pass --password") from None
            raise ExtractError(path, "the PDF is encrypted and the password is wrong") from None
        raise ExtractError(path, f"not a readable PDF (corrupt or truncated): {e}") from None


class _Page:
    __slots__ = ("chars", "glyphs", "grids", "height", "images", "lines", "no", "notes", "stamp_fields", "tables",
                 "text", "width")

    def __init__(self, no: int, width: float, height: float) -> None:
        self.no, self.width, self.height = no, width, height
        self.chars: list[Char] = []
        self.glyphs = 0  # non-space characters of the text layer
        self.text = ""  # the page's text, for the trust check
        self.lines: list[VLine] = []
        self.grids: list[Grid] = []
        self.tables: list[tuple[float, Table, Grid]] = []
        self.images = 0
        self.notes: list[tuple[str | None, str]] = []  # (note number, text)
        self.stamp_fields: dict[str, str] = {}  # signature fields from stamp annotations


def _extract(path: Path, *, ocr: bool, password: str | None, max_pages: int) -> Extracted:
    diags: list[Diagnostic] = []
    meta: dict[str, Any] = {}
    doc = _open(path, password)
    try:
        n = len(doc)
        if n == 0:
            raise ExtractError(path, "the PDF has no pages")
        if n > max_pages:
            raise LimitExceeded(path, f"the PDF has {n} pages, more than the limit of {max_pages}")
        meta["pages"] = n
        pages: list[_Page] = []
        keep: list[_Page] = []
        for i in range(n):
            pg = doc[i]
            try:
                p = _Page(i + 1, pg.get_width(), pg.get_height())
                tp = pg.get_textpage()
                try:
                    p.chars = read_chars(tp, p.height)
                finally:
                    tp.close()
                p.glyphs = sum(1 for c in p.chars if not c.text.isspace())
                if p.glyphs < MIN_GLYPHS:
                    p.images = sum(1 for _ in pg.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
                if page_has_rulings(pg):
                    p.grids = find_grids(page_edges(pg), p.no)
                stamps = text_annots(pg)
            finally:
                pg.close()
            if stamps:  # after the page is read: this flattens it
                p.chars, p.stamp_fields = merge_stamps(p.chars, read_stamps(doc, i, stamps), p.no)
            _stream_page(p, keep)
            pages.append(p)
        scans = [p.no for p in pages if p.images and p.glyphs < MIN_GLYPHS]
        ocr_lines: dict[int, list[str]] = {}
        if scans:
            if not ocr:
                text_pages = n - len(scans)
                if text_pages == 0 or len(scans) * 2 > n:
                    raise ScannedDocument(path, f"is a scanned PDF (no text layer on pages {_ranges(scans)}); "
                                                "run with --ocr")
                diags.append(make("P008", f"pages {_ranges(scans)} have no text layer (images only); they were "
                                          "skipped: run with --ocr to read them", SourceRef(line=1, page=scans[0])))
            else:
                from cchc_parse.extract.ocr import ocr_page, require_tesseract

                require_tesseract(path)
                for no in scans:
                    pg = doc[no - 1]
                    try:
                        ocr_lines[no] = ocr_page(pg, path, no)
                    finally:
                        pg.close()
                    pages[no - 1].lines, pages[no - 1].tables = [], []
                meta["ocr_pages"] = scans
                diags.append(make("P010", f"pages {_ranges(scans)} were read by OCR (Tesseract, vie)",
                                  SourceRef(line=1, page=scans[0])))
    finally:
        doc.close()
    _check_text(path, pages, diags)
    blocks = _assemble(pages, ocr_lines, diags, meta)
    return Extracted(blocks=blocks, format="pdf", meta=meta, diagnostics=diags)


def _ranges(nums: list[int]) -> str:
    out: list[str] = []
    for x in nums:
        if out and out[-1].split("-")[-1] == str(x - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{x}"
        else:
            out.append(str(x))
    return ", ".join(out)


MIN_WORDS_P008 = 12  # fewer alphabetic words on a page (a page of coordinates): no verdict on it


def _check_text(path: Path, pages: list[_Page], diags: list[Diagnostic]) -> None:
    total_bad = total = 0
    for p in pages:
        text = p.text
        if not text.strip():
            continue
        bad, words = word_stats(text)
        total += words
        total_bad += bad
        ratio = bad / words if words else 0.0
        odd = sum(1 for c in text if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or (ord(c) < 32 and c not in "\t"))
        if (ratio > 0.2 and words >= MIN_WORDS_P008) or odd > 5 or has_cid(text):
            diags.append(make("P008", f"page {p.no}: the text layer is not trustworthy ({ratio:.0%} of words "
                                      "have impossible letters; unmapped glyphs)", SourceRef(line=1, page=p.no)))
    if total and total_bad / total > 0.35:
        raise ExtractError(path, f"the text layer is unusable ({total_bad / total:.0%} of words are garbage: "
                                 "the fonts have no usable Unicode map); run with --ocr")


def _stream_page(p: _Page, keep: list[_Page]) -> None:
    """Turn one page's characters into lines and tables as soon as it is read, and let the
    characters go: memory stays bounded on long PDFs. Lines keep their characters only where the
    cross-page steps need them: page 1 (the header block), and the last page with "Nơi nhận" and
    the page after it (the end block); ``keep`` holds those end-block candidates."""
    p.text = spaced_text(p.chars)
    _page_lines(p)
    p.chars = []
    if any(NOI_NHAN.match(ln.text) for ln in p.lines):
        for q in keep:
            _drop_chars(q)
        keep[:] = [p]
    elif len(keep) == 1 and keep[0].no == p.no - 1:
        keep.append(p)
    else:
        _drop_chars(p)


def _drop_chars(p: _Page) -> None:
    if p.no != 1:
        for ln in p.lines:
            ln.chars = []


def _page_lines(p: _Page) -> None:
    """Tables → Table blocks; remaining characters → visual lines (glyph fixes applied)."""
    line_src = group_lines(p.chars, p.no) if p.grids else None
    body = p.chars
    for g in p.grids:
        inside = [c for c in body if in_box(c, g.bbox, pad=2.0)]
        ids = {id(c) for c in inside}
        body = [c for c in body if id(c) not in ids]
        line_no = 1 + sum(1 for ln in (line_src or []) if ln.bottom <= g.bbox[1] + 1)
        p.tables.append((g.bbox[1], grid_to_table(g, inside, line_no), g))
    p.lines = group_lines(body, p.no)
    _take_footnotes(p)
    if line_src is not None:  # keep the visual line numbers of the whole page
        tops = sorted(ln.top for ln in line_src)
        for ln in p.lines:
            ln.no = 1 + sum(1 for t in tops if t < ln.top - 1)


def _take_footnotes(p: _Page) -> None:
    p.lines, p.notes = take_footnotes(p.lines, p.height)


def _fix_blocks(blocks: list[Block]) -> int:
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


def _style(ln: VLine) -> Style:
    return Style(bold=ln.bold, italic=ln.italic, size=ln.size, align=ln.align)


def _line(text: str, ln: VLine, zone: str | None = None, parts: Sequence[VLine] = ()) -> Line:
    """The block of a paragraph that starts at ``ln`` and is made of ``parts`` (default: ``ln``)."""
    return Line(text=clean_text(text), src=SourceRef(line=ln.no, page=ln.page), style=_style(ln), zone=zone,
                stamps=line_stamps(parts or [ln]))


def _assemble(pages: list[_Page], ocr_lines: dict[int, list[str]], diags: list[Diagnostic],
              meta: dict[str, Any]) -> list[Block]:
    text_pages = [p for p in pages if p.lines or p.tables]
    if drop_running([p.lines for p in text_pages], [p.height for p in text_pages]):
        meta["running_lines_dropped"] = True
    stamp_fields: dict[str, str] = {}
    for p in pages:
        p.lines, fields = find_stamps(p.lines)
        for k, v in [*fields.items(), *p.stamp_fields.items()]:
            stamp_fields.setdefault(k, v)
    if stamp_fields:
        meta.update(stamp_meta(stamp_fields))
        diags.append(make("P011", "digital-signature stamp removed: " + "; ".join(
            f"{k}: {v}" for k, v in stamp_fields.items())))
    width = pages[0].width
    lay = measure_layout([ln for p in pages for ln in p.lines], width)
    for p in pages:
        for ln in p.lines:
            set_align(ln, lay)

    blocks: list[Block] = []
    # the header block, page 1
    first = pages[0]
    fz = front_zone(first.lines, first.height, lay.center) if first.lines else None
    if fz:
        k, colx = fz
        left, right = column_lines(first.lines[:k], colx, first.no)
        for ln in left + right:
            set_align(ln, lay)
        blocks += [_line(t, lns[0], "front", lns) for lns, t in join_front_left(left)]
        blocks += [_line(ln.text, ln, "front") for ln in right]
        first.lines = first.lines[k:]
    # the end block: the last page with "Nơi nhận"
    back: tuple[_Page, int, float] | None = None
    for p in reversed(pages):
        bz = back_zone(p.lines, p.width)
        if bz:
            back = (p, *bz)
            break
    # the block may run on to the top of the next page ("- Lưu: VT, L." | "Nguyễn Khoa Hải")
    back_more: list[tuple[int, list[VLine]]] = []
    if back and back[0].no < len(pages):
        nxt = pages[back[0].no]
        if nxt.no not in ocr_lines:
            k = back_continuation(nxt.lines, back[2], nxt.width)
            first_table = min((top for top, _, _ in nxt.tables), default=float("inf"))
            k = sum(1 for ln in nxt.lines[:k] if ln.bottom < first_table)
            if k:
                back_more.append((nxt.no, nxt.lines[:k]))
                nxt.lines = nxt.lines[k:]
    pending: list[VLine] = []
    last_table: tuple[Table, Grid] | None = None

    cited: dict[tuple[int, str], int] = {}  # (page, note number) → index of the block citing it

    def flush() -> None:
        for para in lines_to_paras(pending, lay):
            pg = {ln.page for ln in para.lines}
            if len(pg) > 1:
                diags.append(make("P004", f"paragraph joined across a page break: '…{para.text[:40]}'",
                                  SourceRef(line=para.first.no, page=para.first.page)))
            for ln in para.lines:
                for num in ln.refs:
                    cited.setdefault((ln.page, num), len(blocks))
            blocks.append(_line(para.text, para.first, parts=para.lines))
        pending.clear()

    for p in pages:
        if p.no in ocr_lines:
            flush()
            blocks += [Line(text=clean_text(t), src=SourceRef(line=i, page=p.no))
                       for i, t in enumerate(ocr_lines[p.no], start=1)]
            last_table = None
            continue
        back_lines: list[VLine] = []
        if back and back[0] is p:
            back_lines = p.lines[back[1]:]
            p.lines = p.lines[: back[1]]
        items: list[tuple[float, int, VLine | tuple[Table, Grid]]] = [(ln.top, 1, ln) for ln in p.lines]
        items += [(top, 0, (t, g)) for top, t, g in p.tables]
        items.sort(key=lambda it: (it[0], it[1]))
        for idx, (_, kind, obj) in enumerate(items):
            if kind == 1:
                pending.append(obj)  # type: ignore[arg-type]
                last_table = None
                continue
            table, grid = obj  # type: ignore[misc]
            if idx == 0 and last_table is not None and not pending and same_columns(last_table[1], grid):
                prev_t = blocks.pop()
                assert isinstance(prev_t, Table)
                joined, dropped, merged = join_tables(prev_t, table)
                if dropped:
                    diags.append(make("P007", f"{dropped} repeated header row(s) dropped from the table continued "
                                              f"on page {p.no}", SourceRef(line=table.src.line, page=p.no)))
                if merged:
                    diags.append(make("P006", f"a table row split by the page break before page {p.no} was "
                                              "merged back", SourceRef(line=table.src.line, page=p.no)))
                blocks.append(joined)
                last_table = (joined, grid)
                continue
            flush()
            blocks.append(table)
            last_table = (table, grid)
        if back_lines:
            flush()
            blocks += _back_lines([(p.no, back_lines), *back_more], lay)
            last_table = None
    flush()
    for p in pages:
        for num, text in p.notes:  # to the paragraph citing the note, else the page's last paragraph
            at = cited.get((p.no, num)) if num else None
            if at is None:
                at = next((i for i in range(len(blocks) - 1, -1, -1) if isinstance(blocks[i], Line)
                           and blocks[i].src.page == p.no and blocks[i].zone is None), None)
            if at is not None:
                b = blocks[at]
                blocks[at] = replace(b, notes=b.notes + (clean_text(text),))  # type: ignore[arg-type]
    fixed = _fix_blocks(blocks)
    if fixed:
        diags.append(make("P012", f"{fixed} wrongly mapped glyphs repaired (Ƣ→Ư, HÕA→HÒA)"))
    return blocks


def _back_lines(parts: list[tuple[int, list[VLine]]], lay: Layout) -> list[Line]:
    """The Nơi nhận | signer block (on one page, or run on to the next): every visual line is cut
    at the wide gap between the columns; the left column's lines (recipients, a wrapped one joined)
    come first, then the right column's (title, name), all with zone "back"."""
    left: list[VLine] = []
    right: list[VLine] = []
    for page, lines in parts:
        lc, rc = split_segments(lines, lay.width)
        lno = {id(c): ln.no for ln in lines for c in ln.chars}
        lg, rg = group_lines(lc, page), group_lines(rc, page)
        for v in lg + rg:
            v.no = min(lno[id(c)] for c in v.chars)
        left += lg
        right += rg
    out: list[Line] = []
    prev: VLine | None = None
    for ln in left:
        set_align(ln, lay)
        t = ln.text
        if (out and prev is not None and prev.page == ln.page and not LABEL.match(t)
                and not t.startswith(("-", "+", "Nơi", "Lưu"))
                and ln.top - prev.bottom < 0.8 * ln.size and not out[-1].text.endswith(":")):
            out[-1] = Line(text=clean_text(join_text(out[-1].text, t)), src=out[-1].src, style=out[-1].style,
                           zone="back")
        else:
            out.append(_line(t, ln, "back"))
        prev = ln
    for ln in right:
        set_align(ln, lay)
        out.append(_line(ln.text, ln, "back"))
    return out
