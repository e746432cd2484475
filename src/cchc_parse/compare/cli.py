"""`cchc diff` and `cchc coverage`: typer commands (registered by cchc_parse.cli) and the functions they run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from cchc_parse.compare.coverage import COVERED_AT, PARTLY_AT, coverage
from cchc_parse.compare.diff import diff_plans
from cchc_parse.compare.load import CompareInputError, expand_inputs, load_plan
from cchc_parse.compare.match import MATCH_THRESHOLD
from cchc_parse.compare.render import DIFF_FORMATS, render_diff
from cchc_parse.compare.render_coverage import COVERAGE_FORMATS, render_coverage, write_xlsx
from cchc_parse.emit.serialize import write_atomic

__all__ = ["coverage_command", "diff_command", "run_coverage", "run_diff"]


def _error(msg: str) -> int:
    typer.echo(f"error: {msg}", err=True)
    return 2


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)  # never a half-written report


def run_diff(
    old: Path, new: Path, fmt: str = "human", out: Path | None = None, threshold: float = MATCH_THRESHOLD
) -> int:
    """0: no change, 1: changes, 2: error (bad input or option)."""
    if fmt not in DIFF_FORMATS:
        return _error(f"--format must be one of {', '.join(DIFF_FORMATS)}")
    try:
        a, b = load_plan(old), load_plan(new)
    except CompareInputError as e:
        return _error(str(e))
    d = diff_plans(a, b, old_file=str(old), new_file=str(new), threshold=threshold)
    _emit(render_diff(d, fmt), out)
    return 1 if d.has_changes else 0


def run_coverage(
    parent: Path,
    children: list[Path],
    fmt: str = "human",
    out: Path | None = None,
    covered_at: float = COVERED_AT,
    partly_at: float = PARTLY_AT,
) -> int:
    """0: every assigned task covered in time, 1: some task late, partly covered or missing, 2: error."""
    if fmt not in COVERAGE_FORMATS:
        return _error(f"--format must be one of {', '.join(COVERAGE_FORMATS)}")
    if fmt == "xlsx" and out is None:
        return _error("--format xlsx needs --out FILE")
    if not 0 <= partly_at <= covered_at <= 100:
        return _error("thresholds must satisfy 0 <= --partly-at <= --covered-at <= 100")
    try:
        p = load_plan(parent)
        files = [f for f in expand_inputs(children) if f.resolve() != parent.resolve()]
        if not files:
            return _error("no child plans given")
        reports = [
            coverage(p, load_plan(f), file=str(f), covered_at=covered_at, partly_at=partly_at) for f in files
        ]
    except CompareInputError as e:
        return _error(str(e))
    if fmt == "xlsx":
        assert out is not None
        write_xlsx(reports, out)
    else:
        _emit(render_coverage(str(parent), reports, fmt), out)
    gaps = any(a.verdict != "covered" for r in reports for a in r.assignments)
    return 1 if gaps else 0


def diff_command(
    old: Annotated[
        Path,
        typer.Argument(
            help="The earlier plan: a document (.txt .docx .doc .pdf) or a parsed plan (.yaml .yml .json).",
            show_default=False,
        ),
    ],
    new: Annotated[Path, typer.Argument(help="The later plan (same kinds).", show_default=False)],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="human|json|markdown|html", help="Report format.")
    ] = "human",
    out: Annotated[
        Optional[Path],
        typer.Option("--out", "-o", metavar="FILE", help="Write the report here (default: standard output)."),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            metavar="0-100",
            help="Lowest content similarity at which two tasks are the same task.",
        ),
    ] = MATCH_THRESHOLD,
) -> None:
    """Compare two plans: tasks added, removed and changed, sections, metadata, dates left from last year.
    Exit 0: no change, 1: changes, 2: error."""
    raise typer.Exit(run_diff(old, new, fmt, out, threshold))


def coverage_command(
    parent: Annotated[Path, typer.Argument(help="The parent plan (the province's).", show_default=False)],
    children: Annotated[
        list[Path],
        typer.Argument(metavar="CHILD...", help="The units' plans, or folders of them.", show_default=False),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="human|json|markdown|html|csv|xlsx",
            help="Report format; csv and xlsx give the units × tasks matrix.",
        ),
    ] = "human",
    out: Annotated[
        Optional[Path],
        typer.Option("--out", "-o", metavar="FILE", help="Write the report here (needed for xlsx)."),
    ] = None,
    covered_at: Annotated[
        float,
        typer.Option(
            "--covered-at", metavar="0-100", help="Similarity of the best match from which a task is covered."
        ),
    ] = COVERED_AT,
    partly_at: Annotated[
        float,
        typer.Option(
            "--partly-at",
            metavar="0-100",
            help="Similarity from which it is partly covered (below: missing).",
        ),
    ] = PARTLY_AT,
) -> None:
    """For each unit's plan, the parent's tasks given to that unit (by name or by a group such as "các sở,
    ban, ngành") and whether the unit's plan carries them out. Exit 0: all covered in time, 1: gaps, 2: error."""
    raise typer.Exit(run_coverage(parent, children, fmt, out, covered_at, partly_at))
