"""Issue 13, item 5: after `timeout -s KILL cchc parse …` no worker (nor what it started, such as
LibreOffice) keeps running — for the single-file CLI's worker and for a batch's pool."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")

HANG = '''
import os, subprocess, sys, time
from pathlib import Path

class Hang:
    """A parse that starts a child (as LibreOffice would) and never ends."""
    def __init__(self, pidfile):
        self.pidfile = pidfile
    def __call__(self, path, opts):
        child = subprocess.Popen(["sleep", "600"])
        Path(self.pidfile).write_text(f"{os.getpid()} {child.pid}")
        time.sleep(600)
'''

SINGLE = '''
import sys
from hangmod import Hang
from cchc_parse.batch.pool import run_guarded
run_guarded({"src": sys.argv[2], "out": None},
            {"memory_mb": 0, "fmt": "yaml", "parser": Hang(sys.argv[1]), "popts": None}, 600)
'''

BATCH = '''
import sys
from pathlib import Path
from hangmod import Hang
from cchc_parse.batch import BatchOptions, run_batch
if __name__ == "__main__":
    opts = BatchOptions(parser=Hang(sys.argv[1]), jobs=1, quiet=True)
    run_batch([Path(sys.argv[2])], Path(sys.argv[3]), opts)
'''


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended (its reaper may be slow in a container)


@pytest.mark.parametrize("script", [SINGLE, BATCH], ids=["single-file", "batch"])
def test_no_worker_outlives_a_killed_parent(tmp_path: Path, script: str) -> None:
    (tmp_path / "hangmod.py").write_text(textwrap.dedent(HANG), encoding="utf-8")
    (tmp_path / "main.py").write_text(textwrap.dedent(script), encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    pidfile = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")])}
    main = subprocess.Popen([sys.executable, str(tmp_path / "main.py"), str(pidfile),
                             str(tmp_path / "in" / "plan.txt") if script is SINGLE else str(tmp_path / "in"),
                             str(tmp_path / "out")], env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        worker, child = map(int, pidfile.read_text().split())
        assert alive(worker) and alive(child)
        main.send_signal(signal.SIGKILL)  # what `timeout -s KILL` does
        main.wait(10)
        deadline = time.monotonic() + 10
        while (alive(worker) or alive(child)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(worker) and not alive(child)
    finally:
        main.kill()
        for pid in map(int, pidfile.read_text().split()) if pidfile.exists() else ():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
