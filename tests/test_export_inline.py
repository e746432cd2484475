"""tasks.csv lists the rows of responsibility tables and the inline tasks, told apart by `origin`."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.batch.exports import PLAN_COLUMNS, TASK_COLUMNS, counts_of, task_rows

from conftest import SAMPLES


def test_task_rows_take_inline_tasks_after_table_rows() -> None:
    data = {"document": {"issuer": "Sở Nội vụ"},
            "tasks": [{"id": "1", "content": "Rà soát", "lead": ["Phòng A"]}],
            "inline_tasks": [{"id": "II.1", "content": "Tuyên truyền", "lead": ["Phòng B"], "origin": "inline"}]}
    rows = task_rows(data, "p.docx")
    col = {name: i for i, name in enumerate(TASK_COLUMNS)}
    assert [(r[col["task_id"]], r[col["lead"]], r[col["origin"]]) for r in rows] == [
        ("1", "Phòng A", "table"), ("II.1", "Phòng B", "inline")]
    assert counts_of(data)["inline_tasks"] == 1 and "inline_tasks" in PLAN_COLUMNS


def test_batch_export_of_a_plan_with_inline_responsibility(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "docx" / "quangninh-mttq-luongminh-kh16-baucu.docx", src)
    assert run_batch([src], tmp_path / "out", BatchOptions(jobs=1, quiet=True)) == 0
    text = (tmp_path / "out" / "tasks.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and {r["origin"] for r in rows} == {"inline"}
    assert all(r["lead"] for r in rows)  # each inline task names its lead unit
    plans = list(csv.DictReader(io.StringIO((tmp_path / "out" / "plans.csv").read_text(encoding="utf-8-sig"),
                                            newline="")))
    assert plans[0]["tasks"] == "0" and int(plans[0]["inline_tasks"]) == len(rows)
