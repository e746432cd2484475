"""Byte-identical files in one batch: parsed once, each copy written from that parse.

The main process groups the files to parse by (sha256, run key, extension): the first by path is
parsed, the others ride along in its task's ``dups`` and get ``same_as`` in the manifest. The
worker (batch.worker._copy) writes each copy's own output from the one parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cchc_parse.batch.files import FAILED


def group_copies(todo: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Byte-identical files (same sha256, run key and extension) as one task: the first by path is
    parsed, the others ride along in its ``dups`` and are listed with ``same_as`` its path."""
    first: dict[tuple[Any, ...], dict[str, Any]] = {}
    out = []
    for t in todo:
        k = (t["sha256"], t["key"], Path(t["src"]).suffix.lower())
        head = first.setdefault(k, t)
        if head is t:
            out.append(t)
        else:
            t["entry"]["same_as"] = head["plan"]
            head.setdefault("dups", []).append(t)
    return out


def copy_result(res: dict[str, Any], made: dict[str, Any] | None) -> dict[str, Any]:
    """The result of a byte-identical copy: its original's failure, else its own (written, or failed)."""
    if made is None and res["status"] == FAILED:  # the original failed or was stopped: so is the copy
        return {**{k: res[k] for k in ("status", "reason", "error", "retry") if k in res}, "seconds": 0}
    if made is None:
        made = {"status": FAILED, "reason": "the copy of a byte-identical file was not written",
                "error": "InternalError", "retry": True}
    if made.get("status") == FAILED:
        return {**made, "seconds": 0}
    return {"status": res["status"], "counts": res["counts"], "seconds": 0, **made}
