"""tasks.xlsx / tasks.csv / plans.csv: canonical units beside the raw text, Vietnamese area names, real
date cells, autofilter, frozen header, the same bytes on a second run, a CSV separator for Excel."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cchc_parse.batch.exports import counts_of, csv_separator, export_rows, write_exports
from cchc_parse.desk import xlsx
from cchc_parse.desk.columns import DIAG_COLS, PLAN_COLS, TASK_COLS, TASK_COLUMNS, UNIT_COLS
from cchc_parse.desk.workbook import Sheet, bench_workbook, write_workbook
from cchc_parse.emit.serialize import to_data
from cchc_parse.errors import CchcError
from cchc_parse.i18n import _
from cchc_parse.pipeline import parse_file

from conftest import SAMPLES

SEED = SAMPLES / "text" / "001-kh-svhttdl.txt"
PLAN = {
    "document": {"issuer": "Ủy ban nhân dân tỉnh Bình Dương", "province": "Bình Dương", "doc_type": "KH",
                 "number": "12", "symbol": "KH-UBND",
                 "date": {"year": 2023, "month": 1, "day": 5, "iso": "2023-01-05"}},
    "tasks": [
        {"id": "1", "is_group": True, "content": "Cải cách thủ tục hành chính", "area": {"code": "tthc"}},
        {"id": "1.1", "parent": "1", "content": "=SUM(A1) rà soát TTHC", "lead": ["SNV", "Văn phòng"],
         "lead_canonical": ["Sở Nội vụ tỉnh Bình Dương", None], "support": ["Sở NV"],
         "support_canonical": ["Sở Nội vụ tỉnh Bình Dương"], "area": {"code": "tthc", "by": "heading"},
         "deadline": {"raw": "Quý II/2023", "kind": "quarter", "start": "2023-04-01", "end": "2023-06-30"}},
    ],
    "attachments": [{"kind": "plan", "label": "PHỤ LỤC I", "tasks": [
        {"id": "1", "content": "Hằng tháng báo cáo", "lead": ["STP"],
         "lead_canonical": ["Sở Tư pháp tỉnh Bình Dương"],
         "deadline": {"raw": "Hằng tháng", "kind": "recurring", "start": "2023-01-01", "end": "2023-12-31",
                      "recurrence": {"freq": "monthly"}}}]}],
    "diagnostics": [{"code": "P015", "severity": "warning", "message": "A deadline could not be read.",
                     "location": {"line": 7, "row": 2}, "name": "deadline-uncertain"}],
}
COL = {c.key: i for i, c in enumerate(TASK_COLS)}


def _entry(path: str, data: dict) -> dict:
    return {"path": path, "status": "ok-with-warnings", "format": "txt", "output": path + ".yaml",
            "counts": counts_of(data)}


def test_export_rows_of_a_plan() -> None:
    rows = export_rows(PLAN, "kh.docx")
    tasks, units, diags = rows["tasks"], rows["units"], rows["diagnostics"]
    assert [r[COL["task_id"]] for r in tasks] == ["1", "1.1", "1"]  # the attachment's task last
    t = tasks[1]
    assert (t[COL["lead"]], t[COL["lead_canonical"]]) == ("SNV; Văn phòng", "Sở Nội vụ tỉnh Bình Dương")
    assert (t[COL["support"]], t[COL["support_canonical"]]) == ("Sở NV", "Sở Nội vụ tỉnh Bình Dương")
    assert (t[COL["area"]], t[COL["area_name"]]) == ("tthc", "Cải cách thủ tục hành chính")
    assert tasks[2][COL["attachment"]] == "PHỤ LỤC I" and tasks[2][COL["deadline_recurrence"]] == "monthly"
    assert len(t) == len(TASK_COLUMNS) and tasks[0][COL["is_group"]] is True
    # one row per unit and role: 2 lead + 1 support of 1.1, 1 lead of the attachment's task
    assert [(u[2], u[3], u[4], u[5], u[6]) for u in units] == [
        ("1.1", "lead", 1, "SNV", "Sở Nội vụ tỉnh Bình Dương"), ("1.1", "lead", 2, "Văn phòng", None),
        ("1.1", "support", 1, "Sở NV", "Sở Nội vụ tỉnh Bình Dương"),
        ("1", "lead", 1, "STP", "Sở Tư pháp tỉnh Bình Dương")]
    assert diags == [["kh.docx", "warning", "P015", "deadline-uncertain", "A deadline could not be read.", 7,
                      None, 2, None, None]]


def test_workbook_of_a_fixture_and_the_seed(tmp_path: Path) -> None:
    seed = to_data(parse_file(SEED).doc)
    plans = [(_entry("kh.docx", PLAN), PLAN, export_rows(PLAN, "kh.docx")),
             (_entry(SEED.name, seed), seed, export_rows(seed, SEED.name)),
             ({"path": "bad.pdf", "status": "failed", "reason": "encrypted"}, None, None)]
    write_exports(tmp_path, plans)
    wb = load_workbook(tmp_path / "tasks.xlsx")
    assert wb.sheetnames == [_("Tasks"), _("Task units"), _("Plans"), _("Diagnostics")]
    ws = wb[_("Tasks")]
    assert [c.value for c in ws[1]] == [_(c.label) for c in TASK_COLS]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:AB{ws.max_row}"
    n_seed = len(seed["tasks"]) + len(seed["inline_tasks"])
    assert ws.max_row == 1 + 3 + n_seed
    row = [c for c in ws[3]]  # 1.1 of the fixture
    assert row[COL["deadline_end"]].value == datetime(2023, 6, 30) and row[COL["deadline_end"]].is_date
    assert row[COL["deadline_end"]].number_format == "DD/MM/YYYY"
    assert row[COL["date"]].value == datetime(2023, 1, 5)  # the issue date, a date cell too
    assert row[COL["content"]].value == "=SUM(A1) rà soát TTHC" and row[COL["content"]].data_type == "s"
    assert row[COL["content"]].alignment.wrap_text and ws[1][0].font.b
    assert ws.column_dimensions["L"].width == 60  # content
    assert row[COL["lead_canonical"]].value == "Sở Nội vụ tỉnh Bình Dương"
    assert row[COL["area_name"]].value == "Cải cách thủ tục hành chính"
    seed_rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert {r[COL["plan_file"]] for r in seed_rows} == {SEED.name}
    quarter = next(r for r in seed_rows if r[COL["task_id"]] == "1.1")
    assert quarter[COL["deadline_raw"]] == "Quý II/2023"
    assert quarter[COL["deadline_end"]] == datetime(2023, 6, 30)
    units = wb[_("Task units")]
    assert units.max_row - 1 == len(export_rows(PLAN, "x")["units"]) + len(export_rows(seed, "x")["units"])
    assert units["D2"].value == _("lead")  # the role, in the output language
    plans_ws = wb[_("Plans")]
    assert [plans_ws.cell(r, 1).value for r in (2, 3, 4)] == ["kh.docx", SEED.name, "bad.pdf"]
    assert plans_ws.cell(4, 2).value == _("failed") and plans_ws.cell(4, 3).value == "encrypted"
    diags = wb[_("Diagnostics")]
    assert diags.max_row - 1 == 1 + len(seed["diagnostics"])
    first = (tmp_path / "tasks.xlsx").read_bytes()
    write_exports(tmp_path, plans)
    assert (tmp_path / "tasks.xlsx").read_bytes() == first  # byte-identical


def test_csv_has_the_same_columns_and_a_separator_for_excel(tmp_path: Path) -> None:
    plans = [(_entry("kh.docx", PLAN), PLAN, export_rows(PLAN, "kh.docx"))]
    write_exports(tmp_path, plans, csv_sep=";")
    raw = (tmp_path / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == TASK_COLUMNS and len(rows) == 4
    assert rows[2][COL["lead_canonical"]] == "Sở Nội vụ tỉnh Bình Dương"
    assert rows[2][COL["deadline_end"]] == "2023-06-30"
    text = (tmp_path / "plans.csv").read_text("utf-8-sig")
    plan_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert plan_rows[1][:2] == ["kh.docx", "ok-with-warnings"]
    assert csv_separator("\\t") == "\t" and csv_separator(",") == ","
    with pytest.raises(CchcError, match="--csv-sep"):
        write_exports(tmp_path / "x", plans, csv_sep="|")
    assert not (tmp_path / "x").exists()  # refused before writing anything


def test_xlsx_text_is_safe_and_long_sheets_go_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "XLSX_MAX_ROWS", 2)
    rows = [["a\x00b<&>", 1, "2023-02-30"], ["  x  ", 2.5, "2023-02-28"], ["c", None, None]]
    cols = [TASK_COLS[0], TASK_COLS[6], TASK_COLS[COL["deadline_end"]]]
    write_workbook(tmp_path / "t.xlsx", [Sheet("Tasks", cols, rows), Sheet("Tasks", cols, [])])
    wb = load_workbook(tmp_path / "t.xlsx")
    first = _("Tasks")
    assert wb.sheetnames == [first, f"{first} (2)", f"{first} (3)"]
    ws = wb[first]
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=2)] == [
        ["ab<&>", 1, "2023-02-30"], ["  x  ", 2.5, datetime(2023, 2, 28)]]  # no 30 February: text
    assert wb[f"{first} (2)"]["A2"].value == "c"


def test_bench_workbook_reports_rows_and_time(tmp_path: Path) -> None:
    got = bench_workbook(tmp_path, 300)
    assert got["task_rows"] == 300 and got["unit_rows"] == 450 and got["seconds"] < 5
    wb = load_workbook(tmp_path / "bench-tasks.xlsx", read_only=True)
    assert [ws.max_row for ws in wb] == [301, 451, 7, 7]
    assert len(PLAN_COLS) == 22 and len(UNIT_COLS) == 12 and len(DIAG_COLS) == 10


@given(st.text(alphabet=st.characters(), max_size=200) | st.text(alphabet="&<>ab\x01\ud800", max_size=40000))
@settings(max_examples=200, deadline=None)
def test_cell_text_escaping_matches_its_definition(s: str) -> None:
    """xlsx._esc's fast path (each step only when needed) is the plain definition: drop the
    characters XML 1.0 forbids, cut at Excel's cell limit, escape & < >."""
    import re as _re

    from cchc_parse.desk import xlsx

    ref = _re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", s)[: xlsx.XLSX_MAX_CELL]
    assert xlsx._esc(s) == ref.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
