"""ms per page: cchc extract_pdf vs pdfplumber extract_text vs pypdfium2 get_text_range.

    .venv/bin/python bench/bench_pdf.py [PDF ...]   (default: the text PDFs in samples/pdf)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from cchc_parse.errors import CchcError
from cchc_parse.extract.pdf.reader import extract_pdf

ROOT = Path(__file__).resolve().parent.parent


def _plumber(p: Path) -> int:
    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def _pdfium(p: Path) -> int:
    doc = pdfium.PdfDocument(str(p))
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        return len(doc)
    finally:
        doc.close()


def _cchc(p: Path) -> int:
    try:
        return int(extract_pdf(p).meta["pages"])
    except CchcError:
        return 0


def _pipeline(p: Path) -> int:
    try:
        from cchc_parse.pipeline import parse_file  # type: ignore[attr-defined]
    except ImportError:
        return -1
    try:
        parse_file(p)
    except CchcError:
        return 0
    return len(pdfium.PdfDocument(str(p)))


def timed(fn, p: Path, reps: int = 3) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(reps):
        t0 = time.perf_counter()
        pages = fn(p)
        best = min(best, time.perf_counter() - t0)
    return best, pages


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted(
        p for p in (ROOT / "samples" / "pdf").glob("*.pdf") if "scan" not in p.name)
    _cchc(files[0])  # warm imports
    print(f"{'file':42} {'pages':>5} {'cchc extract':>13} {'cchc parse':>11} {'pdfplumber':>11} {'pypdfium2':>10}")
    tot = {"c": 0.0, "a": 0.0, "p": 0.0, "f": 0.0, "n": 0, "na": 0}
    for f in files:
        tc, n = timed(_cchc, f)
        ta, na = timed(_pipeline, f, 1)
        tp, n2 = timed(_plumber, f, 1)
        tf, _ = timed(_pdfium, f)
        n = n or n2
        parse = f"{ta * 1000 / n:9.1f}ms" if na > 0 else ("      n/a" if na < 0 else "     fail")
        note = "" if _cchc(f) else "  (cchc raised: garbage/legacy text)"
        print(f"{f.name[:42]:42} {n:5d} {tc * 1000 / n:11.1f}ms {parse:>11} {tp * 1000 / n:9.1f}ms "
              f"{tf * 1000 / n:8.1f}ms{note}")
        tot["c"] += tc
        if na > 0:
            tot["a"] += ta
            tot["na"] += n
        tot["p"] += tp
        tot["f"] += tf
        tot["n"] += n
    n = tot["n"] or 1
    parse = f"{tot['a'] * 1000 / tot['na']:9.1f}ms" if tot["na"] else "      n/a"
    print(f"{'ALL (per page)':42} {tot['n']:5d} {tot['c'] * 1000 / n:11.1f}ms {parse:>11} "
          f"{tot['p'] * 1000 / n:9.1f}ms {tot['f'] * 1000 / n:8.1f}ms")


if __name__ == "__main__":
    main()
