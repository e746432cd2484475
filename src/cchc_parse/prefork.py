"""The guarded worker of a one-file ``cchc parse``, forked at the command's first instant.

A one-page parse spends most of its start-up importing: the command-line framework (typer, and the
pydantic it builds its option types with) in the main process, then the parser (pipeline, models,
readers, writers) in the worker that parses under the time and memory limits. Done one after the
other they are two thirds of the run. The console script (launch.py) therefore guesses from the raw
command line, before importing anything heavy, whether it is a one-file parse; if so it forks the
worker at once, with a bare ``os.fork`` and two pipes (importing multiprocessing would delay the main
process). The worker imports the parser while the main process imports typer and reads its options;
``batch.pool.run_guarded`` then adopts it (``take``) and sends it the run's settings and the file.
A wrong guess costs only the worker's imports on the other core: a command that turns out not to
be a one-file parse never takes the worker, and it ends (``discard``, or the pipe's end of file, or
the main process's death).

The worker is an ordinary ``batch.worker`` worker from then on: the same limits, the same results,
byte for byte. It sets its own signals, process group and parent watch before it imports anything,
so Ctrl-C or ``kill -9`` of the main process in that first instant leaves nothing running.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# options of `cchc parse` that take a value: the word after them is not an input (checked against
# the command's own options by tests/test_prefork.py)
VALUE_OPTIONS = frozenset({"-o", "--out", "-f", "--format", "--password", "--units", "-j", "--jobs",
                           "--include", "--exclude", "--shard", "--timeout", "--max-memory", "--executor",
                           "--scheduler", "--lang"})
# a batch, or no parse at all: no worker to start
NOT_ONE_FILE = frozenset({"--help", "-h", "--version", "--parquet", "--executor", "--scheduler", "--shard"})
READERS = {".txt": "cchc_parse.extract.txt.reader", ".docx": "cchc_parse.extract.docx.reader",
           ".pdf": "cchc_parse.extract.pdf.reader", ".doc": "cchc_parse.extract.doc.convert"}
WARM = ("cchc_parse.pipeline", "cchc_parse.emit.serialize", "cchc_parse.counts")

_started: dict[str, Any] = {}  # the worker this process forked and has not handed over yet


def one_file(args: list[str]) -> str | None:
    """The input of ``args`` when they look like ``parse FILE [options]`` (FILE a regular file or -):
    ``""`` for standard input, else the file's suffix; None for anything else."""
    if not args or args[0] != "parse":
        return None
    inputs: list[str] = []
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "--":
            return None  # rare; not worth reading the rest exactly
        if a in NOT_ONE_FILE or a.split("=", 1)[0] in NOT_ONE_FILE:
            return None
        if a.startswith("-") and a != "-":
            skip = a in VALUE_OPTIONS  # "--out=x" carries its value
            continue
        inputs.append(a)
    if len(inputs) != 1:
        return None
    if inputs[0] == "-":
        return ""
    try:
        if not Path(inputs[0]).is_file():
            return None
    except (OSError, ValueError):
        return None
    return Path(inputs[0]).suffix.lower()


def start(args: list[str]) -> bool:
    """Fork the worker when ``args`` (the command line without the program) is a one-file parse."""
    suffix = one_file(args)
    if suffix is None or not sys.platform.startswith("linux") or _started:
        return False
    fds: list[int] = []
    main_pid = os.getpid()
    try:
        for _ in range(3):  # tasks to the worker, results back, and a pipe whose write end only the
            fds.extend(os.pipe())  # worker holds (end of file when it ends)
        pid = os.fork()
    except OSError:  # out of processes or descriptors: the worker is started later, as without this
        for fd in fds:
            os.close(fd)
        return False
    child_r, parent_w, parent_r, child_w, alive_r, alive_w = fds
    if pid == 0:  # pragma: no cover — the worker's side (covered by the subprocess tests)
        for fd in (parent_w, parent_r, alive_r):
            os.close(fd)
        _child(child_r, child_w, main_pid, suffix)
    for fd in (child_r, child_w, alive_w):
        os.close(fd)
    _started.update(pid=pid, send=parent_w, recv=parent_r, sentinel=alive_r)
    return True


def _child(recv_fd: int, send_fd: int, main_pid: int, suffix: str) -> None:  # pragma: no cover
    """The worker: detach from the terminal's signals, watch the parent, import, then serve."""
    import gc
    import signal

    gc.disable()  # as launch.run has it: off while importing, on again after (warm_up)
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # at once: Ctrl-C is the main process's (and ours
        devnull = os.open(os.devnull, os.O_RDONLY)  # only through it); standard input is its to read
        os.dup2(devnull, 0)
        os.close(devnull)
        from cchc_parse.batch import worker as batch_worker

        batch_worker.detach(main_pid)
        batch_worker.warm_up((*WARM, READERS.get(suffix, READERS[".txt"])))
        from cchc_parse.batch import warm

        if warm.waiting(recv_fd):  # the main process is still reading the command line: the first
            warm.warm_parse()  # parse's one-time costs are paid meanwhile (batch/warm.py)
        batch_worker.serve(PipeConn(recv_fd, send_fd), None)
        status = 0
    except BaseException:  # nothing of the worker may reach the main process's code paths
        pass
    finally:
        os._exit(status)


class PipeConn:
    """The worker's end: pickled objects framed as multiprocessing's Connection frames them (a 4-byte
    big-endian length, -1 then 8 bytes past 2 GiB), so the main process reads and writes it with a
    plain Connection, and the worker need not import multiprocessing (~5 ms of its start)."""

    def __init__(self, recv_fd: int, send_fd: int) -> None:
        self.rd, self.wr = recv_fd, send_fd

    def _read(self, n: int) -> bytes:
        parts, left = [], n
        while left:
            chunk = os.read(self.rd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)

    def recv(self) -> Any:
        import pickle
        import struct

        (size,) = struct.unpack("!i", self._read(4))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read(8))
        return pickle.loads(self._read(size))

    def send(self, obj: Any) -> None:
        import pickle
        import struct

        buf = pickle.dumps(obj)
        head = struct.pack("!i", len(buf)) if len(buf) <= 0x7FFFFFFF else struct.pack("!iQ", -1, len(buf))
        view = memoryview(head + buf)
        while view:
            view = view[os.write(self.wr, view):]


class Forked:
    """The forked worker as the process object batch.pool.Pool keeps (pid, sentinel, is_alive,
    join, kill, exitcode), without multiprocessing's Process, which did not start it."""

    def __init__(self, pid: int, sentinel: int) -> None:
        self.pid, self.sentinel = pid, sentinel
        self.exitcode: int | None = None

    def _reap(self, block: bool) -> None:
        if self.exitcode is not None:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:  # reaped elsewhere: its status is lost
            self.exitcode = 255
            return
        if pid:
            self.exitcode = os.waitstatus_to_exitcode(status)
            os.close(self.sentinel)

    def is_alive(self) -> bool:
        self._reap(False)
        return self.exitcode is None

    def join(self, timeout: float | None = None) -> None:
        from multiprocessing.connection import wait

        if self.exitcode is None and wait([self.sentinel], timeout):
            self._reap(True)

    def kill(self) -> None:
        import contextlib
        import signal

        if self.exitcode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class Conn:
    """The main process's side of the two pipes, as a multiprocessing Connection (send, recv, poll,
    close, fileno for ``wait``)."""

    def __init__(self, send_fd: int, recv_fd: int) -> None:
        from multiprocessing.connection import Connection

        self.wr = Connection(send_fd, readable=False)
        self.rd = Connection(recv_fd, writable=False)

    def send(self, obj: Any) -> None:
        self.wr.send(obj)

    def recv(self) -> Any:
        return self.rd.recv()

    def poll(self, timeout: float = 0.0) -> bool:
        return self.rd.poll(timeout)

    def fileno(self) -> int:
        return self.rd.fileno()

    def close(self) -> None:
        self.wr.close()
        self.rd.close()


def take() -> tuple[Forked, Conn] | None:
    """The worker forked at start-up, handed over once (None when none was started, or it ended)."""
    if not _started:
        return None
    s = dict(_started)
    _started.clear()
    proc, conn = Forked(s["pid"], s["sentinel"]), Conn(s["send"], s["recv"])
    if not proc.is_alive():
        conn.close()
        return None
    return proc, conn


def discard() -> None:
    """The command is not a one-file parse after all: let the worker go (it exits at end of file)."""
    got = take()
    if got is not None:
        proc, conn = got
        conn.close()
        proc.join(0)
