"""run_batch: a tree of plans → a mirrored tree of outputs, a manifest and analysts' exports.

Each file is parsed in a worker process of its own pool (the main process only hashes, schedules
and records), under a per-file time limit and an address-space limit, so one pathological file is
stopped and reported while the rest go on. See README, "Batch conversion".
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_parse.batch.exports import (
    csv_separator,
    progress_bar,
    summary,
)
from cchc_parse.batch.files import (
    FAILED,
    Item,
    discover,
    disp,
    in_shard,
    parse_shard,
)
from cchc_parse.batch.options import BatchOptions
from cchc_parse.batch.pool import Pool
from cchc_parse.batch.state import BatchRun
from cchc_parse.emit.serialize import batch_sync_supported
from cchc_parse.errors import CchcError, InputError, OutputError
from cchc_parse.scale import check_scale

if TYPE_CHECKING:
    from rich.console import Console

def run_batch(inputs: list[Path], out: Path, opts: BatchOptions, console: Console | None = None) -> int:
    """Convert every plan under ``inputs`` into ``out``. Returns 0 when all files parsed, 1 when
    any failed, 130 (143) when interrupted by Ctrl-C (SIGTERM) — after writing the manifest."""
    if console is None:
        from rich.console import Console

        console = Console(stderr=True, highlight=False)
    out = Path(out)
    check_batch(inputs, out, opts)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(out, f"cannot create the output folder: {e.strerror or e}") from None
    run = BatchRun(inputs, out, opts, console)
    found = discover(inputs, out, opts.include, opts.exclude, follow_links=opts.follow_links)
    items = [it for it in found if in_shard(disp(it.rel), run.shard)]
    run.current = {disp(it.rel) for it in items}
    if run.shard is None and opts.exports and not (out / "cchc.sqlite").exists():  # store.DB_NAME
        run.stream_store()  # a new database: filled while the files parse
    try:
        return _run(run, items, opts, console)
    finally:
        run.drop_store()  # a run that raised (a finished one has handed its database over)


def _run(run: BatchRun, items: list[Item], opts: BatchOptions, console: Console) -> int:
    interrupted = 0
    got_term = []

    def on_term(signum: int, frame: Any) -> None:
        got_term.append(signum)
        raise KeyboardInterrupt

    old_term = None
    with contextlib.suppress(ValueError):  # not the main thread
        old_term = signal.signal(signal.SIGTERM, on_term)
    pool: Any = None  # a Pool, or a DaskExecutor
    closing: threading.Thread | None = None
    try:
        try:
            # local workers write their outputs without an fsync each: the run flushes them at once
            # before a manifest records them (BatchRun.write_manifest); remote ones fsync each file
            run.batch_sync = opts.executor == "local" and batch_sync_supported()
            cfg = {"memory_mb": opts.memory_mb, "fmt": opts.fmt, "parser": opts.parser,
                   "popts": _parse_options(opts), "snapshot": True, "warm": True,
                   "durable": not run.batch_sync}
            jobs = opts.jobs or os.cpu_count() or 1
            if opts.executor == "dask":  # reach the cluster before hashing the whole tree
                pool = _executor(opts, jobs, cfg)
            todo = run.plan(items)
            if todo:
                pool = pool or _executor(opts, min(jobs, len(todo)), cfg)
                _execute(run, pool, todo, len(items) - len(todo))
            if isinstance(pool, Pool):  # the workers exit while the manifest and the exports are written
                closing = threading.Thread(target=pool.close, name="cchc-pool-close")
                closing.start()
                pool = None
            elif pool is not None:
                pool.close()
                pool = None
        except KeyboardInterrupt:
            interrupted = 143 if got_term else 130
            if pool is not None:
                pool.close(kill=True)
                pool = None
            from cchc_parse.i18n import gettext, terminal_lang

            msg = gettext("interrupted: stopping the workers and writing the manifest of what finished",
                          terminal_lang())
            console.print(msg, markup=False, highlight=False)
    finally:
        if pool is not None:
            pool.close(kill=True)
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
        if interrupted:
            run.drop_store()
    try:
        run.write_manifest(complete=not interrupted)
        db_failed = False
        if not interrupted and run.shard is None and opts.exports:
            run.end_store()  # the database's last steps run beside the exports
            run.write_exports()
            db_failed = not _sync_database(run, console)
    finally:
        if closing is not None:
            closing.join()
    summary(run, console, interrupted)
    if interrupted:
        return interrupted
    return 1 if db_failed or any(e["status"] == FAILED for e in run.entries.values()) else 0


def _sync_database(run: BatchRun, console: Console) -> bool:
    """Bring the analysts' database OUT/cchc.sqlite up to date with the outputs (store/); False on failure."""
    try:
        run.finish_store()
    except CchcError as e:
        from cchc_parse.i18n import gettext, terminal_lang

        console.print(gettext("error: {msg}", terminal_lang()).format(msg=e), markup=False, highlight=False)
        return False
    return True


def check_batch(inputs: list[Path], out: Path, opts: BatchOptions) -> None:
    """Refuse, before any work, a run that could only skip or lose files: CchcError naming why."""
    from cchc_parse.batch.files import MANIFEST, is_output
    from cchc_parse.options import check_units

    if opts.fmt not in ("yaml", "json"):
        raise CchcError(None, f"format must be yaml or json, not {opts.fmt!r}")
    if opts.jobs < 0:
        raise CchcError(None, f"--jobs must be 0 (one worker per core) or more, not {opts.jobs}")
    if not opts.timeout > 0:
        raise CchcError(None, f"--timeout must be a number of seconds above 0, not {opts.timeout:g}")
    parse_shard(opts.shard)
    check_units(opts.units)
    csv_separator(opts.csv_sep)
    check_scale(opts.executor, opts.parquet)
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


def _executor(opts: BatchOptions, jobs: int, cfg: dict[str, Any]) -> Any:
    if opts.executor == "dask":
        from cchc_parse.scale.dask_exec import DaskExecutor

        return DaskExecutor(jobs, cfg, opts.timeout, opts.scheduler)
    return Pool(jobs, cfg, opts.timeout)


def _parse_options(opts: BatchOptions) -> Any:
    from cchc_parse.options import ParseOptions

    return ParseOptions(ocr=opts.ocr, password=opts.password, units_file=opts.units)


def _execute(run: BatchRun, pool: Pool, todo: list[dict[str, Any]], skipped: int) -> None:
    from cchc_parse.i18n import gettext, terminal_lang

    lang = terminal_lang()
    failed = n = 0
    t0 = time.monotonic()

    def done(task: dict[str, Any], res: dict[str, Any]) -> list[dict[str, Any]]:
        nonlocal failed, n
        again = run.settle(task, res)
        copies = [] if again else [d["entry"]["path"] for d in task.get("dups", [])]
        settled = [task["entry"]["path"], *copies]
        failed += sum(run.entries[p]["status"] == FAILED for p in settled)
        n += len(settled)
        if bar is not None:
            bar.update(tid, advance=len(settled), rate=f"{n / max(time.monotonic() - t0, 1e-6):.1f}",
                       failed=gettext("{n} failed", lang).format(n=failed) if failed else "")
        return again

    bar = None if run.opts.quiet else progress_bar(run.console)
    desc = gettext("parsing ({n} unchanged)", lang).format(n=skipped) if skipped else gettext("parsing", lang)
    if bar is None:
        pool.run(todo, done)
        return
    with bar:
        tid = bar.add_task(desc, total=sum(1 + len(t.get("dups", [])) for t in todo), rate="0.0", failed="")
        pool.run(todo, done)
