"""Issue 16, start-up: the one-file `cchc parse` forks its guarded worker first thing (prefork.py).

The guess is made from the raw command line; the worker must give byte for byte what a worker
started later gives, follow the language chosen after it was forked, and never outlive the command
(killed, or a batch that did not need it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cchc_parse import prefork

ROOT = Path(__file__).resolve().parents[1]
TXT = ROOT / "samples" / "text" / "000-news-vhttdl-binhduong.txt"
DOCX = ROOT / "samples" / "docx" / "lamdong-ubnd-tbkl-pci.docx"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork, process groups and /proc")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "plan.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    (tmp_path / "Plan.DOCX").write_bytes(b"PK")
    (tmp_path / "units.yaml").write_text("units: []\n", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    return {k: str(tmp_path / v) for k, v in (("txt", "plan.txt"), ("docx", "Plan.DOCX"),
                                               ("units", "units.yaml"), ("dir", "dir"))}


@pytest.mark.parametrize(("args", "want"), [
    (["parse", "{txt}"], ".txt"),
    (["parse", "{docx}", "-o", "{dir}"], ".docx"),
    (["parse", "-o", "{txt}.yaml", "--format", "json", "{txt}"], ".txt"),
    (["parse", "--units", "{units}", "{txt}", "--timeout", "5"], ".txt"),
    (["parse", "--out={dir}", "{txt}", "-q"], ".txt"),
    (["parse", "-"], ""),
    (["parse", "{dir}", "-o", "{dir}"], None),  # a folder: a batch
    (["parse", "{txt}", "{docx}", "-o", "{dir}"], None),  # several files: a batch
    (["parse", "{txt}", "--parquet", "-o", "{dir}"], None),
    (["parse", "{txt}", "--help"], None),
    (["parse", "{txt}.missing"], None),
    (["parse"], None),
    (["validate", "{txt}"], None),
    ([], None),
])
def test_the_guess_from_the_raw_command_line(files: dict[str, str], args: list[str], want: str | None) -> None:
    assert prefork.one_file([a.format(**files) for a in args]) == want


def test_no_fork_no_early_worker(monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    """Out of processes or descriptors: no early worker and no descriptor left open (the command
    then starts its worker later, as it did before)."""
    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", refuse)
    assert prefork.start(["parse", files["txt"]]) is False
    assert prefork.take() is None and len(os.listdir("/proc/self/fd")) == before


def test_every_option_that_takes_a_value_is_known() -> None:
    """A value option missing from VALUE_OPTIONS would make its value look like an input."""
    import typer.main

    from cchc_parse.cli import app

    parse = typer.main.get_command(app).commands["parse"]  # type: ignore[attr-defined]
    takes_value = {o for p in parse.params if p.param_type_name == "option" and not p.is_flag
                   for o in (*p.opts, *p.secondary_opts)}
    assert takes_value <= prefork.VALUE_OPTIONS
    assert prefork.VALUE_OPTIONS - takes_value == {"--lang"}  # cchc's global option, read anywhere
    flags = {o for p in parse.params for o in p.opts}
    assert prefork.NOT_ONE_FILE - flags <= {"--help", "-h", "--version"}


ADOPT = '''
import os, sys
from cchc_parse import prefork
from cchc_parse.batch.pool import run_guarded
from cchc_parse.options import ParseOptions
assert prefork.start(["parse", sys.argv[1]])
pid = prefork._started["pid"]
os.environ["CCHC_LANG"] = sys.argv[2]  # as --lang does, after the fork
cfg = {"memory_mb": 2048, "fmt": "yaml", "parser": None, "popts": ParseOptions(), "trace": False}
res = run_guarded({"src": sys.argv[1], "out": None}, cfg, 60)
early = res["pid"] == pid
res2 = run_guarded({"src": sys.argv[1], "out": None}, cfg, 60)  # nothing forked early: a worker as before
assert res2["pid"] != pid
sys.stdout.write(f"{early} {res['text'] == res2['text']}\\n" + res["text"])
'''


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("src", [TXT, DOCX], ids=["txt", "docx"])
def test_the_early_worker_parses_as_a_late_one(tmp_path: Path, src: Path, lang: str) -> None:
    (tmp_path / "adopt.py").write_text(textwrap.dedent(ADOPT), encoding="utf-8")
    r = subprocess.run([sys.executable, str(tmp_path / "adopt.py"), str(src), lang], capture_output=True,
                       text=True, env=ENV, timeout=120, check=True)
    head, text = r.stdout.split("\n", 1)
    assert head == "True True", r.stderr
    lib = subprocess.run([sys.executable, "-c", textwrap.dedent('''
        import sys
        from cchc_parse.emit.serialize import dump
        from cchc_parse.pipeline import parse_file
        sys.stdout.write(dump(parse_file(sys.argv[1]).doc, "yaml"))'''), str(src)],
                         capture_output=True, text=True, env={**ENV, "CCHC_LANG": lang}, timeout=120, check=True)
    assert text == lib.stdout  # in the chosen language, as the library writes it


def test_the_command_line_parse_uses_the_early_worker_and_gives_the_golden_bytes(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    script = textwrap.dedent('''
        import atexit, sys
        from cchc_parse import prefork
        from cchc_parse.batch import pool as batch_pool
        seen = {}
        guarded = batch_pool.run_guarded

        def run_guarded(*args):
            seen["early"] = prefork._started.get("pid")
            res = guarded(*args)
            seen["worker"] = res.get("pid")
            return res

        batch_pool.run_guarded = run_guarded
        atexit.register(lambda: print("adopted", seen["early"] is not None and seen["early"] == seen["worker"]))
        sys.argv = ["cchc", "parse", sys.argv[1], "-o", sys.argv[2]]
        from cchc_parse.launch import run
        run()''')
    r = subprocess.run([sys.executable, "-c", script, str(TXT), str(out)], capture_output=True, text=True,
                       env={**ENV, "CCHC_LANG": "vi"}, timeout=120)  # the goldens' language
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "adopted True"
    golden = ROOT / "tests" / "golden" / "text" / (TXT.name + ".yaml")
    assert out.read_bytes() == golden.read_bytes()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


@pytest.mark.parametrize("when", [0.0, 1.5], ids=["while-importing", "waiting-for-its-file"])
def test_the_early_worker_does_not_outlive_a_killed_command(tmp_path: Path, when: float) -> None:
    script = textwrap.dedent('''
        import sys, time
        from cchc_parse import prefork
        prefork.start(["parse", sys.argv[1]])
        print(prefork._started["pid"], flush=True)
        time.sleep(600)''')
    main = subprocess.Popen([sys.executable, "-c", script, str(TXT)], stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        pid = int(main.stdout.readline())  # type: ignore[union-attr]
        assert _alive(pid)
        time.sleep(when)
        main.send_signal(signal.SIGKILL)  # what `timeout -s KILL` does
        main.wait(10)
        assert _gone(pid)
    finally:
        main.kill()


def test_a_batch_lets_the_early_worker_go(tmp_path: Path) -> None:
    script = textwrap.dedent('''
        import os, sys
        from cchc_parse import prefork
        prefork.start(["parse", sys.argv[1]])
        pid = prefork._started["pid"]
        prefork.discard()
        print(pid, prefork.take() is None, flush=True)''')
    r = subprocess.run([sys.executable, "-c", script, str(TXT)], capture_output=True, text=True, env=ENV,
                       timeout=60, check=True)
    pid, none_left = r.stdout.split()
    assert none_left == "True"
    assert _gone(int(pid))


def _running_with(token: str) -> list[int]:
    """The processes whose command line holds ``token`` (a forked worker keeps its parent's)."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                if token.encode() in (d / "cmdline").read_bytes() and _alive(int(d.name)):
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


def test_commands_that_are_not_a_one_file_parse_leave_no_worker(tmp_path: Path) -> None:
    """A folder (no worker forked) and a usage error after the guess (the worker forked, then not
    needed), both through `python -m cchc_parse`, the console script's path."""
    src = tmp_path / "in" / TXT.name
    src.parent.mkdir()
    src.write_bytes(TXT.read_bytes())
    env = {**ENV, "CCHC_LANG": "vi"}
    r = subprocess.run([sys.executable, "-m", "cchc_parse", "parse", str(src.parent), "-o", str(tmp_path / "out"),
                        "-q", "--jobs", "1"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    golden = ROOT / "tests" / "golden" / "text" / (TXT.name + ".yaml")
    assert (tmp_path / "out" / (TXT.name + ".yaml")).read_bytes() == golden.read_bytes()
    r = subprocess.run([sys.executable, "-m", "cchc_parse", "parse", str(src), "--format", "xml"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and "--format" in r.stderr
    deadline = time.monotonic() + 10
    while _running_with(str(src)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _running_with(str(src)) == []


WARMED = '''
import sys, time
from pathlib import Path
from cchc_parse.batch import warm
real = warm.warm_parse
def marked():
    Path(sys.argv[2]).write_text("warm", encoding="utf-8")
    real()
warm.warm_parse = marked  # the forked worker has this module already: it calls this one
from cchc_parse import prefork
from cchc_parse.batch.pool import run_guarded
from cchc_parse.options import ParseOptions
assert prefork.start(["parse", sys.argv[1]])
for _ in range(600):  # the worker is ready and nothing is sent yet: it warms up
    if Path(sys.argv[2]).exists():
        break
    time.sleep(0.05)
cfg = {"memory_mb": 2048, "fmt": "yaml", "parser": None, "popts": ParseOptions(), "trace": False}
sys.stdout.write(run_guarded({"src": sys.argv[1], "out": None}, cfg, 60)["text"])
'''


@pytest.mark.parametrize("src", [TXT, DOCX], ids=["txt", "docx"])
def test_a_worker_that_warmed_up_parses_as_a_fresh_one(tmp_path: Path, src: Path) -> None:
    """While the main process reads the command line, the early worker parses batch/warm.py's plan;
    the file's output is the bytes the library writes in a new process."""
    (tmp_path / "warmed.py").write_text(textwrap.dedent(WARMED), encoding="utf-8")
    marker = tmp_path / "warmed"
    r = subprocess.run([sys.executable, str(tmp_path / "warmed.py"), str(src), str(marker)], capture_output=True,
                       text=True, env=ENV, timeout=120, check=True)
    assert marker.exists(), r.stderr
    lib = subprocess.run([sys.executable, "-c", textwrap.dedent('''
        import sys
        from cchc_parse.emit.serialize import dump
        from cchc_parse.pipeline import parse_file
        sys.stdout.write(dump(parse_file(sys.argv[1]).doc, "yaml"))'''), str(src)],
                         capture_output=True, text=True, env=ENV, timeout=120, check=True)
    assert r.stdout == lib.stdout


def test_the_warm_up_plan_is_read_as_a_plan() -> None:
    """batch/warm.py's plan goes through the stages every plan goes through (else it warms nothing)."""
    from cchc_parse.batch.warm import WARM_PLAN
    from cchc_parse.pipeline import parse_text

    doc = parse_text(WARM_PLAN, "warm.txt").doc
    d = doc.document
    assert (d.doc_type, d.number, d.symbol, d.date and d.date.iso) == ("KH", "01", "KH-UBND", "2026-01-02")
    assert d.title and d.signer and d.signer.name == "Nguyễn Văn An" and d.recipients
    assert [r.number for r in doc.legal_bases] == ["76/NQ-CP"]
    assert doc.sections and doc.sections[0].children
