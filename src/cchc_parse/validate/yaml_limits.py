"""YAML read with limits: a 700-byte alias bomb ("billion laughs") or a 5,000-digit integer is a
clear error on that file, not a hang or a traceback; duplicate keys are found, not silently lost."""

from __future__ import annotations

import sys
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

MAX_ALIASES = 1_000  # plans written by cchc have none
MAX_NODES = 1_000_000  # nodes once aliases are expanded (a large plan has ~100,000)
INT_TAG = "tag:yaml.org,2002:int"


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases while composing (the expansion is checked by ``check_node``)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise ComposerError(None, None, f"more than {MAX_ALIASES:,} aliases (an alias bomb?)",
                                    self.peek_event().start_mark)
        return super().compose_node(parent, index)


def check_node(root: yaml.Node) -> None:
    """Raise a YAMLError (with its position) when the document, aliases expanded, has more than
    MAX_NODES nodes, an alias refers to its own ancestor, or an integer is too long for Python."""
    size: dict[int, int] = {}
    digits = sys.get_int_max_str_digits() or None

    def count(n: yaml.Node) -> int:
        if id(n) in size:
            if size[id(n)] < 0:
                raise ComposerError(None, None, "an alias refers to its own ancestor", n.start_mark)
            return size[id(n)]
        size[id(n)] = -1
        total = 1
        if isinstance(n, yaml.MappingNode):
            total += sum(count(k) + count(v) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total += sum(count(v) for v in n.value)
        elif digits and n.tag == INT_TAG and len(n.value) > digits:
            raise ConstructorError(None, None, f"an integer of {len(n.value):,} digits (at most {digits:,})",
                                   n.start_mark)
        if total > MAX_NODES:
            raise ComposerError(None, None, f"more than {MAX_NODES:,} values once aliases are expanded "
                                            "(an alias bomb?)", n.start_mark)
        size[id(n)] = total
        return total

    count(root)


def duplicate_keys(node: yaml.Node) -> list[tuple[str, yaml.Mark]]:
    """(key, position of its second occurrence) of every key given twice in one mapping."""
    out: list[tuple[str, yaml.Mark]] = []
    seen_nodes: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen_nodes:
            continue
        seen_nodes.add(id(n))
        if isinstance(n, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    if (k.tag, k.value) in keys:
                        out.append((k.value, k.start_mark))
                    keys.add((k.tag, k.value))
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return sorted(out, key=lambda d: (d[1].line, d[1].column))


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` within the limits (settings files)."""
    loader = BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_node(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()
