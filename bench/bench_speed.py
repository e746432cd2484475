"""Speed against the reading floor, as ratios measured side by side in one process (issue 16):
PDF (pypdfium2 text floor, pdfplumber peer), DOCX with YAML (unzip + lxml floor, python-docx
peer, docling's DOCX backend when installed), start-up of `cchc parse`, YAML emit against size.

    .venv/bin/python bench/bench_speed.py [--reps 3]      (prints the markdown; run.py includes it)

Times are CPU seconds of this process (``time.process_time``), best of --reps per file, the floor
and cchc taking turns on each file and repetition: on a shared machine the wall clock also counts
the other processes, and a load that changes between two separate series would move the ratio.
Start-up is wall time (a new process each run), best and median of 10.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

TARGET = {"pdf": 4.0, "docx": 3.0, "startup_ms": 150.0}


def require(module: str, why: str) -> None:
    """A required peer must be there: a benchmark without it would silently compare less."""
    try:
        __import__(module)
    except ImportError:
        sys.exit(f"bench: {module} is missing ({why}); install the project's requirements")


def pdf_files() -> list[Path]:  # text PDFs: the scans need OCR, the garbled one is refused
    return sorted(p for p in (SAMPLES / "pdf").glob("*.pdf")
                  if "scan" not in p.name and "garbled" not in p.name)


def best(fn: Callable[[Path], object], files: list[Path], reps: int) -> float:
    return side_by_side({"": fn}, files, reps)[""]


def side_by_side(fns: dict[str, Callable[[Path], object]], files: list[Path], reps: int) -> dict[str, float]:
    """Each method's sum over ``files`` of its best of ``reps`` runs, the methods taking turns on
    every file and repetition: a change in the machine's load between the floor's runs and cchc's
    (other processes on a shared machine) then moves both, not the ratio."""
    totals = dict.fromkeys(fns, 0.0)
    for f in files:
        times: dict[str, list[float]] = {name: [] for name in fns}
        for _ in range(reps):
            for name, fn in fns.items():
                t0 = time.process_time()
                fn(f)
                times[name].append(time.process_time() - t0)
        for name in fns:
            totals[name] += min(times[name])
    return totals


# --- PDF


def pdfium_text(p: Path) -> None:
    """The floor: pypdfium2's text of every page (bench_pdf's runner, shared with bench/run.py)."""
    import bench_pdf

    bench_pdf._pdfium(p)


def plumber_text(p: Path) -> None:
    import pdfplumber

    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def cchc_yaml(p: Path) -> None:
    from cchc_parse.emit.serialize import dump_yaml
    from cchc_parse.pipeline import parse_file

    dump_yaml(parse_file(p).doc)


def cchc_parse(p: Path) -> None:
    from cchc_parse.pipeline import parse_file

    parse_file(p)


# --- DOCX


def lxml_floor(p: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(p) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    "".join(root.itertext())


def python_docx(p: Path) -> None:
    import docx

    d = docx.Document(str(p))
    _ = [para.text for para in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            _ = [c.text for c in row.cells]


def docling_backend() -> Callable[[Path], None] | None:
    """docling's DOCX backend alone (no layout models), or None when docling is not installed."""
    try:
        from docling.backend.msword_backend import MsWordDocumentBackend
        from docling.datamodel.base_models import InputFormat
        from docling.datamodel.document import InputDocument
    except ImportError:
        return None

    def run(p: Path) -> None:
        doc = InputDocument(path_or_stream=p, format=InputFormat.DOCX, backend=MsWordDocumentBackend)
        MsWordDocumentBackend(doc, p).convert()

    return run


def ratio_table(rows: list[tuple[str, float]], floor: float, pages: int, target: float | None,
                subject: str) -> list[str]:
    out = ["| method | ms total | ms per page/doc | ÷ floor |", "|---|---:|---:|---:|"]
    for name, t in rows:
        mark = ""
        if name == subject and target is not None:
            mark = " ✔" if t / floor <= target else f" ✘ (target ≤ {target:g}x)"
        out.append(f"| {name} | {t * 1000:.1f} | {t * 1000 / pages:.2f} | {t / floor:.2f}x{mark} |")
    return out


def pdf_section(reps: int) -> tuple[list[str], dict]:
    files = pdf_files()
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    for f in files:
        cchc_parse(f)  # warm imports and caches
    t = side_by_side({"floor": pdfium_text, "parse": cchc_parse, "yaml": cchc_yaml}, files, reps)
    floor = t["floor"]
    rows = [("pypdfium2 get_text_range (floor)", floor),
            ("pdfplumber extract_text (peer)", best(plumber_text, files, 1)),
            ("cchc parse (whole pipeline)", t["parse"]),
            ("cchc parse + YAML", t["yaml"])]
    head = [f"{len(files)} text PDFs of samples/pdf, {pages} pages."]
    table = ratio_table(rows, floor, pages, TARGET["pdf"], "cchc parse (whole pipeline)")
    return [*head, "", *table], {"pdf_ratio": rows[2][1] / floor}


def docx_section(reps: int) -> tuple[list[str], dict]:
    files = sorted((SAMPLES / "docx").glob("*.docx"))
    for f in files:
        cchc_yaml(f)
    # the floor and cchc take turns; the peer has its own series against the floor, as pdfplumber has in
    # the PDF section: python-docx's large trees of custom element classes, freed between cchc's turns,
    # left the allocator in a state that cost the next cchc run up to a tenth more
    t = side_by_side({"floor": lxml_floor, "parse": cchc_parse, "yaml": cchc_yaml}, files, reps)
    floor = t["floor"]
    peer = side_by_side({"floor": lxml_floor, "peer": python_docx}, files, reps)
    rows = [("unzip + lxml itertext (floor)", floor),
            ("python-docx paragraphs+tables (peer)", peer["peer"])]
    dl = docling_backend()
    if dl:
        rows.append(("docling DOCX backend (peer)", best(dl, files, 1)))
    rows += [("cchc parse (whole pipeline)", t["parse"]), ("cchc parse + YAML", t["yaml"])]
    note = "" if dl else " docling: not installed (optional peer)."
    table = ratio_table(rows, floor, len(files), TARGET["docx"], "cchc parse + YAML")
    return [f"{len(files)} .docx of samples/docx.{note}", "", *table], {"docx_ratio": rows[-1][1] / floor}


def wall(cmd: list[str], env: dict[str, str], n: int = 10) -> tuple[float, float]:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)  # warm
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        ts.append(time.perf_counter() - t0)
    return min(ts) * 1000, statistics.median(ts) * 1000


def startup_section() -> tuple[list[str], dict]:
    py = sys.executable
    cchc = str(Path(py).with_name("cchc"))
    with tempfile.TemporaryDirectory() as tmp:
        # bytecode cached as an installed package has it (pip compiles it), kept out of the checkout;
        # with PYTHONDONTWRITEBYTECODE every run would compile the sources again (~50 ms)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        one = Path(tmp) / "one.txt"
        one.write_bytes((SAMPLES / "text" / "001-kh-svhttdl.txt").read_bytes()[:1500])
        runs = [("python -c pass", [py, "-c", "pass"]),
                # the command-line framework with the pydantic adapters typer 0.2x converts options with
                # (cchc converts plain values itself, cli_coerce.py: its main process imports neither)
                ("python -c 'import typer, typer._adapters' (the CLI framework and its adapters)",
                 [py, "-c", "import typer, typer._adapters"]),
                # the model layer alone, which the parse worker needs whatever the framework
                ("python -c 'from pydantic import BaseModel' (the model layer)",
                 [py, "-c", "from pydantic import BaseModel"]),
                ("python -c 'import cchc_parse.cli'", [py, "-c", "import cchc_parse.cli"]),
                ("python -c 'import cchc_parse.pipeline'", [py, "-c", "import cchc_parse.pipeline"]),
                ("cchc parse one-page.txt", [cchc, "parse", str(one)])]
        got = [(name, *wall(cmd, env)) for name, cmd in runs]
    out = ["Wall time of a new process, best and median of 10 runs after one warm-up, bytecode cached "
           "(`python -X importtime` shows where it goes). A one-file `cchc parse` forks its guarded "
           "worker first thing (prefork.py): the worker imports the parser while the main process "
           "imports the command-line framework and reads the options (without pydantic: cli_coerce.py), "
           "so the parse ends at about the worker's own time (start + the parser's imports + the "
           "parse), not the sum of both.", "",
           "| command | best ms | median ms |", "|---|---:|---:|"]
    out += [f"| {n} | {b:.0f} | {m:.0f} |" for n, b, m in got]
    return out, {"startup_ms": got[-1][1]}


def yaml_section() -> tuple[list[str], dict]:
    """YAML emit time against size: the largest sample's data, k copies in one list."""
    from cchc_parse.emit.serialize import _yaml_text, dump_yaml, to_data
    from cchc_parse.gcpause import collector_paused
    from cchc_parse.pipeline import parse_file

    docs = [parse_file(f).doc for f in sorted((SAMPLES / "docx").glob("*.docx"))]
    base = json.dumps(to_data(max(docs, key=lambda d: len(dump_yaml(d)))))
    out = ["k fresh copies of the largest .docx sample's data in one list, written by `dump_yaml`'s "
           "writer (collector paused); linear when µs per KiB stays flat.", "",
           "| k | KiB | ms | µs per KiB |", "|---:|---:|---:|---:|"]
    per: list[float] = []
    for k in (1, 2, 4, 8):
        data = [json.loads(base) for _ in range(k)]  # fresh objects: nothing for PyYAML to alias
        t0 = time.process_time()
        with collector_paused():
            text = _yaml_text(data)
        t = time.process_time() - t0
        kib = len(text.encode()) / 1024
        per.append(t * 1e6 / kib)
        out.append(f"| {k} | {kib:.0f} | {t * 1000:.1f} | {per[-1]:.1f} |")
    return out, {"yaml_us_per_kib": per}


def report(reps: int, only: set[str] | None = None) -> tuple[str, dict]:
    require("pdfplumber", "the PDF peer")
    require("docx", "python-docx, the .docx peer")
    require("lxml", "the .docx floor")
    parts: list[str] = []
    figures: dict = {}
    sections = (("pdf", "PDF: whole parse against pypdfium2's text", lambda: pdf_section(reps)),
                ("docx", "DOCX with YAML against unzip + lxml", lambda: docx_section(reps)),
                ("startup", "Start-up", startup_section),
                ("yaml", "YAML emit against size", yaml_section))
    for key, title, run in sections:
        if only and key not in only:
            continue
        lines, fig = run()
        parts += [f"### {title}", "", *lines, ""]
        figures.update(fig)
    return "\n".join(parts), figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the headline figures here")
    ap.add_argument("--only", action="append", choices=["pdf", "docx", "startup", "yaml"],
                    help="run only this section (repeatable); all four by default")
    a = ap.parse_args()
    text, figures = report(a.reps, set(a.only or ()))
    sys.stdout.write(text)
    if a.json:
        a.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
