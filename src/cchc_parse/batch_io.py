"""Batch helpers on the file system: finding inputs, safe output paths, hashing, shards, the manifest."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import multiprocessing as mp
import os
import signal
import stat
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path, PurePosixPath
from typing import Any

from cchc_parse.emit.serialize import write_atomic
from cchc_parse.errors import CchcError, LimitExceeded, OutputError

# Files in an input folder that are obviously not plans: left out silently (everything else that is
# found is accounted for in the manifest, supported or not).
IGNORED_SUFFIXES = frozenset({
    ".py", ".pyc", ".pyo", ".md", ".rst", ".json", ".jsonl", ".yaml", ".yml", ".toml", ".ini", ".cfg",
    ".csv", ".tsv", ".log", ".sh", ".bat", ".ps1", ".part", ".lock", ".ipynb",
})
IGNORED_DIRS = frozenset({"__pycache__", "node_modules"})
MANIFEST = "index.json"
HEAD_BYTES = 8192
OK, WARN, FAILED, SKIPPED = "ok", "ok-with-warnings", "failed", "skipped"
STATUSES = (OK, WARN, FAILED, SKIPPED)


@dataclass
class Item:
    """One input file: ``src`` is read, ``rel`` (POSIX, relative) names it in the output tree."""

    src: Path
    rel: str
    sha256: str | None = None
    size: int | None = None
    fmt: str | None = None  # from sniffing the first bytes
    error: CchcError | None = None  # could not even be read


def disp(s: str | Path) -> str:
    """A path as printable text: bytes that are not UTF-8 (surrogate escapes) shown as \\xNN."""
    return os.fsencode(str(s)).decode("utf-8", "backslashreplace")


def shown(s: str | Path) -> str:
    """A path for one line of a log: control characters (a newline in a name) escaped."""
    return disp(s).encode("unicode_escape").decode("ascii").replace("\\\\", "\\") if any(
        ord(c) < 32 for c in str(s)) else disp(s)


# --------------------------------------------------------------------------------------------------
def glob_match(rel: str, patterns: list[str]) -> bool:
    """Case-insensitive glob on the path relative to the input root; a pattern without '/' also
    matches the file name, and a leading '**/' also matches at the top level."""
    low = rel.lower()
    name = low.rsplit("/", 1)[-1]
    for pat in patterns:
        p = pat.lower().replace("\\", "/")
        if fnmatch.fnmatchcase(low, p) or ("/" not in p and fnmatch.fnmatchcase(name, p)):
            return True
        if p.startswith("**/") and fnmatch.fnmatchcase(low, p[3:]):
            return True
    return False


def _ignored(name: str) -> bool:
    return name.startswith(".") or Path(name).suffix.lower() in IGNORED_SUFFIXES


def _dir_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _is_output(path: Path, names: list[str]) -> bool:
    """A folder another batch run wrote (its manifest says so): not input."""
    for n in names:
        if n.startswith("index") and n.endswith(".json"):
            try:
                with (path / n).open("rb") as fh:
                    if b'"tool": "cchc"' in fh.read(200):
                        return True
            except OSError:
                pass
    return False


def discover(inputs: list[Path], out: Path, include: list[str] | None = None,
             exclude: list[str] | None = None) -> list[Item]:
    """Every input file, sorted by its output-relative path. Folders are walked recursively
    (following symbolic links once: loops are cut); the output folder (and any other folder with a
    cchc manifest), hidden entries and obvious non-documents are left out; include/exclude globs apply to the files found in folders."""
    include, exclude = include or [], exclude or []
    out_id = _dir_id(out)
    single_dir = len(inputs) == 1 and inputs[0].is_dir()
    items: list[Item] = []
    for root in inputs:
        if not root.is_dir():  # a file named on the command line is always taken (and reported)
            items.append(Item(root, root.name))
            continue
        prefix = "" if single_dir else (root.resolve().name or "root") + "/"
        seen: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            did = _dir_id(Path(dirpath))
            if did is None or did in seen or did == out_id or _is_output(Path(dirpath), filenames):
                dirnames[:] = []
                continue
            seen.add(did)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in IGNORED_DIRS)
            rel_dir = Path(dirpath).relative_to(root).as_posix()
            for name in sorted(filenames):
                if _ignored(name):
                    continue
                src = Path(dirpath) / name
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                if include and not glob_match(rel, include):
                    continue
                if exclude and glob_match(rel, exclude):
                    continue
                try:  # sockets, fifos and devices are not documents (a broken link is reported)
                    if not stat.S_ISREG(src.stat().st_mode):
                        continue
                except OSError:
                    pass
                items.append(Item(src, prefix + rel))
    items.sort(key=lambda it: it.rel)
    seen_rel: dict[str, int] = {}
    for it in items:  # two inputs with one name: keep both
        n = seen_rel.get(it.rel, 0)
        seen_rel[it.rel] = n + 1
        if n:
            it.rel = f"{it.rel}~{n + 1}"
    return items


def hash_file(item: Item) -> None:
    """Fill sha256, size and the sniffed format; a file that cannot be read gets ``error``."""
    from cchc_parse.errors import InputError
    from cchc_parse.extract import sniff

    h = hashlib.sha256()
    head = b""
    try:
        with item.src.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                if not head:
                    head = chunk[:HEAD_BYTES]
                h.update(chunk)
                item.size = (item.size or 0) + len(chunk)
    except FileNotFoundError:
        item.error = InputError(item.src, "no such file (or a broken symbolic link)")
        return
    except OSError as e:
        item.error = InputError(item.src, f"cannot read: {e.strerror or e}")
        return
    item.size = item.size or 0
    item.sha256 = h.hexdigest()
    item.fmt = sniff(head, item.src.name)


# --------------------------------------------------------------------------------------------------
def output_path(out: Path, rel: str, fmt: str) -> Path:
    """``out/<rel>.<fmt>``; raises OutputError when it would land outside ``out`` (a '..' part,
    an absolute path, or a symbolic link inside ``out`` that points elsewhere)."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel \
            or "\x00" in rel:
        raise OutputError(out / rel, "output path escapes the output folder")
    base = out.resolve()
    target = base.joinpath(*parts[:-1], f"{parts[-1]}.{fmt}")
    if not target.resolve().is_relative_to(base):  # a symbolic link inside out/ pointing elsewhere
        raise OutputError(target, "output path escapes the output folder")
    return target


def remove_parts(path: Path) -> None:
    """Remove the temp files write_atomic leaves beside ``path`` when its writer was killed."""
    try:
        with os.scandir(path.parent) as it:
            for e in it:
                if e.name.startswith(f".{path.name}.") and e.name.endswith(".part"):
                    try:
                        os.unlink(e.path)
                    except OSError:
                        pass
    except OSError:
        pass


# --------------------------------------------------------------------------------------------------
def parse_shard(shard: str | None) -> tuple[int, int] | None:
    if not shard:
        return None
    try:
        i, n = (int(x) for x in shard.split("/"))
    except ValueError:
        i = n = 0
    if not 1 <= i <= n:
        raise CchcError(None, f"--shard must be I/N with 1 <= I <= N, not {shard!r}")
    return i, n


def in_shard(rel: str, shard: tuple[int, int] | None) -> bool:
    """Stable split: the same relative path lands in the same shard on every machine."""
    if shard is None:
        return True
    i, n = shard
    digest = hashlib.sha1(rel.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % n == i - 1


def manifest_name(shard: tuple[int, int] | None) -> str:
    return MANIFEST if shard is None else f"index.shard-{shard[0]}-of-{shard[1]}.json"


def file_sha256(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def run_key(version: str, schema: str, fmt: str, ocr: bool, password: bool, units_sha: str | None) -> str:
    """What, besides the input bytes, decides an output: a re-run with another key re-parses."""
    blob = json.dumps([version, schema, fmt, ocr, password, units_sha])
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def load_prior(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Entries of earlier runs (index.json and every shard's manifest), by their ``path``."""
    prior: dict[str, list[dict[str, Any]]] = {}
    if not out.is_dir():
        return prior
    for p in sorted(out.glob("index*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            files = data.get("files", [])
        except (OSError, ValueError, AttributeError):
            continue
        for e in files if isinstance(files, list) else []:
            if isinstance(e, dict) and isinstance(e.get("path"), str):
                prior.setdefault(e["path"], []).append(e)
    return prior


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (surrogate-escaped bytes): \u-escape it
        text = json.dumps(data, ensure_ascii=True, indent=2) + "\n"
    write_atomic(path, text)


# --------------------------------------------------------------------------------- worker processes
def _worker_main(conn: Any, cfg: dict[str, Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and stops us
    try:
        os.setpgid(0, 0)  # own process group: a time-out also kills what we started (LibreOffice)
    except OSError:
        pass
    if cfg["memory_mb"] > 0:
        import resource

        lim = cfg["memory_mb"] << 20
        try:
            resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
        except (ValueError, OSError):
            pass
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


def _do_one(task: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    import resource

    from cchc_parse.batch_export import counts_of, task_rows
    from cchc_parse.emit.serialize import dump, to_data, write_atomic
    from cchc_parse.pipeline import parse_file

    t0 = time.perf_counter()
    res: dict[str, Any] = {"pid": os.getpid()}
    try:
        result = (cfg["parser"] or parse_file)(Path(task["src"]), cfg["popts"])
        data = to_data(result.doc)
        write_atomic(Path(task["out"]), dump(result.doc, cfg["fmt"]))
        counts = counts_of(data)
        bad = counts["diagnostics"].get("warning", 0) + counts["diagnostics"].get("error", 0)
        rows = task_rows(data, task["plan"])
        res.update(status=WARN if bad else OK, counts=counts, rows=rows, document=data.get("document"))
        if task.get("cache"):  # the export rows, for a later run that finds the file unchanged
            write_json(Path(task["cache"]), {"sha256": task["sha256"], "key": task["key"],
                                             "document": res["document"], "rows": rows})
    except CchcError as e:
        res.update(status=FAILED, reason=e.reason, error=type(e).__name__,
                   retry=isinstance(e, (LimitExceeded, OutputError)))
    except MemoryError:
        res.update(status=FAILED, reason=f"ran out of memory (limit {cfg['memory_mb']} MiB per worker)",
                   error="MemoryError", retry=True)
    except Exception as e:  # a parser bug must not take the batch down: report it on this file
        res.update(status=FAILED, reason=f"internal error: {type(e).__name__}: {e}", error="InternalError",
                   retry=True)
    res["seconds"] = round(time.perf_counter() - t0, 3)
    res["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return res


def _context() -> Any:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:  # no fork of a process that runs the progress thread
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["cchc_parse.pipeline", "cchc_parse.batch"])
        return ctx
    return mp.get_context("spawn")


@dataclass
class _Slot:
    proc: Any
    conn: Any
    task: dict[str, Any] | None = None
    started: float = 0.0


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"the worker process was killed by {name}{hint}"
    return f"the worker process exited unexpectedly (code {code})"


class Pool:
    """Worker processes that each take one file at a time; the main process knows which file every
    worker is on, so it can stop just that one (time limit) and start a fresh worker in its place."""

    def __init__(self, n: int, cfg: dict[str, Any], timeout: float) -> None:
        self.ctx, self.cfg, self.timeout = _context(), cfg, timeout
        self.slots = [self._spawn() for _ in range(n)]

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.cfg), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _kill(self, s: _Slot) -> None:
        try:
            os.killpg(s.proc.pid, signal.SIGKILL)
        except (OSError, TypeError):
            pass
        try:
            s.proc.kill()
        except (OSError, ValueError):
            pass
        s.proc.join(2)
        s.conn.close()
        if s.task is not None:
            remove_parts(Path(s.task["out"]))

    def _replace(self, i: int, reason: str | None, on_done: Callable[[dict, dict], None]) -> None:
        s = self.slots[i]
        task = s.task
        self._kill(s)
        self.slots[i] = self._spawn()
        if task is not None and reason is not None:
            on_done(task, {"status": FAILED, "reason": reason, "error": "WorkerError", "retry": True,
                           "seconds": round(time.monotonic() - s.started, 3)})

    def run(self, tasks: list[dict[str, Any]], on_done: Callable[[dict, dict], None]) -> None:
        pending = deque(tasks)
        while True:
            for i, s in enumerate(self.slots):
                if s.task is None and pending:
                    s.task, s.started = pending.popleft(), time.monotonic()
                    try:
                        s.conn.send(s.task)
                    except (OSError, ValueError):  # died while idle: retry the file on a new worker
                        pending.appendleft(s.task)
                        s.task = None
                        self._replace(i, None, on_done)
            active = [s for s in self.slots if s.task is not None]
            if not active:
                return
            first = min(s.started for s in active) + self.timeout
            wait([s.conn for s in active] + [s.proc.sentinel for s in active],
                 timeout=max(0.0, min(first - time.monotonic(), 1.0)))
            now = time.monotonic()
            for i, s in enumerate(self.slots):
                if s.task is None:
                    continue
                try:
                    res = s.conn.recv() if s.conn.poll() else None
                except (EOFError, OSError):
                    res = None
                if res is not None:
                    task, s.task = s.task, None
                    on_done(task, res)
                elif not s.proc.is_alive():
                    s.proc.join(1)
                    self._replace(i, _death(s.proc.exitcode), on_done)
                elif now - s.started > self.timeout:
                    self._replace(i, f"stopped after the time limit of {self.timeout:g} s", on_done)

    def close(self, kill: bool = False) -> None:
        for s in self.slots:
            if not kill:
                try:
                    s.conn.send(None)
                except (OSError, ValueError):
                    pass
        for s in self.slots:
            if not kill:
                s.proc.join(2)
            if kill or s.proc.is_alive():
                self._kill(s)
            else:
                s.conn.close()
