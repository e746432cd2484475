"""Paragraphs → section tree, stack-based: a marker of a scheme already open closes back to it."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import SourceRef, Table
from cchc_parse.structure.labels import repairs
from cchc_parse.structure.markers import Marker
from cchc_parse.structure.paragraphs import Para

_HEADING_KINDS = {"part", "roman", "upper_letter", "article"}
# a run-in heading, the title of a point followed by its text in the same paragraph:
# "a) Về sự phù hợp của dự án với quy hoạch: Dự án nằm trong …" → title "Về sự phù hợp …", text "Dự án …"
_RUN_IN = rx.lazy(r"^(?P<title>Về\s[^:;.!?]{2,150}?)\s*:\s+(?P<rest>\S.*)$", regex.DOTALL)
_SENTENCE_END = rx.lazy(r"(?<!\.\.)[.;]\s*$")  # "… Thông tư số 15/2026/TT-BCT." (not "…")


@dataclass
class Node:
    id: str
    marker: Marker
    src: SourceRef
    title: str | None = None
    text_parts: list[str] = field(default_factory=list)
    # no link up to the parent: a tree without cycles is freed as soon as the document is made, not
    # left to the collector (which would walk it all again once it resumes: issue 16)
    children: list[Node] = field(default_factory=list)
    label_printed: str | None = None  # the label as typed when a numbering typo was repaired
    notes: list[str] = field(default_factory=list)  # footnotes its paragraphs cite

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
    """A numbered heading ('1. Mục đích') rather than a numbered point with text ('a) Triển khai …').

    An article whose line is a whole sentence ("Điều 2. Bãi bỏ khoản 1 Điều 1 Thông tư số …") is text.
    """
    if marker.kind == "article":
        return not _SENTENCE_END.search(para.text)
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


def _names_part(node: Node, text: str) -> bool:
    """The line under a bare "Chương I" / "Phần thứ nhất" is its name ("QUY ĐỊNH CHUNG"): a Phần or
    Chương stands on its own line, its title in upper case on the next [ND30-PL1 §II.6]. A sentence
    there (ending "." or ";") is text, as is anything after the first line."""
    if node.marker.kind != "part" or node.title or node.text_parts or node.children:
        return False
    t = text.rstrip()
    return 0 < len(t) <= 200 and (not t.endswith((".", ";", ",", ":")) or t.endswith("..."))


def _child_key(parent: Node | None, marker: Marker) -> str:
    if marker.kind == "decimal" and "." in marker.key and parent is not None and parent.marker.kind == "decimal":
        prefix = marker.key.rsplit(".", 1)[0]
        if _extends(parent.marker.key, prefix) or parent.marker.key.endswith(prefix):
            return marker.key.rsplit(".", 1)[1]
    return marker.key


def _extends(parent_key: str, prefix: str) -> bool:
    """A label with this prefix is numbered under this parent: '3.3' under '3.', '1.2.1' under '1.2.'."""
    return prefix == parent_key or prefix.endswith("." + parent_key)


def _cut(stack: list[Node], m: Marker) -> int:
    """How much of the open stack stays when marker ``m`` opens a section.

    A dotted decimal goes under the decimal its label names ("3.3." under "3.", even after bullets or
    unnumbered paragraphs); a marker of a scheme already open closes back to it; any other numbered
    marker closes the bullets above it unless a bullet introduces a list ("- gồm:" then "(1)", "(2)").
    """
    # plain loops from the top of the stack (the innermost first), the marker's scheme worked out once:
    # this runs for every numbered paragraph
    if m.kind == "decimal" and "." in m.key:
        prefix = m.key.rsplit(".", 1)[0]
        for k in range(len(stack) - 1, -1, -1):
            mk = stack[k].marker
            if mk.kind == "decimal" and _extends(mk.key, prefix):
                return k + 1
    scheme = m.scheme
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].marker.scheme == scheme:
            return k
    n = len(stack)
    if m.kind != "bullet":
        while n and stack[n - 1].marker.kind == "bullet" and not _introduces_list(stack[n - 1]):
            n -= 1
    return n


def _introduces_list(node: Node) -> bool:
    """A bullet whose own line opens a list ("- gồm:"); an unnumbered paragraph after the bullet
    that ends with ":" ("…cụ thể như sau:") introduces the next list at the bullet's parent level."""
    return len(node.text_parts) == 1 and node.text_parts[0].rstrip().endswith(":")


def build_tree(paras: list[Para | Table], diags: list[Diagnostic] | None = None) -> Body:
    body = Body()
    stack: list[Node] = []
    tables: list[tuple[Table, Node | None]] = []
    for p in paras:
        if isinstance(p, Table):
            # the table belongs to the innermost heading, not to a bullet or point above it
            tables.append((p, _table_section(stack)))
            continue
        m = p.marker
        if m is None:
            if stack and _names_part(stack[-1], p.text):
                stack[-1].title = p.text
            elif stack:
                stack[-1].text_parts.append(p.text)
                stack[-1].notes.extend(p.notes)
            else:
                body.loose.append(p)
            continue
        del stack[_cut(stack, m):]
        parent = stack[-1] if stack else None
        node = Node(id="", marker=m, src=p.src, notes=list(p.notes))
        run_in = _RUN_IN.match(p.text) if m.kind != "bullet" and p.text.startswith("Về") else None
        if is_heading(m, p):
            node.title = p.text
        elif run_in:
            node.title = run_in["title"]
            node.text_parts.append(run_in["rest"])
        elif p.text:
            node.text_parts.append(p.text)
        (parent.children if parent else body.roots).append(node)
        stack.append(node)
    _repair(body.roots, diags)
    _title_like_siblings(body.roots)
    _assign_ids(body.roots, None, set())
    body.tables = [(t, n.id if n else None) for t, n in tables]
    return body


def _repair(nodes: list[Node], diags: list[Diagnostic] | None) -> None:
    """Repair the numbering typos of each sibling run (see labels.py); report each with P018."""
    runs: dict[str, list[Node]] = {}
    for n in nodes:
        if n.marker.kind != "bullet":
            runs.setdefault(n.marker.scheme, []).append(n)
    for run in runs.values():
        for i, fixed in repairs([n.marker for n in run]).items():
            node = run[i]
            node.label_printed, node.marker = node.marker.label, fixed
            if diags is not None:
                diags.append(make("P018", src=node.src, params={"printed": node.label_printed,
                                                                   "label": fixed.label}))
    for n in nodes:
        _repair(n.children, diags)


def _title_like_siblings(nodes: list[Node]) -> None:
    """A numbered paragraph standing alone among siblings that are headings is a heading too, however
    long: "4. Các khó khăn, vướng mắc trong việc thực hiện …" between the titles "3. Kết quả" and
    "5. Kiến nghị", when text or sub-items follow it and it does not end as a sentence ("." ";" ",")."""
    runs: dict[str, list[Node]] = {}
    for n in nodes:
        if n.marker.kind not in ("bullet", "letter"):
            runs.setdefault(n.marker.scheme, []).append(n)
    for run in runs.values():
        if sum(1 for n in run if n.title) * 2 <= len(run):
            continue
        for n in run:
            if n.title is None and n.text_parts and (len(n.text_parts) > 1 or n.children):
                first = n.text_parts[0].rstrip()
                if first and not _SENTENCE_END.search(first) and not first.endswith(","):
                    n.title = n.text_parts.pop(0)
    for n in nodes:
        _title_like_siblings(n.children)


def unique_id(nid: str, seen: set[str]) -> str:
    """``nid``, or "nid~2", "nid~3" … when it was taken (a duplicate label kept as printed); recorded in ``seen``."""
    base, k = nid, 2
    while nid in seen:
        nid = f"{base}~{k}"
        k += 1
    seen.add(nid)
    return nid


def _assign_ids(nodes: list[Node], parent: Node | None, seen: set[str]) -> None:
    """Ids in document order: labels joined by dots, bullets counted under their parent, repeats '~2'."""
    bullets = 0
    for node in nodes:
        if node.marker.kind == "bullet":
            bullets += 1
            nid = f"{parent.id if parent else ''}-{bullets}"
        else:
            key = _child_key(parent, node.marker)
            nid = f"{parent.id}.{key}" if parent else key
        node.id = unique_id(nid, seen)
        _assign_ids(node.children, node, seen)


def _table_section(stack: list[Node]) -> Node | None:
    for node in reversed(stack):
        if node.title is not None:
            return node
    return stack[-1] if stack else None
