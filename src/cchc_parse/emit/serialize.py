"""Deterministic YAML/JSON of a PlanDocument, and atomic writes (never a half-written file)."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cchc_parse.errors import OutputError
from cchc_parse.model import PlanDocument

if TYPE_CHECKING:
    _BaseDumper = yaml.SafeDumper
else:  # libyaml when present: ~5x faster
    _BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):
    """The emitter asks the resolver twice per scalar whether its plain form would read back as the
    same type; with no path resolvers the answer depends on the text alone: asked once per text."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        cache = self.__dict__.setdefault("_tags", {})
        key = (value, implicit)
        tag = cache.get(key)
        if tag is None:
            tag = cache[key] = super().resolve(kind, value, implicit)
        return tag


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building ~10^5 node objects would trigger it again and
    again over a growing heap (emit time superlinear in the document). Nothing here makes cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def to_data(doc: PlanDocument) -> dict[str, Any]:
    """JSON-ready data in model field order (no key sorting)."""
    return doc.model_dump(mode="json")


def _json_text(data: Any) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2), byte for byte (json_fast when it takes the data)."""
    from cchc_parse.emit.json_fast import write

    text = write(data)
    return text if text is not None else json.dumps(data, ensure_ascii=False, indent=2)


def dump_json(doc: PlanDocument) -> str:
    with _no_gc():
        return _json_text(to_data(doc)) + "\n"


_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Shared(Exception):
    """The same list or dict twice in the data: PyYAML would write an anchor and an alias."""


def _float_text(x: float) -> str:
    """SafeRepresenter.represent_float's text."""
    if x != x:
        return ".nan"
    if x in (float("inf"), float("-inf")):
        return ".inf" if x > 0 else "-.inf"
    value = repr(x).lower()
    return value.replace("e", ".0e", 1) if "." not in value and "e" in value else value


def _emit(data: Any, dumper: Any) -> None:
    """Emit the events PyYAML's serializer emits for the node tree its SafeRepresenter (with
    ``_str_presenter``, default_flow_style=False, sort_keys=False) builds from JSON-ready data,
    made directly: no node tree, no anchor pass, the resolver asked once per distinct text and
    not at all for a text whose first character starts none of its patterns ("Kế hoạch"). The
    emitter copies each event, so one event object of each kind serves them all. Raises _Shared
    (part of the document emitted) when the data has another shape."""
    firsts = frozenset(k for k in dumper.yaml_implicit_resolvers if k)  # '' (null) is asked
    tags: dict[str, str] = {}  # text → the tag its plain form reads back as
    seen: set[int] = set()
    emit, resolve, ev = dumper.emit, dumper.resolve, yaml.ScalarEvent(None, _STR, (True, True), "")
    map_start, map_end = yaml.MappingStartEvent(None, _MAP, True, flow_style=False), yaml.MappingEndEvent()
    seq_start, seq_end = yaml.SequenceStartEvent(None, _SEQ, True, flow_style=False), yaml.SequenceEndEvent()

    def scalar(tag: str, text: str, style: str | None = None) -> None:
        if text and text[0] not in firsts:
            detected = _STR
        else:
            detected = tags.get(text) or tags.setdefault(text, resolve(yaml.ScalarNode, text, (True, False)))
        ev.tag, ev.implicit, ev.value, ev.style = tag, (detected == tag, tag == _STR), text, style
        emit(ev)

    def add(data: Any) -> None:
        t = type(data)
        if t is str:
            scalar(_STR, data, "|" if "\n" in data else None)
        elif t is dict or t is list:
            if id(data) in seen:
                raise _Shared
            seen.add(id(data))
            if t is dict:
                emit(map_start)
                for k, v in data.items():
                    add(k)
                    add(v)
                emit(map_end)
            else:
                emit(seq_start)
                for v in data:
                    add(v)
                emit(seq_end)
        elif t is bool:
            scalar(_BOOL, "true" if data else "false")
        elif t is int:
            scalar(_INT, str(data))
        elif t is float:
            scalar(_FLOAT, _float_text(data))
        elif data is None:
            scalar(_NULL, "null")
        else:
            raise _Shared  # another type: let PyYAML's representer decide

    emit(yaml.DocumentStartEvent(explicit=False))
    add(data)
    emit(yaml.DocumentEndEvent(explicit=False))


def _yaml_text(data: Any) -> str:
    """yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100), byte for
    byte: written as text by yaml_fast when it can prove the bytes (libyaml is the emitter), else
    with the serializer's events made directly (PyYAML's own path when the data has another
    shape: what was written so far is dropped)."""
    if _BaseDumper is not yaml.SafeDumper:  # yaml_fast writes libyaml's bytes, not the pure emitter's
        from cchc_parse.emit.yaml_fast import write

        text = write(data)
        if text is not None:
            return text
    kw: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 100}
    stream = io.StringIO()
    dumper = _Dumper(stream, default_flow_style=False, **kw)
    try:
        dumper.open()
        _emit(data, dumper)
        dumper.close()
    except _Shared:
        return yaml.dump(data, Dumper=_Dumper, **kw)
    finally:
        dumper.dispose()
    return stream.getvalue()


def dump_yaml(doc: PlanDocument) -> str:
    with _no_gc():
        return _yaml_text(to_data(doc))


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
