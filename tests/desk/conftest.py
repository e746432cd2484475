"""A small batch shared by the desk tests: the text samples and a copy of seed 001 (a duplicate)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc_parse.batch import BatchOptions, run_batch

from conftest import SAMPLES

SEED = SAMPLES / "text" / "001-kh-svhttdl.txt"


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("desk")
    src = root / "in"
    shutil.copytree(SAMPLES / "text", src)
    (src / "copy").mkdir()
    shutil.copy(SEED, src / "copy" / "001-ban-sao.txt")  # the same plan twice: counted once
    out = root / "out"
    assert run_batch([src], out, BatchOptions(jobs=2, quiet=True)) == 0
    return out
