"""Counts of one plan, and the analysts' exports of a batch: tasks.csv, tasks.xlsx, plans.csv."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.markup import escape

from cchc_parse.batch_io import FAILED, OK, SKIPPED, WARN, disp, manifest_name, shown
from cchc_parse.emit.serialize import atomic_path, write_atomic

TASK_COLUMNS = [
    "plan_file", "issuer", "doc_type", "number", "symbol", "date", "year", "province",
    "task_id", "parent", "is_group", "content", "lead", "support", "outputs",
    "deadline_raw", "deadline_kind", "deadline_start", "deadline_end", "deadline_due",
    "area", "section", "origin",
]
PLAN_COLUMNS = [
    "file", "status", "reason", "format", "issuer", "doc_type", "number", "symbol", "date", "year",
    "province", "title", "sections", "tasks", "inline_tasks", "targets", "references", "legal_bases",
    "diagnostics_error", "diagnostics_warning", "diagnostics_info", "output",
]
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header
XLSX_MAX_CELL = 32_767


def _count_sections(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count_sections(n.get("children") or []) for n in nodes)


def counts_of(data: dict[str, Any]) -> dict[str, Any]:
    """Counts of a plan given as its JSON data (a fresh parse or an output read back)."""
    diags = {"error": 0, "warning": 0, "info": 0}
    for d in data.get("diagnostics") or []:
        sev = d.get("severity")
        diags[sev] = diags.get(sev, 0) + 1
    return {
        "sections": _count_sections(data.get("sections") or []),
        "tasks": len(data.get("tasks") or []),
        "inline_tasks": len(data.get("inline_tasks") or []),
        "targets": len(data.get("targets") or []),
        "references": len(data.get("references") or []),
        "legal_bases": len(data.get("legal_bases") or []),
        "diagnostics": diags,
    }


def _meta(data: dict[str, Any]) -> dict[str, Any]:
    m = data.get("document") or {}
    date = m.get("date") or {}
    return {"issuer": m.get("issuer"), "doc_type": m.get("doc_type"), "number": m.get("number"),
            "symbol": m.get("symbol"), "date": date.get("iso"), "year": m.get("year") or date.get("year"),
            "province": m.get("province"), "title": m.get("title")}


def task_rows(data: dict[str, Any], plan_file: str) -> list[list[Any]]:
    """One row per task, columns as TASK_COLUMNS: the table rows in document order, then the inline tasks
    (responsibility written in the text), told apart by ``origin``."""
    meta = _meta(data)
    rows = []
    for t in [*(data.get("tasks") or []), *(data.get("inline_tasks") or [])]:
        dl = t.get("deadline") or {}
        area = t.get("area") or {}
        rows.append([
            plan_file, meta["issuer"], meta["doc_type"], meta["number"], meta["symbol"], meta["date"],
            meta["year"], meta["province"], t.get("id"), t.get("parent"), bool(t.get("is_group")),
            t.get("content"), "; ".join(t.get("lead") or []), "; ".join(t.get("support") or []),
            "; ".join(t.get("outputs") or []), dl.get("raw"), dl.get("kind"), dl.get("start"),
            dl.get("end"), dl.get("due"), area.get("code"), t.get("section"), t.get("origin") or "table",
        ])
    return rows


def plan_row(entry: dict[str, Any], data: dict[str, Any] | None) -> list[Any]:
    meta = _meta(data or {})
    c = entry.get("counts") or {}
    d = c.get("diagnostics") or {}
    status = (entry.get("previous_status") or "ok") if entry["status"] == "skipped" else entry["status"]
    return [entry["path"], status, entry.get("reason"), entry.get("format"), meta["issuer"], meta["doc_type"],
            meta["number"], meta["symbol"], meta["date"], meta["year"], meta["province"], meta["title"],
            c.get("sections"), c.get("tasks"), c.get("inline_tasks"), c.get("targets"), c.get("references"), c.get("legal_bases"),
            d.get("error"), d.get("warning"), d.get("info"), entry.get("output")]


def load_output(path: Path) -> dict[str, Any]:
    """Read an output back (JSON or YAML). Raises OSError / ValueError / yaml.YAMLError."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(data, dict):
        raise ValueError("not a cchc plan")
    return data


# --------------------------------------------------------------------------------------------------
def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    """UTF-8 with a BOM (Excel then reads Vietnamese right) and CRLF line ends."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_cell(v) for v in r])
    return buf.getvalue()


def write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    write_atomic(path, csv_text(header, rows))


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], title: str = "tasks") -> None:
    """A write-only workbook (little memory); text is stored as text (never as a formula), and a
    sheet that would pass Excel's row limit continues on the next one."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    chunks = [rows[i:i + XLSX_MAX_ROWS] for i in range(0, len(rows), XLSX_MAX_ROWS)] or [[]]
    for k, chunk in enumerate(chunks):
        ws = wb.create_sheet(title if k == 0 else f"{title} ({k + 1})")
        ws.freeze_panes = "A2"
        head = []
        for h in header:
            c = WriteOnlyCell(ws, value=h)
            c.font = bold
            head.append(c)
        ws.append(head)
        for r in chunk:
            out = []
            for v in r:
                if isinstance(v, str):
                    c = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", v)[:XLSX_MAX_CELL])
                    c.data_type = "s"  # '=…' stays text
                    out.append(c)
                else:
                    out.append(v)
            ws.append(out)
    with atomic_path(path) as tmp:
        wb.save(tmp)
        _fix_zip(tmp)


FIXED_STAMP = "2000-01-01T00:00:00Z"  # docProps/core.xml created/modified: the same bytes every run
_STAMP = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")  # <dcterms:created …>2026-…<


def _fix_zip(path: Path) -> None:
    """Rewrite the workbook with fixed member dates and document stamps: byte-identical between runs."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(rf"\g<1>{FIXED_STAMP}\g<2>", data.decode("utf-8")).encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            z.writestr(fixed, data)


# ------------------------------------------------------------------------------------- reporting
def progress_bar(console: Console) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} files/s"), TimeElapsedColumn(), TextColumn("eta"),
                    TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]}"), console=console,
                    transient=False)


def summary(run: Any, console: Console, interrupted: int) -> None:
    from rich.table import Table

    m = run.manifest(complete=not interrupted)
    s = m["summary"]
    secs = time.monotonic() - run.t0
    parsed = s[OK] + s[WARN] + sum(1 for e in run.entries.values() if e["status"] == FAILED and not e.get("reused"))
    where = disp(run.out / manifest_name(run.shard))
    line = (f"{s['files']} files: {s[OK]} ok, {s[WARN]} with warnings, {s[FAILED]} failed, "
            f"{s[SKIPPED]} unchanged; {s['tasks']} tasks; {secs:.1f} s"
            f" ({parsed / secs if secs else 0:.1f} files/s); manifest {where}")
    if run.opts.quiet:
        console.print(("INTERRUPTED " if interrupted else "") + line, markup=False, highlight=False, soft_wrap=True)
        return
    t = Table(title="cchc batch" + (" (interrupted)" if interrupted else ""), title_justify="left")
    t.add_column("status")
    t.add_column("files", justify="right")
    for st, style in ((OK, "green"), (WARN, "yellow"), (FAILED, "red"), (SKIPPED, "dim")):
        t.add_row(f"[{style}]{st}[/]", str(s[st]))
    t.add_row("[bold]total[/]", str(s["files"]))
    console.print(t)
    fails = [e for e in m["files"] if e["status"] == FAILED]
    if fails:
        ft = Table(show_header=True, header_style="bold red", title_justify="left")
        ft.add_column("failed file", overflow="fold")
        ft.add_column("reason", overflow="fold")
        for e in fails[:15]:
            ft.add_row(escape(shown(e["path"])), escape(str(e.get("reason"))))
        if len(fails) > 15:
            ft.add_row(f"… and {len(fails) - 15} more", "see the manifest")
        console.print(ft)
    console.print(escape(line), highlight=False, soft_wrap=True)
