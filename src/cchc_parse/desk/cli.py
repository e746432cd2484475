"""`cchc report` and `cchc calendar`: typer commands (registered by cchc_parse.cli) and what they run.

Both read a batch output folder (its index.json and the outputs) or one plan; the files they write are
in the output language (--lang, CCHC_LANG, else Vietnamese), what they print in the terminal's."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cchc_parse.errors import CchcError

__all__ = ["calendar_command", "report_command", "run_calendar", "run_report"]


def _say(msg: str) -> None:
    typer.echo(msg, err=True)


def _error(e: CchcError | str) -> int:
    from cchc_parse.i18n import _, terminal_lang, use

    with use(terminal_lang()):
        label = _("error")
        _say(f"{label}: {' '.join(str(e).splitlines())}")
    return 2


def as_of_date(value: str | None) -> date:
    """--as-of YYYY-MM-DD, else CCHC_TODAY, else today in Asia/Ho_Chi_Minh. Raises CchcError."""
    from cchc_parse.i18n import gettext, terminal_lang
    from cchc_parse.store.status import today

    try:
        return date.fromisoformat(value) if value else today()
    except ValueError as e:
        bad = gettext("--as-of must be a date YYYY-MM-DD, not {value!r}", terminal_lang())
        why = bad.format(value=value) if value else str(e)
        raise CchcError(None, why) from None


def _target(path: Path, out: Path | None, name: str) -> Path | None:
    """Where to write: -o, else NAME inside a batch output folder, else None (standard output)."""
    if out is not None:
        return out
    return path / name if path.is_dir() else None


def _emit(data: bytes, where: Path | None) -> None:
    """Write atomically (never a half-written file; OutputError naming the path), or to stdout."""
    from cchc_parse.emit.serialize import atomic_path

    if where is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_path(where) as tmp:
        tmp.write_bytes(data)


def run_report(path: Path, out: Path | None = None, as_of: str | None = None) -> int:
    """Write the HTML report of ``path``; 0, or 2 on bad input."""
    from cchc_parse.desk.load import load_source
    from cchc_parse.desk.report import build_report
    from cchc_parse.i18n import _, terminal_lang, use

    try:
        day = as_of_date(as_of)
        source = load_source(path)
        html, f = build_report(source, day, shown_as=str(path))
        where = _target(path, out, "report.html")
        _emit(html.encode("utf-8"), where)
    except CchcError as e:
        return _error(e)
    with use(terminal_lang()):
        _say(_("report: {plans} plans, {tasks} tasks, {overdue} overdue as of {day} → {where}").format(
            plans=f.plans, tasks=f.tasks, overdue=f.task_statuses["overdue"], day=day.isoformat(),
            where=where if where is not None else "stdout"))
    return 0


def run_calendar(path: Path, out: Path | None = None, unit: str | None = None) -> int:
    """Write the iCalendar file of ``path``'s deadlines; 0, or 2 on bad input."""
    from cchc_parse.desk.calendar import build_calendar
    from cchc_parse.desk.load import load_source
    from cchc_parse.i18n import _, terminal_lang, use

    try:
        cal = build_calendar(load_source(path).plans, unit)
        where = _target(path, out, "deadlines.ics")
        _emit(cal.ics, where)
    except CchcError as e:
        return _error(e)
    with use(terminal_lang()):
        msg = _("calendar: {events} events from {tasks} tasks ({undated} deadlines without a day) → {where}")
        _say(msg.format(events=cal.events, tasks=cal.tasks, undated=cal.undated,
                        where=where if where is not None else "stdout"))
    return 0


def report_command(
    path: Annotated[Path, typer.Argument(metavar="OUT|PLAN", help="A batch output folder (with index.json), "
                                         "or one plan (.yaml/.json, or a document to parse).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="FILE", help=(
        "The HTML file to write (default OUT/report.html; for one plan, standard output)."))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help=(
        "The day overdue and due-soon are counted from (default $CCHC_TODAY, else today)."))] = None,
) -> None:
    """Write one self-contained HTML report (works offline): counts, charts, overdue tasks, each plan."""
    raise typer.Exit(run_report(path, out, as_of))


def calendar_command(
    path: Annotated[Path, typer.Argument(metavar="OUT|PLAN", help="A batch output folder (with index.json), "
                                         "or one plan (.yaml/.json, or a document to parse).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="FILE", help=(
        "The .ics file to write (default OUT/deadlines.ics; for one plan, standard output)."))] = None,
    unit: Annotated[str | None, typer.Option("--unit", metavar="NAME", help=(
        "Only the tasks of this unit (lead or support): a canonical name ('Sở Nội vụ' also takes "
        "'SNV', 'Sở NV' and 'Sở Nội vụ tỉnh …') or the name as written."))] = None,
) -> None:
    """Write the deadlines as an iCalendar file: one all-day event per deadline, repeating ones as RRULE."""
    raise typer.Exit(run_calendar(path, out, unit))
