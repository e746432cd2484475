"""The exports' fast paths give the bytes of the plain ones: a sheet's row XML made ahead (by a batch
worker, desk/xlsx.row_xml) and numbered when the workbook is written, against writing each cell with its
own row number; tasks.csv from the CSV lines each worker made, against writing every row at the end."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.batch import state as batch_run
from cchc_parse.batch.exports import _cell, csv_text, write_exports
from cchc_parse.batch.state import BatchRun
from cchc_parse.desk.xlsx import ROW_MARK, XCol, _cell_writer, letter, row_xml

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def numbered(cols: list[XCol], rows: list[list[Any]]) -> str:
    """The reference: each cell written with its reference, row by row (as before row_xml)."""
    writers = [_cell_writer(c) for c in cols]
    letters = [letter(i) for i in range(len(cols))]
    out = []
    for k, row in enumerate(rows, 2):
        cells = "".join(w(f"{x}{k}", v) for w, x, v in zip(writers, letters, row, strict=True))
        out.append(f'<row r="{k}">{cells}</row>')
    return "".join(out)


values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12), st.sampled_from(["", "lead", "2023-06-30",
                                                                                   "2023-02-30", "a\x00b&<>"]),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)))
kinds = st.sampled_from(["text", "wrap", "date", "number", "bool"])


@settings(max_examples=200, deadline=None)
@given(st.lists(kinds, min_size=1, max_size=5).flatmap(
    lambda ks: st.tuples(st.just(ks), st.lists(st.lists(values, min_size=len(ks), max_size=len(ks)), max_size=6))))
def test_row_xml_as_numbered(case: tuple[list[str], list[list[Any]]]) -> None:
    ks, rows = case
    cols = [XCol(f"h{i}", 10, k, {"lead": "chủ trì"} if i == 0 else {}) for i, k in enumerate(ks)]
    made = row_xml(cols, rows)
    assert all(ROW_MARK not in t.replace(ROW_MARK, "") for t in made)
    assert "".join(t.replace(ROW_MARK, str(k)) for k, t in enumerate(made, 2)) == numbered(cols, rows)


def plain_csv(header: list[str], rows: list[list[Any]], sep: str) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_cell(v) for v in r])
    return buf.getvalue()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(values, min_size=3, max_size=3), max_size=5), st.sampled_from([",", ";", "\t"]))
def test_csv_text_as_plain(rows: list[list[Any]], sep: str) -> None:
    assert csv_text(["a", "b", "c"], rows, sep) == plain_csv(["a", "b", "c"], rows, sep)


@pytest.mark.parametrize("budget", [batch_run.MADE_BUDGET, 40_000])
def test_batch_exports_as_made_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int) -> None:
    """The exports of a batch whose workers made the rows' XML and CSV lines (all of them, or those that
    fit a small budget) are those written from the rows alone, on the text and Word samples, with a
    failed file and a byte-identical copy."""
    monkeypatch.setattr(batch_run, "MADE_BUDGET", budget)
    src = tmp_path / "in"
    src.mkdir()
    for f in [*sorted((SAMPLES / "text").glob("*.txt"))[:4], *sorted((SAMPLES / "docx").glob("*.docx"))[:3]]:
        shutil.copy(f, src / f.name)
    shutil.copy(src / "001-kh-svhttdl.txt", src / "001-copy.txt")
    (src / "empty.txt").write_bytes(b"")
    for sep in (",", ";"):
        out = tmp_path / f"out{sep}"
        opts = BatchOptions(jobs=2, quiet=True, csv_sep=sep)
        run_batch([src], out, opts, console=Console(file=io.StringIO()))
        again = tmp_path / f"again{sep}"
        again.mkdir()
        run = BatchRun([src], out, opts, Console(file=io.StringIO()))
        assert not run.made  # a new run: nothing made by a worker
        run.entries = {e["path"]: e for e in run.prior.values()}
        run.caches = {}
        write_exports(again, _read_back(run, out), sep)
        for name in ("tasks.csv", "tasks.xlsx", "plans.csv"):
            assert (again / name).read_bytes() == (out / name).read_bytes(), name


def _read_back(run: BatchRun, out: Path) -> list[tuple[dict[str, Any], dict[str, Any] | None, Any]]:
    """(entry, document, export rows) of every file, read back from its row cache."""
    from cchc_parse.batch.files import FAILED, ROWS_CACHE, cache_name

    plans = []
    for path in sorted(run.entries):
        e = run.entries[path]
        if e["status"] == FAILED:
            plans.append((e, None, None))
            continue
        rel = Path(e["output"])
        data, rows, _refs = run._read_back(e, out / ROWS_CACHE / rel.with_name(cache_name(rel.name)),
                                           out / e["output"])
        plans.append((e, data, rows))
    return plans


@pytest.mark.parametrize("sample_rows", [500, 7])
def test_packed_rows_unpacked_only_for_the_widths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  sample_rows: int) -> None:
    """Rows a worker packed, beside the XML and CSV it made, give the exports of the plain rows; once
    every sheet has the rows its column widths look at, the rest stay packed."""
    import pickle
    from types import SimpleNamespace

    import cchc_parse.batch.exports as exports
    import cchc_parse.desk.workbook as workbook
    from cchc_parse.batch.exports import export_rows, made_exports
    from cchc_parse.batch.rows import packed
    from cchc_parse.emit.serialize import to_data
    from cchc_parse.i18n import current_lang
    from cchc_parse.pipeline import parse_file

    monkeypatch.setattr(workbook, "WIDTH_SAMPLE", sample_rows)
    docs = [to_data(parse_file(f).doc) for f in sorted((SAMPLES / "text").glob("*.txt"))[:3]]
    plans, packed_plans, made = [], [], []
    for i in range(24):
        entry = {"path": f"p{i:02d}.txt", "status": "ok", "format": "txt", "output": f"p{i:02d}.txt.yaml"}
        rows = export_rows(docs[i % 3], entry["path"])
        plans.append((entry, docs[i % 3], rows))
        packed_plans.append((entry, docs[i % 3], packed(rows)))
        made.append(made_exports(rows, current_lang(), ";"))
    unpacked: list[bytes] = []
    monkeypatch.setattr(exports, "pickle", SimpleNamespace(loads=lambda b: unpacked.append(b) or pickle.loads(b)))
    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    write_exports(tmp_path / "plain", plans, ";")
    assert not unpacked
    write_exports(tmp_path / "packed", packed_plans, ";", made)
    for name in ("tasks.csv", "tasks.xlsx", "plans.csv"):
        assert (tmp_path / "packed" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name
    if sample_rows == 7:  # a few plans give every sheet 7 rows: the others are never unpacked
        assert 0 < len(unpacked) < len(plans) // 2
    else:  # these 24 plans have fewer rows than that in some sheet: every one is unpacked
        assert len(unpacked) == len(plans)
    unpacked.clear()
    write_exports(tmp_path / "packed", packed_plans, ",", made)  # made for another separator: made again
    assert len(unpacked) == len(plans)
