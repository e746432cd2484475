"""The `cchc` command: I/O, formats and exit codes only; the work is in the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from cchc_parse import __version__
from cchc_parse.errors import CchcError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Vietnamese administrative-reform plans (Kế hoạch CCHC) into validated YAML/JSON.")
err = Console(stderr=True, highlight=False)
STATE = {"debug": False}


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks.")] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True)] = None,
) -> None:
    STATE["debug"] = debug


def fail(e: CchcError, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    one_line = " ".join(str(e).splitlines())  # library messages may quote multi-line parser errors
    err.print(f"[bold red]error:[/] {escape(one_line)}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def _format_for(out: Path | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if out is not None and out.suffix.lower() == ".json":
        return "json"
    return "yaml"


@app.command()
def parse(
    inputs: Annotated[list[Path], typer.Argument(help="Plan files (.txt .docx .doc .pdf) or folders.")],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="Output file (one input) or folder.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="yaml or json (default: from -o, else yaml).")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Read scanned PDF pages with Tesseract (Vietnamese).")] = False,
    password: Annotated[Optional[str], typer.Option("--password", help="Password of an encrypted PDF.")] = None,
    units: Annotated[Optional[Path], typer.Option("--units", help="Extra unit aliases (YAML).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for folders (0 = cores).")] = 0,
    include: Annotated[list[str], typer.Option("--include", help="Glob of files to take from folders.")] = [],
    exclude: Annotated[list[str], typer.Option("--exclude", help="Glob of files to skip in folders.")] = [],
    force: Annotated[bool, typer.Option("--force", help="Re-parse files that did not change.")] = False,
    shard: Annotated[Optional[str], typer.Option("--shard", help="I/N: take only this shard of the inputs.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per file in a batch.")] = 120.0,
    fail_on_error: Annotated[bool, typer.Option("--fail-on-error/--no-fail-on-error",
                                                help="Exit 1 when a file of a batch failed.")] = True,
) -> None:
    """Parse plans. One file → its YAML/JSON (stdout without -o); folders → a mirrored output tree."""
    if fmt and fmt not in ("yaml", "json"):
        err.print(f"error: --format must be yaml or json, not {fmt!r}")
        raise typer.Exit(2)
    if len(inputs) == 1 and not inputs[0].is_dir():
        _parse_one(inputs[0], out, _format_for(out, fmt), ocr, password, units)
        return
    from cchc_parse.batch import BatchOptions, run_batch

    if out is None:
        err.print("error: parsing folders or several files needs -o OUTDIR")
        raise typer.Exit(2)
    opts = BatchOptions(fmt=fmt or "yaml", jobs=jobs, include=list(include), exclude=list(exclude), force=force,
                        shard=shard, quiet=quiet, timeout=timeout, ocr=ocr, password=password, units=units)
    try:
        code = run_batch(inputs, out, opts, console=err)
    except CchcError as e:
        raise fail(e, 2) from None
    raise typer.Exit(code if fail_on_error or code > 1 else 0)  # 130/143: interrupted


def _parse_one(path: Path, out: Path | None, fmt: str, ocr: bool, password: str | None, units: Path | None) -> None:
    from cchc_parse.emit.serialize import dump, write_atomic
    from cchc_parse.pipeline import ParseOptions, parse_file

    try:
        result = parse_file(path, ParseOptions(ocr=ocr, password=password, units_file=units))
        text = dump(result.doc, fmt)
        if out is None:
            sys.stdout.write(text)
        else:
            write_atomic(out, text)
    except CchcError as e:
        if STATE["debug"]:
            raise
        raise fail(e) from None
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as e:  # a bug: still one line (the trace with --debug), never a raw traceback
        if STATE["debug"]:
            raise
        raise fail(CchcError(path, f"internal error ({type(e).__name__}: {e}); run with --debug and report it")) \
            from None


def _register_validate() -> None:
    from cchc_parse.validate.command import rules_command, validate_command

    app.command("validate")(validate_command)
    app.command("rules")(rules_command)


_register_validate()  # the validate commands live beside the rules


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from cchc_parse.emit.schema import schema_text

    sys.stdout.write(schema_text())


def main() -> None:
    try:
        app()
    except CchcError as e:  # commands catch their own; with --debug they re-raise to here
        if STATE["debug"]:
            import traceback

            traceback.print_exc()
        else:
            err.print(f"error: {' '.join(str(e).splitlines())}", markup=False, soft_wrap=True)
        sys.exit(1)
