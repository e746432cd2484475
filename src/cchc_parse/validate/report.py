"""Render validate results: human (rich, grouped by file), json, github annotations, junit XML."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.markup import escape

from cchc_parse import __version__
from cchc_parse.diagnostics import SEVERITY_RANK, Severity
from cchc_parse.i18n import N_, _, ngettext
from cchc_parse.validate.load import FileFinding, FileResult

FORMATS = ("human", "json", "github", "junit")
_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
# severity words of the human report (the machine formats keep error/warning/info)
_LEVEL = {Severity.error: N_("error"), Severity.warning: N_("warning"), Severity.info: N_("info")}


def shown(res: FileResult, min_level: str = "warning") -> list[FileFinding]:
    """Findings at or above ``min_level`` (never hiding one that fails the run)."""
    rank = min(SEVERITY_RANK[Severity(min_level)], SEVERITY_RANK[Severity(res.fail_level)])
    return [f for f in res.findings if SEVERITY_RANK[f.severity] >= rank]


def exit_code(results: Sequence[FileResult]) -> int:
    """2 when a file could not be checked, 1 when a finding reaches its file's fail level, else 0."""
    if any(r.error for r in results):
        return 2
    return 1 if any(r.failing for r in results) else 0


def _where(f: FileFinding) -> str:
    """'45', '12:7', 'p3:12' (line on a PDF page), or '-' when the finding has no line."""
    page = f.diag.location.page
    if f.line is None:
        return f"p{page}" if page else "-"
    pos = f"{f.line}:{f.col}" if f.col else str(f.line)
    return f"p{page}:{pos}" if page else pos


def _extra(res: FileResult, f: FileFinding) -> str:
    loc = f.diag.location
    bits = []
    if res.kind == "plan" and loc.line is not None:
        bits.append(_("source line {line}").format(line=loc.line))
    if loc.row is not None:
        bits.append(_("row {row}").format(row=loc.row))
    return f" ({', '.join(bits)})" if bits else ""


def _counts(results: Sequence[FileResult], min_level: str) -> Counter[str]:
    c: Counter[str] = Counter()
    for r in results:
        for f in shown(r, min_level):
            c[f.severity.value] += 1
    return c


# -------------------------------------------------------------------------------------------- human
def render_human(results: Sequence[FileResult], console: Console, min_level: str = "warning") -> None:
    for r in results:
        items = shown(r, min_level)
        if r.error:
            console.print(f"[bold]{escape(r.path)}[/]")
            console.print("  [bold red]" + escape(_("cannot check:")) + f"[/] {escape(r.error)}")
            continue
        if not items:
            continue
        console.print(f"[bold]{escape(r.path)}[/]")
        width = max(len(_where(f)) for f in items)
        level_width = max(len(_(w)) for w in _LEVEL.values())
        for f in items:
            d = f.diag
            level = _(_LEVEL[d.severity])
            console.print(f"  {_where(f):>{width}}  [{_STYLE[d.severity]}]{level:<{level_width}}[/] "
                          f"[bold]{d.code}[/] {escape(d.message)}{escape(_extra(r, f))} [dim]{d.name or ''}[/]",
                          soft_wrap=True)
    c = _counts(results, min_level)
    bad = sum(1 for r in results if r.error)
    n = len(results)
    files = ngettext("{n} file checked", "{n} files checked", n).format(n=n)
    if not sum(c.values()) and not bad:
        console.print("[green]✓[/] " + _("{files}, no findings").format(files=files))
        return
    words = {"error": ngettext("{n} error", "{n} errors", c["error"]),
             "warning": ngettext("{n} warning", "{n} warnings", c["warning"]),
             "info": ngettext("{n} info", "{n} info", c["info"])}
    parts = [words[s].format(n=c[s]) for s in ("error", "warning", "info") if c[s]]
    line = _("{files}: {counts}").format(files=files, counts=", ".join(parts) or _("no findings"))
    if bad:
        line += _("; {n} could not be checked").format(n=bad)
    console.print(line)


# --------------------------------------------------------------------------------------------- json
def _finding_dict(f: FileFinding) -> dict[str, object]:
    d = f.diag
    return {"code": d.code, "name": d.name, "severity": d.severity.value, "message": d.message,
            "line": f.line, "col": f.col, "source": d.location.model_dump(mode="json")}


def render_json(results: Sequence[FileResult], min_level: str = "warning") -> str:
    files = []
    for r in results:
        items = shown(r, min_level)
        status = "error" if r.error else "skipped" if r.skipped else "findings" if items else "clean"
        files.append({"file": r.path, "kind": r.kind, "status": status, "error": r.error,
                      "fail_level": r.fail_level, "findings": [_finding_dict(f) for f in items]})
    c = _counts(results, min_level)
    out = {"tool": "cchc", "version": __version__, "files": files,
           "summary": {"files": len(results), "error": c["error"], "warning": c["warning"], "info": c["info"],
                       "unchecked": sum(1 for r in results if r.error), "exit_code": exit_code(results)}}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------------- github
def _esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


_GH_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def render_github(results: Sequence[FileResult], min_level: str = "warning") -> str:
    """GitHub Actions workflow commands: ``::warning file=a.yaml,line=3,col=5,title=T201::message``."""
    lines = []
    for r in results:
        if r.error:
            text = _("cannot check:") + " " + r.error
            lines.append(f"::error file={_esc_prop(r.path)},title=cchc::{_esc_data(text)}")
            continue
        for f in shown(r, min_level):
            d = f.diag
            props = [f"file={_esc_prop(r.path)}"]
            if f.line is not None and d.location.page is None:
                props.append(f"line={f.line}")
                if f.col:
                    props.append(f"col={f.col}")
            props.append(f"title={_esc_prop(d.code)}")
            msg = f"{d.message} [{d.name}]" if d.name else d.message
            lines.append(f"::{_GH_LEVEL[d.severity]} {','.join(props)}::{_esc_data(msg)}")
    return "".join(line + "\n" for line in lines)


# -------------------------------------------------------------------------------------------- junit
def render_junit(results: Sequence[FileResult], min_level: str = "warning") -> str:
    """One <testsuite> per file; a finding at or above the file's fail level is a <failure>."""
    root = ET.Element("testsuites", name="cchc validate")
    total = failures = errors = 0
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=r.path)
        cases = fails = errs = 0
        if r.error:
            case = ET.SubElement(suite, "testcase", classname="cchc.validate", name=r.path)
            ET.SubElement(case, "error", type="input-error", message=r.error).text = r.error
            cases, errs = 1, 1
        else:
            items = shown(r, min_level)
            failing = {id(f) for f in r.failing}
            for f in items:
                d = f.diag
                case = ET.SubElement(suite, "testcase", classname=r.path,
                                     name=f"{d.code} {d.name or ''} at {_where(f)}".replace("  ", " "))
                text = f"{r.path}:{_where(f)}: {d.severity.value} {d.code} {d.message}"
                if id(f) in failing:
                    ET.SubElement(case, "failure", type=d.code, message=d.message).text = text
                    fails += 1
                else:
                    ET.SubElement(case, "system-out").text = text
                cases += 1
            if not items:
                ET.SubElement(suite, "testcase", classname="cchc.validate", name=r.path)
                cases = 1
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        suite.set("errors", str(errs))
        total, failures, errors = total + cases, failures + fails, errors + errs
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_text(results: Sequence[FileResult], fmt: str, min_level: str = "warning") -> str:
    """A machine format (json, github, junit) as text."""
    return {"json": render_json, "github": render_github, "junit": render_junit}[fmt](results, min_level)
