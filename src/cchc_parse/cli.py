"""The `cchc` command: I/O, formats and exit codes only; the work is in the library."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cchc_parse import __version__, cli_coerce
from cchc_parse.cli_app import STATE, STDIN, LazyTyper, err, fail, usage, value_hints
from cchc_parse.cli_single import is_dir, parse_one, unique_inputs
from cchc_parse.errors import CchcError

app = LazyTyper(no_args_is_help=True,
                help="Turn Vietnamese administrative-reform plans (Kế hoạch CCHC) into validated YAML/JSON.")
value_hints()
cli_coerce.install()


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks (anywhere on the line).")
                     ] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="vi|en", help="Language of messages and of the files written (anywhere on the line; "
                                        "default $CCHC_LANG, else Vietnamese; on screen the locale).")] = None,
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    STATE["debug"] = STATE["debug"] or debug
    if lang is not None:  # main() takes it off the line; this is for callers of `app` itself
        os.environ["CCHC_LANG"] = _chosen_lang(lang)


@app.command()
def parse(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False,
        help="Plan files (.txt .docx .doc .pdf), folders, or - for stdin.")],
    out: Annotated[str | None, typer.Option(
        "-o", "--out", metavar="FILE|DIR", help="Output file (.yaml .yml .json) or folder (DIR/).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="yaml|json",
                                               help="Output format (default: from -o, else yaml).")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Read scanned PDF pages with Tesseract (Vietnamese).")
                   ] = False,
    password: Annotated[str | None, typer.Option("--password", metavar="TEXT",
                                                    help="Password of an encrypted PDF.")] = None,
    units: Annotated[Path | None, typer.Option("--units", metavar="FILE",
                                                  help="Extra unit aliases (YAML).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes for folders "
                                      "(0 = cores).")] = 0,
    include: Annotated[list[str] | None, typer.Option("--include", metavar="GLOB",
                                                      help="Glob of files to take from folders.")] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", metavar="GLOB",
                                                      help="Glob of files to skip in folders.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-parse files that did not change.")] = False,
    shard: Annotated[str | None, typer.Option("--shard", metavar="I/N",
                                                 help="Take only this shard of the inputs.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS",
                                           help="Time limit per file (0 = none).")] = 120.0,
    max_memory: Annotated[int | None, typer.Option(
        "--max-memory", metavar="MiB", help="Memory limit per file (0 = none; default $CCHC_BATCH_MEMORY_MB "
                                            "or 2048).")] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Follow symbolic links that leave an "
                                               "input folder.")] = False,
    fail_on_error: Annotated[bool, typer.Option("--fail-on-error/--no-fail-on-error",
                                                help="Exit 1 when a file of a batch failed.")] = True,
    executor: Annotated[str, typer.Option(
        "--executor", metavar="local|dask", help="Where a batch's files are parsed: local worker processes, "
                                                 "or a Dask cluster.")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786) for --executor dask; "
                                               "without it, a local Dask cluster.")] = None,
    parquet: Annotated[bool, typer.Option(
        "--parquet", help="Also write OUT/parquet/: tasks, task units, plans and references, by province and "
                          "year.")] = False,
) -> None:
    """Parse plans. One file → its YAML/JSON (stdout without -o); folders → a mirrored output tree."""
    from cchc_parse.batch.options import BatchOptions
    from cchc_parse.options import ParseOptions, check_units

    if exclude is None:
        exclude = []
    if include is None:
        include = []
    if fmt and fmt not in ("yaml", "json"):
        from cchc_parse.i18n import gettext, terminal_lang

        raise usage(gettext("--format must be yaml or json, not {fmt!r}", terminal_lang()).format(fmt=fmt))
    if jobs < 0:
        from cchc_parse.i18n import gettext, terminal_lang

        raise usage(gettext("--jobs must be 0 (one worker per core) or more, not {jobs}",
                             terminal_lang()).format(jobs=jobs))
    if timeout < 0 or (max_memory or 0) < 0:
        raise usage("--timeout and --max-memory must be 0 (no limit) or more")
    inputs = unique_inputs(inputs)
    if STDIN in map(str, inputs) and len(inputs) > 1:
        raise usage("- (standard input) must be the only input")
    opts = BatchOptions(fmt=fmt or "yaml", jobs=jobs, include=list(include), exclude=list(exclude),
                        force=force, shard=shard, quiet=quiet, timeout=timeout or math.inf, ocr=ocr,
                        password=password, units=units, follow_links=follow_links, parquet=parquet,
                        executor="dask" if scheduler else executor, scheduler=scheduler)
    if max_memory is not None:
        opts.memory_mb = max_memory
    try:
        check_units(units)
    except CchcError as e:
        raise fail(e, 2) from None
    if len(inputs) == 1 and not is_dir(inputs[0]):
        if parquet or opts.executor != "local":
            raise usage("--executor, --scheduler and --parquet are for a batch: folders or several files")
        popts = ParseOptions(ocr=ocr, password=password, units_file=units)
        parse_one(inputs[0], out, fmt, popts, opts)
        return
    from cchc_parse import prefork

    prefork.discard()  # a batch: the worker started for one file is not needed
    if out is None:
        raise usage("parsing folders or several files needs -o OUTDIR")
    from cchc_parse.batch import run_batch

    try:
        code = run_batch(inputs, Path(out), opts, console=err())
    except CchcError as e:
        raise fail(e, 2) from None
    raise typer.Exit(code if fail_on_error or code > 1 else 0)  # 130/143: interrupted


def _register_validate() -> None:
    from cchc_parse.validate.command import rules_command, validate_command

    app.command("validate")(validate_command)
    app.command("rules")(rules_command)


app.defer(_register_validate)  # the validate commands live beside the rules


def _register_compare() -> None:
    from cchc_parse.compare.cli import coverage_command, diff_command

    app.command("diff")(diff_command)
    app.command("coverage")(coverage_command)


app.defer(_register_compare)  # comparing plans: this year with last year, a unit's plan with the province's


def _register_desk() -> None:
    from cchc_parse.desk.cli import calendar_command, report_command
    from cchc_parse.store.serve import serve_command

    app.command("serve")(serve_command)
    app.command("report")(report_command)
    app.command("calendar")(calendar_command)


app.defer(_register_desk)  # the analysts' desk: the web UI on the database, the HTML report, the calendar


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from cchc_parse.emit.schema import schema_text

    sys.stdout.write(schema_text())


def _chosen_lang(value: str) -> str:
    from cchc_parse.i18n import normalise

    lang = normalise(value)
    if lang is None or value.strip().lower() not in ("vi", "en"):
        from cchc_parse.i18n import gettext, terminal_lang

        raise usage(gettext("--lang must be vi or en, not {value!r}", terminal_lang()).format(value=value))
    return lang


def _take_lang(args: list[str]) -> tuple[list[str], str | None]:
    """``--lang vi`` / ``--lang=vi`` anywhere before ``--``: (the other arguments, the value)."""
    out, value, i = [], None, 0
    end = args.index("--") if "--" in args else len(args)
    while i < len(args):
        a = args[i]
        if i < end and a == "--lang":
            if i + 1 >= end:
                value = ""
                i += 1
                continue
            value, i = args[i + 1], i + 2
            continue
        if i < end and a.startswith("--lang="):
            value = a.split("=", 1)[1]
        else:
            out.append(a)
        i += 1
    return out, value


def _localised_app(lang: str) -> Any:
    """The click command of ``app`` with its help texts (and typer's and click's words) in ``lang``."""
    from cchc_parse.cli_help import localise_command

    return localise_command(typer.main.get_command(app), lang)


def main() -> None:
    args = sys.argv[1:]
    end = args.index("--") if "--" in args else len(args)
    if "--debug" in args[:end]:  # accepted anywhere, not only before the subcommand
        args = [a for i, a in enumerate(args) if a != "--debug" or i >= end]
        STATE["debug"] = True
    args, lang = _take_lang(args)  # accepted anywhere too
    try:
        if lang is not None:  # the workers (other processes) and the files written follow it
            os.environ["CCHC_LANG"] = _chosen_lang(lang)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    from cchc_parse.i18n import terminal_lang

    app.drop_deferred_for(args)  # `cchc parse`: the other commands' modules are not imported
    try:
        _localised_app(terminal_lang())(args=args, prog_name="cchc")
    except CchcError as e:  # commands catch their own; with --debug they re-raise to here
        if STATE["debug"]:
            import traceback

            traceback.print_exc()
        else:
            from cchc_parse.error_text import error_line

            err().print(error_line(e, terminal_lang()), markup=False, soft_wrap=True)
        sys.exit(1)


def _exit_status(code: object) -> int:
    """The process status a SystemExit code means (as the interpreter maps it)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def run() -> None:
    """The ``cchc`` console script: main(), then a quick exit. The interpreter's own teardown (module
    clean-up and a last collection over every object the parse made) costs a one-page parse about
    30 ms, a fifth of its time; here the atexit handlers run and the standard streams are flushed as at
    a normal exit, then the process ends. A bug's traceback or Ctrl-C takes the normal way out."""
    import atexit

    try:
        main()
        status = 0
    except SystemExit as e:
        status = _exit_status(e.code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as the interpreter, exit 120 when stdout fails
            if stream is sys.stdout:
                status = 120
    os._exit(status)
