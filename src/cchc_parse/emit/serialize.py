"""Deterministic YAML/JSON of a PlanDocument, and atomic writes (never a half-written file)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from cchc_parse.errors import OutputError
from cchc_parse.model import PlanDocument


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when present: ~5x faster
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def to_data(doc: PlanDocument) -> dict[str, Any]:
    """JSON-ready data in model field order (no key sorting)."""
    return doc.model_dump(mode="json")


def dump_json(doc: PlanDocument) -> str:
    return json.dumps(to_data(doc), ensure_ascii=False, indent=2) + "\n"


def dump_yaml(doc: PlanDocument) -> str:
    return yaml.dump(to_data(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def dump(doc: PlanDocument, fmt: str) -> str:
    return dump_json(doc) if fmt == "json" else dump_yaml(doc)


def write_atomic(path: Path, text: str) -> None:
    """Write to a temp file beside ``path`` and rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as e:
        raise OutputError(path, f"cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(path, f"cannot write: {e.strerror or e}") from None
        raise
