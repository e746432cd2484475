"""Batch conversion of a folder: every file accounted for, failures explained, outputs complete,
incremental re-runs, shards, time limit, memory guard, output confinement, the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.batch.files import discover, glob_match, in_shard, output_path, parse_shard
from cchc_parse.errors import CchcError, OutputError
from cchc_parse.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TEXTS = sorted((SAMPLES / "text").glob("*.txt"))
DOCX = sorted((SAMPLES / "docx").glob("*.docx"))
SCAN = SAMPLES / "pdf" / "vpcp-qd932-scan.pdf"
VN_DIR = "Hà Nội/kế hoạch 2024"


# ---- parse functions run in the worker processes (picklable by reference) ------------------------
class CountingParser:
    """parse_file, and one line per call in ``log`` (the workers are other processes)."""

    def __init__(self, log: Path, hang: str | None = None, die: str | None = None,
                 hog: str | None = None, interrupt_pid: int | None = None) -> None:
        self.log, self.hang, self.die, self.hog, self.interrupt_pid = str(log), hang, die, hog, interrupt_pid

    def __call__(self, path: Path, opts):  # type: ignore[no-untyped-def]
        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(os.fsencode(str(path)).hex() + "\n")
        if self.hang and self.hang in path.name:
            time.sleep(600)
        if self.die and self.die in path.name:
            os.kill(os.getpid(), signal.SIGKILL)
        if self.hog and self.hog in path.name:
            hog = bytearray(4 << 30)  # over the memory guard
            del hog
        if self.interrupt_pid and "stop" in path.name:
            os.kill(self.interrupt_pid, signal.SIGINT)
            time.sleep(600)
        return parse_file(path, opts)


def calls(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def run(inputs, out, log, **kw):  # type: ignore[no-untyped-def]
    hooks = {k: kw.pop(k) for k in ("hang", "die", "hog", "interrupt_pid") if k in kw}
    kw.setdefault("quiet", True)
    kw.setdefault("jobs", 2)
    opts = BatchOptions(parser=CountingParser(log, **hooks), **kw)
    buf = io.StringIO()
    code = run_batch([Path(p) for p in inputs], Path(out), opts,
                     console=Console(file=buf, width=200, force_terminal=False))
    return code, buf.getvalue()


def manifest(out: Path, name: str = "index.json") -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


def by_path(m: dict) -> dict[str, dict]:
    return {e["path"]: e for e in m["files"]}


# ---- the mixed folder ---------------------------------------------------------------------------
def build_tree(root: Path) -> dict[str, str]:
    """A folder of good, bad, duplicate and oddly named files; returns the expected status class of
    every file that must appear in the manifest ('ok' = ok or ok-with-warnings)."""
    expect: dict[str, str] = {}
    for p in TEXTS[:4]:
        (root / "good").mkdir(parents=True, exist_ok=True)
        shutil.copy(p, root / "good" / p.name)
        expect[f"good/{p.name}"] = "ok"
    vn = root / VN_DIR
    vn.mkdir(parents=True)
    if DOCX:
        shutil.copy(DOCX[0], vn / "kế hoạch số 1.docx")
        expect[f"{VN_DIR}/kế hoạch số 1.docx"] = "ok"
    shutil.copy(TEXTS[0], vn / "Kế hoạch CCHC.txt")
    expect[f"{VN_DIR}/Kế hoạch CCHC.txt"] = "ok"
    (root / "dup").mkdir()  # the same bytes twice, in two folders
    shutil.copy(TEXTS[1], root / "dup" / TEXTS[1].name)
    expect[f"dup/{TEXTS[1].name}"] = "ok"
    shutil.copy(TEXTS[1], root / "odd\nname.txt")
    expect["odd\nname.txt"] = "ok"
    bad = root / "bad"
    bad.mkdir()
    (bad / "corrupt.docx").write_bytes(b"PK\x03\x04" + os.urandom(3000))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 20)
    with zipfile.ZipFile(bad / "sheet.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    for n in ("corrupt.docx", "empty.txt", "junk.txt", "sheet.xlsx"):
        expect[f"bad/{n}"] = "failed"
    if SCAN.exists():
        shutil.copy(SCAN, root / "scan.pdf")
        expect["scan.pdf"] = "failed"
    # not documents: left out without a word
    (root / "notes.md").write_text("# notes\n")
    (root / "tool.py").write_text("print(1)\n")
    (root / ".hidden.txt").write_text("hidden\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref\n")
    return expect


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("batch")
    src = base / "in"
    expect = build_tree(src)
    out = src / "out"  # inside the input folder: must not be read back as input
    log = base / "calls.log"
    code, text = run([src], out, log)
    return src, out, log, expect, code, text


def test_every_file_accounted_for(mixed) -> None:  # type: ignore[no-untyped-def]
    _src, out, log, expect, code, text = mixed
    assert code == 1  # some files failed
    m = manifest(out)
    assert m["version"] and m["complete"] and m["options"]["format"] == "yaml"
    files = by_path(m)
    assert set(files) == set(expect)
    for path, want in expect.items():
        e = files[path]
        assert e["sha256"] and e["size"] is not None and "seconds" in e
        if want == "ok":
            assert e["status"] in ("ok", "ok-with-warnings"), (path, e)
            assert e["output"] == f"{path}.yaml" and e["counts"]["diagnostics"] is not None
            assert e["reason"] is None
        else:
            assert e["status"] == "failed" and e["reason"], (path, e)
            assert e["output"] is None
            assert f"FAILED {path!s}".split("\n")[0] in text
    assert files["bad/empty.txt"]["reason"] == "the file is empty"
    assert "unknown format" in files["bad/junk.txt"]["reason"]
    if "scan.pdf" in files:
        assert "--ocr" in files["scan.pdf"]["reason"]
    assert m["summary"]["files"] == len(expect)
    assert calls(log) == sum(1 for p in expect if not p.endswith(("empty.txt", "junk.txt")))


def test_outputs_complete_and_valid(mixed) -> None:  # type: ignore[no-untyped-def]
    _src, out, *_rest = mixed
    for e in manifest(out)["files"]:
        if e["status"] != "failed":
            data = yaml.safe_load((out / e["output"]).read_text(encoding="utf-8"))
            assert data["schema_name"] == "cchc.plan"
            assert len(data["tasks"]) == e["counts"]["tasks"]
    assert not list(out.rglob("*.part"))
    assert not (out / "out").exists()  # the output folder was not read as input
    assert not list(out.rglob("*.md.yaml")) and not list(out.rglob("*.py.yaml"))
    assert (out / "dup" / f"{TEXTS[1].name}.yaml").read_text() != ""


def test_exports(mixed) -> None:  # type: ignore[no-untyped-def]
    _src, out, _log, expect, *_rest = mixed
    m = manifest(out)
    n_tasks = sum(e["counts"]["tasks"] for e in m["files"] if e["status"] != "failed")
    assert n_tasks > 0
    raw = (out / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["plan_file", "issuer", "doc_type"] and len(rows) - 1 == n_tasks
    plans = list(csv.DictReader(io.StringIO((out / "plans.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert len(plans) == len(expect)
    assert [p["file"] for p in plans] == sorted(expect)
    assert {p["status"] for p in plans if p["file"].startswith("bad/")} == {"failed"}
    from openpyxl import load_workbook

    from cchc_parse.desk.columns import TASK_COLS
    from cchc_parse.i18n import _

    ws = load_workbook(out / "tasks.xlsx", read_only=True).active
    xrows = list(ws.iter_rows(values_only=True))
    assert list(xrows[0]) == [_(c.label) for c in TASK_COLS] and len(xrows) - 1 == n_tasks
    dates = [i for i, c in enumerate(TASK_COLS) if c.kind == "date"]  # date cells in the workbook
    as_text = [[c.date().isoformat() if i in dates and c else str(c) if c is not None else ""
                for i, c in enumerate(r)] for r in xrows[1:4]]
    # is_group (column 10) is a bool cell, "false" in the CSV
    assert [[v for i, v in enumerate(r) if i != 10] for r in as_text] == [
        [v for i, v in enumerate(r) if i != 10] for r in rows[1:4]]


def test_incremental_force_and_new_file(mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src, out0, _, expect, *_ = mixed
    work, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("out"))
    log = tmp_path / "calls.log"
    run([work], out, log)
    first = calls(log)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.yaml")}
    code, _ = run([work], out, log)  # unchanged: nothing parsed
    assert calls(log) == first and code == 1  # the bad files still fail (remembered, not re-parsed)
    files = by_path(manifest(out))
    assert {e["status"] for p, e in files.items() if expect[p] == "ok"} == {"skipped"}
    parsed_bad = [e for p, e in files.items() if expect[p] == "failed" and p.endswith((".docx", ".xlsx", ".pdf"))]
    assert parsed_bad and all(e.get("reused") and e["status"] == "failed" for e in parsed_bad)
    assert mtimes == {p: p.stat().st_mtime_ns for p in out.rglob("*.yaml")}
    assert (out / "tasks.csv").read_bytes() == (out0 / "tasks.csv").read_bytes()  # exports from all outputs
    shutil.rmtree(out / ".cchc")  # without the row cache the exports come from the outputs themselves
    run([work], out, log)
    assert calls(log) == first and (out / "tasks.csv").read_bytes() == (out0 / "tasks.csv").read_bytes()
    shutil.copy(TEXTS[2], work / "good" / "new plan.txt")  # one new file: one parse
    (work / "good" / TEXTS[0].name).write_text("KẾ HOẠCH\nCải cách hành chính năm 2024\n", encoding="utf-8")
    run([work], out, log)
    assert calls(log) == first + 2
    files = by_path(manifest(out))
    assert files["good/new plan.txt"]["status"] != "skipped"
    assert files[f"good/{TEXTS[0].name}"]["status"] != "skipped"
    run([work], out, log, force=True)
    assert calls(log) == 2 * first + 3  # --force: everything again
    run([work], out, log, fmt="json")  # other options: a new output for every file
    assert (out / "good" / "new plan.txt.json").is_file()


def test_shards_cover_all_once_and_merge(mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src, _, _, expect, *_ = mixed
    out, log = tmp_path / "out", tmp_path / "calls.log"
    run([src], out, log, shard="1/2", jobs=1)
    run([src], out, log, shard="2/2", jobs=1)
    a = set(by_path(manifest(out, "index.shard-1-of-2.json")))
    b = set(by_path(manifest(out, "index.shard-2-of-2.json")))
    assert a and b and not a & b and a | b == set(expect)
    assert not (out / "tasks.csv").exists()  # exports come from the merge run
    n = calls(log)
    run([src], out, log)  # the merge: reads both shard manifests, parses nothing
    assert calls(log) == n
    files = by_path(manifest(out))
    assert set(files) == set(expect) and (out / "tasks.xlsx").is_file()
    assert {e["status"] for p, e in files.items() if expect[p] == "ok"} == {"skipped"}
    for bad in ("0/2", "3/2", "x", "1/0"):
        with pytest.raises(CchcError):
            parse_shard(bad)
    rels = [f"d/{i}.txt" for i in range(200)]
    parts = [{r for r in rels if in_shard(r, (i, 3))} for i in (1, 2, 3)]
    assert sum(map(len, parts)) == 200 and set().union(*parts) == set(rels) and all(parts)


@pytest.mark.parametrize("jobs", [1, 2])
def test_time_limit_and_dead_worker(tmp_path: Path, jobs: int) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, p in enumerate(TEXTS[:3]):
        shutil.copy(p, src / f"{i}-{p.name}")
    shutil.copy(TEXTS[0], src / "hang.txt")
    shutil.copy(TEXTS[0], src / "die.txt")
    t0 = time.monotonic()
    code, text = run([src], tmp_path / "out", tmp_path / "log", timeout=3, jobs=jobs, hang="hang", die="die")
    assert time.monotonic() - t0 < 60
    assert code == 1
    files = by_path(manifest(tmp_path / "out"))
    assert len(files) == 5
    assert files["hang.txt"]["status"] == "failed" and "time limit of 3 s" in files["hang.txt"]["reason"]
    assert files["die.txt"]["status"] == "failed" and "SIGKILL" in files["die.txt"]["reason"]
    assert all(e["status"] != "failed" for p, e in files.items() if p not in ("hang.txt", "die.txt"))
    assert not list((tmp_path / "out").rglob("*.part"))
    assert "FAILED hang.txt" in text


@pytest.mark.parametrize("jobs", [1, 2])
def test_files_waiting_in_a_stopped_workers_pipe_are_parsed_once(tmp_path: Path, jobs: int) -> None:
    """Each worker holds its next file in its pipe while many wait (Pool depth 2): when it is
    stopped (time limit) or dies, those files go to a fresh worker, each parsed exactly once."""
    src = tmp_path / "in"
    src.mkdir()
    names = [f"{i:02d}.txt" for i in range(12)]
    names[3], names[7] = "03-hang.txt", "07-die.txt"
    for i, name in enumerate(names):
        shutil.copy(TEXTS[i % len(TEXTS)], src / name)
    log = tmp_path / "log"
    code, _ = run([src], tmp_path / "out", log, timeout=3, jobs=jobs, hang="hang", die="die")
    files = by_path(manifest(tmp_path / "out"))
    assert code == 1 and sorted(files) == sorted(names)
    assert calls(log) == len(names)  # nothing parsed twice, nothing skipped
    assert sorted(Path(bytes.fromhex(h).decode()).name for h in log.read_text().split()) == sorted(names)
    assert {p for p, e in files.items() if e["status"] == "failed"} == {"03-hang.txt", "07-die.txt"}


def test_memory_guard(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXTS[0], src / "hog.txt")
    shutil.copy(TEXTS[1], src / "fine.txt")
    code, _ = run([src], tmp_path / "out", tmp_path / "log", hog="hog", memory_mb=512, jobs=1)
    files = by_path(manifest(tmp_path / "out"))
    assert files["hog.txt"]["status"] == "failed" and "memory" in files["hog.txt"]["reason"]
    assert files["fine.txt"]["status"] != "failed" and code == 1


def test_interrupt_writes_manifest_and_resumes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXTS[0], src / "a.txt")
    shutil.copy(TEXTS[1], src / "b.txt")
    shutil.copy(TEXTS[2], src / "stop.txt")
    out, log = tmp_path / "out", tmp_path / "log"
    code, text = run([src], out, log, jobs=1, interrupt_pid=os.getpid())
    assert code == 130 and "interrupted" in text.lower()
    m = manifest(out)
    assert not m["complete"] and {e["path"] for e in m["files"]} == {"a.txt", "b.txt"}
    assert not list(out.rglob("*.part")) and not (out / "stop.txt.yaml").exists()
    n = calls(log)
    code, _ = run([src], out, log, jobs=1)  # resumes: only the unfinished file is parsed
    assert code == 0 and calls(log) == n + 1


def test_output_confined(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for rel in ("../evil.txt", "a/../../evil.txt", "/etc/passwd", "", "..", "a\\..\\..\\x"):
        with pytest.raises(OutputError):
            output_path(out, rel, "yaml")
    assert output_path(out, "a b/kế hoạch.txt", "yaml") == out.resolve() / "a b" / "kế hoạch.txt.yaml"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (out / "sub").symlink_to(outside)  # a link in out/ pointing elsewhere
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    shutil.copy(TEXTS[0], src / "plan.txt")
    _code, _text = run([tmp_path / "in"], out, tmp_path / "log")
    e = by_path(manifest(out))["sub/plan.txt"]
    assert e["status"] == "failed" and "escapes" in e["reason"] and not list(outside.iterdir())


def test_discovery_globs_links_and_several_inputs(tmp_path: Path) -> None:
    a = tmp_path / "a"
    (a / "x" / "y").mkdir(parents=True)
    for rel in ("p.txt", "x/q.pdf", "x/y/r.docx", "x/y/s.txt"):
        (a / rel).write_text("KẾ HOẠCH\n")
    (a / "x" / "loop").symlink_to(a)  # a loop back to the top
    out = tmp_path / "out"
    rels = [it.rel for it in discover([a], out)]
    assert rels == sorted(rels) and {"p.txt", "x/q.pdf", "x/y/r.docx", "x/y/s.txt"} <= set(rels)
    assert len(rels) == len(set(rels)) and len(rels) < 20
    assert [it.rel for it in discover([a], out, include=["*.txt"], exclude=["x/y/*"])] == ["p.txt"]
    assert [it.rel for it in discover([a], out, include=["x/**"], exclude=["*.docx", "x/loop/*"])] \
        == ["x/q.pdf", "x/y/s.txt"]
    assert glob_match("x/y/s.txt", ["**/*.txt"]) and glob_match("P.TXT", ["*.txt"])
    b = tmp_path / "b"
    b.mkdir()
    (b / "p.txt").write_text("KẾ HOẠCH\n")
    two = [it.rel for it in discover([a, b, b / "p.txt"], out, include=["*.txt"])]
    assert {"a/p.txt", "b/p.txt"} <= set(two) and "p.txt" not in two  # b/p.txt named twice: taken once


def test_cli_parse_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cchc_parse.cli import app

    src = tmp_path / "in dir"
    src.mkdir()
    for p in TEXTS[:2]:
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["parse", str(src), "-o", str(out), "--jobs", "1", "--quiet"])
    assert r.exit_code == 0, r.output
    assert {e["status"] for e in manifest(out)["files"]} <= {"ok", "ok-with-warnings"}
    (src / "empty.txt").write_bytes(b"")
    r = CliRunner().invoke(app, ["parse", str(src), "-o", str(out), "-j", "1", "-q"])
    assert r.exit_code == 1
    r = CliRunner().invoke(app, ["parse", str(src), "-o", str(out), "-q", "--no-fail-on-error"])
    assert r.exit_code == 0
    assert by_path(manifest(out))["empty.txt"]["status"] == "failed"
