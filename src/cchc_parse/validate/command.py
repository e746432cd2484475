"""`cchc validate` and `cchc rules`: options, output and exit codes only; the work is in load/report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cchc_parse.diagnostics import PARSE_CODES, localised
from cchc_parse.errors import CchcError
from cchc_parse.i18n import _, output_lang, terminal_lang, use
from cchc_parse.validate import report
from cchc_parse.validate.config import (
    LEVELS,
    Config,
    ConfigError,
    ConfigFinder,
    make_flags,
    merge,
    read_config_file,
)
from cchc_parse.validate.load import INPUT_CODES, FileResult, check_file, iter_inputs
from cchc_parse.validate.registry import load_rules


def _usage(msgid: str, **params: object) -> typer.Exit:
    """A usage error on the terminal (``msgid`` translated, then formatted with ``params``)."""
    with use(terminal_lang()):
        text = _(msgid).format(**params)
        label = _("error:")
        Console(stderr=True, highlight=False).print(f"[bold red]{escape(label)}[/] {escape(text)}")
    return typer.Exit(2)


def report_lang(fmt: str, output: Path | None) -> str:
    """The human report on the screen speaks the terminal's language; files and machine formats
    (json, github, junit) the output language, so they are the same bytes on any machine."""
    return terminal_lang() if fmt == "human" and output is None else output_lang()


def _localise(results: list[FileResult], lang: str) -> list[FileResult]:
    """Every finding's message in ``lang`` (rebuilt from its code and params)."""
    from dataclasses import replace

    return [replace(r, findings=[replace(f, diag=localised(f.diag, lang)) for f in r.findings]) for r in results]


def validate_command(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Plans (.yaml .yml .json), documents "
                                                "(.txt .docx .doc .pdf) or folders.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="human|json|github|junit",
                                     help="Report format.")] = "human",
    select: Annotated[list[str] | None, typer.Option("--select", metavar="CODES",
                                                     help="Only these codes, prefixes or names (S,T201).")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="CODES",
                                                     help="Skip these codes, prefixes or names.")] = None,
    severity: Annotated[list[str] | None, typer.Option(
        "--severity", metavar="CODE=LEVEL", help="Override a severity: CODE=error|warning|info|off.")] = None,
    fail_level: Annotated[str | None, typer.Option(
        "--fail-level", metavar="LEVEL",
        help="Exit 1 on findings at or above this level: error (default), warning or info.")] = None,
    min_level: Annotated[str, typer.Option(
        "--min-level", metavar="LEVEL",
        help="Report findings at or above this level (info shows the parser's notes).")] = "warning",
    config: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE",
        help="Settings file (.cchc.yaml or pyproject.toml) instead of the one found upwards from each file.")
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore settings files.")] = False,
    output: Annotated[Path | None, typer.Option("--output-file", "-o", metavar="FILE",
                                                   help="Write the report to a file.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Documents: read scanned PDF pages with Tesseract.")
                   ] = False,
    password: Annotated[str | None, typer.Option("--password", metavar="TEXT",
                                                    help="Documents: password of an encrypted PDF.")] = None,
    units: Annotated[Path | None, typer.Option("--units", metavar="FILE",
                                                  help="Documents: extra unit aliases (YAML).")] = None,
) -> None:
    """Check plans and documents against the schema and the lint rules (exit 0 clean, 1 findings, 2 error)."""
    fmt = "human" if fmt == "text" else fmt
    if fmt not in report.FORMATS:
        raise _usage("--format must be one of {choices}, not {value!r}", choices=", ".join(report.FORMATS),
                     value=fmt)
    if min_level not in LEVELS:
        raise _usage("--min-level must be one of {choices}, not {value!r}", choices=", ".join(LEVELS),
                     value=min_level)
    from cchc_parse.options import ParseOptions, check_units

    try:
        check_units(units)
    except CchcError as e:
        raise _usage("{reason}", reason=str(e)) from None
    popts = ParseOptions(ocr=ocr, password=password, units_file=units)
    lang = report_lang(fmt, output)
    try:
        flags = make_flags(select, ignore, severity, fail_level)
        fixed: Config | None = None
        if config is not None:
            fixed = read_config_file(config) or Config(source=str(config))
        finder = ConfigFinder()
        results = []
        with use(lang):  # the reasons a file cannot be checked, in the report's language
            for path in iter_inputs(paths):
                base = fixed if (fixed or isolated) else finder.for_file(path)
                results.append(check_file(path, merge(base, flags), popts))
    except ConfigError as e:
        raise _usage("{reason}", reason=str(e)) from None
    if not results:
        raise _usage("no plans or documents found in {paths}", paths=", ".join(map(str, paths)))
    with use(lang):
        _write(_localise(results, lang), fmt, min_level, output)
    raise typer.Exit(report.exit_code(results))


def _write(results: list[FileResult], fmt: str, min_level: str, output: Path | None) -> None:
    import io

    from cchc_parse.emit.serialize import write_atomic

    if fmt == "human":
        if output is None:
            report.render_human(results, Console(highlight=False, soft_wrap=True), min_level)
            return
        buf = io.StringIO()
        report.render_human(results, Console(file=buf, highlight=False, no_color=True, width=200), min_level)
        text = buf.getvalue()
    else:
        text = report.render_text(results, fmt, min_level)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except CchcError as e:
        raise _usage("{reason}", reason=str(e)) from None


# ---------------------------------------------------------------------------------------------- rules
def rules_command(
    code: Annotated[str | None, typer.Argument(help="A code or name to explain (S101, numbering-gap).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List the lint rules, or explain one with its example."""
    with use(terminal_lang()):
        _rules(code, fmt)


def _rules(code: str | None, fmt: str) -> None:
    rules = load_rules()
    console = Console(highlight=False, soft_wrap=True)
    if code is None:
        if fmt == "json":
            data = [{"code": r.code, "name": r.name, "severity": r.severity.value, "summary": _(r.summary),
                     "doc": _(r.doc), "fail": _(r.example_fail), "ok": _(r.example_pass)}
                    for r in sorted(rules.values(), key=lambda r: r.code)]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        table = Table(title=_("cchc lint rules"), show_lines=False)
        for col in (_("Code"), _("Name"), _("Severity"), _("Summary")):
            table.add_column(col, overflow="fold")
        for c, r in sorted(rules.items()):
            table.add_row(c, r.name, r.severity.value, escape(_(r.summary)))
        console.print(table)
        console.print(_("Input (V…) and parser (P…) codes are explained too: cchc rules V001, cchc rules P006."))
        return
    key = code.strip()
    found = rules.get(key.upper()) or next((r for r in rules.values() if r.name == key), None)
    if found is not None:
        console.print(f"[bold]{found.code}[/] {found.name} ({found.severity.value})")
        console.print(escape(_(found.summary)))
        if found.doc:
            console.print()
            console.print(escape(_(found.doc)))
        if found.example_fail:
            console.print("\n[bold red]" + escape(_("Reported:")) + "[/]")
            console.print(escape(_indent(_(found.example_fail))))
        if found.example_pass:
            console.print("\n[bold green]" + escape(_("Fine:")) + "[/]")
            console.print(escape(_indent(_(found.example_pass))))
        return
    other = {**INPUT_CODES, **PARSE_CODES}
    ocode = key.upper() if key.upper() in other else next((c for c, v in other.items() if v[0] == key), None)
    if ocode is not None:
        name, sev, text = other[ocode]
        kind = _("input code") if ocode.startswith("V") else _("parser code")
        console.print(f"[bold]{ocode}[/] {name} ({sev.value}, {kind})")
        console.print(escape(_(text)))
        return
    raise _usage("unknown rule {code!r}: `cchc rules` lists them", code=code)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
