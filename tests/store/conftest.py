"""Small batches for the store's tests: real sample plans, a plan spelling Sở Nội vụ three ways, a copy."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples/text/001-kh-svhttdl.txt"
ALIASES = Path(__file__).parent / "data" / "tayninh-ubnd-aliases.txt"
COVERAGE = ROOT / "tests/data/compare/coverage"


def parse_batch(inputs: Path, out: Path) -> int:
    opts = BatchOptions(jobs=1, quiet=True)
    return run_batch([inputs], out, opts, console=Console(file=io.StringIO(), width=200))


def make_input(folder: Path, files: dict[str, Path]) -> Path:
    """A folder of copies: {name in the folder: source file}."""
    for name, src in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, folder / name)
    return folder


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (the msgids), whatever the machine's locale."""
    monkeypatch.setenv("CCHC_LANG", "en")


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT of a batch of seed 001, its copy (a duplicate) and the aliases plan; treat it as read-only."""
    base = tmp_path_factory.mktemp("store")
    src = make_input(
        base / "in",
        {"a/001-kh-svhttdl.txt": SEED, "b/001-copy.txt": SEED, "tayninh-ubnd-aliases.txt": ALIASES},
    )
    assert parse_batch(src, base / "out") == 0
    return base / "out"


@pytest.fixture
def fresh_batch(tmp_path: Path, batch: Path) -> Callable[[], Path]:
    """A private copy of ``batch`` (without its database) to change."""

    def make() -> Path:
        out = tmp_path / "out"
        shutil.copytree(batch, out, ignore=shutil.ignore_patterns("cchc.sqlite"))
        return out

    return make
