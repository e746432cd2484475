"""A batch's outputs reach the disk at once, before a manifest names them: the local workers write
each output and row cache without an fsync of its own (serialize.write_atomic(durable=False)) and the
main process flushes their filesystem (sync_filesystem, syncfs(2)) before every manifest it writes.
Also the planning's cheaper checks: the input-file guard by file identity, the output folders resolved
once, the text sniff's control-byte count."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import cchc_parse.batch.runner as runner
import cchc_parse.batch.state as state
import cchc_parse.emit.serialize as serialize
from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.batch.files import discover, output_path
from cchc_parse.batch.state import BatchRun
from cchc_parse.batch.worker import _do_one
from cchc_parse.emit.serialize import sync_filesystem, write_atomic
from cchc_parse.errors import OutputError
from cchc_parse.extract import _looks_text
from cchc_parse.options import ParseOptions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TEXTS = sorted((SAMPLES / "text").glob("*.txt"))


def _fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counted(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counted)
    return calls


@pytest.mark.parametrize("durable", [True, False])
def test_write_atomic_fsyncs_only_when_durable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               durable: bool) -> None:
    calls = _fsyncs(monkeypatch)
    write_atomic(tmp_path / "a.yaml", "kế hoạch\n", durable)
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "kế hoạch\n"
    assert len(calls) == (1 if durable else 0)
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temp file left either way


def _tasks(src: Path, out: Path) -> list[dict[str, Any]]:
    run = BatchRun([src], out, BatchOptions(quiet=True), Console(file=io.StringIO()))
    out.mkdir(parents=True, exist_ok=True)
    return run.plan(discover([src], out))


@pytest.mark.parametrize("durable", [True, False])
def test_worker_writes_without_fsync_when_the_run_flushes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          durable: bool) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXTS[0], src / "a.txt")
    task = _tasks(src, tmp_path / "out")[0]
    calls = _fsyncs(monkeypatch)
    cfg = {"memory_mb": 0, "fmt": "yaml", "parser": None, "popts": ParseOptions(), "durable": durable}
    res = _do_one(task, cfg)
    assert res["status"] in ("ok", "ok-with-warnings")
    assert Path(task["out"]).is_file() and Path(task["cache"]).is_file()
    assert len(calls) == (2 if durable else 0)  # the output and its row cache
    assert isinstance(res["rows"], bytes)  # packed: the main process unpacks only what it needs


def _record(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The flushes and the manifest writes of a run, in order."""
    events: list[str] = []
    real_write = state.write_json

    def write(path: Path, data: Any, *a: Any, **k: Any) -> None:
        if path.name == "index.json":
            events.append("complete" if data.get("complete") else "checkpoint")
        real_write(path, data, *a, **k)

    monkeypatch.setattr(state, "write_json", write)
    monkeypatch.setattr(state, "sync_filesystem", lambda folder: events.append("sync"))
    return events


def _batch(tmp_path: Path, n: int = 3, **kw: Any) -> tuple[Path, Path, int]:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for i in range(n):
        shutil.copy(TEXTS[i % len(TEXTS)], src / f"{i}.txt")
    out = tmp_path / "out"
    code = run_batch([src], out, BatchOptions(quiet=True, **kw), console=Console(file=io.StringIO()))
    return src, out, code


def test_run_flushes_before_its_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = _record(monkeypatch)
    _src, out, code = _batch(tmp_path, jobs=2)
    assert code == 0 and events == ["sync", "complete"]
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["summary"]["files"] == 3


def test_every_checkpoint_flushes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = _record(monkeypatch)
    monkeypatch.setattr(state, "CHECKPOINT_SECONDS", -1.0)  # a checkpoint after every file
    _src, _out, code = _batch(tmp_path, jobs=1)
    assert code == 0 and events == ["sync", "checkpoint"] * 3 + ["complete"]


def test_unchanged_rerun_flushes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _batch(tmp_path, jobs=1)
    events = _record(monkeypatch)
    _src, _out, code = _batch(tmp_path, jobs=1)  # every file unchanged: no worker wrote anything
    assert code == 0 and events == ["complete"]


def _configs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The settings each pool of the run is started with."""
    got: list[dict[str, Any]] = []
    real = runner._executor

    def executor(opts: BatchOptions, jobs: int, cfg: dict[str, Any]) -> Any:
        got.append(cfg)
        return real(opts, jobs, cfg)

    monkeypatch.setattr(runner, "_executor", executor)
    return got


def test_without_syncfs_the_workers_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = _record(monkeypatch)
    monkeypatch.setattr(runner, "batch_sync_supported", lambda: False)
    got = _configs(monkeypatch)
    _src, _out, code = _batch(tmp_path, jobs=1)
    assert code == 0 and events == ["complete"] and got[0]["durable"] is True


def test_local_workers_are_told_not_to_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not serialize.batch_sync_supported():
        pytest.skip("no syncfs(2) on this system: the workers fsync each file")
    got = _configs(monkeypatch)
    _src, _out, code = _batch(tmp_path, jobs=1)
    assert code == 0 and got[0]["durable"] is False


def test_sync_filesystem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sync_filesystem(tmp_path)  # flushes, returns
    with pytest.raises(OutputError, match="cannot write"):
        sync_filesystem(tmp_path / "missing")
    if serialize.batch_sync_supported():
        monkeypatch.setattr(serialize, "_syncfs", lambda: (lambda fd: -1))  # the system reports an error
        with pytest.raises(OutputError, match="cannot write"):
            sync_filesystem(tmp_path)


def test_a_failed_flush_stops_the_run_before_the_manifest(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(folder: Path) -> None:
        raise OutputError(folder, "cannot write: Input/output error")

    monkeypatch.setattr(state, "sync_filesystem", fail)
    with pytest.raises(OutputError):
        _batch(tmp_path, jobs=1)
    assert not (tmp_path / "out" / "index.json").exists()  # no manifest names what may not be on disk


# ------------------------------------------------------------------------------------- planning
def test_an_output_that_leads_to_an_input_is_refused(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    (out / "docs").mkdir(parents=True)
    (out / "in").mkdir()
    src.mkdir()
    shutil.copy(TEXTS[0], src / "a.txt")
    given_too = out / "docs" / "b.txt"  # an input inside the output folder, given by name
    shutil.copy(TEXTS[1], given_too)
    (out / "in" / "a.txt.yaml").symlink_to(given_too)  # in/a.txt's output would be written through to it
    notes = out / "notes.yaml"  # no document cchc parses, given by name
    notes.write_text("x: 1\n", encoding="utf-8")
    before = given_too.read_bytes()
    code = run_batch([src, given_too, notes], out, BatchOptions(quiet=True, jobs=1),
                     console=Console(file=io.StringIO()))
    entries = {e["path"]: e for e in json.loads((out / "index.json").read_text(encoding="utf-8"))["files"]}
    assert code == 1 and given_too.read_bytes() == before
    assert entries["in/a.txt"]["status"] == "failed" and "replace an input" in entries["in/a.txt"]["reason"]
    assert entries["b.txt"]["status"] in ("ok", "ok-with-warnings")
    # each fails on its own and the run goes on (the .yaml once stopped the whole run)
    assert entries["notes.yaml"]["status"] == "failed" and entries["notes.yaml"]["error"] == "UnsupportedFormat"
    assert entries["notes.yaml"]["reason"].startswith("not a document cchc parses (.yaml)")


def test_a_hard_link_of_an_input_is_replaced_not_written_through(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    shutil.copy(TEXTS[0], src / "a.txt")
    shutil.copy(TEXTS[1], src / "b.txt")
    before = (src / "b.txt").read_bytes()
    os.link(src / "b.txt", out / "a.txt.yaml")  # the same file as the input b.txt, by another name
    code = run_batch([src], out, BatchOptions(quiet=True, jobs=1), console=Console(file=io.StringIO()))
    assert code == 0 and (src / "b.txt").read_bytes() == before
    assert (out / "a.txt.yaml").read_text(encoding="utf-8").startswith("schema_name: cchc.plan\n")


def test_output_folders_resolved_once_give_the_same_paths(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "link").symlink_to(elsewhere)
    (out / "a" / "f.txt.yaml").symlink_to(elsewhere / "f")  # a file link inside out pointing elsewhere
    cache: dict[Path, Path] = {}
    for rel in ("x.txt", "a/y.txt", "a/z.txt", "b/c/d.txt"):
        assert output_path(out, rel, "yaml", cache) == output_path(out, rel, "yaml")
    for rel in ("link/p.txt", "a/f.txt"):
        for resolved in (cache, None):
            with pytest.raises(OutputError, match="escapes"):
                output_path(out, rel, "yaml", resolved)


def _looks_text_reference(sample: bytes) -> bool:  # the definition: no NUL, at most 2 % control bytes
    if b"\x00" in sample:
        return False
    return sum(1 for b in sample if b < 9 or 13 < b < 32) <= len(sample) * 0.02


@given(st.binary(max_size=600), st.binary(min_size=0, max_size=40))
def test_text_sniff_counts_control_bytes_as_defined(text: bytes, noise: bytes) -> None:
    for sample in (text, text.replace(b"\x00", b"") + noise.replace(b"\x00", b""), "kế hoạch\t\n".encode() + noise):
        assert _looks_text(sample) == _looks_text_reference(sample)
