"""The rows a worker computes beside each output: the analysts' export rows and the database rows,
written to the output's row cache (files.ROWS_CACHE) so neither a re-run nor the database build
reads the output back."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import Any

from cchc_parse.batch.files import write_json


def plan_cache_rows(task: dict[str, Any], data: dict[str, Any], sha: str | None, text: str,
                    cfg: dict[str, Any]) -> dict[str, Any]:
    """The export rows of a plan, cached beside the output for a later run that finds it unchanged,
    with the plan's store rows: the database is then filled from the cache, not from the output read
    back (``output_sha256`` ties them to the output's bytes)."""
    from cchc_parse.batch.exports import export_rows

    got: dict[str, Any] = {"rows": export_rows(data, task["plan"]), "refs": reference_rows(data, task["plan"])}
    if task.get("cache"):
        from cchc_parse.store.rows import plan_rows
        from cchc_parse.store.schema import DB_SCHEMA_VERSION

        store = {"version": DB_SCHEMA_VERSION, **plan_rows(task["plan"], data, _unit_names(cfg))}
        raw = text.encode("utf-8")
        out_sha = hashlib.sha256(raw).hexdigest()
        write_json(Path(task["cache"]), {"sha256": sha, "key": task["key"], "document": data.get("document"),
                                         **got, "output_sha256": out_sha, "store": store}, compact=True,
                   durable=cfg.get("durable", True))
        if task.get("store"):  # the database is filled during the run (store/stream.py): its rows, signed
            got["store"] = packed({"sha256": sha, "key": task["key"], "output_sha256": out_sha, "store": store,
                                   **_signed(task["entry"], data, sha, raw)})
    if not task.get("refs", True):  # in the row cache; the main process only wants them for --parquet
        del got["refs"]
    if task.get("made"):  # the exports' XML and CSV of the rows, made here rather than at the end of the run
        from cchc_parse.batch.exports import made_exports

        with contextlib.suppress(Exception):  # never fail a file for them: the main process makes them then
            got["made"] = packed(made_exports(got["rows"], **task["made"]))
    # packed: the main process keeps a block of bytes per plan, and unpacks only the rows it needs
    # (exports.write_exports: the first ones of each sheet, when the XML is made here)
    got["rows"] = packed(got["rows"])
    return got


def packed(obj: Any) -> bytes:
    """``obj`` pickled on its own: the main process receives the result at once (a block of bytes, not
    thousands of objects) and unpacks it where it is used (pickle.loads), off its receiving loop."""
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _signed(entry: dict[str, Any], data: dict[str, Any], sha: str | None, raw: bytes) -> dict[str, Any]:
    """The store signature of the output ``raw`` for the manifest entry the file will have when it
    parsed as the worker reports it (worker._parsed); the store checks that it does."""
    from cchc_parse.batch.exports import counts_of
    from cchc_parse.batch.files import OK, WARN
    from cchc_parse.store.update import written_signature

    d = counts_of(data)["diagnostics"]
    status = WARN if d.get("warning", 0) + d.get("error", 0) else OK
    part, sig = written_signature({**entry, "status": status, "sha256": sha}, raw)
    return {"signed": part, "signature": sig}


_NAMES: dict[str, Any] = {}


def _unit_names(cfg: dict[str, Any]) -> Any:
    """The store's unit-name lookup for this run's unit table, made once per worker."""
    from cchc_parse.store.rows import UnitNames

    units = getattr(cfg.get("popts"), "units_file", None)
    key = str(units)
    if key not in _NAMES:
        _NAMES.clear()
        _NAMES[key] = UnitNames(Path(units) if units and Path(units).is_file() else None)
    return _NAMES[key]


REFERENCE_COLUMNS = ["plan_file", "kind", "doc_type", "number", "date", "issuing_body", "title", "citations"]


def reference_rows(data: dict[str, Any], plan_file: str) -> list[list[Any]]:
    """One row per legal basis and cited document, columns as REFERENCE_COLUMNS."""
    return [[plan_file, kind, r.get("doc_type"), r.get("number"), r.get("date"), r.get("issuing_body"),
             r.get("title"), len(r.get("cited_at") or [])]
            for kind, key in (("legal_basis", "legal_bases"), ("reference", "references"))
            for r in data.get(key) or []]
