"""Worker processes, the main process's side: a pool of workers (worker.py) that each take
one file at a time; the main process knows which file every worker is on, so it can stop just that
one at its time limit and start a fresh worker in its place. ``run_guarded``: one file, one worker."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from cchc_parse.batch.files import FAILED, remove_parts
from cchc_parse.batch.worker import WARM_MODULES, _worker_main


def _context() -> Any:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:  # no fork of a process that runs the progress thread
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([*WARM_MODULES, "cchc_parse.batch.runner"])
        return ctx
    return mp.get_context("spawn")


@dataclass
class _Slot:
    proc: Any
    conn: Any
    task: dict[str, Any] | None = None  # the file the worker is on
    started: float = 0.0
    queued: deque = field(default_factory=deque)  # sent after it, waiting in the pipe


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"the worker process was killed by {name}{hint}"
    return f"the worker process exited unexpectedly (code {code})"


def _delivered(s: _Slot, out: deque) -> bool:
    """Move the results worker ``s`` has sent so far to ``out`` (with their tasks); each moves the
    worker on to the next file in its pipe. Whether there was any."""
    got = False
    while s.task is not None:
        try:
            res = s.conn.recv() if s.conn.poll() else None
        except (EOFError, OSError):
            res = None
        if res is None:
            break
        out.append((s.task, res))
        s.task = s.queued.popleft() if s.queued else None
        got = True
    return got


class Pool:
    """Worker processes that each take one file at a time; the main process knows which file every
    worker is on, so it can stop just that one (time limit) and start a fresh worker in its place.

    While many files wait, each worker also holds its next file in its pipe (``depth`` 2): it starts
    on it the moment it sends a result, instead of idling until the main process, busy recording the
    other worker's result, sends one. Its time limit counts from when that result is read."""

    def __init__(self, n: int, cfg: dict[str, Any], timeout: float, ctx: Any = None,
                 adopt: tuple[Any, Any] | None = None, depth: int = 2) -> None:
        self.ctx, self.timeout, self.depth = ctx or _context(), timeout, max(1, depth)
        self.scratch = tempfile.mkdtemp(prefix="cchc-") if cfg.get("snapshot") else None
        self.cfg = {**cfg, "scratch": self.scratch, "main_pid": os.getpid()}
        first = [self._adopt(*adopt)] if adopt is not None and n > 0 else []
        self.slots = first + [self._spawn() for _ in range(n - len(first))]

    def _adopt(self, proc: Any, conn: Any) -> _Slot:
        """A worker this process started before it knew the settings (prefork.py): they are its first
        message, with the language chosen on the command line since; a fresh worker if it is gone."""
        try:
            conn.send({**self.cfg, "env": {"CCHC_LANG": os.environ.get("CCHC_LANG")}})
            return _Slot(proc, conn)
        except (OSError, ValueError):
            self._kill(_Slot(proc, conn))
            return self._spawn()

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.cfg), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _kill(self, s: _Slot) -> None:
        with contextlib.suppress(OSError, TypeError):
            os.killpg(s.proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            s.proc.kill()
        s.proc.join(2)
        s.conn.close()
        for t in [s.task, *(s.task or {}).get("dups", [])] if s.task is not None else []:
            if t.get("out"):
                remove_parts(Path(t["out"]))

    def _replace(self, i: int, reason: str | None, on_done: Callable[[dict, dict], Any],
                 pending: deque) -> None:
        """Stop worker ``i``: its file fails with ``reason`` (None: it goes back to ``pending``), the
        files waiting in its pipe go back to ``pending``; a fresh worker when files are left."""
        s = self.slots[i]
        task = s.task
        self._kill(s)
        pending.extendleft(reversed(s.queued))
        if task is not None and reason is None:
            pending.appendleft(task)
        s.task, s.queued = None, deque()
        if pending:
            self.slots[i] = self._spawn()
        if task is not None and reason is not None:
            on_done(task, {"status": FAILED, "reason": reason, "error": "WorkerError", "retry": True,
                           "seconds": round(time.monotonic() - s.started, 3)})

    def _send(self, i: int, task: dict[str, Any], pending: deque, on_done: Callable[[dict, dict], Any]) -> bool:
        s = self.slots[i]
        try:
            s.conn.send(task)
        except (OSError, ValueError):  # the worker is gone; this file never reached it: retried
            pending.appendleft(task)
            if s.task is None:  # died while idle
                self._replace(i, None, on_done, pending)
            else:  # died on the file it was on: that file fails as any worker death does
                s.proc.join(1)
                self._replace(i, _death(s.proc.exitcode), on_done, pending)
            return False
        if s.task is None:
            s.task, s.started = task, time.monotonic()
        else:
            s.queued.append(task)
        return True

    def _dispatch(self, pending: deque, on_done: Callable[[dict, dict], Any]) -> None:
        for i, s in enumerate(self.slots):  # every idle worker first
            if s.task is None and pending:
                self._send(i, pending.popleft(), pending, on_done)
        for i, s in enumerate(self.slots):  # then a next file each, while there are plenty
            while (s.task is not None and len(s.queued) < self.depth - 1 and len(pending) >= len(self.slots)
                   and self._send(i, pending.popleft(), pending, on_done)):
                s = self.slots[i]

    def _collect(self, i: int, now: float, pending: deque, on_done: Callable[[dict, dict], Any],
                 results: deque) -> None:
        """Worker ``i``'s results so far, or its death, or its time limit."""
        s = self.slots[i]
        if _delivered(s, results):
            s.started = now  # the file it went on to
            return
        if s.task is None:
            return
        if not s.proc.is_alive():
            s.proc.join(1)
            self._replace(i, _death(s.proc.exitcode), on_done, pending)
        elif now - s.started > self.timeout:
            self._replace(i, f"stopped after the time limit of {self.timeout:g} s", on_done, pending)

    def run(self, tasks: list[dict[str, Any]], on_done: Callable[[dict, dict], Any]) -> None:
        """Every task, and the tasks ``on_done`` returns (a list, or None), through the workers. A
        worker that delivers a result gets its next file before the result is recorded. On Ctrl-C
        (KeyboardInterrupt) the results the workers have already delivered are recorded first."""
        pending = deque(tasks)
        ready: deque[tuple[dict, dict]] = deque()  # delivered, not yet given to on_done
        try:
            while True:
                self._dispatch(pending, on_done)
                active = [s for s in self.slots if s.task is not None]
                if not active:
                    return
                first = min(s.started for s in active) + self.timeout
                wait([s.conn for s in active] + [s.proc.sentinel for s in active],
                     timeout=max(0.0, min(first - time.monotonic(), 1.0)))
                now = time.monotonic()
                for i in range(len(self.slots)):
                    self._collect(i, now, pending, on_done, ready)
                self._dispatch(pending, on_done)
                while ready:
                    pending.extend(on_done(*ready.popleft()) or [])
        except KeyboardInterrupt:
            self._drain(ready, on_done)
            raise

    def _drain(self, ready: deque, on_done: Callable[[dict, dict], Any]) -> None:
        """Interrupted: record what was delivered (in the pipes, or read and not yet recorded)."""
        for s in self.slots:
            _delivered(s, ready)
        while ready:
            on_done(*ready.popleft())  # files it would queue again are left for the next run

    def close(self, kill: bool = False) -> None:
        for s in self.slots:
            if not kill and s.proc.is_alive():
                with contextlib.suppress(OSError, ValueError):
                    s.conn.send(None)
        for s in self.slots:
            if not kill:
                s.proc.join(2)
            if kill or s.proc.is_alive():
                self._kill(s)
            else:
                s.conn.close()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


def run_guarded(task: dict[str, Any], cfg: dict[str, Any], timeout: float) -> dict[str, Any]:
    """One file in one worker process (forked: this process runs no threads) under the limits of
    ``cfg`` and ``timeout``; the worker's result (``text`` when ``task['out']`` is None)."""
    from cchc_parse import prefork

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    got: dict[str, Any] = {}
    pool = Pool(1, cfg, timeout, ctx, adopt=prefork.take())  # the console script's early worker, if any
    try:
        pool.run([task], lambda _t, r: got.update(r))
    finally:
        pool.close(kill=not got)
    return got
