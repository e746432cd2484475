"""The database a batch fills while its files parse (store/stream.py) is the one store.sync builds from
the finished run: every table, the full-text indexes and the duplicate links, row for row."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.batch.state import BatchRun
from cchc_parse.store import sync
from cchc_parse.store.stream import StreamSync

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch of text and Word samples with a byte-identical copy, a near copy, an empty file and a
    file of no known format, run with two workers into a new folder (so the database is streamed)."""
    tmp = tmp_path_factory.mktemp("stream")
    src = tmp / "in"
    (src / "b").mkdir(parents=True)
    for f in [*sorted((SAMPLES / "text").glob("*.txt")), *sorted((SAMPLES / "docx").glob("*.docx"))[:4]]:
        shutil.copy(f, src / f.name)
    shutil.copy(src / "001-kh-svhttdl.txt", src / "b" / "001-copy.txt")
    (src / "b" / "001-near.txt").write_bytes((src / "001-kh-svhttdl.txt").read_bytes() + b"\n\nthem\n")
    (src / "empty.txt").write_bytes(b"")
    (src / "blob.bin").write_bytes(b"\x00\x01\x02 not a plan" * 20)
    out = tmp / "out"
    run_batch([src], out, BatchOptions(jobs=2, quiet=True), console=Console(file=io.StringIO()))
    return out


def test_streamed_database_as_synced(batch: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(batch, again)
    (again / "cchc.sqlite").unlink()
    sync(again)
    streamed = dump(batch / "cchc.sqlite")
    assert streamed == dump(again / "cchc.sqlite")
    assert any("duplicate_of" in s for s in streamed)
    assert not list(batch.glob(".cchc.sqlite.*"))  # no half-built file left


@pytest.mark.parametrize("how", ["read back", "signed otherwise"])
def test_stream_reads_back_what_it_was_not_handed(batch: Path, tmp_path: Path, how: str) -> None:
    """Without a worker's rows (a file settled from an earlier run), or with rows signed for another
    entry, the stream signs the output on disk and takes the rows from the row cache or the output."""
    out = tmp_path / "out"
    shutil.copytree(batch, out)
    (out / "cchc.sqlite").unlink()
    entries = json.loads((out / "index.json").read_text(encoding="utf-8"))["files"]
    stream = StreamSync(out, None)
    for e in entries:
        stream.add(e, None if how == "read back" else {"signed": b"another entry", "signature": "x",
                                                        "output_sha256": "y", "store": {}})
    stream.finish()
    assert dump(out / "cchc.sqlite") == dump(batch / "cchc.sqlite")


def test_dropped_stream_leaves_nothing(tmp_path: Path) -> None:
    run = BatchRun([tmp_path], tmp_path, BatchOptions(quiet=True), Console(file=io.StringIO()))
    run.current = {"a.txt"}
    run.stream_store()
    run.drop_store()
    assert list(tmp_path.iterdir()) == []


def test_incremental_run_keeps_its_database(batch: Path, tmp_path: Path) -> None:
    """A run into a folder with a database updates it (store.sync), as before: not streamed."""
    out = tmp_path / "out"
    shutil.copytree(batch, out)
    before = dump(out / "cchc.sqlite")
    src = Path(json.loads((out / "index.json").read_text(encoding="utf-8"))["inputs"][0])
    run_batch([src], out, BatchOptions(jobs=1, quiet=True), console=Console(file=io.StringIO()))
    assert dump(out / "cchc.sqlite") == before
