"""Files → checked plans: YAML/JSON plans (schema errors with line:col) and source documents (parsed)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from cchc_parse import model
from cchc_parse.diagnostics import (
    EXTRA_MESSAGES,
    SEVERITY_RANK,
    Diagnostic,
    Location,
    Severity,
    format_message,
)
from cchc_parse.errors import CchcError
from cchc_parse.i18n import N_, _, output_lang
from cchc_parse.model import PlanDocument
from cchc_parse.validate.config import Config
from cchc_parse.validate.plan_paths import dotted, id_paths, item_name, overlap, path_of, prune, resolve
from cchc_parse.validate.positions import PlanPath, load_json, load_yaml
from cchc_parse.validate.registry import selected

if TYPE_CHECKING:
    from cchc_parse.pipeline import ParseOptions

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
SOURCE_SUFFIXES = (".txt", ".docx", ".doc", ".pdf")

# Codes of the loader's own findings (not lint rules: they are about the file, not the plan).
INPUT_CODES: dict[str, tuple[str, Severity, str]] = {
    "V001": ("schema-error", Severity.error,
             "A value does not fit the published schema (wrong type, unknown field, missing field)."),
    "V002": ("schema-newer-minor", Severity.warning,
             "The file was written by a newer minor schema version; fields it added are reported as unknown."),
    "V003": ("not-a-plan", Severity.warning,
             "A YAML/JSON file without schema_name, document, sections or tasks is not a cchc plan: skipped."),
    "V004": ("rule-crashed", Severity.error, "A lint rule failed on this input (a bug in cchc: please report it)."),
    "V005": ("duplicate-key", Severity.error,
             "A key is given twice in one mapping: YAML and JSON keep only the last, so the first is lost "
             "(a second `tasks:` drops every task of the first)."),
}


# The messages of the loader's codes (English msgids; the params' keys pick one).
EXTRA_MESSAGES.update({
    "V001": (N_("{field}: {error}"), N_("{field}: {error}, got {got}"),
             N_("{field} (task {task}): {error}"), N_("{field} (task {task}): {error}, got {got}"),
             N_("{field} (section {section}): {error}"), N_("{field} (section {section}): {error}, got {got}"),
             N_("{field} (reference {reference}): {error}"),
             N_("{field} (reference {reference}): {error}, got {got}")),
    "V002": (N_("written for schema {version}, a newer minor version than {ours}: fields it added are reported "
                "as unknown"),),
    "V003": (N_("not a cchc plan (no schema_name, document, sections or tasks): skipped"),),
    "V004": (N_("rule {rule} ({name}) failed: {error}"),),
    "V005": (N_("duplicate key {key!r}: only its last value is read"),),
})


class InputProblem(Exception):
    """The file cannot be checked at all (unreadable, bad YAML/JSON, other schema major): exit 2."""


@dataclass
class FileFinding:
    """A diagnostic placed in the checked file: ``line``/``col`` are positions in *that* file."""

    diag: Diagnostic
    line: int | None = None
    col: int | None = None

    @property
    def severity(self) -> Severity:
        return self.diag.severity

    def sort_key(self) -> tuple[int, int, int, str, str]:
        loc = self.diag.location
        return (loc.page or 0, self.line or 0, self.col or 0, self.diag.code, self.diag.message)


@dataclass
class FileResult:
    path: str
    kind: str  # plan | source
    findings: list[FileFinding] = field(default_factory=list)
    error: str | None = None  # set when the file could not be checked (exit 2)
    skipped: bool = False
    fail_level: str = "error"  # from the file's settings

    @property
    def failing(self) -> list[FileFinding]:
        """Findings at or above this file's fail level."""
        rank = SEVERITY_RANK[Severity(self.fail_level)]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]


# ------------------------------------------------------------------------------------------ inputs
def iter_inputs(paths: Sequence[Path]) -> Iterator[Path]:
    """Files as given, folders walked in sorted order (plans and source documents, hidden dirs skipped)."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) \
                        and f.suffix.lower() in PLAN_SUFFIXES + SOURCE_SUFFIXES:
                    yield f
        else:
            yield p


# --------------------------------------------------------------------------------- schema version
def _version(v: str) -> tuple[int, int, int] | None:
    m = re.fullmatch(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*", v)
    return (int(m[1]), int(m[2] or 0), int(m[3] or 0)) if m else None


SCHEMA_VERSION = model.SCHEMA_VERSION


def check_version(value: str) -> str | None:
    """None when readable as is; a warning for a newer minor; raises InputProblem for another major."""
    ours, theirs = _version(SCHEMA_VERSION), _version(value)
    assert ours is not None
    if theirs is None:
        raise InputProblem(_("schema_version {value!r} is not MAJOR.MINOR.PATCH").format(value=value))
    if theirs[0] > ours[0]:
        raise InputProblem(_("written for schema {value} (cchc.plan {major}.x), newer than this cchc reads "
                             "({ours}): upgrade cchc to validate it").format(value=value, major=theirs[0],
                                                                             ours=SCHEMA_VERSION))
    if theirs[0] < ours[0]:
        raise InputProblem(_("written for schema {value}, an older major version than this cchc reads "
                             "({ours}): re-export it with a current cchc").format(value=value, ours=SCHEMA_VERSION))
    if theirs[1] > ours[1]:
        return (f"written for schema {value}, a newer minor version than {SCHEMA_VERSION}: "
                "fields it added are reported as unknown")
    return None


# ------------------------------------------------------------------------------------- plan files
def _finding(code: str, params: dict[str, Any], line: int | None = None, col: int | None = None,
             path: str | None = None) -> FileFinding:
    name, sev, _text = INPUT_CODES[code]
    return FileFinding(Diagnostic(code=code, severity=sev, message=format_message(code, params, output_lang()),
                                  name=name, location=Location(path=path), params=params), line, col)


def _schema_findings(e: ValidationError, data: Any, pos: dict[PlanPath, tuple[int, int]]
                     ) -> tuple[list[FileFinding], list[PlanPath]]:
    out: list[FileFinding] = []
    seen: set[tuple[PlanPath, str]] = set()
    bad: list[PlanPath] = []
    for err in e.errors(include_url=False):
        where, at = resolve(pos, err["loc"])
        exact = tuple(x for x in err["loc"] if isinstance(x, str | int))
        if (where, err["msg"]) in seen:
            continue
        seen.add((where, err["msg"]))
        bad.append(exact if err["type"] != "missing" else where)
        got = {} if err["type"] in ("missing", "extra_forbidden") else {"got": repr(err["input"])}
        field_path = dotted(exact if err["type"] != "missing" else where + exact[len(where):])
        params = {"field": field_path, **item_name(data, exact), "error": err["msg"], **got}
        line, col = at or (None, None)
        out.append(_finding("V001", params, line, col, path=field_path))
    return out, bad


def _looks_like_plan(data: dict[str, Any]) -> bool:
    return any(k in data for k in ("schema_name", "document", "sections", "tasks"))


def check_plan_file(path: Path, cfg: Config) -> FileResult:
    """Validate a YAML/JSON plan against the schema and models, then lint it."""
    res = FileResult(str(path), "plan")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputProblem(_("cannot read: {reason}").format(reason=getattr(e, "strerror", None) or e)) from None
    raw: dict[PlanPath, str] = {}
    if path.suffix.lower() == ".json":
        try:
            data, pos, dups = load_json(text)
        except json.JSONDecodeError as e:
            raise InputProblem(_("bad JSON at line {line}, column {col}: {reason}").format(
                line=e.lineno, col=e.colno, reason=e.msg)) from None
        except ValueError as e:  # "Exceeds the limit (4300 digits) for integer string conversion"
            raise InputProblem(_("bad JSON: a number too long to read ({reason})").format(
                reason=str(e).split(";")[0])) from None
    else:
        try:
            data, pos, raw, dups = load_yaml(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            reason = getattr(e, "problem", None) or e
            raise InputProblem(_("bad YAML at line {line}, column {col}: {reason}").format(
                line=mark.line + 1, col=mark.column + 1, reason=reason) if mark
                else _("bad YAML: {reason}").format(reason=reason)) from None
    if not isinstance(data, dict):
        raise InputProblem(_("a plan must be a mapping at the top level"))
    for key, line, col in dups:
        res.findings.append(_finding("V005", {"key": key}, line, col))
    if not _looks_like_plan(data):
        res.skipped = True
        res.findings.append(_finding("V003", {}, 1, 1))
        return _apply(res, cfg)
    name = data.get("schema_name", model.SCHEMA_NAME)
    if name != model.SCHEMA_NAME:
        raise InputProblem(_("schema_name is {name!r}, not {ours!r}: not a cchc plan").format(
            name=name, ours=model.SCHEMA_NAME))
    if "schema_version" in data:
        version = raw.get(("schema_version",), str(data["schema_version"]))
        data["schema_version"] = version
        warning = check_version(version)
        if warning:
            v_line, v_col = pos.get(("schema_version",), (None, None))
            res.findings.append(_finding("V002", {"version": version, "ours": SCHEMA_VERSION}, v_line, v_col,
                                         path="schema_version"))
    data.pop("diagnostics", None)  # stored findings are from the parse run; the rules run again below
    doc: PlanDocument | None = None
    pruned: list[PlanPath] = []
    for attempt in range(4):
        try:
            doc = PlanDocument.model_validate(data)
            break
        except ValidationError as e:
            found, bad = _schema_findings(e, data, pos)
            if attempt == 0:
                res.findings.extend(found)
            if not prune(data, bad):
                break
            pruned.extend(bad)
    if doc is not None:
        ids = id_paths(doc)
        for d in lint(doc):
            where = path_of(d.location, doc, ids)
            if any(overlap(where, p) for p in pruned):
                continue  # about a value already reported as a schema error
            _where, at = resolve(pos, where)
            res.findings.append(FileFinding(d, *(at or (None, None))))
    return _apply(res, cfg)


# ----------------------------------------------------------------------------------- source files
def check_source_file(path: Path, cfg: Config, popts: ParseOptions | None = None) -> FileResult:
    """Parse a .txt/.docx/.doc/.pdf document, then keep its parser diagnostics and lint it."""
    from dataclasses import replace

    from cchc_parse.pipeline import ParseOptions, parse_file

    try:
        doc = parse_file(path, replace(popts or ParseOptions(), lint=False)).doc
    except CchcError as e:
        raise InputProblem(e.reason) from None
    res = FileResult(str(path), "source")
    for d in [*doc.diagnostics, *lint(doc)]:
        loc = d.location
        res.findings.append(FileFinding(d, loc.line, None))
    return _apply(res, cfg)


def lint(doc: PlanDocument) -> list[Diagnostic]:
    """Every registered rule's findings (selection and severities are applied later, per file)."""
    out: list[Diagnostic] = []
    for r in selected():
        try:
            out.extend(r.diagnostic(f) for f in r.check(doc))
        except Exception as e:  # a rule bug must not hide the other findings
            out.append(_finding("V004", {"rule": r.code, "name": r.name, "error": repr(e)}).diag)
    return out


def _apply(res: FileResult, cfg: Config) -> FileResult:
    """Keep selected findings, with their overridden severities, sorted by position."""
    kept: list[FileFinding] = []
    for f in res.findings:
        d = f.diag
        if not cfg.wants(d.code, d.name):
            continue
        sev = cfg.severity_of(d.code, d.name, d.severity)
        if sev is not None and sev != d.severity:
            f = FileFinding(d.model_copy(update={"severity": sev}), f.line, f.col)
        kept.append(f)
    res.findings = sorted(kept, key=FileFinding.sort_key)
    res.fail_level = cfg.fail_level
    return res


def check_file(path: Path, cfg: Config, popts: ParseOptions | None = None) -> FileResult:
    """One file → its result; never raises for bad input (the error goes in ``FileResult.error``), and
    one file's failure never stops the others."""
    kind = "plan" if path.suffix.lower() in PLAN_SUFFIXES else "source"
    try:
        if not path.exists():
            raise InputProblem(_("no such file or folder"))
        if not path.is_file():
            raise InputProblem(_("not a regular file"))
        return check_plan_file(path, cfg) if kind == "plan" else check_source_file(path, cfg, popts)
    except InputProblem as e:
        error = str(e)
    except RecursionError:
        error = _("nested too deeply to check")
    except MemoryError:
        error = _("ran out of memory")
    except OSError as e:
        error = _("cannot read: {reason}").format(reason=e.strerror or e)
    except Exception as e:  # a bug in cchc: reported on this file, the others are still checked
        error = _("internal error ({kind}: {error}); please report it").format(kind=type(e).__name__, error=e)
    return FileResult(str(path), kind, error=error, fail_level=cfg.fail_level)
