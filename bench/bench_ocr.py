"""Seconds per page of OCR on the scans in samples/pdf: the method cchc used before, the plain
``tesseract`` command on the same page images, and cchc's OCR now.

    .venv/bin/python bench/bench_ocr.py [PDF ...]   (default: samples/pdf/*scan*.pdf)

(a) before: each page rendered at 300 dpi, grey PNG piped to ``tesseract - - -l vie --psm 3`` in a
    subprocess, one page after the other (the code below is a copy of that path, kept only here).
(b) the plain command on the same 300 dpi page images, as installed (OpenMP on) and with
    ``OMP_THREAD_LIMIT=1`` (Tesseract's OpenMP threads fight over 2 cores).
(c) now: ``extract_pdf(ocr=True)``, the whole extraction with layout (tesserocr in-process, pages in
    parallel, each at its scan's resolution, clean-up and rulings included).
From bench/run.py: ``section = bench_ocr.run_ocr_bench()`` gives the Markdown section (None without
Tesseract).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def scans() -> list[Path]:
    return sorted((ROOT / "samples" / "pdf").glob("*scan*.pdf"))


def _old_page(page: object) -> str:
    """Before: render at 300 dpi, PNG to the tesseract CLI, psm 3 (a copy of the old extract/ocr.py)."""
    image = page.render(scale=300 / 72).to_pil()  # type: ignore[attr-defined]
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG")
    out = subprocess.run([shutil.which("tesseract") or "tesseract", "-", "-", "-l", "vie", "--psm", "3"],
                         input=buf.getvalue(), capture_output=True, timeout=600, check=False)
    return out.stdout.decode("utf-8", "replace")


def before(pdf: Path) -> float:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        t0 = time.perf_counter()
        for i in range(len(doc)):
            pg = doc[i]
            try:
                _old_page(pg)
            finally:
                pg.close()
        return time.perf_counter() - t0
    finally:
        doc.close()


def plain_cli(pngs: list[Path], one_thread: bool) -> float:
    env = {**os.environ, **({"OMP_THREAD_LIMIT": "1"} if one_thread else {})}
    t0 = time.perf_counter()
    for png in pngs:
        subprocess.run(["tesseract", str(png), "-", "-l", "vie", "--psm", "3"], capture_output=True, env=env,
                       timeout=600, check=False)
    return time.perf_counter() - t0


def page_images(pdf: Path, folder: Path) -> list[Path]:
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for i in range(len(doc)):
            png = folder / f"{pdf.stem}-{i + 1}.png"
            doc[i].render(scale=300 / 72).to_pil().convert("L").save(png)
            out.append(png)
    finally:
        doc.close()
    return out


def now(pdf: Path) -> float:
    from cchc_parse.extract.pdf.reader import extract_pdf

    t0 = time.perf_counter()
    extract_pdf(pdf, ocr=True)
    return time.perf_counter() - t0


def measure(files: list[Path]) -> list[tuple[str, int, dict[str, float]]]:
    """(file, pages, method → seconds per page) per scan."""
    now(files[0])  # warm: imports and Tesseract's model load
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            pngs = page_images(f, Path(tmp))
            n = len(pngs)
            t = {"(a) before: CLI per page, 300 dpi": before(f) / n,
                 "(b) tesseract CLI": plain_cli(pngs, False) / n,
                 "(b) tesseract CLI, OMP_THREAD_LIMIT=1": plain_cli(pngs, True) / n,
                 "(c) cchc now": now(f) / n}
            rows.append((f.name, n, t))
    return rows


def run_ocr_bench(files: list[Path] | None = None) -> str | None:
    """The Markdown section for docs/benchmarks.md, or None when Tesseract is missing."""
    from cchc_parse.extract.ocr import tesseract_ready

    files = files or scans()
    if not files or not tesseract_ready() or not shutil.which("tesseract"):
        return None
    rows = measure(files)
    names = list(rows[0][2])
    out = ["| file | pages | " + " | ".join(names) + " | (a) ÷ (c) |",
           "|---|---:|" + "---:|" * (len(names) + 1)]
    total = {k: 0.0 for k in names}
    pages = 0
    for name, n, t in rows:
        out.append(f"| {name} | {n} | " + " | ".join(f"{t[k]:.2f}" for k in names) +
                   f" | {t[names[0]] / t[names[-1]]:.1f}x |")
        pages += n
        for k in names:
            total[k] += t[k] * n
    out.append(f"| all | {pages} | " + " | ".join(f"{total[k] / pages:.2f}" for k in names) +
               f" | {total[names[0]] / total[names[-1]]:.1f}x |")
    return (f"Seconds per page on the scans in samples/pdf ({os.cpu_count()} cores), `bench/bench_ocr.py`. "
            "(a) and (b) only recognise text; (c) is the whole extraction with layout.\n\n"
            + "\n".join(out) + "\n")


if __name__ == "__main__":
    section = run_ocr_bench([Path(a) for a in sys.argv[1:]] or None)
    print(section or "Tesseract (tesserocr + tesseract-ocr-vie, and the tesseract command) is not installed")
