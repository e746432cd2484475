"""A batch's exports in bounded memory: the sheets' row XML spooled to temporary files (desk/xlsx.RowSpool)
gives the workbook of rows held in memory, byte for byte; plans past the main process's rows budget are
read back from their row caches and give the exports (and Parquet files) of plans kept in memory."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.batch import state as batch_state
from cchc_parse.batch.rows import packed
from cchc_parse.batch.state import BatchRun
from cchc_parse.desk import xlsx
from cchc_parse.desk.columns import PLAN_COLS, TASK_COLS, meta_of, plan_meta
from cchc_parse.desk.workbook import Sheet, made_rows, write_workbook
from cchc_parse.emit.serialize import atomic_text
from cchc_parse.errors import OutputError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
COLS = [TASK_COLS[0], TASK_COLS[6], TASK_COLS[11]]  # text, number, wrapped text


def _rows(n: int) -> list[list[Any]]:
    return [[f"kế hoạch {i}.docx", i, "Rà soát & <đơn giản hóa> thủ tục " * (i % 4)] for i in range(n)]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 11), st.lists(st.integers(1, 5), min_size=1, max_size=6), st.sampled_from([1, 3, 50]))
def test_a_spooled_sheet_is_the_sheet_held_in_memory(tmp_path_factory: pytest.TempPathFactory, n: int,
                                                    cuts: list[int], max_rows: int) -> None:
    """Rows added in any pieces, split into Excel-sized parts (here 1, 3 or 50 rows), in memory or on
    disk: the same workbook as the rows given at once."""
    tmp = tmp_path_factory.mktemp("spool")
    rows = _rows(n)
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(xlsx, "XLSX_MAX_ROWS", max_rows)
        mp.setattr(xlsx, "SPOOL_MEMORY", 40)  # a few rows: the parts go to disk
        write_workbook(tmp / "held.xlsx", [Sheet("Tasks", COLS, rows), Sheet("Plans", PLAN_COLS, [])])
        spool, empty = xlsx.RowSpool(tmp), xlsx.RowSpool(tmp)
        i = k = 0
        while i < n:
            step = cuts[k % len(cuts)]
            spool.add(made_rows(COLS, rows[i:i + step], _lang()))
            i, k = i + step, k + 1
        assert spool.n == n and len(spool.parts) == -(-n // max_rows)
        write_workbook(tmp / "spooled.xlsx", [Sheet("Tasks", COLS, rows[:3], spool=spool),
                                              Sheet("Plans", PLAN_COLS, [], spool=empty)])
        spool.close()
    finally:
        mp.undo()
    assert (tmp / "spooled.xlsx").read_bytes() == (tmp / "held.xlsx").read_bytes()


def _lang() -> str:
    from cchc_parse.i18n import current_lang

    return current_lang()


def test_a_spooled_part_past_the_zip64_mark_is_a_zip64_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet part of 1 GiB of XML or more gets a ZIP64 entry (without one, zipfile refuses to close an
    entry past 2 GiB); Excel's readers still open it."""
    monkeypatch.setattr(xlsx, "ZIP64_AT", 100)
    spool = xlsx.RowSpool(tmp_path)
    spool.add(made_rows(COLS, _rows(20), _lang()))
    write_workbook(tmp_path / "big.xlsx", [Sheet("Tasks", COLS, _rows(20), spool=spool)])
    with zipfile.ZipFile(tmp_path / "big.xlsx") as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        assert info.extract_version >= 45  # written with a ZIP64 local header
        assert z.getinfo("xl/styles.xml").extract_version < 45  # small parts stay plain
    ws = load_workbook(tmp_path / "big.xlsx", read_only=True).worksheets[0]
    assert ws.max_row == 21 and ws["A21"].value == "kế hoạch 19.docx"


def test_plan_meta_keeps_what_the_export_rows_read() -> None:
    doc = {"issuer": "UBND tỉnh Lào Cai", "doc_type": "KH", "number": "12", "symbol": "KH-UBND",
           "date": {"iso": "2024-01-05", "year": 2024, "day": 5, "raw": "ngày 05 tháng 01 năm 2024"},
           "province": "Lào Cai", "title": "Kế hoạch cải cách hành chính năm 2024",
           "signer": {"name": "Nguyễn Văn A"}, "recipients": ["Sở Nội vụ"] * 50}
    assert meta_of({"document": plan_meta(doc)}) == meta_of({"document": doc})
    assert meta_of({"document": plan_meta(None)}) == meta_of({})


def test_a_text_written_in_pieces_is_all_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="not Unicode"), atomic_text(target) as out:
        out.write("a,b\r\n")
        out.write("\udcff")  # a lone surrogate (an undecodable file name): refused, the old file kept
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.csv"]
    with atomic_text(target) as out:
        out.write("\ufeffa,b\r\n")
        out.write("Sở Nội vụ,1\r\n")
    assert target.read_bytes() == "\ufeffa,b\r\nSở Nội vụ,1\r\n".encode()


def test_rows_past_the_budget_are_not_kept(tmp_path: Path) -> None:
    run = BatchRun([tmp_path], tmp_path / "out", BatchOptions(quiet=True), Console(file=io.StringIO()))
    rows = packed({"v": 0, "tasks": [["x"] * 5] * 100, "units": [], "diagnostics": []})
    res = {"status": "ok", "rows": rows, "document": {"title": "Kế hoạch", "signer": {"name": "A"}}}
    old = batch_state.ROWS_BUDGET
    try:
        batch_state.ROWS_BUDGET = len(rows) + 10
        run._keep_rows("a.txt", res)
        run._keep_rows("b.txt", res)
    finally:
        batch_state.ROWS_BUDGET = old
    assert list(run.rows) == ["a.txt"] and list(run.docs) == ["a.txt"]
    assert run.docs["a.txt"] == {"document": plan_meta(res["document"])}  # no signer, no recipients
    assert not run.refs  # only kept for --parquet


def _tree(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "tinh").mkdir(parents=True)
    for f in [*sorted((SAMPLES / "text").glob("*.txt"))[:4], *sorted((SAMPLES / "docx").glob("*.docx"))[:3]]:
        shutil.copy(f, src / "tinh" / f.name)
    shutil.copy(src / "tinh" / "001-kh-svhttdl.txt", src / "001-copy.txt")
    (src / "empty.txt").write_bytes(b"")
    return src


def _files(out: Path) -> dict[str, bytes]:
    names = ["tasks.csv", "tasks.xlsx", "plans.csv"]
    names += sorted(str(p.relative_to(out)) for p in (out / "parquet").rglob("*.parquet"))
    return {n: (out / n).read_bytes() for n in names}


def test_a_batch_past_its_budgets_exports_what_one_within_them_does(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No plan's rows kept in the main process (a budget of 0 bytes), no worker XML kept, the sheets
    spooled to disk a few rows at a time: the same tasks.csv, tasks.xlsx, plans.csv and Parquet files as a
    run that keeps them all, and as a re-run that reads them all back."""
    pytest.importorskip("pyarrow")
    src = _tree(tmp_path)
    opts = BatchOptions(jobs=2, quiet=True, parquet=True, csv_sep=";")
    run_batch([src], tmp_path / "kept", opts, console=Console(file=io.StringIO()))
    kept = _files(tmp_path / "kept")
    assert any(n.startswith("parquet/") for n in kept)
    monkeypatch.setattr(batch_state, "ROWS_BUDGET", 0)
    monkeypatch.setattr(batch_state, "MADE_BUDGET", 0)
    monkeypatch.setattr(xlsx, "SPOOL_MEMORY", 64)
    run_batch([src], tmp_path / "lean", opts, console=Console(file=io.StringIO()))
    run_batch([src], tmp_path / "kept", opts, console=Console(file=io.StringIO()))  # a re-run: all read back
    assert _files(tmp_path / "lean") == kept
    assert _files(tmp_path / "kept") == kept
    leftovers = [p.name for p in (tmp_path / "lean").iterdir() if p.name.startswith(".")]
    assert leftovers == [p.name for p in (tmp_path / "kept").iterdir() if p.name.startswith(".")]
