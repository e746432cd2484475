"""Batch benchmark: a folder of >= 500 plans (copies of the text and Word samples) converted with 1 and
2 worker processes, then re-run unchanged (incremental). Prints time, documents per second and the
peak RSS of a worker (each worker reports its own ru_maxrss; the manifest keeps the largest).

    .venv/bin/python bench/bench_batch.py [--docs 500] [--jobs 1 2] [--json FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from cchc_parse import __version__
from cchc_parse.batch import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parents[1]


def build(folder: Path, n: int) -> list[Path]:
    """n documents in 10 province folders, round-robin over the samples (distinct bytes per copy so
    that nothing is a duplicate of anything: a comment line is added to the text files)."""
    samples = sorted((ROOT / "samples" / "text").glob("*.txt")) + sorted((ROOT / "samples" / "docx").glob("*.docx"))
    if not samples:
        sys.exit("no samples in samples/text or samples/docx")
    made = []
    for i in range(n):
        src = samples[i % len(samples)]
        dst = folder / f"tinh-{i % 10:02d}" / f"{i:04d}-{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".txt":
            dst.write_bytes(src.read_bytes() + f"\n\n(bản sao {i})\n".encode())
        else:
            shutil.copy(src, dst)
        made.append(dst)
    return made


def one(folder: Path, out: Path, jobs: int, force: bool, fmt: str = "yaml") -> dict:
    opts = BatchOptions(fmt=fmt, jobs=jobs, force=force, quiet=True, timeout=120)
    t0 = time.perf_counter()
    code = run_batch([folder], out, opts, console=Console(file=io.StringIO()))
    secs = time.perf_counter() - t0
    m = json.loads((out / "index.json").read_text(encoding="utf-8"))
    s = m["summary"]
    return {"jobs": jobs, "force": force, "exit": code, "seconds": round(secs, 2),
            "files": s["files"], "parsed": s["ok"] + s["ok-with-warnings"], "failed": s["failed"],
            "skipped": s["skipped"], "tasks": s["tasks"],
            "docs_per_s": round(s["files"] / secs, 1) if secs else None,
            "peak_rss_mb_per_worker": m["run"]["peak_rss_mb_per_worker"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml", help="output format")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-batch-"))
    try:
        folder = tmp / "in"
        build(folder, a.docs)
        results = []
        for j in a.jobs:
            results.append(one(folder, tmp / "out", j, force=True, fmt=a.format))
        results.append(one(folder, tmp / "out", a.jobs[-1], force=False, fmt=a.format))  # incremental: nothing changed
        main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"cchc {__version__} batch benchmark: {a.docs} documents (copies of samples/text and samples/docx),"
              f" --format {a.format}")
        print(f"{'run':<30}{'seconds':>9}{'docs/s':>9}{'parsed':>8}{'failed':>8}{'skipped':>9}{'peak RSS/worker':>17}")
        for r in results:
            name = f"--jobs {r['jobs']}" + (" --force" if r["force"] else " (re-run, unchanged)")
            rss = f"{r['peak_rss_mb_per_worker']:.1f} MiB" if r["peak_rss_mb_per_worker"] else "(no workers)"
            print(f"{name:<30}{r['seconds']:>9.2f}{r['docs_per_s']:>9.1f}{r['parsed']:>8}{r['failed']:>8}"
                  f"{r['skipped']:>9}{rss:>17}")
        print(f"main process peak RSS: {main_rss:.1f} MiB")
        if a.json:
            a.json.write_text(json.dumps({"docs": a.docs, "results": results, "main_rss_mb": round(main_rss, 1)},
                                         indent=2) + "\n", encoding="utf-8")
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
