"""OCR of scanned PDF pages with Tesseract in-process (tesserocr), keeping the layout.

Each page is rendered at its scan's resolution, cleaned (seal colour removed, deskewed: image.py),
its ruling lines found (rulings.py), recognised into words with boxes and confidences
(engine.py) and turned into positioned characters (layout.py) that the PDF extractor groups,
zones and tables exactly like a text layer's. Pages run in parallel on a bounded thread pool:
rendering stays on the calling thread (pdfium is not thread-safe), the rest runs in the workers
(Tesseract and Pillow release the GIL).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_parse.errors import ExtractError, UnsupportedFormat
from cchc_parse.extract.ocr.engine import engine_ready, recognise
from cchc_parse.extract.ocr.layout import UNREADABLE, Unreadable, to_chars
from cchc_parse.extract.pdf.chars import Char

PACKAGES = "tesseract-ocr and tesseract-ocr-vie"
PIP = "tesserocr"
MAX_THREADS = 4

__all__ = ["PACKAGES", "UNREADABLE", "OcrPage", "read_pages", "require_tesseract", "tesseract_ready",
           "unreadable_diagnostics"]


def tesseract_ready() -> bool:
    """Tesseract's library (tesserocr) and the Vietnamese model are installed."""
    return engine_ready()


def require_tesseract(path: str | Path | None) -> None:
    if not tesseract_ready():
        raise UnsupportedFormat(path, f"--ocr needs Tesseract with Vietnamese: install the Debian packages "
                                      f"{PACKAGES} (apt-get install {PACKAGES.replace(' and ', ' ')}) "
                                      f"and the Python package {PIP} (pip install {PIP})")


@dataclass(slots=True)
class OcrPage:
    """What OCR read on one page: characters and ruling edges in points, lines with left-out words."""

    no: int
    chars: list[Char] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    conf: float = 0.0  # mean word confidence, 0-100


def threads(pages: int) -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_THREADS, pages))


def read_page(image: Any, dpi: int, no: int) -> OcrPage:
    """Clean, find rulings, recognise and lay out one rendered page (RGB PIL image)."""
    from cchc_parse.extract.ocr.bold import bold_lines
    from cchc_parse.extract.ocr.columns import reread_columns
    from cchc_parse.extract.ocr.image import deskew, drop_colour
    from cchc_parse.extract.ocr.rulings import find_rulings

    grey, _ = deskew(drop_colour(image))
    image.close()
    edges = find_rulings(grey, dpi)
    lines = reread_columns(grey, dpi, recognise(grey, dpi))
    chars, bad = to_chars(lines, 72 / dpi, bold_lines(grey, lines))
    words = [w for ln in lines for w in ln.words]
    conf = sum(w.conf for w in words) / len(words) if words else 0.0
    return OcrPage(no, chars, edges, bad, round(conf, 1))


def read_pages(doc: Any, path: str | Path | None, nos: Iterable[int]) -> Iterator[OcrPage]:
    """OCR the pages ``nos`` (1-based) of the open pdfium document, in order. At most
    ``threads + 1`` rendered pages wait in memory."""
    from cchc_parse.extract.ocr.image import render, scan_dpi

    nos = list(nos)
    n = threads(len(nos))
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="cchc-ocr") as pool:
        pending: list[Future[OcrPage]] = []
        for no in nos:
            pg = doc[no - 1]
            try:
                dpi = scan_dpi(pg)
                image = render(pg, dpi)
            finally:
                pg.close()
            pending.append(pool.submit(read_page, image, dpi, no))
            while len(pending) > n:
                yield _result(pending.pop(0), path)
        for fut in pending:
            yield _result(fut, path)


def _result(fut: Future[OcrPage], path: str | Path | None) -> OcrPage:
    try:
        return fut.result()
    except (MemoryError, ExtractError):
        raise
    except Exception as e:  # Tesseract or Pillow failing on one page image
        raise ExtractError(path, f"OCR failed: {type(e).__name__}: {e}") from None


def unreadable_diagnostics(page: int, lines: Iterable[Any]) -> list[Any]:
    """P033 for each visual line (``VLine``) holding words OCR left out."""
    from cchc_parse.diagnostics import make
    from cchc_parse.extract.blocks import SourceRef

    out = []
    for ln in lines:
        words = sum(1 for c in ln.chars if c.font == UNREADABLE)
        if words:
            out.append(make("P033", src=SourceRef(line=ln.no, page=page),
                            params={"page": page, "line": ln.no, "words": words, "text": ln.text}))
    return out
