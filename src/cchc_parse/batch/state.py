"""One batch run's state: the plan of what to parse or reuse, each file's result as it settles, the
checkpointed manifest and the analysts' exports. Driven by runner.run_batch."""

from __future__ import annotations

import json
import math
import os
import pickle
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_parse import __version__
from cchc_parse.batch.exports import (
    export_rows,
    load_output,
    rows_current,
    write_exports,
)
from cchc_parse.batch.files import (
    FAILED,
    IGNORED_SUFFIXES,
    OK,
    ROWS_CACHE,
    SKIPPED,
    STATUSES,
    WARN,
    Item,
    cache_name,
    disp,
    file_sha256,
    hash_file,
    load_prior,
    manifest_name,
    output_path,
    parse_shard,
    run_key,
    shown,
    tools_key,
    write_json,
)
from cchc_parse.batch.rows import reference_rows
from cchc_parse.desk.columns import plan_meta
from cchc_parse.emit.serialize import sync_filesystem
from cchc_parse.errors import CchcError, InputError, OutputError, UnsupportedFormat
from cchc_parse.scale.copies import copy_result, group_copies

if TYPE_CHECKING:
    from rich.console import Console

    from cchc_parse.batch.options import BatchOptions

CHECKPOINT_SECONDS = 15.0
MADE_BUDGET = 512 << 20  # bytes of workers' export XML kept for the end of the run (_keep_made)
ROWS_BUDGET = 256 << 20  # bytes of plans' packed export rows kept for the exports; past it, read back


def _identities(paths: Iterable[Path]) -> dict[tuple[int, int], list[Path]]:
    """(device, inode) → the paths among ``paths`` that are that file (those that can be read)."""
    ids: dict[tuple[int, int], list[Path]] = {}
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        ids.setdefault((st.st_dev, st.st_ino), []).append(p)
    return ids


class BatchRun:
    def __init__(self, inputs: list[Path], out: Path, opts: BatchOptions, console: Console) -> None:
        self.inputs, self.out, self.opts, self.console = inputs, out, opts, console
        self.shard = parse_shard(opts.shard)
        self.t0 = time.monotonic()
        self.entries: dict[str, dict[str, Any]] = {}  # by display path
        # export rows (desk.columns.export_rows) by display path, packed as a worker sent them, up to
        # ROWS_BUDGET bytes; with the metadata the exports read (desk.columns.plan_meta) and, for
        # --parquet only, the reference rows. The others' are read back from their row caches.
        self.rows: dict[str, Any] = {}
        self.rows_size = 0
        self.docs: dict[str, dict[str, Any]] = {}
        self.refs: dict[str, list[list[Any]]] = {}
        self.made: dict[str, bytes] = {}  # the export rows' XML and CSV the worker made (made_exports), packed
        self.made_size = 0
        self.stores: dict[str, bytes] = {}  # the store rows a worker handed over (packed), until streamed
        self.rss: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
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
        self.input_ids: dict[tuple[int, int], list[Path]] = {}  # (device, inode) → the inputs: never an output
        self.resolved: dict[Path, Path] = {}  # the output folders resolved by this plan, each once
        self.stream: Any = None  # a store.stream.StreamSync filling a new database during the run
        self.fed: list[str] = []  # display paths in path order; self.fed[:self.n_fed] went to the stream
        self.n_fed = 0
        self.batch_sync = False  # workers write without fsync: flushed at once before each manifest
        self.unsynced = False  # a worker's result since the last flush

    # ---- planning
    def plan(self, items: list[Item]) -> list[dict[str, Any]]:
        """The files to parse (tasks for the workers); the others settle here (unchanged, failed)."""
        from cchc_parse.i18n import current_lang

        todo: list[dict[str, Any]] = []
        made = {"lang": current_lang(), "sep": self.opts.csv_sep} if self.opts.exports else None
        self.input_ids, self.resolved = _identities(it.src for it in items), {}
        root = self.out.resolve()
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
                except (OutputError, UnsupportedFormat) as e:  # that file fails, the others go on
                    err = e
            if err is not None:
                retry = isinstance(err, OutputError) or it.error is not None
                self.finish(base, {"status": FAILED, "reason": err.reason, "error": type(err).__name__,
                                   "retry": retry, "seconds": 0})
                continue
            assert target is not None
            rel_out = target.relative_to(root)
            base["output"] = disp(rel_out.as_posix())
            cache = root / ROWS_CACHE / rel_out.with_name(cache_name(rel_out.name))
            self.caches[path] = (cache, target)
            old = None if self.opts.force else self._reusable(path, it.sha256, key, target)
            if old is not None:
                old["source"] = base["source"]
                self.entries[path] = old
                self._report(old)
                continue
            todo.append({"src": str(it.src), "out": str(target), "plan": path, "entry": base,
                         "cache": str(cache), "sha256": it.sha256, "key": key, "made": made,
                         "store": self.stream is not None, "refs": self.opts.parquet})
        dedupe = self.opts.parser is None if self.opts.dedupe is None else self.opts.dedupe
        self.feed()
        return group_copies(todo) if dedupe else todo

    def _target(self, it: Item) -> Path:
        if it.src in self.inputs and it.src.suffix.lower() in IGNORED_SUFFIXES:
            raise UnsupportedFormat(it.src, f"not a document cchc parses ({it.src.suffix}): give a .txt, "
                                            ".docx, .doc or .pdf file")
        target = output_path(self.out, it.rel, self.opts.fmt, self.resolved)
        if self._replaces_input(target):
            raise OutputError(target, "the output would replace an input file")
        return target

    def _replaces_input(self, target: Path) -> bool:
        """Whether ``target`` is, or leads by links to, an input file (the same real path; a file that
        is only another hard link of an input is not replaced by writing the output)."""
        try:
            st = os.stat(target)
        except (OSError, ValueError):  # nothing there (a path that resolves to an input is one)
            return False
        same = self.input_ids.get((st.st_dev, st.st_ino), [])
        return bool(same) and os.path.realpath(target) in {os.path.realpath(p) for p in same}

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
            self._keep_rows(e["path"], res)
            self._keep_made(e["path"], res.get("made"))
            if "store" in res:
                self.stores[e["path"]] = res["store"]
        if "pid" in res:
            self.unsynced = self.batch_sync
            self.rss[res["pid"]] = max(self.rss.get(res["pid"], 0), res.get("rss_kb", 0))
            self.cpu[res["pid"]] = max(self.cpu.get(res["pid"], 0.0), res.get("cpu_s", 0.0))
        self._report(e)
        if time.monotonic() - self.last_checkpoint > CHECKPOINT_SECONDS:
            self.write_manifest(complete=False)

    def _keep_rows(self, path: str, res: dict[str, Any]) -> None:
        """Keep a plan's export rows (packed) and metadata for the exports, up to ROWS_BUDGET bytes of
        rows in all: an archive in one batch would not fit in memory; the others are read back from
        the row caches their workers wrote (export_plans)."""
        rows = res["rows"]
        size = len(rows) if isinstance(rows, bytes) else 0
        if self.rows_size + size > ROWS_BUDGET:
            return
        self.rows[path], self.rows_size = rows, self.rows_size + size
        self.docs[path] = {"document": plan_meta(res.get("document"))}
        if self.opts.parquet:
            self.refs[path] = res.get("refs") or []

    def _keep_made(self, path: str, made: bytes | None) -> None:
        """Keep a plan's export XML and CSV (rows.packed: about 10 times its rows) up to MADE_BUDGET
        bytes in all; past that, the exports make the rest at the end, as they would without them."""
        if made is not None and self.made_size + len(made) <= MADE_BUDGET:
            self.made[path], self.made_size = made, self.made_size + len(made)

    def settle(self, task: dict[str, Any], res: dict[str, Any]) -> list[dict[str, Any]]:
        """Record a worker's result on its file and on the file's byte-identical copies; the copies
        to parse on their own (the file changed after it was hashed, so they are not its copies)."""
        self.finish(task["entry"], res)
        copies = task.get("dups") or []
        if res.get("requeue"):
            self.feed()
            return [{**d, "entry": {k: v for k, v in d["entry"].items() if k != "same_as"}} for d in copies]
        made = res.get("dups") or [None] * len(copies)
        for d, got in zip(copies, made, strict=True):
            self.finish(d["entry"], copy_result(res, got))
        self.feed()
        return []

    def _report(self, e: dict[str, Any]) -> None:
        if e["status"] == FAILED and self.opts.quiet:
            from cchc_parse.i18n import gettext, terminal_lang

            self.console.print(gettext("FAILED {path}: {reason}", terminal_lang()).format(
                path=shown(e["path"]), reason=e.get("reason")), markup=False, highlight=False, soft_wrap=True)

    # ---- the database, filled during the run
    def stream_store(self) -> None:
        """Fill a new OUT/cchc.sqlite while the files parse (store/stream.py); call before ``plan``."""
        from cchc_parse.store.stream import StreamSync

        self.stream = StreamSync(self.out, disp(self.opts.units) if self.opts.units else None)
        self.fed, self.n_fed = sorted(self.current), 0

    def feed(self) -> None:
        """Hand the stream every settled entry that follows, in path order, those already handed."""
        while self.stream is not None and self.n_fed < len(self.fed) and self.fed[self.n_fed] in self.entries:
            path = self.fed[self.n_fed]
            self.stream.add(self.entries[path], self.stores.pop(path, None))
            self.n_fed += 1

    def end_store(self) -> None:
        """Every entry handed over: the streamed database finishes (on its thread) from now on."""
        if self.stream is not None and self.n_fed == len(self.fed):
            self.stream.end()

    def finish_store(self) -> None:
        """The streamed database, complete (raises as store.sync does); None streamed: store.sync."""
        stream, self.stream = self.stream, None
        if stream is None or self.n_fed != len(self.fed):
            if stream is not None:
                stream.abort()
            from cchc_parse.store import sync

            sync(self.out)
            return
        stream.finish()

    def drop_store(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.abort()

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
            "run": {"seconds": round(time.monotonic() - self.t0, 3), "executor": self.opts.executor,
                    "workers": len(self.rss),
                    "peak_rss_mb_per_worker": round(max(self.rss.values(), default=0) / 1024, 1),
                    "worker_cpu_seconds": round(sum(self.cpu.values()), 3)},
            "files": [files[k] for k in sorted(files)],
        }

    def write_manifest(self, complete: bool) -> None:
        if self.unsynced:  # the outputs the workers wrote since the last manifest: on disk before it
            sync_filesystem(self.out)
            self.unsynced = False
        self.last_checkpoint = time.monotonic()
        write_json(self.out / manifest_name(self.shard), self.manifest(complete))

    def _read_back(self, e: dict[str, Any], cache: Path, target: Path) -> tuple[dict[str, Any] | None, Any,
                                                                                list[list[Any]]]:
        """Export rows of an unchanged file (document, export rows, reference rows): from its row
        cache, else from its output."""
        try:
            c = json.loads(cache.read_text(encoding="utf-8"))
            if c.get("sha256") == e.get("sha256") and c.get("key") == e.get("key") \
                    and rows_current(c.get("rows")) and isinstance(c.get("refs"), list):
                return {"document": plan_meta(c.get("document"))}, c["rows"], c["refs"]
        except (OSError, ValueError, AttributeError):
            pass
        try:
            full = load_output(target)
            return ({"document": plan_meta(full.get("document"))}, export_rows(full, e["path"]),
                    reference_rows(full, e["path"]))
        except Exception as ex:
            from cchc_parse.i18n import gettext, terminal_lang

            msg = gettext("warning: cannot read {path} back ({error}); run with --force", terminal_lang())
            self.console.print(msg.format(path=shown(e["output"]), error=type(ex).__name__), markup=False,
                               highlight=False)
            return None, None, []

    def export_plans(self) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None, Any]]:
        """(manifest entry, document metadata, export rows) of every file, in path order, one at a time:
        kept from its worker's result, else read back (unchanged, or past ROWS_BUDGET)."""
        for path in sorted(self.entries):
            e = self.entries[path]
            data, rows = self.docs.get(path), self.rows.get(path)
            if rows is None and e["status"] != FAILED and path in self.caches:
                data, rows, refs = self._read_back(e, *self.caches[path])
                if self.opts.parquet:
                    self.refs[path] = refs
            yield e, data, rows

    def _made(self) -> Iterator[dict[str, Any] | None]:
        """Beside export_plans: the XML and CSV a worker made of each file's rows (or None), unpacked
        one at a time and let go."""
        for path in sorted(self.entries):
            m = self.made.pop(path, None)
            yield pickle.loads(m) if m else None

    def write_exports(self) -> None:
        plans: Iterable[tuple[dict[str, Any], dict[str, Any] | None, Any]] = self.export_plans()
        if self.opts.parquet:  # every row is held for the Parquet tables anyway
            plans = list(plans)
        write_exports(self.out, plans, self.opts.csv_sep, self._made())
        if self.opts.parquet:  # every row: unpacked
            from cchc_parse.scale.parquet import write_parquet

            write_parquet(self.out, [(e, d, pickle.loads(r) if isinstance(r, bytes) else r) for e, d, r in plans],
                          self.refs)
