"""Deterministic YAML/JSON of a PlanDocument, and atomic writes (never a half-written file)."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_parse.errors import OutputError
from cchc_parse.gcpause import collector_paused

if TYPE_CHECKING:  # the writers need no model class: the command line imports them light
    from cchc_parse.model import PlanDocument


def to_data(doc: PlanDocument) -> dict[str, Any]:
    """JSON-ready data in model field order (no key sorting)."""
    return doc.model_dump(mode="json")


def _json_text(data: Any) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2), byte for byte (json_fast when it takes the data)."""
    from cchc_parse.emit.json_fast import write

    text = write(data)
    return text if text is not None else json.dumps(data, ensure_ascii=False, indent=2)


def dump_json(doc: PlanDocument) -> str:
    return dump(doc, "json")


def _yaml_text(data: Any) -> str:
    """yaml.dump(data, Dumper=yaml_events.Dumper, allow_unicode=True, sort_keys=False, width=100),
    byte for byte: written as text by yaml_fast when it can prove the bytes (libyaml is the
    emitter), else through PyYAML (emit/yaml_events.py), which is then imported."""
    if has_libyaml():  # yaml_fast writes libyaml's bytes, not the pure emitter's
        from cchc_parse.emit.yaml_fast import write

        text = write(data)
        if text is not None:
            return text
    from cchc_parse.emit.yaml_events import events_text

    return events_text(data)


@cache
def has_libyaml() -> bool:
    """PyYAML's C extension is installed: its file is looked for, as importing PyYAML to ask would
    cost a one-page parse 13 ms (tests/test_emit_yaml_fast.py checks the answer against PyYAML)."""
    spec = importlib.util.find_spec("yaml")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if any((Path(folder) / f"_yaml{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES):
            return True
    return False


def dump_yaml(doc: PlanDocument) -> str:
    return dump(doc, "yaml")


def dump(doc: PlanDocument, fmt: str) -> str:
    """The document as ``fmt`` ("yaml" or "json"), the collector paused (model dump included). YAML is
    written from the models when yaml_model takes them (no dumped dict tree made and freed)."""
    with collector_paused():
        if fmt == "yaml" and has_libyaml():  # yaml_model writes yaml_fast's bytes, libyaml's
            from cchc_parse.emit.yaml_model import write

            text = write(doc)
            if text is not None:
                return text
        return dump_data(to_data(doc), fmt)


def dump_data(data: dict[str, Any], fmt: str) -> str:
    """dump() of a document already turned into data (to_data): a caller that needs both does the
    model dump once."""
    with collector_paused():
        return _json_text(data) + "\n" if fmt == "json" else _yaml_text(data)


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
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(path, f"cannot write: {e.strerror or e}") from None
        raise


def is_stream(path: Path) -> bool:
    """A device or FIFO (/dev/stdout, a named pipe): written through, never replaced."""
    try:
        return not stat.S_ISREG(path.stat().st_mode) and not stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) to a temp file beside ``path`` and rename it into place; a device or
    FIFO is written to directly. ``durable``: on disk (fsync) before it is renamed; else the caller
    flushes the files it wrote at once (sync_filesystem) before it records them anywhere."""
    with atomic_text(path, durable) as out:
        out.write(text)


class TextOut:
    """A text written piece by piece (UTF-8) into a file opened by ``atomic_text``."""

    def __init__(self, path: Path, fh: Any) -> None:
        self.path, self.fh = path, fh

    def write(self, text: str) -> None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise OutputError(self.path, f"cannot write: text that is not Unicode ({e.reason})") from None
        try:
            self.fh.write(data)
        except OSError as e:
            raise OutputError(self.path, f"cannot write: {e.strerror or e}") from None


@contextmanager
def atomic_text(path: Path, durable: bool = True) -> Iterator[TextOut]:
    """A text written piece by piece (``write_atomic`` writes it in one) to a temp file beside ``path``
    and renamed into place when the block ends without error (fsync first when ``durable``), else
    removed; a device or FIFO is written to directly."""
    path = Path(path)
    if is_stream(path):
        try:
            with path.open("wb") as fh:
                yield TextOut(path, fh)
        except OSError as e:
            raise OutputError(path, f"cannot write: {e.strerror or e}") from None
        return
    with atomic_path(path) as tmp, tmp.open("wb", buffering=1 << 20) as fh:
        yield TextOut(path, fh)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())


@cache
def _syncfs() -> Any:
    """libc's syncfs(2) (Linux), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        fn = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
    return fn


def batch_sync_supported() -> bool:
    """Whether sync_filesystem can flush a whole folder's filesystem at once (syncfs: Linux)."""
    return _syncfs() is not None


def sync_filesystem(folder: Path) -> None:
    """Flush to disk every file written on the filesystem that holds ``folder`` (syncfs(2): as an fsync
    of each of them): a batch's workers write their outputs without one each, and the main process
    calls this before a manifest records them. OutputError when the system reports a write error."""
    fn = _syncfs()
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as e:
        raise OutputError(folder, f"cannot write: {e.strerror or e}") from None
    try:
        if fn is None:
            os.sync()
        elif fn(fd) != 0:
            import ctypes

            err = ctypes.get_errno()
            raise OutputError(folder, f"cannot write: {os.strerror(err)}")
    finally:
        os.close(fd)
