"""The parse command's scale options, through the real command (`python -m cchc_parse`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import TEXTS


def cchc(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cchc_parse", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "CCHC_LANG": "en"})


def test_parquet_and_dask_from_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="the [parquet] extra is not installed")
    pytest.importorskip("distributed", reason="the [dask] extra is not installed")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXTS[1], src / "a.txt")
    shutil.copy(TEXTS[1], src / "b.txt")  # a byte-identical copy
    r = cchc("parse", src, "-o", tmp_path / "out", "--parquet", "--executor", "dask", "-j", "2", "--quiet")
    assert r.returncode == 0, r.stderr
    m = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert m["run"]["executor"] == "dask"
    assert [e.get("same_as") for e in m["files"]] == [None, "a.txt"]
    assert list((tmp_path / "out" / "parquet" / "tasks").rglob("part-0.parquet"))


def test_scale_options_refused_for_one_file(tmp_path: Path) -> None:
    shutil.copy(TEXTS[1], tmp_path / "a.txt")
    for extra in (["--parquet"], ["--scheduler", "tcp://127.0.0.1:1"], ["--executor", "dask"]):
        r = cchc("parse", tmp_path / "a.txt", "-o", tmp_path / "a.yaml", *extra)
        assert r.returncode == 2 and "for a batch" in r.stderr and not (tmp_path / "a.yaml").exists()
    r = cchc("parse", tmp_path, "-o", tmp_path / "out", "--executor", "spark")
    assert r.returncode == 2 and "local or dask" in r.stderr
    assert not (tmp_path / "out" / "index.json").exists()
