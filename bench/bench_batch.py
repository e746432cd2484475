"""Batch benchmark: a folder of distinct plans (copies of the text and Word samples, each made unique)
converted with 1 and 2 worker processes, re-run unchanged, and a folder where half the files are
byte-identical copies (parsed once); then the cost per page of text PDFs and .docx files.

Prints wall time, documents per second, the speed-up of --jobs 2 over --jobs 1 (the best of three runs
of each, taking turns), the CPU the workers used (so a busy machine shows: efficiency = worker CPU /
(wall x jobs)), the peak RSS of a worker, and seconds per page. From bench/run.py: ``section(docs)``
returns the Markdown of one run.

    .venv/bin/python bench/bench_batch.py [--docs 500] [--json FILE] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from rich.console import Console

from cchc_parse import __version__
from cchc_parse.batch import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PAGES_RE = re.compile(rb"<Pages>(\d+)</Pages>")  # docProps/app.xml: <Pages>4</Pages>


def _samples() -> list[Path]:
    found = sorted((SAMPLES / "text").glob("*.txt")) + sorted((SAMPLES / "docx").glob("*.docx"))
    if not found:
        sys.exit("no samples in samples/text or samples/docx")
    return found


def build(folder: Path, n: int, copies: bool = False) -> list[Path]:
    """n documents in 10 province folders, round-robin over the samples. Distinct bytes per copy
    (a line added to text files, a zip comment to Word files) unless ``copies``: then every other
    file is a byte-identical copy of the one before it."""
    samples = _samples()
    made = []
    for i in range(n):
        k = i // 2 if copies else i
        src = samples[k % len(samples)]
        dst = folder / f"tinh-{i % 10:02d}" / f"{i:04d}-{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".txt":
            dst.write_bytes(src.read_bytes() + f"\n\n(bản sao {k})\n".encode())
        else:
            shutil.copy(src, dst)
            with zipfile.ZipFile(dst, "a") as z:
                z.comment = f"copy {k}".encode()
        made.append(dst)
    return made


_PARSE_CPU: list[float] = []  # the main process's CPU while the workers parse (batch.runner._execute)


def _timed_execute() -> None:
    """Record the main process's CPU during the parse (its database thread, receiving results), apart
    from its CPU before and after it (hashing, exports, the database's last steps): the first shares
    the cores with the workers, the second is the serial part."""
    import cchc_parse.batch.runner as batch

    if getattr(batch._execute, "timed", False):
        return
    execute = batch._execute

    def timed(*a: Any, **k: Any) -> Any:
        c0 = time.process_time()
        try:
            return execute(*a, **k)
        finally:
            _PARSE_CPU.append(time.process_time() - c0)

    timed.timed = True  # type: ignore[attr-defined]
    batch._execute = timed


def one(folder: Path, out: Path, jobs: int, force: bool, fmt: str = "yaml") -> dict[str, Any]:
    opts = BatchOptions(fmt=fmt, jobs=jobs, force=force, quiet=True, timeout=120)
    _timed_execute()
    _PARSE_CPU.clear()
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    code = run_batch([folder], out, opts, console=Console(file=io.StringIO()))
    secs, main_cpu = time.perf_counter() - t0, time.process_time() - c0
    during = sum(_PARSE_CPU)
    m = json.loads((out / "index.json").read_text(encoding="utf-8"))
    s, r = m["summary"], m["run"]
    cpu = r.get("worker_cpu_seconds") or 0.0
    return {"jobs": jobs, "force": force, "exit": code, "seconds": round(secs, 2),
            "files": s["files"], "parsed": s["ok"] + s["ok-with-warnings"], "failed": s["failed"],
            "skipped": s["skipped"], "tasks": s["tasks"],
            "copies": sum(1 for e in m["files"] if e.get("same_as")),
            "docs_per_s": round(s["files"] / secs, 1) if secs else None,
            "worker_cpu_s": round(cpu, 2), "main_cpu_s": round(main_cpu, 2),
            "main_cpu_during_parse_s": round(during, 2),
            "main_ms_per_file": round(main_cpu / s["files"] * 1000, 2) if s["files"] else None,
            "efficiency": round(cpu / (secs * jobs), 2) if secs and cpu else None,
            "load_before": round(load, 2), "peak_rss_mb_per_worker": r["peak_rss_mb_per_worker"]}


def _pages(entry: dict[str, Any], out: Path, src: Path) -> int | None:
    """Pages of a PDF (from its output) or a .docx (the count Word saved in docProps/app.xml)."""
    if entry["format"] == "pdf":
        text = (out / entry["output"]).read_text(encoding="utf-8")
        got = re.search(r"^  pages: (\d+)$", text, re.M)
        return int(got.group(1)) if got else None
    try:
        with zipfile.ZipFile(src) as z:
            got = PAGES_RE.search(z.read("docProps/app.xml"))
    except (KeyError, zipfile.BadZipFile):
        return None
    return int(got.group(1)) if got else None


def per_page(tmp: Path) -> dict[str, Any]:
    """CPU seconds per page of the text PDFs and .docx samples: the files that parse (scans fail
    without --ocr: see the OCR figures) are parsed again on their own by one worker, whose CPU time
    (parse, write, rows: load on the machine barely changes it) is divided by their pages."""
    res: dict[str, Any] = {}
    for fmt in ("pdf", "docx"):
        out, good = tmp / f"pages-{fmt}", tmp / f"good-{fmt}"
        opts = BatchOptions(jobs=1, quiet=True, force=True)
        run_batch([SAMPLES / fmt], out, opts, console=Console(file=io.StringIO()))
        m = json.loads((out / "index.json").read_text(encoding="utf-8"))
        pages = files = 0
        for e in m["files"]:
            n = _pages(e, out, SAMPLES / fmt / e["path"]) if e["status"] != "failed" else None
            if n:
                good.mkdir(exist_ok=True)
                shutil.copy(SAMPLES / fmt / e["path"], good / e["path"])
                pages, files = pages + n, files + 1
        run_batch([good], tmp / f"again-{fmt}", opts, console=Console(file=io.StringIO()))
        again = json.loads((tmp / f"again-{fmt}" / "index.json").read_text(encoding="utf-8"))["run"]
        cpu = again["worker_cpu_seconds"]
        res[fmt] = {"files": files, "pages": pages, "cpu_seconds": round(cpu, 3),
                    "peak_rss_mb": again["peak_rss_mb_per_worker"],
                    "s_per_page": round(cpu / pages, 4) if pages else None}
    return res


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i % 7
    return x


def capacity(n: int = 3_000_000) -> float:
    """The speed-up of two processes at once over one, on a CPU loop that shares nothing: 2.00 on two
    idle cores, less while the host gives them to others (the bound of the batch's speed-up then)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")

    def wall(k: int) -> float:
        procs = [ctx.Process(target=_spin, args=(n,)) for _ in range(k)]
        t0 = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        return time.perf_counter() - t0

    ones, twos = [], []
    for _ in range(3):  # taking turns, the best of each
        ones.append(wall(1))
        twos.append(wall(2))
    return round(2 * min(ones) / min(twos), 2)


_RSS_PROBE = """
import os, sys
null = os.open(os.devnull, os.O_WRONLY)
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], dict(os.environ),
                     file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of one command: its own process, from wait4, so no other child counts. Started from a
    small Python process: Linux keeps the high-water mark across exec, so a command started from this
    one would count this process's memory too."""
    got = subprocess.run([sys.executable, "-c", _RSS_PROBE, *cmd], capture_output=True, text=True, check=True)
    code, kb = map(int, got.stdout.split())
    if code:
        sys.exit(f"{' '.join(cmd)} failed ({code})")
    return kb / 1024


def merge_memory(tmp: Path, folder: Path, out: Path, docs: int) -> dict[str, Any]:
    """The main process's peak RSS in a re-run that finds every file unchanged and writes the exports
    (a merge run after sharded runs), for ``docs`` plans against a tenth of them: its growth per plan
    is what an archive in one batch costs the machine that runs it."""
    small, small_out = tmp / "in-tenth", tmp / "out-tenth"
    build(small, max(docs // 10, 1))
    one(small, small_out, 2, force=True)
    cchc = str(Path(sys.executable).with_name("cchc"))
    rss = [_peak_rss_mb([cchc, "parse", str(f), "-o", str(o), "--quiet"]) for f, o in ((small, small_out),
                                                                                         (folder, out))]
    n = docs - max(docs // 10, 1)
    return {"plans": [max(docs // 10, 1), docs], "peak_rss_mb": [round(x, 1) for x in rss],
            "kb_per_plan": round((rss[1] - rss[0]) * 1024 / n, 1) if n else None}


def measure(docs: int, fmt: str = "yaml", rounds: int = 3) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-batch-"))
    try:
        build(tmp / "in", docs)
        build(tmp / "copies", docs, copies=True)
        # --jobs 1 and --jobs 2 take turns, ``rounds`` times, each into its own fresh folder (both pay the
        # same serial part: exports, the database build); the best of each is kept, as the speed benchmarks
        # keep the best of runs that take turns: a change in the machine's speed between a --jobs 1 run and
        # a --jobs 2 run (a shared host) then moves both, not the speed-up
        turns, room = [], []
        for r in range(rounds):  # each round: the cores' capacity just then, --jobs 1, --jobs 2
            room.append(capacity())
            turns += [one(tmp / "in", tmp / f"out-{j}-{r}", j, force=True, fmt=fmt) for j in (1, 2)]
        best = [min((x for x in turns if x["jobs"] == j), key=lambda x: x["seconds"]) for j in (1, 2)]
        results = [*best, one(tmp / "in", tmp / "out-2-0", 2, force=False, fmt=fmt)]  # incremental: unchanged
        dedupe = one(tmp / "copies", tmp / "out-copies", 2, force=True, fmt=fmt)
        pages = per_page(tmp)
        merge = merge_memory(tmp, tmp / "in", tmp / "out-2-0", docs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    j1, j2 = results[0], results[1]
    return {"docs": docs, "format": fmt, "cores": os.cpu_count(), "results": results, "dedupe": dedupe,
            "speedup": round(j1["seconds"] / j2["seconds"], 2),
            # on idle cores, all of the main process's CPU serial (the upper bound of its cost)
            "idle_speedup_serial": round((j1["main_cpu_s"] + j1["worker_cpu_s"])
                                         / (j2["main_cpu_s"] + j2["worker_cpu_s"] / 2), 2),
            # on idle cores: the main process's CPU before and after the parse is serial; during it, with
            # one worker it has a core of its own, with two it shares the cores with the workers
            "idle_speedup": round((j1["main_cpu_s"] - j1["main_cpu_during_parse_s"] + j1["worker_cpu_s"])
                                  / (j2["main_cpu_s"] - j2["main_cpu_during_parse_s"]
                                     + (j2["worker_cpu_s"] + j2["main_cpu_during_parse_s"]) / 2), 2),
            "dedupe_gain": round(j2["seconds"] / dedupe["seconds"], 2), "per_page": pages,
            "turns": [[x["jobs"], x["seconds"]] for x in turns],
            "round_speedups": [round(turns[2 * r]["seconds"] / turns[2 * r + 1]["seconds"], 2)
                               for r in range(rounds)],
            "capacity": room, "merge_memory": merge,
            "main_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def markdown(data: dict[str, Any]) -> str:
    j1, j2 = data["results"][0], data["results"][1]
    mm = data["merge_memory"]
    rows = ["| run | seconds | docs/s | parsed | copies | skipped | worker CPU s | efficiency | load before "
            "| peak RSS per worker |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    named = [(f"--jobs {x['jobs']}" + (" --force" if x["force"] else " (re-run, unchanged)"), x)
             for x in data["results"]] + [("--jobs 2, half the files byte-identical copies", data["dedupe"])]
    for name, x in named:
        rss = f"{x['peak_rss_mb_per_worker']:.0f} MiB" if x.get("peak_rss_mb_per_worker") else "—"
        eff = f"{x['efficiency']:.2f}" if x.get("efficiency") else "—"
        rows.append(f"| {name} | {x['seconds']:.2f} | {x['docs_per_s']:.1f} | {x['parsed']} | "
                    f"{x['copies']} | {x['skipped']} | {x['worker_cpu_s']:.1f} | {eff} | "
                    f"{x['load_before']:.2f} | {rss} |")
    pp = data["per_page"]
    pages = [f"- {k}: {v['s_per_page']:.4f} CPU s/page ({v['files']} files, {v['pages']} pages, one worker, "
             f"peak RSS {v['peak_rss_mb']:.0f} MiB); 2 million pages = {v['s_per_page'] * 2e6 / 3600:.1f} "
             "CPU-hours" for k, v in pp.items() if v["s_per_page"]]
    return (f"{data['docs']} documents (copies of samples/text and samples/docx), `bench/bench_batch.py "
            f"--docs {data['docs']}`, {data['cores']} cores; main process peak RSS "
            f"{data['main_rss_mb']:.0f} MiB.\n\n" + "\n".join(rows) + "\n\n"
            f"- speed-up of --jobs 2 over --jobs 1: {data['speedup']:.2f}x measured, the best of "
            f"{len(data['round_speedups'])} runs of each taking turns (each round's: "
            f"{', '.join(f'{x:.2f}x' for x in data['round_speedups'])}; efficiency = worker CPU "
            "/ (wall x jobs): below 1 when other processes share the cores); "
            f"{data['idle_speedup']:.2f}x on idle cores (the main process's CPU outside the parse + (worker "
            f"CPU + its CPU during the parse) / jobs; {data['idle_speedup_serial']:.2f}x with all of its CPU "
            "serial)\n"
            "- the two cores' capacity in each round, just before its runs (a CPU loop in two processes at "
            "once against one alone: 2.00x on an idle machine; the bound of the speed-up): "
            f"{', '.join(f'{x:.2f}x' for x in data['capacity'])}\n"
            f"- main process CPU per file: {j1['main_ms_per_file']:.2f} ms (--jobs 1), "
            f"{j2['main_ms_per_file']:.2f} ms (--jobs 2), of which during the parse "
            f"{j2['main_cpu_during_parse_s']:.2f} s of {j2['main_cpu_s']:.2f} s\n"
            f"- byte-identical copies parsed once: {data['dedupe_gain']:.2f}x faster than distinct files\n"
            f"- main process peak RSS of a re-run that finds every plan unchanged and writes the exports (a "
            f"merge run): {mm['peak_rss_mb'][0]:.0f} MiB for {mm['plans'][0]} plans, {mm['peak_rss_mb'][1]:.0f} "
            f"MiB for {mm['plans'][1]}, so {mm['kb_per_plan']:.0f} KiB a plan more\n"
            + "\n".join(pages) + "\n")


def section(docs: int = 500) -> str:
    """The Markdown section for docs/benchmarks.md (called by bench/run.py)."""
    return markdown(measure(docs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml", help="output format")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--markdown", type=Path, help="also write the Markdown section here")
    a = ap.parse_args()
    data = measure(a.docs, a.format)
    print(f"cchc {__version__} batch benchmark, --format {a.format}\n")
    print(markdown(data))
    if a.json:
        a.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if a.markdown:
        a.markdown.write_text(markdown(data), encoding="utf-8")


if __name__ == "__main__":
    main()
