"""Issue 13, batch data integrity: stale shard manifests, the hash of the bytes parsed, refusals
instead of silent "0 files", retries (vanished file, out of memory, missing tool), the umask, long
names, reserved output names, links leaving the tree, duplicates, a byte-identical workbook."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.errors import CchcError, ExtractError, UnsupportedFormat
from cchc_parse.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
TXT = ROOT / "samples" / "text" / "001-kh-svhttdl.txt"
TXT2 = ROOT / "samples" / "text" / "003-kh-stp-tayninh.txt"
DOC = ROOT / "samples" / "doc" / "lamdong-vp-giao-danhgia-cchc.doc"
PLAN = "SỞ NỘI VỤ\nSố: 12/KH-SNV\nKẾ HOẠCH\nCải cách hành chính năm {year}\nI. NHIỆM VỤ\n1. Rà soát thủ tục\n"


class Hook:
    """parse_file with one line per call in ``log``, and one misbehaviour (workers are other processes)."""

    def __init__(self, log: Path, mutate: str | None = None, delete: str | None = None,
                 fail: bool = False, oom_flag: str | None = None) -> None:
        self.log, self.mutate, self.delete = str(log), mutate, delete
        self.fail, self.oom_flag = fail, oom_flag

    def __call__(self, path: Path, opts):  # type: ignore[no-untyped-def]
        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")
        if self.mutate:  # the file changes while it is being parsed
            Path(self.mutate).write_text(PLAN.format(year=2031), encoding="utf-8")
        if self.delete and path.name == "a.txt":
            os.unlink(self.delete)
        if self.fail:
            raise UnsupportedFormat(path, "LibreOffice is not installed")
        if self.oom_flag and os.path.exists(self.oom_flag):
            try:
                raise MemoryError
            except MemoryError:  # what the .docx extractor does with any exception
                raise ExtractError(path, "unexpected error reading the .docx (MemoryError: )") from None
        return parse_file(path, opts)


def calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def run(inputs: list[Path], out: Path, log: Path, **kw) -> int:  # type: ignore[no-untyped-def]
    hooks = {k: kw.pop(k) for k in ("mutate", "delete", "fail", "oom_flag") if k in kw}
    kw.setdefault("quiet", True)
    kw.setdefault("jobs", 1)
    return run_batch(inputs, out, BatchOptions(parser=Hook(log, **hooks), **kw),
                     console=Console(file=io.StringIO(), width=200))


def entries(out: Path, name: str = "index.json") -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / name).read_text(encoding="utf-8"))["files"]}


def year_of(output: Path) -> int:
    return yaml.safe_load(output.read_text(encoding="utf-8"))["document"]["year"]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------- data integrity
def test_stale_shard_manifest_never_overrides_the_merged_one(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    f = src / "plan.txt"
    f.write_text(PLAN.format(year=2023), encoding="utf-8")
    run([src], out, log, shard="1/1")
    run([src], out, log)  # the merge
    f.write_text(PLAN.format(year=2024), encoding="utf-8")
    run([src], out, log)
    assert year_of(out / "plan.txt.yaml") == 2024
    f.write_text(PLAN.format(year=2023), encoding="utf-8")  # reverted: the shard manifest has these bytes
    run([src], out, log)
    assert entries(out)["plan.txt"]["status"] != "skipped"
    assert year_of(out / "plan.txt.yaml") == 2023


def test_sha256_is_of_the_bytes_parsed(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    f = src / "plan.txt"
    f.write_text(PLAN.format(year=2023), encoding="utf-8")
    run([src], out, log, mutate=str(f))  # f becomes the 2031 plan during its parse
    e = entries(out)["plan.txt"]
    year = year_of(out / "plan.txt.yaml")
    assert e["sha256"] == sha(PLAN.format(year=year))
    run([src], out, log)  # the file now differs from what was parsed: parsed again
    assert entries(out)["plan.txt"]["status"] != "skipped" and year_of(out / "plan.txt.yaml") == 2031


@pytest.mark.parametrize("case", ["same", "inside", "jobs", "output-as-input", "units"])
def test_runs_that_could_only_skip_are_refused(tmp_path: Path, case: str) -> None:
    plans = tmp_path / "plans"
    (plans / "2024").mkdir(parents=True)
    shutil.copy(TXT, plans / "2024" / "a.txt")
    log = tmp_path / "log"
    inputs, out, kw = [plans], tmp_path / "out", {}
    if case == "same":
        out = plans
    elif case == "inside":
        inputs, out = [plans / "2024"], plans
    elif case == "jobs":
        kw = {"jobs": -1}
    elif case == "output-as-input":
        run([plans], out, log)
        inputs, out = [out], tmp_path / "out2"
    else:
        kw = {"units": tmp_path / "missing-units.yaml"}
    with pytest.raises(CchcError) as e:
        run(inputs, out, log, **kw)
    assert {"same": "input folder", "inside": "input folder", "jobs": "--jobs", "units": "--units",
            "output-as-input": "output of a cchc run"}[case] in str(e.value)
    assert not (out / "index.json").exists() or case == "output-as-input"


def test_file_missing_during_the_run_is_retried(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    shutil.copy(TXT, src / "a.txt")
    shutil.copy(TXT2, src / "b.txt")
    run([src], out, log, delete=str(src / "b.txt"))
    assert entries(out)["b.txt"]["status"] == "failed" and entries(out)["b.txt"]["retry"] is True
    shutil.copy(TXT2, src / "b.txt")  # restored
    assert run([src], out, log) == 0
    assert entries(out)["b.txt"]["status"] in ("ok", "ok-with-warnings")


def test_memory_error_in_an_extractor_is_out_of_memory_and_retried(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    shutil.copy(TXT, src / "a.txt")
    flag = tmp_path / "low-memory"
    flag.touch()
    run([src], out, log, oom_flag=str(flag), memory_mb=1024)
    e = entries(out)["a.txt"]
    assert e["reason"] == "ran out of memory (limit 1024 MiB per worker)" and e["retry"] is True
    flag.unlink()  # "the limit was raised"
    assert run([src], out, log, memory_mb=1024) == 0 and len(calls(log)) == 2


def test_missing_tool_failure_is_retried_once_the_tool_is_there(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    shutil.copy(DOC, src / "old.doc")
    shutil.copy(TXT, src / "plan.txt")
    monkeypatch.setattr("cchc_parse.extract.doc.convert.find_soffice", lambda: None)
    run([src], out, log, fail=True)
    run([src], out, log, fail=True)
    assert calls(log).count("old.doc") == 1  # the same bytes, the same (missing) tool: not parsed again
    monkeypatch.setattr("cchc_parse.extract.doc.convert.find_soffice", lambda: "/usr/bin/soffice")
    run([src], out, log, fail=True)
    assert calls(log).count("old.doc") == 2 and calls(log).count("plan.txt") == 1  # a .txt needs no tool


def test_outputs_manifest_and_exports_respect_the_umask(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    shutil.copy(TXT, src / "a.txt")
    mask = os.umask(0o022)
    try:
        run([src], out, log)
    finally:
        os.umask(mask)
    for name in ("a.txt.yaml", "index.json", "tasks.csv", "tasks.xlsx", "plans.csv"):
        assert (out / name).stat().st_mode & 0o777 == 0o644, name


def test_long_vietnamese_names(tmp_path: Path) -> None:
    """A 248-byte name: output 253 bytes fits; the temporary and row-cache names must fit too."""
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    stem = ("kế hoạch cải cách hành chính " * 7).encode()[:244].decode("utf-8", "ignore")
    name = stem + ".txt"
    assert 246 <= len(name.encode()) <= 250
    shutil.copy(TXT, src / name)
    assert run([src], out, log) == 0
    assert (out / f"{name}.yaml").is_file() and not list(out.rglob("*.part"))
    assert len(list((out / ".cchc" / "rows").iterdir())) == 1
    before = (out / "tasks.csv").read_bytes()
    run([src], out, log)
    assert entries(out)[name]["status"] == "skipped" and (out / "tasks.csv").read_bytes() == before


def test_input_folder_named_like_the_manifest(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    (src / "index.json").mkdir(parents=True)
    shutil.copy(TXT, src / "index.json" / "a.txt")
    assert run([src], out, log) == 0
    assert entries(out)["index.json/a.txt"]["output"] == "index.json~/a.txt.yaml"
    assert (out / "index.json~" / "a.txt.yaml").is_file()


def test_links_leaving_the_tree_are_not_followed(tmp_path: Path) -> None:
    src, out, log, outside = tmp_path / "in", tmp_path / "out", tmp_path / "log", tmp_path / "outside"
    src.mkdir()
    outside.mkdir()
    shutil.copy(TXT, src / "plan.txt")
    shutil.copy(TXT2, outside / "secret.txt")
    (src / "secret.txt").symlink_to(outside / "secret.txt")
    (src / "elsewhere").symlink_to(outside)
    (src / "inside.txt").symlink_to(src / "plan.txt")  # the same file again: parsed once
    run([src], out, log)
    files = entries(out)
    assert "secret.txt" not in calls(log) and set(files) == {"plan.txt", "secret.txt", "elsewhere"}
    assert all("--follow-links" in files[p]["reason"] for p in ("secret.txt", "elsewhere"))
    assert files["secret.txt"]["sha256"] is None  # not even read
    assert run([src], tmp_path / "out2", log, follow_links=True) == 0
    assert set(entries(tmp_path / "out2")) == {"plan.txt", "elsewhere/secret.txt"}  # one file, reached twice


def test_the_same_file_given_twice_is_parsed_once(tmp_path: Path) -> None:
    f = Path(shutil.copy(TXT, tmp_path / "plan.txt"))
    out, log = tmp_path / "out", tmp_path / "log"
    run([f, tmp_path / "." / "plan.txt"], out, log)
    assert list(entries(out)) == ["plan.txt"] and calls(log) == ["plan.txt"]
    rows = list(csv.DictReader((out / "tasks.csv").read_text(encoding="utf-8-sig").splitlines()))
    ids = [r["task_id"] for r in rows]
    assert ids and len(ids) == len(set(ids))


def test_workbook_is_byte_identical_between_runs(tmp_path: Path) -> None:
    src, log = tmp_path / "in", tmp_path / "log"
    src.mkdir()
    shutil.copy(TXT, src / "a.txt")
    run([src], tmp_path / "o1", log)
    time.sleep(2.1)  # zip member times have a 2 s resolution, document stamps 1 s
    run([src], tmp_path / "o2", log)
    assert (tmp_path / "o1" / "tasks.xlsx").read_bytes() == (tmp_path / "o2" / "tasks.xlsx").read_bytes()
