"""Every page of some PDFs, for tests that check a reading page by page: ``for path, i, page in
each_page(paths)`` opens each document, yields its pages in order and closes page and document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium


def each_page(paths: Iterable[Path]) -> Iterator[tuple[Path, int, Any]]:
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                try:
                    yield path, i, page
                finally:
                    page.close()
        finally:
            doc.close()
