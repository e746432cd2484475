"""The benchmark suite (`make bench`): cchc against plain-extraction baselines, per format.

    .venv/bin/python bench/run.py --out docs/benchmarks.md [--reps 3] [--batch-docs 500] [--no-batch]

Time: for every sample of a format, cchc's whole parse (extract → structure → normalise → lint)
and the baselines run in this one process, best of --reps; reported as ms per document and, for
PDFs, ms per page. Memory: peak RSS growth of a fresh child process that imports everything, then
runs one method over all the samples of the format (ru_maxrss is a high-water mark, so each
method gets its own child). Baselines:

* .txt  — read + UTF-8 decode + splitlines
* .docx — python-docx paragraph text; unzip word/document.xml + lxml itertext (the floor:
  issue 3 wants cchc's .docx parse within 8x of it)
* .pdf  — pdfplumber extract_text and pypdfium2 get_text_range (bench/bench_pdf.py's functions)
* .doc  — no baseline: LibreOffice's conversion dominates

Batch throughput comes from bench/bench_batch.py (--no-batch leaves it out). The speed ratios of issue 16 (each
figure beside its floor and peers, start-up, YAML emit against size) come from bench/bench_speed.py.
Other benchmark scripts join the report through ``SECTIONS``: a script listed there that exists is run
as ``python SCRIPT`` and the markdown it prints is included under its title (a failure is shown, not
hidden).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(BENCH))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def files_of(fmt: str) -> list[Path]:
    if fmt == "pdf":  # text PDFs only: the scans need OCR, the garbled one is refused
        return sorted(p for p in (SAMPLES / "pdf").glob("*.pdf") if "scan" not in p.name and "garbled" not in p.name)
    folder = {"txt": "text"}.get(fmt, fmt)
    return sorted((SAMPLES / folder).glob(f"*.{fmt}"))


# --- the methods: each takes a path and returns a page count (1 for non-PDFs)


def cchc_parse(p: Path) -> int:
    from cchc_parse.pipeline import parse_file

    doc = parse_file(p).doc
    return int(doc.document.pages or 1) if hasattr(doc, "document") else 1


def txt_plain(p: Path) -> int:
    p.read_bytes().decode("utf-8", errors="replace").splitlines()
    return 1


def docx_python_docx(p: Path) -> int:
    import docx

    d = docx.Document(str(p))
    _ = [para.text for para in d.paragraphs]
    for t in d.tables:  # the table text too: plans keep their tasks in tables
        for row in t.rows:
            _ = [c.text for c in row.cells]
    return 1


def docx_lxml_floor(p: Path) -> int:
    from lxml import etree

    with zipfile.ZipFile(p) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    "".join(root.itertext())
    return 1


def _pdf_fns() -> dict[str, Callable[[Path], int]]:
    import bench_pdf  # another engineer's: reuse its pdfplumber / pypdfium2 / cchc-extract runners

    return {"pdfplumber extract_text": bench_pdf._plumber, "pypdfium2 text": bench_pdf._pdfium,
            "cchc extract only": bench_pdf._cchc}


def methods(fmt: str) -> dict[str, Callable[[Path], int]]:
    m: dict[str, Callable[[Path], int]] = {"cchc parse": cchc_parse}
    if fmt == "txt":
        m["read + decode + splitlines"] = txt_plain
    elif fmt == "docx":
        m["python-docx paragraphs+tables"] = docx_python_docx
        m["unzip + lxml itertext (floor)"] = docx_lxml_floor
    elif fmt == "pdf":
        m.update(_pdf_fns())
    return m


def pages_of(p: Path) -> int:
    if p.suffix.lower() != ".pdf":
        return 1
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(str(p))
    try:
        return len(d)
    finally:
        d.close()


def time_method(fn: Callable[[Path], int], files: list[Path], reps: int) -> float:
    """Seconds for one pass over ``files`` (best of ``reps`` per file, summed)."""
    total = 0.0
    for f in files:
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            with contextlib.suppress(Exception):  # a baseline failing on one file must not stop the suite
                fn(f)
            best = min(best, time.perf_counter() - t0)
        total += best
    return total


# --- memory: a child per (format, method)


def peak_kb() -> int:
    """This process's peak RSS. VmHWM, not ru_maxrss: after fork+exec ru_maxrss starts at the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(fmt: str, name: str) -> None:
    fns = methods(fmt)
    files = files_of(fmt)
    # import and warm everything first so the growth is the work, not the imports
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    import cchc_parse.pipeline  # noqa: F401

    r0 = peak_kb()
    for f in files:
        with contextlib.suppress(Exception):
            fns[name](f)
    r1 = peak_kb()
    print(json.dumps({"growth_mb": (r1 - r0) / 1024, "peak_mb": r1 / 1024}))


def peak_memory(fmt: str, name: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, __file__, "--child", fmt, name], capture_output=True, text=True,
                       env=env, timeout=600)
    if r.returncode != 0:
        return {"growth_mb": float("nan"), "peak_mb": float("nan")}
    return json.loads(r.stdout.strip().splitlines()[-1])


# --- machine and report


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    avail = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    from importlib.metadata import version

    import pdfplumber

    from cchc_parse import __version__

    return [f"- CPU: {cpu}", f"- Cores: {os.cpu_count()} logical ({avail} available to this process)",
            f"- RAM: {ram}", f"- OS: {platform.system()} {platform.release()} ({platform.machine()})",
            f"- Python: {platform.python_implementation()} {platform.python_version()}",
            f"- cchc {__version__}, pdfplumber {pdfplumber.__version__}, pypdfium2 {version('pypdfium2')}"]


def run_batch_bench(docs: int) -> str:
    script = BENCH / "bench_batch.py"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        js = Path(tmp) / "batch.json"
        r = subprocess.run([sys.executable, str(script), "--docs", str(docs), "--json", str(js)],
                           capture_output=True, text=True, env=env, timeout=900)
        if r.returncode != 0 or not js.exists():
            return f"bench_batch.py failed (exit {r.returncode}):\n\n```\n{r.stderr[-1500:]}\n```\n"
        data = json.loads(js.read_text(encoding="utf-8"))
    sys.path.insert(0, str(BENCH))
    import bench_batch  # its own table: speed-up, worker CPU and efficiency, copies, cost per page

    return bench_batch.markdown(data)


# title → script in bench/ that prints a markdown section (run when it exists)
SECTIONS = {"OCR": "bench_ocr.py", "Comparing plans: matching quality": "bench_compare.py"}


def run_section(script: str) -> str | None:
    path = BENCH / script
    if not path.exists():
        return None
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=1800)
    if r.returncode != 0:
        return f"{script} failed (exit {r.returncode}):\n\n```\n{r.stderr[-1500:]}\n```\n"
    return r.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--batch-docs", type=int, default=500)
    ap.add_argument("--no-batch", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("FORMAT", "METHOD"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    t_start = time.perf_counter()
    for f in files_of("txt")[:1] + files_of("docx")[:1] + files_of("pdf")[:1]:  # warm imports and caches
        cchc_parse(f)
    sections = []
    summary: list[str] = ["| format | files | pages | cchc parse ms/doc | cchc ms/page | baseline | baseline ms/doc "
                          "| baseline ms/page | cchc ÷ baseline | peak RSS growth cchc / baseline |",
                          "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
    for fmt in ("txt", "docx", "pdf", "doc"):
        files = files_of(fmt)
        if not files:
            continue
        pages = sum(pages_of(f) for f in files)
        reps = 1 if fmt == "doc" else a.reps
        ms = methods(fmt)
        times = {name: time_method(fn, files, reps) for name, fn in ms.items()}
        mem = {name: peak_memory(fmt, name) for name in ms} if fmt != "doc" else {
            "cchc parse": peak_memory(fmt, "cchc parse")}
        c = times["cchc parse"]
        n_files = len(files)
        per_doc = lambda s, n=n_files: s * 1000 / n  # noqa: E731
        per_page = lambda s, n=pages: s * 1000 / n  # noqa: E731
        baselines = [n for n in ms if n != "cchc parse"] or ["—"]
        for b in baselines:
            bt = times.get(b)
            bm = mem.get(b, {}).get("growth_mb")
            summary.append(
                f"| .{fmt} | {len(files)} | {pages} | {per_doc(c):.1f} | {per_page(c):.1f} | {b} | "
                + (f"{per_doc(bt):.1f} | {per_page(bt):.2f} | {c / bt:.1f}x | "
                   f"{mem['cchc parse']['growth_mb']:.1f} / {bm:.1f} MiB |" if bt else
                   f"— | — | — | {mem['cchc parse']['growth_mb']:.1f} MiB / — |"))
        if fmt == "pdf":
            rows = ["| file | pages | cchc parse ms/page | cchc extract ms/page | pdfplumber ms/page | "
                    "pypdfium2 ms/page |", "|---|---:|---:|---:|---:|---:|"]
            for f in files:
                n = pages_of(f)
                t = {name: time_method(ms[name], [f], a.reps) for name in
                     ("cchc parse", "cchc extract only", "pdfplumber extract_text", "pypdfium2 text")}
                rows.append(f"| {f.name} | {n} | " + " | ".join(f"{v * 1000 / n:.1f}" for v in t.values()) + " |")
            sections.append("### PDF, per file (ms per page)\n\n" + "\n".join(rows) + "\n")
        if fmt == "docx":
            rows = ["| file | cchc parse ms | python-docx ms | lxml floor ms | cchc ÷ floor |",
                    "|---|---:|---:|---:|---:|"]
            for f in files:
                t = [time_method(ms[n], [f], a.reps) for n in
                     ("cchc parse", "python-docx paragraphs+tables", "unzip + lxml itertext (floor)")]
                rows.append(f"| {f.name} | {t[0] * 1000:.1f} | {t[1] * 1000:.1f} | {t[2] * 1000:.2f} | "
                            f"{t[0] / t[2]:.0f}x |")
            sections.append("### .docx, per file\n\n" + "\n".join(rows) + "\n")
        print(f"{fmt}: done ({time.perf_counter() - t_start:.0f} s)", file=sys.stderr)
    import bench_speed

    speed, _ = bench_speed.report(a.reps)
    print(f"speed: done ({time.perf_counter() - t_start:.0f} s)", file=sys.stderr)
    extra = [(title, run_section(script)) for title, script in SECTIONS.items()]
    batch = None if a.no_batch else run_batch_bench(a.batch_docs)
    out = ["# Benchmarks", "",
           f"Written by `make bench` (`python bench/run.py --out docs/benchmarks.md`) on "
           f"{time.strftime('%Y-%m-%d')}; the whole run took {time.perf_counter() - t_start:.0f} s.", "",
           "## Machine", "", *machine(), "",
           "## Per format: cchc against plain extraction", "",
           "cchc parse = the whole pipeline (extract → structure → normalise → lint) on every sample of the "
           f"format, best of {a.reps} runs per file, same process as its baselines. Peak RSS growth: a fresh "
           "child process per method, imports done before the baseline reading. Text PDFs only (the scans "
           "need --ocr and the garbled one is refused); the .doc goes through LibreOffice.", "",
           *summary, "", *sections,
           "## Speed against the reading floor (issue 16)", "",
           "Ratios of CPU time measured side by side in one process (bench/bench_speed.py); the targets: "
           "PDF parse ≤ 4x pypdfium2's text, .docx parse with YAML ≤ 3x unzip + lxml, `cchc parse` of a "
           "one-page text ≤ 150 ms on an idle machine.", "", speed]
    for title, text in extra:
        if text is not None:
            out += [f"## {title}", "", text, ""]
    out += ["## Batch throughput", "", batch or "Not measured (--no-batch).", ""]
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    print(a.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
