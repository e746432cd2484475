"""The analysts' exports of a batch: tasks.csv, tasks.xlsx, plans.csv (and the counts of one plan,
from counts.py).

The columns and rows are in desk/columns.py, the workbook in desk/workbook.py."""

from __future__ import annotations

import csv
import io
import json
import pickle
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_parse.batch.files import FAILED, OK, SKIPPED, WARN, disp, manifest_name, shown
from cchc_parse.counts import counts_of
from cchc_parse.desk.columns import (
    DIAG_COLS,
    PLAN_COLS,
    PLAN_COLUMNS,
    ROWS_VERSION,
    TASK_COLS,
    TASK_COLUMNS,
    UNIT_COLS,
    export_rows,
    plan_row,
    rows_current,
    task_rows,
)
from cchc_parse.errors import CchcError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["PLAN_COLUMNS", "TASK_COLUMNS", "counts_of", "export_rows", "load_output", "plan_row",
           "rows_current", "task_rows", "write_exports"]
CSV_SEPARATORS = {",": ",", ";": ";", "\\t": "\t", "\t": "\t", "tab": "\t"}  # as typed → the character


def load_output(path: Path) -> dict[str, Any]:
    """Read an output back (JSON or YAML). Raises OSError / ValueError / yaml.YAMLError."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # reading back only (start-up time of a one-file parse)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)  # a safe loader
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


def csv_separator(sep: str) -> str:
    """The CSV field separator: ',' (default), ';' (Excel under Vietnamese regional settings) or a tab."""
    if sep not in CSV_SEPARATORS:
        raise CchcError(None, f"--csv-sep must be ',', ';' or '\\t', not {sep!r}")
    return CSV_SEPARATORS[sep]


def csv_text(header: list[str], rows: Iterable[list[Any]], sep: str = ",") -> str:
    """UTF-8 with a BOM (Excel then reads Vietnamese right) and CRLF line ends."""
    return "\ufeff" + csv_lines([header], sep) + csv_lines(rows, sep)


def csv_lines(rows: Iterable[list[Any]], sep: str = ",") -> str:
    """CSV lines of ``rows`` (a row's line does not depend on the rows around it)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=csv_separator(sep), lineterminator="\r\n")
    w.writerows([_cell(v) for v in r] for r in rows)
    return buf.getvalue()


def made_exports(rows: dict[str, Any], lang: str, sep: str) -> dict[str, Any]:
    """A plan's export rows as the exports hold them: the workbook's row XML in ``lang`` (numbered when
    the workbook is written) and the tasks.csv lines with separator ``sep``."""
    from cchc_parse.desk.workbook import made_rows

    return {"v": ROWS_VERSION, "lang": lang, "sep": sep, "csv": csv_lines(rows["tasks"], sep),
            **{k: made_rows(cols, rows[k], lang) for k, cols in _SHEETS.items()}}


_SHEETS = {"tasks": TASK_COLS, "units": UNIT_COLS, "diagnostics": DIAG_COLS}  # export_rows key → columns


def write_exports(out: Path, plans: Iterable[tuple[dict[str, Any], dict[str, Any] | None, Any]],
                  csv_sep: str = ",", made: Iterable[dict[str, Any] | None] | None = None) -> None:
    """tasks.csv, tasks.xlsx and plans.csv of a batch. ``plans``: (manifest entry, the plan's data or only
    its document metadata, its export_rows, packed (rows.packed) or not, or None) per input file, in path
    order; ``made``: beside each, its rows as made_exports made them in the worker (None: made here).

    One pass over the plans, holding one plan at a time: the CSV lines go to the files as they come,
    the sheets' row XML to spools (desk/xlsx.RowSpool: temporary files past a few MB), so a batch of
    any size is exported in bounded memory. Only the first rows of each sheet are kept, for its column
    widths (workbook.WIDTH_SAMPLE); packed rows whose XML and CSV the worker made are not even
    unpacked once every sheet has them."""
    from cchc_parse.desk.workbook import WIDTH_SAMPLE, Sheet, made_rows, write_workbook
    from cchc_parse.desk.xlsx import CHUNK_ROWS, RowSpool
    from cchc_parse.emit.serialize import atomic_text
    from cchc_parse.i18n import N_, current_lang

    csv_separator(csv_sep)  # refuse a bad separator before writing anything
    lang = current_lang()
    keys = (*_SHEETS, "plans")
    got: dict[str, list[Any]] = {k: [] for k in keys}  # the first WIDTH_SAMPLE rows of each sheet
    spools = {k: RowSpool(out) for k in keys}
    todo: list[list[Any]] = []  # plan rows not spooled yet

    def plan_rows(pcsv: Any, last: bool = False) -> None:
        if todo and (last or len(todo) >= CHUNK_ROWS):
            spools["plans"].add(made_rows(PLAN_COLS, todo, lang))
            pcsv.write(csv_lines(todo, csv_sep))
            todo.clear()

    try:
        with atomic_text(out / "plans.csv") as pcsv:
            pcsv.write(csv_text(PLAN_COLUMNS, [], csv_sep))
            with atomic_text(out / "tasks.csv") as tcsv:
                tcsv.write(csv_text(TASK_COLUMNS, [], csv_sep))
                pairs = zip(plans, made, strict=True) if made is not None else ((p, None) for p in plans)
                for (e, data, rows), m in pairs:
                    _add_plan(rows, m, lang, csv_sep, got, spools, tcsv, WIDTH_SAMPLE)
                    row = plan_row(e, data)
                    if len(got["plans"]) < WIDTH_SAMPLE:
                        got["plans"].append(row)
                    todo.append(row)
                    plan_rows(pcsv)
            plan_rows(pcsv, last=True)
            write_workbook(out / "tasks.xlsx", [
                Sheet(N_("Tasks"), TASK_COLS, got["tasks"], spool=spools["tasks"]),
                Sheet(N_("Task units"), UNIT_COLS, got["units"], spool=spools["units"]),
                Sheet(N_("Plans"), PLAN_COLS, got["plans"], spool=spools["plans"]),
                Sheet(N_("Diagnostics"), DIAG_COLS, got["diagnostics"], spool=spools["diagnostics"])])
    finally:
        for sp in spools.values():
            sp.close()


def _add_plan(rows: Any, m: dict[str, Any] | None, lang: str, csv_sep: str, got: dict[str, list[Any]],
              spools: dict[str, Any], tcsv: Any, width_sample: int) -> None:
    """One plan's task, unit and diagnostic rows: their XML spooled, their CSV lines written, the first
    rows of each sheet kept for the column widths."""
    if m is not None and (m.get("v"), m.get("lang"), m.get("sep")) != (ROWS_VERSION, lang, csv_sep):
        m = None  # made for another language or separator (or by another cchc): made again here
    if isinstance(rows, bytes):
        if m is not None and all(len(got[k]) >= width_sample for k in _SHEETS):
            for k in _SHEETS:
                spools[k].add(m[k])
            tcsv.write(m["csv"])
            return
        rows = pickle.loads(rows)
    if not rows_current(rows):
        return
    if m is None:
        m = made_exports(rows, lang, csv_sep)
    for k in _SHEETS:
        if len(got[k]) < width_sample:
            got[k].extend(rows[k][:width_sample - len(got[k])])
        spools[k].add(m[k])
    tcsv.write(m["csv"])


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

    from cchc_parse.i18n import gettext, terminal_lang

    lang = terminal_lang()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} " + gettext("files/s", lang)), TimeElapsedColumn(),
                    TextColumn(gettext("eta", lang)),
                    TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]}"), console=console,
                    transient=False)


def summary(run: Any, console: Console, interrupted: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    from cchc_parse.error_text import reason_text
    from cchc_parse.i18n import N_, gettext, terminal_lang

    lang = terminal_lang()
    m = run.manifest(complete=not interrupted)
    s = m["summary"]
    secs = time.monotonic() - run.t0
    parsed = s[OK] + s[WARN] + sum(1 for e in run.entries.values()
                                   if e["status"] == FAILED and not e.get("reused"))
    where = disp(run.out / manifest_name(run.shard))
    line = gettext("{files} files: {ok} ok, {warn} with warnings, {failed} failed, {skipped} unchanged; "
                   "{tasks} tasks; {secs:.1f} s ({rate:.1f} files/s); manifest {where}", lang).format(
        files=s["files"], ok=s[OK], warn=s[WARN], failed=s[FAILED], skipped=s[SKIPPED], tasks=s["tasks"],
        secs=secs, rate=parsed / secs if secs else 0, where=where)
    if run.opts.quiet:
        shown_line = gettext("INTERRUPTED {line}", lang).format(line=line) if interrupted else line
        console.print(shown_line, markup=False, highlight=False, soft_wrap=True)
        return
    title = gettext("cchc batch (interrupted)", lang) if interrupted else gettext("cchc batch", lang)
    t = Table(title=title, title_justify="left")
    t.add_column(gettext("status", lang))
    t.add_column(gettext("files", lang), justify="right")
    for st, style, label in ((OK, "green", N_("ok")), (WARN, "yellow", N_("ok with warnings")),
                             (FAILED, "red", N_("failed")), (SKIPPED, "dim", N_("unchanged"))):
        t.add_row(f"[{style}]{escape(gettext(label, lang))}[/]", str(s[st]))
    t.add_row("[bold]" + escape(gettext("total", lang)) + "[/]", str(s["files"]))
    console.print(t)
    fails = [e for e in m["files"] if e["status"] == FAILED]
    if fails:
        ft = Table(show_header=True, header_style="bold red", title_justify="left")
        ft.add_column(gettext("failed file", lang), overflow="fold")
        ft.add_column(gettext("reason", lang), overflow="fold")
        for e in fails[:15]:
            ft.add_row(escape(shown(e["path"])), escape(reason_text(str(e.get("reason")), lang)))
        if len(fails) > 15:
            ft.add_row(gettext("… and {n} more", lang).format(n=len(fails) - 15),
                       gettext("see the manifest", lang))
        console.print(ft)
    console.print(escape(line), highlight=False, soft_wrap=True)
