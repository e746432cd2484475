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

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import regex

from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.errors import CchcError, ExtractError, LimitExceeded, ScannedDocument
from cchc_parse.extract.blocks import Extracted, SourceRef
from cchc_parse.extract.glyphs import fix_glyphs
from cchc_parse.extract.pdf.assemble import assemble
from cchc_parse.extract.pdf.chars import read_page_counted
from cchc_parse.extract.pdf.clean import find_stamps, has_cid
from cchc_parse.extract.pdf.page import Page, page_grids, page_lines, stream_page
from cchc_parse.extract.pdf.stamps import flatten_stamps, merge_stamps, read_stamps, text_annots
from cchc_parse.extract.pdf.tables import find_grids
from cchc_parse.extract.pdf.textlayer import broken_message, broken_pages
from cchc_parse.gcpause import collector_paused, collector_running

if TYPE_CHECKING:
    from cchc_parse.extract.ocr import OcrPage

MIN_GLYPHS = 20  # fewer glyphs than this on a page with an image: a scanned page
# characters that betray unmapped glyphs: U+FFFD, the private use area, controls other than a tab
_ODD = regex.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0a-\x1f]")


def extract_pdf(path: Path, *, ocr: bool = False, password: str | None = None,
                max_pages: int = 2000) -> Extracted:
    """Read a PDF into blocks. Raises only CchcError subclasses.

    The collector is paused while it reads (not while it OCRs scans: ``gcpause.collector_running``): some
    10^5 characters, lines and cells are made and dropped again, freed by their reference counts
    (the reading makes next to no reference cycles: tests/test_speed_pdfread_paths.py), and each
    collection would walk the pages kept so far."""
    try:
        from cchc_parse.extract.pdf.guard import check_streams

        check_streams(Path(path))  # decompression bombs, before pdfium inflates anything
        with collector_paused():
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
        pages: list[Page] = []
        keep: list[Page] = []
        for i in range(n):
            pg = doc[i]
            try:
                p = Page(i + 1, pg.get_width(), pg.get_height())
                stamps = text_annots(pg)  # (read only) first: a stamp page's text is made after the merge
                tp = pg.get_textpage()
                try:  # glyphs: non-space characters
                    p.chars, text, p.glyphs = read_page_counted(tp, p.height, text=not stamps)
                finally:
                    tp.close()
                if p.glyphs < MIN_GLYPHS:
                    p.images = sum(1 for _ in pg.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
                p.grids = page_grids(pg, p.no, diags)
                flat = flatten_stamps(pg) if stamps else None  # after the page is read
            finally:
                pg.close()
            if stamps and flat is not None:
                p.chars, p.stamp_fields = merge_stamps(p.chars, read_stamps(doc, i, stamps, flat), p.no)
                text = None  # of other characters now
            stream_page(p, keep, text)
            pages.append(p)
        scans = [p.no for p in pages if p.images and p.glyphs < MIN_GLYPHS]
        scans = sorted(scans + _broken_layers(path, pages, scans, ocr=ocr, diags=diags))
        if scans:
            if not ocr:
                text_pages = n - len(scans)
                if text_pages == 0 or len(scans) * 2 > n:
                    raise ScannedDocument(path, f"is a scanned PDF (no text layer on pages {_ranges(scans)}); "
                                                "run with --ocr")
                diags.append(make("P008", src=SourceRef(line=1, page=scans[0]), params={"pages": _ranges(scans)}))
            else:
                from cchc_parse.extract.ocr import read_pages, require_tesseract

                require_tesseract(path)
                fresh = _open(path, password)  # not flattened by the stamp reading: stamps are not OCR'd
                try:
                    with collector_running():  # the OCR engines' objects: not ours to vouch for
                        for op in read_pages(fresh, path, scans):
                            _ocr_page(pages[op.no - 1], op, diags)
                finally:
                    fresh.close()
                meta["ocr_pages"] = scans
                diags.append(make("P010", src=SourceRef(line=1, page=scans[0]), params={"pages": _ranges(scans)}))
    finally:
        doc.close()
    _check_text(pages, diags)
    blocks = assemble(pages, diags, meta)
    return Extracted(blocks=blocks, format="pdf", meta=meta, diagnostics=diags)


def _ocr_page(p: Page, op: OcrPage, diags: list[Diagnostic]) -> None:
    """A page read by OCR: its characters and rulings replace the text layer (the fields of a
    signature stamp there are kept) and become lines and tables as on a text page."""
    from cchc_parse.extract.ocr import unreadable_diagnostics

    for k, v in find_stamps(p.lines)[1].items():
        p.stamp_fields.setdefault(k, v)
    p.chars, p.text, p.tables = op.chars, "", []
    p.grids = find_grids(op.edges, p.no) if op.edges else []
    page_lines(p)
    diags += unreadable_diagnostics(p.no, p.lines)


def _ranges(nums: list[int]) -> str:
    out: list[str] = []
    for x in nums:
        if out and out[-1].split("-")[-1] == str(x - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{x}"
        else:
            out.append(str(x))
    return ", ".join(out)


def _broken_layers(path: Path, pages: list[Page], scans: list[int], *, ocr: bool,
                   diags: list[Diagnostic]) -> list[int]:
    """Pages whose text layer is not Vietnamese text (textlayer.is_broken on the text as it will be
    used: legacy fonts converted, known glyph maps fixed). Without OCR: an error naming them; with
    OCR: they are returned to be read like scans, their text layer ignored (P032)."""
    broken = broken_pages((p.no, fix_glyphs(p.text)[0]) for p in pages if p.no not in scans)
    if not broken:
        return []
    if not ocr:
        raise ExtractError(path, broken_message(_ranges(broken)))
    diags.append(make("P032", src=SourceRef(line=1, page=broken[0]), params={"pages": _ranges(broken)}))
    for no in broken:
        pages[no - 1].text = ""
    return broken


def _check_text(pages: list[Page], diags: list[Diagnostic]) -> None:
    """P008 on a page whose text layer reads as Vietnamese but carries unmapped glyphs."""
    for p in pages:
        if odd_count(p.text) > 5 or has_cid(p.text):
            diags.append(make("P008", src=SourceRef(line=1, page=p.no), params={"page": p.no}))


def odd_count(text: str) -> int:
    """How many characters of ``text`` betray unmapped glyphs (``_ODD``). A printable text has no
    control or private-use character: only U+FFFD is left to look for, and most pages have none."""
    if text.isprintable() and "\ufffd" not in text:
        return 0
    return len(_ODD.findall(text))
