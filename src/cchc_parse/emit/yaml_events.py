"""The YAML document through PyYAML: the dumper cchc's outputs are defined by, and the serializer's
events made directly from JSON-ready data. Used when yaml_fast declines a document (or libyaml is
missing), and by the tests as the definition of the bytes; imported only then (start-up time)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import yaml

from cchc_parse.emit.yaml_fast import float_text

if TYPE_CHECKING:
    _BaseDumper = yaml.SafeDumper
else:  # libyaml when present: ~5x faster
    _BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Dumper(_BaseDumper):
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


Dumper.add_representer(str, _str_presenter)


_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Shared(Exception):
    """The same list or dict twice in the data: PyYAML would write an anchor and an alias."""


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
            scalar(_FLOAT, float_text(data))
        elif data is None:
            scalar(_NULL, "null")
        else:
            raise _Shared  # another type: let PyYAML's representer decide

    emit(yaml.DocumentStartEvent(explicit=False))
    add(data)
    emit(yaml.DocumentEndEvent(explicit=False))


def events_text(data: Any) -> str:
    """yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100), byte for byte:
    the serializer's events made directly (PyYAML's own path when the data has another shape: what
    was written so far is dropped)."""
    kw: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 100}
    stream = io.StringIO()
    dumper = Dumper(stream, default_flow_style=False, **kw)
    try:
        dumper.open()
        _emit(data, dumper)
        dumper.close()
    except _Shared:
        return yaml.dump(data, Dumper=Dumper, **kw)
    finally:
        dumper.dispose()
    return stream.getvalue()


