"""``json.dumps(data, ensure_ascii=False, indent=2)`` for JSON-ready data (dict/list/str/int/float/
bool/None), byte for byte, several times faster: with an indent, the standard library encodes in
Python through generators (its C encoder takes no indent); this writes the same pieces into one
list, each text through the C string encoder the standard library uses.

Anything else — a tuple, a subclass, a key that is no text, number, bool or None, a cycle or a
nesting deeper than the recursion limit — is refused (``None``): the caller calls json.dumps,
which then encodes it or raises as it always did. tests/test_emit_json_fast.py compares the two.
"""

from __future__ import annotations

import json.encoder
from typing import Any

_ENCODE = json.encoder.encode_basestring  # the C encoder when present, as json.dumps uses it
_INDENT = "  "


class _Refused(Exception):
    pass


def _float(x: float) -> str:
    """json's floatstr with allow_nan=True."""
    if x != x:
        return "NaN"
    if x == float("inf"):
        return "Infinity"
    if x == float("-inf"):
        return "-Infinity"
    return float.__repr__(x)


def _key(k: Any) -> str:
    t = type(k)
    if t is str:
        return _ENCODE(k)
    if t is bool:
        return '"true"' if k else '"false"'
    if k is None:
        return '"null"'
    if t is int:
        return '"' + int.__repr__(k) + '"'
    if t is float:
        return '"' + _float(k) + '"'
    raise _Refused  # json: a TypeError (skipkeys is off), or a subclass it converts its own way


def _scalar(x: Any) -> str:
    if x is None:
        return "null"
    if x is True:
        return "true"
    if x is False:
        return "false"
    t = type(x)
    if t is int:
        return int.__repr__(x)
    if t is float:
        return _float(x)
    raise _Refused


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.keys: dict[Any, str] = {}  # key → its encoding + ': '

    def value(self, x: Any, level: int) -> None:
        t = type(x)
        if t is str:
            self.out.append(_ENCODE(x))
        elif t is dict and x:
            self.mapping(x, level)
        elif t is list and x:
            self.sequence(x, level)
        elif t is dict or t is list:
            self.out.append("{}" if t is dict else "[]")
        else:
            self.out.append(_scalar(x))

    def mapping(self, d: dict, level: int) -> None:
        out, keys = self.out, self.keys
        inner = "\n" + _INDENT * (level + 1)
        sep = "{" + inner
        for k, v in d.items():
            kt = keys.get(k) if type(k) is str else None
            if kt is None:
                kt = _key(k) + ": "
                if type(k) is str:
                    keys[k] = kt
            out.append(sep)
            out.append(kt)
            sep = "," + inner
            t = type(v)
            if t is str:
                out.append(_ENCODE(v))
            elif v is None:
                out.append("null")
            elif t is dict or t is list:
                self.value(v, level + 1)
            else:
                out.append(_scalar(v))
        out.append("\n" + _INDENT * level + "}")

    def sequence(self, items: list, level: int) -> None:
        out = self.out
        inner = "\n" + _INDENT * (level + 1)
        sep = "[" + inner
        for v in items:
            out.append(sep)
            sep = "," + inner
            t = type(v)
            if t is str:
                out.append(_ENCODE(v))
            elif t is dict or t is list:
                self.value(v, level + 1)
            else:
                out.append(_scalar(v))
        out.append("\n" + _INDENT * level + "]")


def write(data: Any) -> str | None:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, or None when this writer refuses it."""
    w = _Writer()
    try:
        w.value(data, 0)
    except (_Refused, RecursionError):  # RecursionError: a cycle, or deeper than json would go
        return None
    return "".join(w.out)
