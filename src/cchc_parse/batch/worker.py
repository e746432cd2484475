"""Worker processes, the worker's side: each parses one file at a time under an address-space limit,
and never outlives the process that started it (the time limit and the pool are pool.py's, in
the main process). Used by the batch (a pool) and by the single-file CLI (one worker), so both have
the same guards. See README, "Batch conversion". Imports no multiprocessing: the worker a one-file
parse forks first thing (prefork.py) imports only what parsing needs."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cchc_parse.batch.files import FAILED, OK, WARN
from cchc_parse.errors import CchcError, InputError, InternalError, LimitExceeded, OutOfMemory, OutputError

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# What a worker needs to parse and write any file: imported once (by the forkserver, which every
# worker is forked from, and again by a worker started another way), then frozen out of the
# collector's sight, so no collection walks them and their pages stay shared between the workers.
WARM_MODULES = ("cchc_parse.pipeline", "cchc_parse.emit.serialize", "cchc_parse.batch.exports",
                "cchc_parse.desk.columns", "cchc_parse.extract.txt.reader", "cchc_parse.extract.docx.reader",
                "cchc_parse.extract.pdf.reader", "cchc_parse.extract.doc.convert")


# ---------------------------------------------------------------------------------- in the worker
def _kill_own_group(*_: Any) -> None:
    """The worker and what it started (LibreOffice, Tesseract) share a process group: end them all."""
    try:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    finally:
        os._exit(1)


def _started(pid: int) -> str | None:
    """The start time of a live process (Linux /proc), None when it has ended: a pid can be reused."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def die_with_parent(main_pid: int | None = None) -> None:
    """End this worker and its process group when the process that runs the pool dies, even by
    SIGKILL: SIGTERM from the kernel when the parent dies (Linux PR_SET_PDEATHSIG; the handler kills
    the group), and a thread that watches the parent and ``main_pid`` (a forkserver's workers keep
    the forkserver, their parent, alive, so its death cannot be the signal)."""
    ppid = os.getppid()
    signal.signal(signal.SIGTERM, _kill_own_group)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    main_start = _started(main_pid) if main_pid else None

    def orphaned() -> bool:
        return os.getppid() != ppid or (main_start is not None and _started(main_pid or 0) != main_start)

    def watch() -> None:
        while not orphaned():
            time.sleep(0.5)
        _kill_own_group()

    threading.Thread(target=watch, name="cchc-parent-watch", daemon=True).start()


def warm_up(names: Iterable[str] = WARM_MODULES) -> None:
    """Import what parsing needs, then ``gc.freeze()``: the imported objects leave the collector.

    The collector is off while importing (and on afterwards): nearly everything the imports make
    lives as long as the process, so the collections the allocations would set off find almost
    nothing and only walk the growing heap again (~5 ms of a worker's start)."""
    import importlib

    gc.disable()
    try:
        for name in names:
            with contextlib.suppress(ImportError):  # a reader's library is missing: it fails on its own files
                importlib.import_module(name)
    finally:
        gc.freeze()
        gc.enable()


def detach(main_pid: int | None) -> None:
    """A worker's first step: Ctrl-C is the main process's to handle (it stops us), a process group
    of our own (a time-out also kills what we started), and an end with the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    die_with_parent(main_pid)


def _worker_main(conn: Any, cfg: dict[str, Any]) -> None:
    detach(cfg.get("main_pid"))
    if cfg.get("warm"):
        warm_up()
    serve(conn, cfg)


def serve(conn: Any, cfg: dict[str, Any] | None) -> None:
    """Take files from ``conn`` until told to stop, under the memory limit of ``cfg``. With ``cfg``
    None, the first message is it: a worker started before the run's settings were known
    (prefork.py), which also takes the main process's language from it."""
    if cfg is None:
        try:
            cfg = conn.recv()
        except (EOFError, OSError):
            return
        if cfg is None:
            return
        for name, value in cfg.get("env", {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if cfg["memory_mb"] > 0:
        import resource

        lim = cfg["memory_mb"] << 20
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        res = _do_one(task, cfg)
        try:
            conn.send(res)
        except (OSError, ValueError):
            return


def snapshot(src: Path, folder: Path) -> tuple[Path, str, int]:
    """Copy ``src`` into ``folder`` under its own name (no longer than it), hashing what is copied:
    the bytes parsed are exactly the bytes hashed, even when ``src`` changes during the run."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    dst = folder / src.name
    h, size = hashlib.sha256(), 0
    try:
        with src.open("rb") as fin, dst.open("wb") as fout:
            while chunk := fin.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
                fout.write(chunk)
    except FileNotFoundError:
        raise InputError(src, "no such file (removed during the run?)") from None
    except OSError as e:
        raise InputError(src, f"cannot read: {e.strerror or e}") from None
    return dst, h.hexdigest(), size


def _parsed(task: dict[str, Any], cfg: dict[str, Any], res: dict[str, Any]) -> None:
    from cchc_parse.counts import counts_of, counts_of_doc
    from cchc_parse.emit.serialize import dump, dump_data, to_data, write_atomic
    from cchc_parse.pipeline import parse_file

    src = Path(task["src"])
    if cfg.get("scratch"):
        src, res["sha256"], res["size"] = snapshot(src, Path(cfg["scratch"]) / str(os.getpid()))
    result = (cfg["parser"] or parse_file)(src, cfg["popts"])
    # the plan's data (model_dump) for a batch's rows, copies and manifest, and for JSON; a one-file YAML
    # parse (no plan entry) writes from the models and counts them: no serializer to build (modelbuild.py)
    wants_data = task.get("plan") is not None or bool(task.get("dups")) or cfg["fmt"] != "yaml"
    data = to_data(result.doc) if wants_data else None
    text = dump_data(data, cfg["fmt"]) if data is not None else dump(result.doc, cfg["fmt"])
    if task.get("out"):
        write_atomic(Path(task["out"]), text, cfg.get("durable", True))
    else:
        res["text"] = text
    counts = counts_of(data) if data is not None else counts_of_doc(result.doc)
    bad = counts["diagnostics"].get("warning", 0) + counts["diagnostics"].get("error", 0)
    res.update(status=WARN if bad else OK, counts=counts, document=data.get("document") if data else None)
    if data is None:
        return
    if task.get("plan") is not None:
        from cchc_parse.batch.rows import plan_cache_rows as _rows

        res.update(_rows(task, data, res.get("sha256", task.get("sha256")), text, cfg))
    if not task.get("dups"):
        return
    if res.get("sha256", task["sha256"]) != task["sha256"]:  # changed since it was hashed: not a copy
        res["requeue"] = True
        return
    res["dups"] = [_copy(dup, result.doc, data, task, cfg) for dup in task["dups"]]


def source_name(path: str | Path) -> str:
    """The name a plan records as its ``source_file`` (as pipeline.parse_file does)."""
    return Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _copy(dup: dict[str, Any], doc: Any, data: dict[str, Any], task: dict[str, Any],
          cfg: dict[str, Any]) -> dict[str, Any]:
    """A byte-identical copy of the file just parsed: its own output, as parsing it would write it
    (only ``source_file`` names the copy), without parsing it again; or the copy's failure."""
    from cchc_parse.batch.rows import plan_cache_rows as _rows
    from cchc_parse.emit.serialize import dump, write_atomic

    name = source_name(dup["src"])
    try:
        meta = doc.document.model_copy(update={"source_file": name})
        text = dump(doc.model_copy(update={"document": meta}), cfg["fmt"])
        write_atomic(Path(dup["out"]), text, cfg.get("durable", True))
        own = {**data, "document": {**(data.get("document") or {}), "source_file": name}}

        return {"document": own["document"], **_rows({**dup, "key": task["key"]}, own, task["sha256"], text, cfg)}
    except Exception as e:  # an output error on the copy's own path: that copy fails, not the file
        return _failure(e, cfg["memory_mb"])


def _retry(e: CchcError) -> bool:
    """Failures that may go away without the bytes changing: limits, output, bugs, a vanished file."""
    return isinstance(e, (LimitExceeded, OutputError, InternalError, InputError))


def _failure(e: Exception, memory_mb: int) -> dict[str, Any]:
    from cchc_parse.pipeline import memory_caused

    if isinstance(e, (OutOfMemory, MemoryError)) or memory_caused(e):
        limit = f" (limit {memory_mb} MiB per worker)" if memory_mb > 0 else ""
        return {"status": FAILED, "reason": f"ran out of memory{limit}", "error": "OutOfMemory",
                "retry": True}
    if isinstance(e, CchcError):
        return {"status": FAILED, "reason": e.reason, "error": type(e).__name__, "retry": _retry(e),
                "where": e.path if isinstance(e, OutputError) else None}
    return {"status": FAILED, "reason": f"internal error: {type(e).__name__}: {e}", "error": "InternalError",
            "retry": True}


def _do_one(task: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    import resource

    t0 = time.perf_counter()
    res: dict[str, Any] = {"pid": os.getpid()}
    try:
        _parsed(task, cfg, res)
    except Exception as e:  # a parser bug must not take the batch down: report it on this file
        res.update(_failure(e, cfg["memory_mb"]))
        if cfg.get("trace"):
            import traceback

            res["trace"] = "".join(traceback.format_exception(e))
    res["seconds"] = round(time.perf_counter() - t0, 3)
    use = resource.getrusage(resource.RUSAGE_SELF)
    res["rss_kb"], res["cpu_s"] = use.ru_maxrss, round(use.ru_utime + use.ru_stime, 3)
    return res
