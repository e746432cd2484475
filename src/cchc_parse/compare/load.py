"""A plan to compare, from a source document (parsed) or a YAML/JSON plan written by `cchc parse`."""

from __future__ import annotations

import json
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

__all__ = ["CompareInputError", "expand_inputs", "load_plan"]


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
