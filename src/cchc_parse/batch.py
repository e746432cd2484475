"""Batch conversion: a tree of plans → a mirrored tree of outputs, a manifest and analysts' exports.

Each file is parsed in a worker process of its own pool (the main process only hashes, schedules
and records), under a per-file time limit and an address-space limit, so one pathological file is
stopped and reported while the rest go on. See README, "Batch conversion".
"""

from __future__ import annotations

import json
import math
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from cchc_parse import __version__
from cchc_parse.batch_export import (
    PLAN_COLUMNS,
    TASK_COLUMNS,
    load_output,
    plan_row,
    progress_bar,
    summary,
    task_rows,
    write_csv,
    write_xlsx,
)
from cchc_parse.batch_io import (
    FAILED,
    IGNORED_SUFFIXES,
    OK,
    SKIPPED,
    STATUSES,
    WARN,
    Item,
    cache_name,
    discover,
    disp,
    file_sha256,
    hash_file,
    in_shard,
    load_prior,
    manifest_name,
    output_path,
    parse_shard,
    run_key,
    shown,
    tools_key,
    write_json,
)
from cchc_parse.batch_worker import Pool
from cchc_parse.errors import CchcError, InputError, OutputError, UnsupportedFormat

DEFAULT_MEMORY_MB = 2048
ROWS_CACHE = Path(".cchc") / "rows"
CHECKPOINT_SECONDS = 15.0


def _env_memory() -> int:
    try:
        return int(os.environ.get("CCHC_BATCH_MEMORY_MB", DEFAULT_MEMORY_MB))
    except ValueError:
        return DEFAULT_MEMORY_MB


@dataclass
class BatchOptions:
    fmt: str = "yaml"
    jobs: int = 0  # worker processes; 0 = os.cpu_count()
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    force: bool = False
    shard: str | None = None  # "I/N", 1-based
    quiet: bool = False
    timeout: float = 120.0  # seconds per file
    ocr: bool = False
    password: str | None = None
    units: Path | None = None
    memory_mb: int = field(default_factory=_env_memory)  # address-space limit per worker; 0 = none
    follow_links: bool = False  # follow symbolic links that leave an input folder
    exports: bool = True  # tasks.csv, tasks.xlsx, plans.csv (not in a shard run)
    # Parse function run in the workers instead of pipeline.parse_file (tests, embedding). It must be
    # picklable by reference: a module-level function, (path, ParseOptions) -> ParseResult.
    parser: Callable[..., Any] | None = None


# -------------------------------------------------------------------------------------------- run
class _Run:
    def __init__(self, inputs: list[Path], out: Path, opts: BatchOptions, console: Console) -> None:
        self.inputs, self.out, self.opts, self.console = inputs, out, opts, console
        self.shard = parse_shard(opts.shard)
        self.t0 = time.monotonic()
        self.entries: dict[str, dict[str, Any]] = {}  # by display path
        self.rows: dict[str, list[list[Any]]] = {}
        self.docs: dict[str, dict[str, Any]] = {}
        self.rss: dict[int, int] = {}
        units_sha = file_sha256(opts.units) if opts.units else None
        from cchc_parse.model import SCHEMA_VERSION

        self.key = run_key(__version__, SCHEMA_VERSION, opts.fmt, opts.ocr, bool(opts.password), units_sha)
        self.options = {"format": opts.fmt, "ocr": opts.ocr, "password": bool(opts.password),
                        "units": disp(opts.units) if opts.units else None, "units_sha256": units_sha,
                        "include": opts.include, "exclude": opts.exclude, "shard": opts.shard,
                        "timeout": opts.timeout if math.isfinite(opts.timeout) else None,
                        "memory_mb": opts.memory_mb, "force": opts.force,
                        "key": self.key}
        self.prior, generation = load_prior(out)
        self.generation = generation + 1  # above every manifest read: see load_prior
        self.last_checkpoint = time.monotonic()
        self.current: set[str] = set()  # display paths of this run's inputs
        self.caches: dict[str, tuple[Path, Path]] = {}  # (row cache, output) of each file
        self.input_files: set[str] = set()  # real paths of the inputs: never an output

    # ---- planning
    def plan(self, items: list[Item]) -> list[dict[str, Any]]:
        todo = []
        self.input_files = {os.path.realpath(it.src) for it in items}
        for it in items:
            if it.error is None:
                hash_file(it)
            path = disp(it.rel)
            key = tools_key(self.key, it.fmt, self.opts.ocr)
            base = {"path": path, "source": disp(it.src), "status": None, "reason": None, "sha256": it.sha256,
                    "size": it.size, "format": it.fmt, "key": key}
            err: CchcError | None = it.error
            if err is None and it.fmt == "empty":
                err = InputError(it.src, "the file is empty")
            elif err is None and it.fmt not in ("pdf", "docx", "doc", "txt"):
                err = UnsupportedFormat(it.src, "not a .txt, .docx, .doc or .pdf file "
                                                "(binary content of an unknown format)")
            target = None
            if err is None:
                try:
                    target = self._target(it)
                except OutputError as e:
                    err = e
            if err is not None:
                self.finish(base, {"status": FAILED, "reason": err.reason, "error": type(err).__name__,
                                   "retry": isinstance(err, OutputError) or it.error is not None, "seconds": 0})
                continue
            assert target is not None
            rel_out = target.relative_to(self.out.resolve())
            base["output"] = disp(rel_out.as_posix())
            cache = self.out.resolve() / ROWS_CACHE / rel_out.with_name(cache_name(rel_out.name))
            self.caches[path] = (cache, target)
            old = None if self.opts.force else self._reusable(path, it.sha256, key, target)
            if old is not None:
                old["source"] = base["source"]
                self.entries[path] = old
                self._report(old)
                continue
            todo.append({"src": str(it.src), "out": str(target), "plan": path, "entry": base,
                         "cache": str(cache), "sha256": it.sha256, "key": key})
        return todo

    def _target(self, it: Item) -> Path:
        if it.src in self.inputs and it.src.suffix.lower() in IGNORED_SUFFIXES:
            raise UnsupportedFormat(it.src, f"not a document cchc parses ({it.src.suffix}): give .txt, "
                                            ".docx, .doc or .pdf files")
        target = output_path(self.out, it.rel, self.opts.fmt)
        if os.path.realpath(target) in self.input_files:
            raise OutputError(target, "the output would replace an input file")
        return target

    def _reusable(self, path: str, sha: str | None, key: str, target: Path) -> dict[str, Any] | None:
        e = self.prior.get(path)  # the newest entry only: an older manifest never speaks for the file
        if e is None or e.get("sha256") != sha or e.get("key") != key:
            return None
        st = e.get("previous_status") if e.get("status") == SKIPPED else e.get("status")
        if st in (OK, WARN) and target.is_file():
            return {**e, "status": SKIPPED, "previous_status": st, "seconds": 0}
        if st == FAILED and e.get("retry") is False:  # the same bytes fail the same way
            return {**e, "reused": True, "seconds": 0}
        return None

    # ---- results
    def finish(self, entry: dict[str, Any], res: dict[str, Any]) -> None:
        e = dict(entry)
        for k in ("status", "reason", "error", "counts", "seconds", "retry", "sha256", "size"):
            if k in res:
                e[k] = res[k]
        if e["status"] == FAILED:
            e["output"] = None
        self.entries[e["path"]] = e
        if "rows" in res:
            self.rows[e["path"]] = res["rows"]
            self.docs[e["path"]] = {"document": res.get("document") or {}}
        if "pid" in res:
            self.rss[res["pid"]] = max(self.rss.get(res["pid"], 0), res.get("rss_kb", 0))
        self._report(e)
        if time.monotonic() - self.last_checkpoint > CHECKPOINT_SECONDS:
            self.write_manifest(complete=False)

    def _report(self, e: dict[str, Any]) -> None:
        if e["status"] == FAILED and self.opts.quiet:
            self.console.print(f"FAILED {shown(e['path'])}: {e.get('reason')}", markup=False, highlight=False,
                               soft_wrap=True)

    # ---- outputs
    def manifest(self, complete: bool) -> dict[str, Any]:
        files = dict(self.entries)
        if not complete:  # keep what earlier runs knew of the files not reached yet: resumable
            for path in self.current - files.keys():
                if self.prior.get(path):
                    files[path] = self.prior[path]
        counts = {s: 0 for s in STATUSES}
        for e in files.values():
            counts[e["status"]] = counts.get(e["status"], 0) + 1
        return {
            "tool": "cchc", "version": __version__, "complete": complete, "generation": self.generation,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "inputs": [disp(p) for p in self.inputs], "options": self.options,
            "summary": {"files": len(files), **counts,
                        "tasks": sum((e.get("counts") or {}).get("tasks", 0) for e in files.values()
                                     if e["status"] != FAILED)},
            "run": {"seconds": round(time.monotonic() - self.t0, 3), "workers": len(self.rss),
                    "peak_rss_mb_per_worker": round(max(self.rss.values(), default=0) / 1024, 1)},
            "files": [files[k] for k in sorted(files)],
        }

    def write_manifest(self, complete: bool) -> None:
        self.last_checkpoint = time.monotonic()
        write_json(self.out / manifest_name(self.shard), self.manifest(complete))

    def _read_back(self, e: dict[str, Any], cache: Path, target: Path) -> tuple[dict[str, Any] | None,
                                                                                list[list[Any]]]:
        """Export rows of an unchanged file: from its row cache, else from its output."""
        try:
            c = json.loads(cache.read_text(encoding="utf-8"))
            if c.get("sha256") == e.get("sha256") and c.get("key") == e.get("key"):
                return {"document": c.get("document") or {}}, c.get("rows") or []
        except (OSError, ValueError, AttributeError):
            pass
        try:
            full = load_output(target)
            return full, task_rows(full, e["path"])
        except Exception as ex:  # noqa: BLE001 - OSError, ValueError, YAML errors
            self.console.print(f"warning: cannot read {shown(e['output'])} back ({type(ex).__name__}); "
                               "run with --force", markup=False, highlight=False)
            return None, []

    def write_exports(self) -> None:
        tasks: list[list[Any]] = []
        plans: list[list[Any]] = []
        for path in sorted(self.entries):
            e = self.entries[path]
            data = self.docs.get(path)
            rows = self.rows.get(path)
            if e["status"] == SKIPPED and path in self.caches:
                data, rows = self._read_back(e, *self.caches[path])
            tasks.extend(rows or [])
            plans.append(plan_row(e, data))
        write_csv(self.out / "tasks.csv", TASK_COLUMNS, tasks)
        write_xlsx(self.out / "tasks.xlsx", TASK_COLUMNS, tasks)
        write_csv(self.out / "plans.csv", PLAN_COLUMNS, plans)


def run_batch(inputs: list[Path], out: Path, opts: BatchOptions, console: Console | None = None) -> int:
    """Convert every plan under ``inputs`` into ``out``. Returns 0 when all files parsed, 1 when
    any failed, 130 (143) when interrupted by Ctrl-C (SIGTERM) — after writing the manifest."""
    console = console or Console(stderr=True, highlight=False)
    out = Path(out)
    check_batch(inputs, out, opts)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(out, f"cannot create the output folder: {e.strerror or e}") from None
    run = _Run(inputs, out, opts, console)
    found = discover(inputs, out, opts.include, opts.exclude, follow_links=opts.follow_links)
    items = [it for it in found if in_shard(disp(it.rel), run.shard)]
    run.current = {disp(it.rel) for it in items}
    interrupted = 0
    got_term = []

    def on_term(signum: int, frame: Any) -> None:
        got_term.append(signum)
        raise KeyboardInterrupt

    old_term = None
    try:
        old_term = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread
        pass
    pool: Pool | None = None
    try:
        try:
            todo = run.plan(items)
            if todo:
                jobs = min(opts.jobs or os.cpu_count() or 1, len(todo))
                cfg = {"memory_mb": opts.memory_mb, "fmt": opts.fmt, "parser": opts.parser,
                       "popts": _parse_options(opts), "snapshot": True}
                pool = Pool(jobs, cfg, opts.timeout)
                _execute(run, pool, todo, len(items) - len(todo))
                pool.close()
                pool = None
        except KeyboardInterrupt:
            interrupted = 143 if got_term else 130
            if pool is not None:
                pool.close(kill=True)
                pool = None
            console.print("interrupted: stopping the workers and writing the manifest of what finished",
                          markup=False, highlight=False)
    finally:
        if pool is not None:
            pool.close(kill=True)
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
    run.write_manifest(complete=not interrupted)
    if not interrupted and run.shard is None and opts.exports:
        run.write_exports()
    summary(run, console, interrupted)
    if interrupted:
        return interrupted
    return 1 if any(e["status"] == FAILED for e in run.entries.values()) else 0


def check_batch(inputs: list[Path], out: Path, opts: BatchOptions) -> None:
    """Refuse, before any work, a run that could only skip or lose files: CchcError naming why."""
    from cchc_parse.batch_io import MANIFEST, is_output
    from cchc_parse.pipeline import check_units

    if opts.fmt not in ("yaml", "json"):
        raise CchcError(None, f"format must be yaml or json, not {opts.fmt!r}")
    if opts.jobs < 0:
        raise CchcError(None, f"--jobs must be 0 (one worker per core) or more, not {opts.jobs}")
    if not opts.timeout > 0:
        raise CchcError(None, f"--timeout must be a number of seconds above 0, not {opts.timeout:g}")
    parse_shard(opts.shard)
    check_units(opts.units)
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(out, "the output of a batch must be a folder")
        for p in inputs:
            if not p.exists() and not p.is_symlink():
                raise InputError(p, "no such file or folder")
            if p.is_dir() and Path(os.path.realpath(p)).is_relative_to(os.path.realpath(out)):
                raise OutputError(out, "the output folder is, or holds, the input folder: give an -o "
                                       "outside it (a folder inside the input is fine)")
            if p.is_dir() and is_output(p, [MANIFEST]):
                raise InputError(p, f"this folder is the output of a cchc run (it holds {MANIFEST}); "
                                    "give the folder of the documents")
    except OSError as e:
        raise InputError(e.filename, f"cannot read: {e.strerror or e}") from None


def _parse_options(opts: BatchOptions) -> Any:
    from cchc_parse.pipeline import ParseOptions

    return ParseOptions(ocr=opts.ocr, password=opts.password, units_file=opts.units)


def _execute(run: _Run, pool: Pool, todo: list[dict[str, Any]], skipped: int) -> None:
    failed = n = 0
    t0 = time.monotonic()

    def done(task: dict[str, Any], res: dict[str, Any]) -> None:
        nonlocal failed, n
        run.finish(task["entry"], res)
        failed += res["status"] == FAILED
        n += 1
        if bar is not None:
            bar.update(tid, advance=1, rate=f"{n / max(time.monotonic() - t0, 1e-6):.1f}",
                       failed=f"{failed} failed" if failed else "")

    bar = None if run.opts.quiet else progress_bar(run.console)
    desc = f"parsing ({skipped} unchanged)" if skipped else "parsing"
    if bar is None:
        pool.run(todo, done)
        return
    with bar:
        tid = bar.add_task(desc, total=len(todo), rate="0.0", failed="")
        pool.run(todo, done)
