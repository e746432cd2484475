"""What the report and the calendar read: a batch output folder (its manifest ``index.json`` and the
outputs it names) or one plan (a .yaml/.yml/.json written by `cchc parse`, or a source document, parsed)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_parse.errors import InputError

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
SOURCE_SUFFIXES = (".txt", ".docx", ".doc", ".pdf")
# manifest status → the status shown ("skipped": the status of the run that wrote the output)
PARSED = ("ok", "ok-with-warnings")


@dataclass
class Plan:
    id: str  # the input path of the manifest (a single plan: its file name)
    entry: dict[str, Any]  # its manifest entry
    data: dict[str, Any] | None  # the output read back; None when the file failed or cannot be read
    duplicate_of: str | None = None  # id of the plan this one is a copy of

    @property
    def status(self) -> str:
        """ok | ok-with-warnings | failed."""
        e = self.entry
        st = (e.get("previous_status") or "ok") if e.get("status") == "skipped" else e.get("status")
        return st if st in PARSED and self.data is not None else "failed"

    @property
    def reason(self) -> str | None:
        return self.entry.get("read_error") or self.entry.get("reason")


@dataclass
class Source:
    path: Path  # the folder or the file read
    plans: list[Plan]
    manifest: dict[str, Any] | None  # None for a single plan


def _read_plan(path: Path) -> dict[str, Any]:
    from cchc_parse.batch.exports import load_output

    return load_output(path)


def _manifest(folder: Path) -> dict[str, Any]:
    from cchc_parse.batch.files import MANIFEST

    path = folder / MANIFEST
    if not path.is_file():
        raise InputError(folder, f"no {MANIFEST}: not a folder written by `cchc parse … -o {folder}`")
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(path, f"cannot read the manifest: {e}") from None
    if not isinstance(m, dict) or not isinstance(m.get("files"), list):
        raise InputError(path, "not a cchc manifest (no 'files' list)")
    return m


def load_folder(folder: Path) -> Source:
    """Every file of the manifest, in path order, with its output read back. An output that cannot be
    read makes its plan 'failed' with the reason (the others are still reported)."""
    m = _manifest(folder)
    plans = []
    for e in sorted((e for e in m["files"] if isinstance(e, dict) and isinstance(e.get("path"), str)),
                    key=lambda e: e["path"]):
        data = None
        st = (e.get("previous_status") or "ok") if e.get("status") == "skipped" else e.get("status")
        if st in PARSED and e.get("output"):
            try:
                data = _read_plan(folder / e["output"])
            except Exception as ex:  # OSError, ValueError, YAML errors: reported on the plan
                e = {**e, "read_error": f"cannot read the output {e['output']}: {type(ex).__name__}"}
        plans.append(Plan(e["path"], e, data))
    return Source(folder, _link_duplicates(plans), m)


def load_file(path: Path) -> Source:
    """One plan: a cchc output read back, or a source document parsed now."""
    suffix = path.suffix.lower()
    if suffix in PLAN_SUFFIXES:
        try:
            data = _read_plan(path)
        except Exception as ex:  # OSError, ValueError, YAML errors
            raise InputError(path, f"cannot read the plan: {type(ex).__name__}: {ex}") from None
        if data.get("schema_name") != "cchc.plan":
            raise InputError(path, "not a cchc plan (no 'schema_name: cchc.plan')")
    elif suffix in SOURCE_SUFFIXES:
        from cchc_parse.emit.serialize import to_data
        from cchc_parse.pipeline import parse_file

        data = to_data(parse_file(path).doc)
    else:
        raise InputError(path, f"not a plan or a document ({', '.join(PLAN_SUFFIXES + SOURCE_SUFFIXES)})")
    sev = {d.get("severity") for d in data.get("diagnostics") or []}
    entry = {"path": path.name, "status": "ok-with-warnings" if sev & {"warning", "error"} else "ok",
             "output": path.name, "format": (data.get("document") or {}).get("source_format")}
    return Source(path, [Plan(path.name, entry, data)], None)


def load_source(target: Path) -> Source:
    """A batch output folder or one plan file. Raises InputError naming the path and the reason."""
    if target.is_dir():
        return load_folder(target)
    if target.is_file():
        return load_file(target)
    raise InputError(target, "no such file or folder")


def _link_duplicates(plans: list[Plan]) -> list[Plan]:
    """Mark the copies of a plan (store.duplicates: same number, symbol, date and issuer, or content)."""
    from cchc_parse.store.duplicates import find_duplicates

    found = find_duplicates([{**p.data, "id": p.id} for p in plans if p.data is not None])
    for p in plans:
        p.duplicate_of = found.get(p.id)
    return plans

