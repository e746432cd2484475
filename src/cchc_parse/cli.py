"""The `cchc` command: I/O, formats and exit codes only; the work is in the library."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from cchc_parse import __version__
from cchc_parse.errors import CchcError

app = typer.Typer(no_args_is_help=True,
                  help="Turn Vietnamese administrative-reform plans (Kế hoạch CCHC) into validated YAML/JSON.")
err = Console(stderr=True, highlight=False)
STATE = {"debug": False}
OUT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
STDIN = "-"


def _value_hints() -> None:
    """Show value hints as words (FILE, N, GLOB), not Python types (<list[Path]>, <bool>)."""
    from typer import core

    def shown(self: Any, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) else self.metavar

    for cls in (core.TyperArgument, core.TyperOption):
        if hasattr(cls, "display_type_rich"):
            cls.display_type_rich = shown


_value_hints()


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks (anywhere on the line).")
                     ] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True)] = None,
) -> None:
    STATE["debug"] = STATE["debug"] or debug


def fail(e: CchcError, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    one_line = " ".join(str(e).splitlines())  # library messages may quote multi-line parser errors
    err.print(f"[bold red]error:[/] {escape(one_line)}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def _usage(msg: str) -> typer.Exit:
    err.print(f"error: {msg}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(2)


@app.command()
def parse(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False,
        help="Plan files (.txt .docx .doc .pdf), folders, or - for stdin.")],
    out: Annotated[Optional[str], typer.Option(
        "-o", "--out", metavar="FILE|DIR", help="Output file (.yaml .yml .json) or folder (DIR/).")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="yaml|json",
                                               help="Output format (default: from -o, else yaml).")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Read scanned PDF pages with Tesseract (Vietnamese).")
                   ] = False,
    password: Annotated[Optional[str], typer.Option("--password", metavar="TEXT",
                                                    help="Password of an encrypted PDF.")] = None,
    units: Annotated[Optional[Path], typer.Option("--units", metavar="FILE",
                                                  help="Extra unit aliases (YAML).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes for folders "
                                      "(0 = cores).")] = 0,
    include: Annotated[list[str], typer.Option("--include", metavar="GLOB",
                                               help="Glob of files to take from folders.")] = [],
    exclude: Annotated[list[str], typer.Option("--exclude", metavar="GLOB",
                                               help="Glob of files to skip in folders.")] = [],
    force: Annotated[bool, typer.Option("--force", help="Re-parse files that did not change.")] = False,
    shard: Annotated[Optional[str], typer.Option("--shard", metavar="I/N",
                                                 help="Take only this shard of the inputs.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS",
                                           help="Time limit per file (0 = none).")] = 120.0,
    max_memory: Annotated[Optional[int], typer.Option(
        "--max-memory", metavar="MiB", help="Memory limit per file (0 = none; default $CCHC_BATCH_MEMORY_MB "
                                            "or 2048).")] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Follow symbolic links that leave an "
                                               "input folder.")] = False,
    fail_on_error: Annotated[bool, typer.Option("--fail-on-error/--no-fail-on-error",
                                                help="Exit 1 when a file of a batch failed.")] = True,
) -> None:
    """Parse plans. One file → its YAML/JSON (stdout without -o); folders → a mirrored output tree."""
    from cchc_parse.batch import BatchOptions, run_batch
    from cchc_parse.pipeline import ParseOptions, check_units

    if fmt and fmt not in ("yaml", "json"):
        raise _usage(f"--format must be yaml or json, not {fmt!r}")
    if jobs < 0:
        raise _usage(f"--jobs must be 0 (one worker per core) or more, not {jobs}")
    if timeout < 0 or (max_memory or 0) < 0:
        raise _usage("--timeout and --max-memory must be 0 (no limit) or more")
    inputs = _unique(inputs)
    if STDIN in map(str, inputs) and len(inputs) > 1:
        raise _usage("- (standard input) must be the only input")
    opts = BatchOptions(fmt=fmt or "yaml", jobs=jobs, include=list(include), exclude=list(exclude),
                        force=force, shard=shard, quiet=quiet, timeout=timeout or math.inf, ocr=ocr,
                        password=password, units=units, follow_links=follow_links)
    if max_memory is not None:
        opts.memory_mb = max_memory
    try:
        check_units(units)
    except CchcError as e:
        raise fail(e, 2) from None
    if len(inputs) == 1 and not _is_dir(inputs[0]):
        popts = ParseOptions(ocr=ocr, password=password, units_file=units)
        _parse_one(inputs[0], out, fmt, popts, opts)
        return
    if out is None:
        raise _usage("parsing folders or several files needs -o OUTDIR")
    try:
        code = run_batch(inputs, Path(out), opts, console=err)
    except CchcError as e:
        raise fail(e, 2) from None
    raise typer.Exit(code if fail_on_error or code > 1 else 0)  # 130/143: interrupted


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:  # a name too long: the parse reports it
        return False


def _unique(inputs: list[Path]) -> list[Path]:
    """The inputs in order, each file or folder once (``a.txt ./a.txt`` is one file)."""
    seen: set[str] = set()
    out = []
    for p in inputs:
        key = str(p) if str(p) == STDIN else os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def single_target(src: Path, out: str | None, fmt: str | None) -> tuple[Path | None, str]:
    """Where one input's output goes, and its format: stdout, a file, or ``DIR/<name>.<fmt>`` for an
    existing folder or a path ending in '/'. An unknown output extension is refused unless --format."""
    from cchc_parse.emit.serialize import is_stream
    from cchc_parse.errors import OutputError

    if out is None:
        return None, fmt or "yaml"
    if out.endswith(("/", os.sep)) or _is_dir(Path(out)):
        name = "stdin" if str(src) == STDIN else src.name
        return Path(out) / f"{name}.{fmt or 'yaml'}", fmt or "yaml"
    known = OUT_SUFFIXES.get(Path(out).suffix.lower())
    if known is None and fmt is None and not is_stream(Path(out)):  # /dev/stdout, a named pipe: YAML
        raise OutputError(out, "cchc writes YAML or JSON: name the output .yaml, .yml or .json, end it "
                               "with / for a folder, or give --format")
    return Path(out), fmt or known or "yaml"


def _parse_one(path: Path, out: str | None, fmt: str | None, popts: Any, opts: Any) -> None:
    import tempfile

    from cchc_parse.batch_io import IGNORED_SUFFIXES
    from cchc_parse.batch_worker import run_guarded
    from cchc_parse.errors import OutputError, UnsupportedFormat

    try:
        target, kind = single_target(path, out, fmt)
        if path.suffix.lower() in IGNORED_SUFFIXES:
            raise UnsupportedFormat(path, f"not a document cchc parses ({path.suffix}): give a .txt, .docx, "
                                          ".doc or .pdf file")
        if target is not None and target.exists() and path.exists() and os.path.samefile(target, path):
            raise OutputError(target, "the output is the input file: give another -o")
    except OSError as e:
        raise fail(CchcError(path, f"cannot read: {e.strerror or e}")) from None
    except CchcError as e:
        raise fail(e, 2 if isinstance(e, OutputError) else 1) from None
    cfg = {"memory_mb": opts.memory_mb, "fmt": kind, "parser": None, "popts": popts, "trace": STATE["debug"]}
    with tempfile.TemporaryDirectory(prefix="cchc-stdin-") as tmp:
        src = path
        if str(path) == STDIN:
            src = Path(tmp) / "stdin"
            src.write_bytes(sys.stdin.buffer.read())
        res = run_guarded({"src": str(src), "out": str(target) if target else None}, cfg, opts.timeout)
    if res.get("status") == "failed":
        _report_failure(path, res)
    sys.stdout.buffer.write(res.get("text", "").encode("utf-8"))
    sys.stdout.flush()


def _report_failure(path: Path, res: dict[str, Any]) -> None:
    from cchc_parse import errors

    if STATE["debug"] and res.get("trace"):
        err.file.write(res["trace"])
    cls = getattr(errors, str(res.get("error")), None)
    cls = cls if isinstance(cls, type) and issubclass(cls, CchcError) else CchcError
    reason = str(res.get("reason"))
    if res.get("error") in ("WorkerError", "OutOfMemory"):
        reason += " (see --timeout and --max-memory)"
    raise fail(cls(res.get("where") or path, reason))


def _register_validate() -> None:
    from cchc_parse.validate.command import rules_command, validate_command

    app.command("validate")(validate_command)
    app.command("rules")(rules_command)


_register_validate()  # the validate commands live beside the rules


def _register_compare() -> None:
    from cchc_parse.compare.cli import coverage_command, diff_command

    app.command("diff")(diff_command)
    app.command("coverage")(coverage_command)


_register_compare()  # comparing plans: this year against last year, a unit's plan against the province's


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from cchc_parse.emit.schema import schema_text

    sys.stdout.write(schema_text())


def main() -> None:
    args = sys.argv[1:]
    end = args.index("--") if "--" in args else len(args)
    if "--debug" in args[:end]:  # accepted anywhere, not only before the subcommand
        args = [a for i, a in enumerate(args) if a != "--debug" or i >= end]
        STATE["debug"] = True
    try:
        app(args=args, prog_name="cchc")
    except CchcError as e:  # commands catch their own; with --debug they re-raise to here
        if STATE["debug"]:
            import traceback

            traceback.print_exc()
        else:
            err.print(f"error: {' '.join(str(e).splitlines())}", markup=False, soft_wrap=True)
        sys.exit(1)
