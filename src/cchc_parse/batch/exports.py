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
from cchc_parse.emit.serialize import write_atomic
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


def write_csv(path: Path, header: list[str], rows: Iterable[list[Any]], sep: str = ",") -> None:
    write_atomic(path, csv_text(header, rows, sep))


_SHEETS = {"tasks": TASK_COLS, "units": UNIT_COLS, "diagnostics": DIAG_COLS}  # export_rows key → columns


def write_exports(out: Path, plans: list[tuple[dict[str, Any], dict[str, Any] | None, Any]],
                  csv_sep: str = ",", made: list[dict[str, Any] | None] | None = None) -> None:
    """tasks.csv, tasks.xlsx and plans.csv of a batch. ``plans``: (manifest entry, the plan's data or only
    its document metadata, its export_rows, packed (rows.packed) or not, or None) per input file, in path
    order; ``made``: beside each, its rows as made_exports made them in the worker (None: made here).

    Packed rows whose XML and CSV the worker made are not unpacked once every sheet has the rows its
    column widths look at (workbook.WIDTH_SAMPLE): the sheets then hold those first rows and the XML of
    all."""
    from cchc_parse.desk.workbook import WIDTH_SAMPLE, Sheet, write_workbook
    from cchc_parse.i18n import N_, current_lang

    csv_separator(csv_sep)  # refuse a bad separator before writing anything
    lang = current_lang()
    got: dict[str, list[Any]] = {k: [] for k in _SHEETS}  # every row, or the first ones with the XML of all
    xml: dict[str, list[str]] = {k: [] for k in _SHEETS}
    lines = ["\ufeff", csv_lines([TASK_COLUMNS], csv_sep)]
    for (_e, _data, rows), m in zip(plans, made or [None] * len(plans), strict=True):
        if m is not None and (m.get("v"), m.get("lang"), m.get("sep")) != (ROWS_VERSION, lang, csv_sep):
            m = None  # made for another language or separator (or by another cchc): made again here
        if isinstance(rows, bytes):
            if m is not None and all(len(got[k]) >= WIDTH_SAMPLE for k in _SHEETS):
                for k in _SHEETS:
                    xml[k].extend(m[k])
                lines.append(m["csv"])
                continue
            rows = pickle.loads(rows)
        if rows_current(rows):
            if m is None:
                m = made_exports(rows, lang, csv_sep)
            for k in _SHEETS:
                got[k].extend(rows[k])
                xml[k].extend(m[k])
            lines.append(m["csv"])
    plan_rows = [plan_row(e, data) for e, data, _rows in plans]
    write_atomic(out / "tasks.csv", "".join(lines))
    write_workbook(out / "tasks.xlsx", [
        Sheet(N_("Tasks"), TASK_COLS, got["tasks"], xml["tasks"]),
        Sheet(N_("Task units"), UNIT_COLS, got["units"], xml["units"]),
        Sheet(N_("Plans"), PLAN_COLS, plan_rows),
        Sheet(N_("Diagnostics"), DIAG_COLS, got["diagnostics"], xml["diagnostics"])])
    write_csv(out / "plans.csv", PLAN_COLUMNS, plan_rows, csv_sep)



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
