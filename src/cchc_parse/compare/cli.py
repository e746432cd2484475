"""`cchc diff` and `cchc coverage`: typer commands (registered by cchc_parse.cli) and the functions they run."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from cchc_parse.compare.coverage import COVERED_AT, PARTLY_AT, coverage
from cchc_parse.compare.diff import diff_plans
from cchc_parse.compare.load import CompareInputError, db_children, expand_inputs, load_db_plan, load_plan
from cchc_parse.compare.match import MATCH_THRESHOLD
from cchc_parse.compare.render import DIFF_FORMATS, render_diff
from cchc_parse.compare.render_coverage import COVERAGE_FORMATS, render_coverage, write_xlsx
from cchc_parse.emit.serialize import write_atomic
from cchc_parse.model import PlanDocument

__all__ = ["coverage_command", "diff_command", "run_coverage", "run_diff"]



# --db of both commands: the plans come from the database of a batch run
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Read the plans from this database of a batch run (OUT/cchc.sqlite): plans are named by "
        "their plan id, the input's path as in OUT/index.json ('text/001-kh.txt').",
    ),
]

def _error(msg: str) -> int:
    typer.echo(f"error: {msg}", err=True)
    return 2


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)  # never a half-written report


def run_diff(
    old: Path,
    new: Path,
    fmt: str = "human",
    out: Path | None = None,
    threshold: float = MATCH_THRESHOLD,
    db: Path | None = None,
) -> int:
    """0: no change, 1: changes, 2: error (bad input or option). With ``db``, OLD and NEW are plan ids."""
    if fmt not in DIFF_FORMATS:
        return _error(f"--format must be one of {', '.join(DIFF_FORMATS)}")
    try:
        if db is not None:
            a, b = load_db_plan(db, str(old)), load_db_plan(db, str(new))
        else:
            a, b = load_plan(old), load_plan(new)
    except CompareInputError as e:
        return _error(str(e))
    d = diff_plans(a, b, old_file=str(old), new_file=str(new), threshold=threshold)
    _emit(render_diff(d, fmt), out)
    return 1 if d.has_changes else 0


Plans = tuple[PlanDocument, list[tuple[str, PlanDocument]]]  # the parent; (name, plan) of each child


def _db_plans(db: Path, parent: str, children: list[str]) -> Plans:
    """The parent and the children (default: every other plan of the database), read through ``db``."""
    p = load_db_plan(db, parent)
    ids = children or db_children(db, parent)
    return p, [(c, load_db_plan(db, c)) for c in ids]


def _file_plans(parent: Path, children: list[Path]) -> Plans:
    p = load_plan(parent)
    files = [f for f in expand_inputs(children) if f.resolve() != parent.resolve()]
    return p, [(str(f), load_plan(f)) for f in files]


def run_coverage(
    parent: Path | str,
    children: Sequence[Path | str],
    fmt: str = "human",
    out: Path | None = None,
    covered_at: float = COVERED_AT,
    partly_at: float = PARTLY_AT,
    db: Path | None = None,
) -> int:
    """0: every assigned task covered in time, 1: some task late, partly covered or missing, 2: error.
    With ``db``, the parent and the children are plan ids of that database (none: all its other plans)."""
    if fmt not in COVERAGE_FORMATS:
        return _error(f"--format must be one of {', '.join(COVERAGE_FORMATS)}")
    if fmt == "xlsx" and out is None:
        return _error("--format xlsx needs --out FILE")
    if not 0 <= partly_at <= covered_at <= 100:
        return _error("thresholds must satisfy 0 <= --partly-at <= --covered-at <= 100")
    try:
        if db is not None:
            p, kids = _db_plans(db, str(parent), [str(c) for c in children])
        else:
            p, kids = _file_plans(Path(parent), [Path(c) for c in children])
        if not kids:
            return _error("no child plans given")
        reports = [coverage(p, c, file=name, covered_at=covered_at, partly_at=partly_at) for name, c in kids]
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
            help="The earlier plan: a document (.txt .docx .doc .pdf) or a parsed plan (.yaml .yml .json); "
            "with --db, its plan id.",
            show_default=False,
        ),
    ],
    new: Annotated[Path, typer.Argument(help="The later plan (same kinds).", show_default=False)],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="human|json|markdown|html", help="Report format.")
    ] = "human",
    out: Annotated[
        Path | None,
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
    db: DbOption = None,
) -> None:
    """Compare two plans: tasks added, removed and changed, sections, metadata, dates left from last year.
    Exit 0: no change, 1: changes, 2: error."""
    raise typer.Exit(run_diff(old, new, fmt, out, threshold, db))


def coverage_command(
    parent: Annotated[
        Path | None,
        typer.Argument(help="The parent plan (the province's); or give --parent.", show_default=False),
    ] = None,
    children: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="CHILD...",
            help="The units' plans, or folders of them; with --db, plan ids (default: every other plan).",
            show_default=False,
        ),
    ] = None,
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
        Path | None,
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
    db: DbOption = None,
    parent_opt: Annotated[
        str | None,
        typer.Option("--parent", metavar="PLAN", help="The parent plan (with --db: its plan id)."),
    ] = None,
) -> None:
    """For each unit's plan, the parent's tasks given to that unit (by name or by a group such as "các sở,
    ban, ngành") and whether the unit's plan carries them out. Exit 0: all covered in time, 1: gaps, 2: error."""
    refs: list[Path | str] = [*([parent] if parent else []), *(children or [])]
    if parent_opt is None and not refs:
        raise typer.Exit(_error("give the parent plan (PARENT, or --parent)"))
    head: Path | str = parent_opt if parent_opt is not None else refs.pop(0)
    if db is None and not refs:
        raise typer.Exit(_error("no child plans given"))
    raise typer.Exit(run_coverage(head if db else Path(head), refs, fmt, out, covered_at, partly_at, db))
