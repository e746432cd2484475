"""Paragraphs → section tree, stack-based: a marker of a scheme already open closes back to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_parse.extract.blocks import SourceRef, Table
from cchc_parse.structure.markers import Marker
from cchc_parse.structure.paragraphs import Para

_HEADING_KINDS = {"part", "roman", "upper_letter", "article"}


@dataclass
class Node:
    id: str
    marker: Marker
    src: SourceRef
    title: str | None = None
    text_parts: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str | None:
        return "\n".join(self.text_parts) if self.text_parts else None


@dataclass
class Body:
    """The structure of the body: section roots, loose paragraphs, tables with their section id."""

    roots: list[Node] = field(default_factory=list)
    loose: list[Para] = field(default_factory=list)  # paragraphs before the first section
    tables: list[tuple[Table, str | None]] = field(default_factory=list)


def is_heading(marker: Marker, para: Para) -> bool:
    """A numbered heading ('1. Mục đích') rather than a numbered point with text ('a) Triển khai …')."""
    if marker.kind in _HEADING_KINDS:
        return True
    if marker.kind in ("letter", "bullet"):
        return False
    text = para.text
    if para.style.bold and len(text) <= 160:
        return True
    if len(text) > 120:
        return False
    return not text.rstrip().endswith((".", ";", ",")) or text.rstrip().endswith("...")


def _child_key(parent: Node | None, marker: Marker) -> str:
    if marker.kind == "decimal" and "." in marker.key and parent is not None and parent.marker.kind == "decimal":
        prefix = marker.key.rsplit(".", 1)[0]
        if prefix == parent.marker.key or prefix.endswith("." + parent.marker.key) or \
                parent.marker.key.endswith(prefix):
            return marker.key.rsplit(".", 1)[1]
    return marker.key


def build_tree(paras: list[Para | Table]) -> Body:
    body = Body()
    stack: list[Node] = []
    seen_ids: set[str] = set()
    bullet_counts: dict[str, int] = {}
    for p in paras:
        if isinstance(p, Table):
            # the table belongs to the innermost heading, not to a bullet or point above it
            body.tables.append((p, _table_section(stack)))
            continue
        m = p.marker
        if m is None:
            if stack:
                stack[-1].text_parts.append(p.text)
            else:
                body.loose.append(p)
            continue
        scheme = m.scheme
        idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].marker.scheme == scheme), None)
        if idx is not None:
            del stack[idx:]
        parent = stack[-1] if stack else None
        if m.kind == "bullet":
            pid = parent.id if parent else ""
            bullet_counts[pid] = bullet_counts.get(pid, 0) + 1
            nid = f"{pid}-{bullet_counts[pid]}" if pid else f"-{bullet_counts[pid]}"
        else:
            key = _child_key(parent, m)
            nid = f"{parent.id}.{key}" if parent else key
        base, k = nid, 2
        while nid in seen_ids:
            nid = f"{base}~{k}"
            k += 1
        seen_ids.add(nid)
        node = Node(id=nid, marker=m, src=p.src, parent=parent)
        if is_heading(m, p):
            node.title = p.text
        elif p.text:
            node.text_parts.append(p.text)
        (parent.children if parent else body.roots).append(node)
        stack.append(node)
    return body


def _table_section(stack: list[Node]) -> str | None:
    for node in reversed(stack):
        if node.title is not None:
            return node.id
    return stack[-1].id if stack else None
