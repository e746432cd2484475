"""Reading a plan file's text with positions: the data, where each value is (1-based line, column),
and the keys given twice (YAML and JSON both accept a repeated key silently)."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]  # exported at run time, absent from typeshed
from typing import Any

import yaml

from cchc_parse import rx
from cchc_parse.validate.yaml_limits import BoundedLoader, check_node, duplicate_keys

PlanPath = tuple[str | int, ...]


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, i: int) -> tuple[int, int]:
        n = bisect_right(self.starts, i)
        return n, i - self.starts[n - 1] + 1


class _PlanLoader(BoundedLoader):
    """SafeLoader within limits that keeps dates as strings ('2022-12-30' is a str in the model)."""


_PlanLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


Duplicate = tuple[str, int, int]  # key, 1-based line and column of its second occurrence


def load_yaml(text: str) -> tuple[Any, dict[PlanPath, tuple[int, int]], dict[PlanPath, str], list[Duplicate]]:
    """Data, a (path → 1-based line, col) map, the raw text of scalars (path → '1.0'), and the keys
    given twice. Raises yaml.YAMLError, also past the limits of yaml_limits."""
    loader = _PlanLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_node(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    dups = [(k, m.line + 1, m.column + 1) for k, m in duplicate_keys(node)] if node is not None else []
    pos: dict[PlanPath, tuple[int, int]] = {}
    raw: dict[PlanPath, str] = {}

    def walk(n: yaml.Node, path: PlanPath) -> None:
        pos[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                walk(v, (*path, k.value if isinstance(k, yaml.ScalarNode) else str(k.value)))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, (*path, i))
        elif isinstance(n, yaml.ScalarNode):
            raw[path] = n.value

    if node is not None:
        walk(node, ())
    return data, pos, raw, dups


_WS = rx.lazy_re(r"[ \t\n\r]*")


def load_json(text: str) -> tuple[Any, dict[PlanPath, tuple[int, int]], list[Duplicate]]:
    """Data, a (path → 1-based line, col) map and the keys given twice. Raises ValueError
    (json.JSONDecodeError on bad JSON, ValueError on an integer too long for Python)."""
    data = json.loads(text)
    lines, dec = _Lines(text), json.JSONDecoder()
    pos: dict[PlanPath, tuple[int, int]] = {}
    dups: list[Duplicate] = []

    def ws(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    def walk(i: int, path: PlanPath) -> int:
        i = ws(i)
        pos[path] = lines.at(i)
        c = text[i]
        if c not in "{[":
            return dec.raw_decode(text, i)[1]
        close, n = ("}" if c == "{" else "]"), 0
        keys: set[str] = set()
        i = ws(i + 1)
        while text[i] != close:
            if c == "{":
                at = i
                key, i = scanstring(text, i + 1)
                if key in keys:
                    dups.append((key, *lines.at(at)))
                keys.add(key)
                i = walk(ws(i) + 1, (*path, key))  # past ':'
            else:
                i = walk(i, (*path, n))
                n += 1
            i = ws(i)
            if text[i] == ",":
                i = ws(i + 1)
        return i + 1

    walk(0, ())
    return data, pos, dups
