"""Deterministic YAML/JSON of a PlanDocument, and atomic writes (never a half-written file)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


NAME_MAX = 255  # bytes in one file name (ext4, xfs, btrfs, tmpfs)


def temp_prefix(name: str) -> str:
    """Prefix of the temporary file beside ``name``: '.plan.yaml.' — or, when that would push a long
    (Vietnamese, 3 bytes a letter) name past NAME_MAX, a short one derived from the name."""
    if len(os.fsencode(name)) + 16 <= NAME_MAX:  # '.' + name + '.' + 8 random + '.part'
        return f".{name}."
    return f".cchc-{hashlib.sha1(os.fsencode(name)).hexdigest()[:16]}."


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else what ``open()`` would give under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed onto ``path`` when the block ends without
    error, removed otherwise. A symbolic link is written through (its target is replaced, the link
    stays); the file gets the mode of the file it replaces, or the umask's."""
    path = Path(path)
    try:
        if path.is_symlink():
            path = path.resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _file_mode(path)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".part", dir=path.parent)
        os.fchmod(fd, mode)
        os.close(fd)
    except OSError as e:
        raise OutputError(path, f"cannot write: {e.strerror or e}") from None
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(path, f"cannot write: {e.strerror or e}") from None
        raise


def is_stream(path: Path) -> bool:
    """A device or FIFO (/dev/stdout, a named pipe): written through, never replaced."""
    try:
        return not stat.S_ISREG(path.stat().st_mode) and not stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temp file beside ``path`` and rename it into place; a device or
    FIFO is written to directly."""
    path = Path(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise OutputError(path, f"cannot write: text that is not Unicode ({e.reason})") from None
    if is_stream(path):
        try:
            with path.open("wb") as fh:
                fh.write(data)
        except OSError as e:
            raise OutputError(path, f"cannot write: {e.strerror or e}") from None
        return
    with atomic_path(path) as tmp, tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
