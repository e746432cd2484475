"""tasks.xlsx: one sheet per row kind (tasks, task units, plans, diagnostics), headers and sheet names in
the output language, real date cells, autofilter, frozen header, wrapped long text. Same rows → same bytes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_parse.desk.columns import Col
from cchc_parse.desk.xlsx import RowSpool, XCol, XSheet, row_xml, write_xlsx
from cchc_parse.emit.serialize import atomic_path
from cchc_parse.i18n import _, gettext

WIDTH_SAMPLE = 500  # rows looked at to size a column
MAX_WIDTH = 50


@dataclass
class Sheet:
    title: str  # English msgid
    cols: list[Col]
    rows: list[list[Any]]  # with ``made`` or ``spool``: at least the first WIDTH_SAMPLE rows, or all
    made: list[str] | None = None  # the rows' XML made ahead (made_rows), else made here
    spool: RowSpool | None = None  # the rows' XML (made_rows), numbered and spooled as they came


def _labels(col: Col, lang: str | None = None) -> dict[str, str]:
    return {k: gettext(m, lang) for k, m in col.values.items()}


def made_rows(cols: list[Col], rows: list[list[Any]], lang: str) -> list[str]:
    """The sheet XML of ``rows`` in the output language ``lang`` (xlsx.row_xml): what a batch worker
    makes for its plan's rows, so that the workbook only numbers them."""
    return row_xml([XCol("", 0, c.kind, _labels(c, lang)) for c in cols], rows)


def column_width(col: Col, header: str, rows: list[list[Any]], i: int) -> int:
    """Long text and dates: the column's own width; else wide enough for the header and the values
    (of the first WIDTH_SAMPLE rows), at most MAX_WIDTH."""
    if col.kind in ("wrap", "date"):
        return max(col.width, min(len(header) + 2, 16))
    longest = max((len(str(r[i])) for r in rows[:WIDTH_SAMPLE] if r[i] is not None), default=0)
    return min(max(col.width, len(header) + 2, longest + 2), MAX_WIDTH)


def xsheet(sheet: Sheet) -> XSheet:
    cols = []
    for i, c in enumerate(sheet.cols):
        header = _(c.label)
        cols.append(XCol(header, column_width(c, header, sheet.rows, i), c.kind, _labels(c)))
    return XSheet(_(sheet.title), cols, sheet.rows, sheet.made, sheet.spool)


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write the sheets in order (the first is the one Excel opens on), atomically."""
    with atomic_path(path) as tmp:
        write_xlsx(tmp, [xsheet(s) for s in sheets])


# ------------------------------------------------------------------------------------------ bench
def bench_workbook(folder: Path, n_tasks: int = 100_000) -> dict[str, Any]:
    """Time tasks.xlsx for ``n_tasks`` synthetic task rows (1.5 unit rows each, as in real plans):
    ``make bench`` reports it. Returns the row counts, seconds and the file size in MB."""
    from cchc_parse.desk.columns import DIAG_COLS, PLAN_COLS, TASK_COLS, UNIT_COLS

    town = "Ủy ban nhân dân tỉnh Bình Dương"
    text = "Rà soát, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý "

    def task(i: int) -> list[Any]:
        return [f"plans/p{i // 50:05d}.docx", town, "KH", str(i // 50), "KH-UBND", "2023-01-05", 2023,
                "Bình Dương", f"{i % 50}.1", str(i % 50), False, text * 2, "SNV", "Sở Nội vụ",
                "Các sở, ban, ngành", "", "Báo cáo", "Quý II/2023", "quarter", "2023-04-01", "2023-06-30",
                None, None, "tthc", "Cải cách thủ tục hành chính", f"{i % 50}", "table", None]

    tasks = [task(i) for i in range(n_tasks)]
    units = [[t[0], t[7], t[8], role, 1, t[12], t[13], t[11], t[17], t[20], None, t[24]]
             for i, t in enumerate(tasks) for role in ("lead", "support")[: 1 + i % 2]]
    plans = [[f"plans/p{i:05d}.docx", "ok", None, "docx", town, "KH", str(i), "KH-UBND", "2023-01-05", 2023,
              "Bình Dương", "Kế hoạch cải cách hành chính năm 2023", 12, 50, 0, 3, 4, 2, 0, 1, 2,
              f"plans/p{i:05d}.docx.yaml"] for i in range(n_tasks // 50)]
    diags = [[p[0], "warning", "P015", "deadline-uncertain", "A deadline could not be read with certainty.",
              12, None, 3, 4, "tasks[3].deadline"] for p in plans]
    out = folder / "bench-tasks.xlsx"
    t0 = time.perf_counter()
    write_workbook(out, [Sheet("Tasks", TASK_COLS, tasks), Sheet("Task units", UNIT_COLS, units),
                         Sheet("Plans", PLAN_COLS, plans), Sheet("Diagnostics", DIAG_COLS, diags)])
    secs = time.perf_counter() - t0
    return {"task_rows": n_tasks, "unit_rows": len(units), "seconds": round(secs, 2),
            "mb": round(out.stat().st_size / 1e6, 1)}
