"""Files → checked plans: YAML/JSON plans (schema errors with line:col) and source documents (parsed)."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from cchc_parse import model
from cchc_parse.diagnostics import SEVERITY_RANK, Diagnostic, Location, Severity
from cchc_parse.errors import CchcError
from cchc_parse.model import PlanDocument, Section
from cchc_parse.validate.config import Config
from cchc_parse.validate.registry import selected
from cchc_parse.validate.yaml_limits import BoundedLoader, check_node, duplicate_keys

if TYPE_CHECKING:
    from cchc_parse.pipeline import ParseOptions

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
SOURCE_SUFFIXES = (".txt", ".docx", ".doc", ".pdf")
PlanPath = tuple[str | int, ...]

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


# ------------------------------------------------------------------------------------- positions
class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, i: int) -> tuple[int, int]:
        n = bisect_right(self.starts, i)
        return n, i - self.starts[n - 1] + 1


class _PlanLoader(BoundedLoader):
    """SafeLoader within limits that keeps dates as strings ('2022-12-30' is a str in the model)."""


_PlanLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


Duplicate = tuple[str, int, int]  # key, 1-based line and column of its second occurrence


def load_yaml(text: str) -> tuple[Any, dict[PlanPath, tuple[int, int]], dict[PlanPath, str], list[Duplicate]]:
    """Data, a (path → 1-based line, col) map, the raw text of scalars (path → '1.0'), and the keys
    given twice. Raises yaml.YAMLError, also past the limits of yaml_limits."""
    loader = _PlanLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_node(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    dups = [(k, m.line + 1, m.column + 1) for k, m in duplicate_keys(node)] if node is not None else []
    pos: dict[PlanPath, tuple[int, int]] = {}
    raw: dict[PlanPath, str] = {}

    def walk(n: yaml.Node, path: PlanPath) -> None:
        pos[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                walk(v, (*path, k.value if isinstance(k, yaml.ScalarNode) else str(k.value)))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, (*path, i))
        elif isinstance(n, yaml.ScalarNode):
            raw[path] = n.value

    if node is not None:
        walk(node, ())
    return data, pos, raw, dups


_WS = re.compile(r"[ \t\n\r]*")


def load_json(text: str) -> tuple[Any, dict[PlanPath, tuple[int, int]], list[Duplicate]]:
    """Data, a (path → 1-based line, col) map and the keys given twice. Raises ValueError
    (json.JSONDecodeError on bad JSON, ValueError on an integer too long for Python)."""
    data = json.loads(text)
    lines, dec = _Lines(text), json.JSONDecoder()
    pos: dict[PlanPath, tuple[int, int]] = {}
    dups: list[Duplicate] = []

    def ws(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    def walk(i: int, path: PlanPath) -> int:
        i = ws(i)
        pos[path] = lines.at(i)
        c = text[i]
        if c not in "{[":
            return dec.raw_decode(text, i)[1]
        close, n = ("}" if c == "{" else "]"), 0
        keys: set[str] = set()
        i = ws(i + 1)
        while text[i] != close:
            if c == "{":
                at = i
                key, i = scanstring(text, i + 1)
                if key in keys:
                    dups.append((key, *lines.at(at)))
                keys.add(key)
                i = walk(ws(i) + 1, (*path, key))  # past ':'
            else:
                i = walk(i, (*path, n))
                n += 1
            i = ws(i)
            if text[i] == ",":
                i = ws(i + 1)
        return i + 1

    walk(0, ())
    return data, pos, dups


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
        raise InputProblem(f"schema_version {value!r} is not MAJOR.MINOR.PATCH")
    if theirs[0] > ours[0]:
        raise InputProblem(f"written for schema {value} (cchc.plan {theirs[0]}.x), newer than this cchc reads "
                           f"({SCHEMA_VERSION}): upgrade cchc to validate it")
    if theirs[0] < ours[0]:
        raise InputProblem(f"written for schema {value}, an older major version than this cchc reads "
                           f"({SCHEMA_VERSION}): re-export it with a current cchc")
    if theirs[1] > ours[1]:
        return (f"written for schema {value}, a newer minor version than {SCHEMA_VERSION}: "
                "fields it added are reported as unknown")
    return None


# ------------------------------------------------------------------------------------- plan files
def _finding(code: str, message: str, line: int | None = None, col: int | None = None,
             path: str | None = None) -> FileFinding:
    name, sev, _ = INPUT_CODES[code]
    return FileFinding(Diagnostic(code=code, severity=sev, message=message, name=name,
                                  location=Location(path=path)), line, col)


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _resolve(pos: dict[PlanPath, tuple[int, int]], path: Sequence[Any]) -> tuple[PlanPath, tuple[int, int] | None]:
    """The deepest prefix of ``path`` present in the file, and its position."""
    p: PlanPath = tuple(x for x in path if isinstance(x, str | int))
    for n in range(len(p), -1, -1):
        if p[:n] in pos:
            return p[:n], pos[p[:n]]
    return (), None


def _item_name(data: Any, path: PlanPath) -> str:
    """' (task 1.2)' when the path is inside a task, section or reference that has an id/number."""
    cur, label = data, ""
    for i, p in enumerate(path):
        try:
            cur = cur[p]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(p, int) and isinstance(cur, dict) and i > 0:
            kind = {"tasks": "task", "sections": "section", "children": "section",
                    "references": "reference", "legal_bases": "reference"}.get(str(path[i - 1]))
            ident = cur.get("id") or cur.get("number")
            if kind and isinstance(ident, str):
                label = f" ({kind} {ident})"
    return label


def _schema_findings(e: ValidationError, data: Any, pos: dict[PlanPath, tuple[int, int]]
                     ) -> tuple[list[FileFinding], list[PlanPath]]:
    out: list[FileFinding] = []
    seen: set[tuple[PlanPath, str]] = set()
    bad: list[PlanPath] = []
    for err in e.errors(include_url=False):
        where, at = _resolve(pos, err["loc"])
        exact = tuple(x for x in err["loc"] if isinstance(x, str | int))
        if (where, err["msg"]) in seen:
            continue
        seen.add((where, err["msg"]))
        bad.append(exact if err["type"] != "missing" else where)
        got = "" if err["type"] in ("missing", "extra_forbidden") else f", got {err['input']!r}"
        field_path = _dotted(exact if err["type"] != "missing" else where + exact[len(where):])
        msg = f"{field_path}{_item_name(data, exact)}: {err['msg']}{got}"
        out.append(_finding("V001", msg, *(at or (None, None)), path=field_path))
    return out, bad


def _prune(data: Any, paths: Iterable[PlanPath]) -> bool:
    """Delete the offending keys so the rest of the plan can still be linted; False if nothing left to cut."""
    cut = False
    for p in paths:
        if not p or not isinstance(p[-1], str):
            continue
        cur = data
        for k in p[:-1]:
            try:
                cur = cur[k]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(cur, dict) and p[-1] in cur:
                del cur[p[-1]]
                cut = True
    return cut


def _id_paths(doc: PlanDocument) -> dict[int, PlanPath]:
    """id() of each item's ``source`` Location → its path in the plan (rules report ``item.source``)."""
    out: dict[int, PlanPath] = {}

    def secs(nodes: list[Section], base: PlanPath) -> None:
        for i, s in enumerate(nodes):
            out[id(s.source)] = (*base, i)
            secs(s.children, (*base, i, "children"))

    secs(doc.sections, ("sections",))
    for name in ("tasks", "targets", "paragraphs"):
        for i, item in enumerate(getattr(doc, name)):
            out[id(item.source)] = (name, i)
    for name in ("references", "legal_bases"):
        for i, ref in enumerate(getattr(doc, name)):
            for j, loc in enumerate(ref.cited_at):
                out[id(loc)] = (name, i, "cited_at", j)
    return out


def _path_of(loc: Location, doc: PlanDocument, ids: dict[int, PlanPath]) -> PlanPath:
    if id(loc) in ids:
        return ids[id(loc)]
    if not loc.path:
        return ()
    head, sep, key = loc.path.partition("#")
    if sep:  # "tasks#1.2", "paragraphs#0", "sections#II.1"
        items = getattr(doc, head, None)
        if head == "sections":
            for s in doc.walk_sections():
                if s.id == key:
                    return ids.get(id(s.source), ())
        if isinstance(items, list):
            for i, item in enumerate(items):
                if getattr(item, "id", None) == key:
                    return (head, i)
            if key.isdigit() and int(key) < len(items):
                return (head, int(key))
        return (head,)
    return tuple(int(x) if x.isdigit() else x for x in loc.path.split("."))


def _overlap(a: PlanPath, b: PlanPath) -> bool:
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def _looks_like_plan(data: dict[str, Any]) -> bool:
    return any(k in data for k in ("schema_name", "document", "sections", "tasks"))


def check_plan_file(path: Path, cfg: Config) -> FileResult:
    """Validate a YAML/JSON plan against the schema and models, then lint it."""
    res = FileResult(str(path), "plan")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputProblem(f"cannot read: {getattr(e, 'strerror', None) or e}") from None
    raw: dict[PlanPath, str] = {}
    if path.suffix.lower() == ".json":
        try:
            data, pos, dups = load_json(text)
        except json.JSONDecodeError as e:
            raise InputProblem(f"bad JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
        except ValueError as e:  # "Exceeds the limit (4300 digits) for integer string conversion"
            raise InputProblem(f"bad JSON: a number too long to read ({str(e).split(';')[0]})") from None
    else:
        try:
            data, pos, raw, dups = load_yaml(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise InputProblem(f"bad YAML{where}: {getattr(e, 'problem', None) or e}") from None
    if not isinstance(data, dict):
        raise InputProblem("a plan must be a mapping at the top level")
    for key, line, col in dups:
        res.findings.append(_finding("V005", f"duplicate key {key!r}: only its last value is read",
                                     line, col))
    if not _looks_like_plan(data):
        res.skipped = True
        res.findings.append(_finding("V003", "not a cchc plan (no schema_name, document, sections or tasks): skipped",
                                     1, 1))
        return _apply(res, cfg)
    name = data.get("schema_name", model.SCHEMA_NAME)
    if name != model.SCHEMA_NAME:
        raise InputProblem(f"schema_name is {name!r}, not {model.SCHEMA_NAME!r}: not a cchc plan")
    if "schema_version" in data:
        version = raw.get(("schema_version",), str(data["schema_version"]))
        data["schema_version"] = version
        warning = check_version(version)
        if warning:
            res.findings.append(_finding("V002", warning, *pos.get(("schema_version",), (None, None)),
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
            if not _prune(data, bad):
                break
            pruned.extend(bad)
    if doc is not None:
        ids = _id_paths(doc)
        for d in lint(doc):
            where = _path_of(d.location, doc, ids)
            if any(_overlap(where, p) for p in pruned):
                continue  # about a value already reported as a schema error
            _, at = _resolve(pos, where)
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
            out.extend(Diagnostic(code=r.code, severity=r.severity, message=f.message, location=f.location,
                                  name=r.name) for f in r.check(doc))
        except Exception as e:  # a rule bug must not hide the other findings
            name, sev, _ = INPUT_CODES["V004"]
            out.append(Diagnostic(code="V004", severity=sev, name=name,
                                  message=f"rule {r.code} ({r.name}) failed: {e!r}"))
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
            raise InputProblem("no such file or folder")
        if not path.is_file():
            raise InputProblem("not a regular file")
        return check_plan_file(path, cfg) if kind == "plan" else check_source_file(path, cfg, popts)
    except InputProblem as e:
        error = str(e)
    except RecursionError:
        error = "nested too deeply to check"
    except MemoryError:
        error = "ran out of memory"
    except OSError as e:
        error = f"cannot read: {e.strerror or e}"
    except Exception as e:  # a bug in cchc: reported on this file, the others are still checked
        error = f"internal error ({type(e).__name__}: {e}); please report it"
    return FileResult(str(path), kind, error=error, fail_level=cfg.fail_level)
