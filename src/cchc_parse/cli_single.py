"""`cchc parse FILE`: one input, parsed in a guarded worker, to stdout, a file or a folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from cchc_parse.cli_app import OUT_SUFFIXES, STATE, STDIN, err, fail
from cchc_parse.errors import CchcError


def is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:  # a name too long: the parse reports it
        return False


def unique_inputs(inputs: list[Path]) -> list[Path]:
    """The inputs in order, each file or folder once (``a.txt ./a.txt`` is one file)."""
    seen: set[str] = set()
    out = []
    for p in inputs:
        key = str(p) if str(p) == STDIN else os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def single_target(src: Path, out: str | None, fmt: str | None) -> tuple[Path | None, str]:
    """Where one input's output goes, and its format: stdout, a file, or ``DIR/<name>.<fmt>`` for an
    existing folder or a path ending in '/'. An unknown output extension is refused unless --format."""
    from cchc_parse.emit.serialize import is_stream
    from cchc_parse.errors import OutputError

    if out is None:
        return None, fmt or "yaml"
    if out.endswith(("/", os.sep)) or is_dir(Path(out)):
        name = "stdin" if str(src) == STDIN else src.name
        return Path(out) / f"{name}.{fmt or 'yaml'}", fmt or "yaml"
    known = OUT_SUFFIXES.get(Path(out).suffix.lower())
    if known is None and fmt is None and not is_stream(Path(out)):  # /dev/stdout, a named pipe: YAML
        raise OutputError(out, "cchc writes YAML or JSON: name the output .yaml, .yml or .json, end it "
                               "with / for a folder, or give --format")
    return Path(out), fmt or known or "yaml"


def parse_one(path: Path, out: str | None, fmt: str | None, popts: Any, opts: Any) -> None:
    import tempfile

    from cchc_parse.batch.files import IGNORED_SUFFIXES
    from cchc_parse.batch.pool import run_guarded
    from cchc_parse.errors import OutputError, UnsupportedFormat

    try:
        target, kind = single_target(path, out, fmt)
        if path.suffix.lower() in IGNORED_SUFFIXES:
            raise UnsupportedFormat(path, f"not a document cchc parses ({path.suffix}): give a .txt, .docx, "
                                          ".doc or .pdf file")
        if target is not None and target.exists() and path.exists() and os.path.samefile(target, path):
            raise OutputError(target, "the output is the input file: give another -o")
    except OSError as e:
        raise fail(CchcError(path, f"cannot read: {e.strerror or e}")) from None
    except CchcError as e:
        raise fail(e, 2 if isinstance(e, OutputError) else 1) from None
    cfg = {"memory_mb": opts.memory_mb, "fmt": kind, "parser": None, "popts": popts, "trace": STATE["debug"]}
    with tempfile.TemporaryDirectory(prefix="cchc-stdin-") as tmp:
        src = path
        if str(path) == STDIN:
            src = Path(tmp) / "stdin"
            src.write_bytes(sys.stdin.buffer.read())
        res = run_guarded({"src": str(src), "out": str(target) if target else None}, cfg, opts.timeout)
    if res.get("status") == "failed":
        _report_failure(path, res)
    sys.stdout.buffer.write(res.get("text", "").encode("utf-8"))
    sys.stdout.flush()


def _report_failure(path: Path, res: dict[str, Any]) -> None:
    from cchc_parse import errors

    if STATE["debug"] and res.get("trace"):
        err().file.write(res["trace"])
    cls = getattr(errors, str(res.get("error")), None)
    cls = cls if isinstance(cls, type) and issubclass(cls, CchcError) else CchcError
    reason = str(res.get("reason"))
    if res.get("error") in ("WorkerError", "OutOfMemory"):
        reason += " (see --timeout and --max-memory)"
    raise fail(cls(res.get("where") or path, reason))
