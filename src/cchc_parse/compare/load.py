"""A plan to compare, from a source document (parsed) or a YAML/JSON plan written by `cchc parse`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import ValidationError

from cchc_parse.errors import CchcError
from cchc_parse.model import PlanDocument
from cchc_parse.validate.load import (
    PLAN_SUFFIXES,
    SOURCE_SUFFIXES,
    InputProblem,
    check_version,
    iter_inputs,
    load_yaml,
)

__all__ = ["CompareInputError", "db_children", "expand_inputs", "load_db_plan", "load_plan"]


class CompareInputError(Exception):
    """A file cannot be compared (unreadable, not a plan, another schema major): exit 2."""


def _from_data(path: Path) -> PlanDocument:
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else load_yaml(text)[0]
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        raise CompareInputError(f"{path}: cannot read: {e}") from None
    if not isinstance(data, dict):
        raise CompareInputError(f"{path}: a plan must be a mapping at the top level")
    try:
        if "schema_version" in data:
            check_version(str(data["schema_version"]))
        return PlanDocument.model_validate(data)
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        where = ".".join(str(x) for x in first["loc"])
        raise CompareInputError(
            f"{path}: not a valid cchc plan ({where}: {first['msg']}; run `cchc validate` for every problem)"
        ) from None
    except InputProblem as e:  # another major schema version
        raise CompareInputError(f"{path}: {e}") from None


def load_plan(path: Path) -> PlanDocument:
    """Parse a .txt/.docx/.doc/.pdf document, or read a .yaml/.yml/.json plan. Raises CompareInputError."""
    from cchc_parse.pipeline import parse_file

    suffix = path.suffix.lower()
    if not path.is_file():
        raise CompareInputError(f"{path}: no such file")
    if suffix in PLAN_SUFFIXES:
        return _from_data(path)
    if suffix in SOURCE_SUFFIXES:
        try:
            return parse_file(path).doc
        except CchcError as e:
            raise CompareInputError(str(e)) from None
    raise CompareInputError(
        f"{path}: not a plan or a document ({', '.join(PLAN_SUFFIXES + SOURCE_SUFFIXES)})"
    )


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders walked in sorted order."""
    return list(iter_inputs(paths))


# ------------------------------------------------------------------------------------- --db DATABASE
def _db_rows(db: Path, sql: str, args: Sequence[str] = ()) -> list[tuple[str, ...]]:
    if not db.is_file():
        raise CompareInputError(f"{db}: no such database (`cchc parse INPUT -o OUT` writes OUT/cchc.sqlite)")
    try:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()
    except sqlite3.Error as e:
        raise CompareInputError(f"{db}: not a cchc database ({e})") from None


def load_db_plan(db: Path, plan_id: str) -> PlanDocument:
    """The plan ``plan_id`` of a cchc database: its input path as in the manifest ('text/001-kh.txt'), or its
    output path ('text/001-kh.txt.yaml'), both relative to the batch's folders. The plan is read from its
    output file, found beside the database. Raises CompareInputError."""
    rows = _db_rows(db, "SELECT plan_id, output, status, reason FROM plans WHERE plan_id = ? OR output = ? "
                        "ORDER BY plan_id != ?", (plan_id, plan_id, plan_id))
    if not rows:
        raise CompareInputError(f"{db}: no plan {plan_id!r} (plan ids are the paths in the plans table)")
    pid, output, status, reason = rows[0]
    if status == "failed" or not output:
        raise CompareInputError(f"{db}: plan {pid!r} failed to parse: {reason}")
    return _from_data(db.parent / output)


def db_children(db: Path, parent: str) -> list[str]:
    """The plan ids of every plan of the database that parsed, each once (no duplicate), other than
    ``parent`` (a plan id or output path) and the plans it duplicates."""
    q = "SELECT plan_id, duplicate_of FROM plans WHERE plan_id = ? OR output = ?"
    rows = _db_rows(db, q, (parent, parent))
    same = {x for r in rows for x in r if x}
    rows = _db_rows(db, "SELECT plan_id FROM plans WHERE status != 'failed' AND duplicate_of IS NULL "
                        "ORDER BY plan_id")
    return [r[0] for r in rows if r[0] not in same]
