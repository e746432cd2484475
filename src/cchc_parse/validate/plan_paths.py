"""Paths inside a plan (``("tasks", 3, "lead")``): the position a schema error points at, the item it
is in, and the path of each item a lint rule reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from cchc_parse.diagnostics import Location
from cchc_parse.model import PlanDocument, Section
from cchc_parse.validate.positions import PlanPath


def dotted(path: Sequence[str | int]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def resolve(pos: dict[PlanPath, tuple[int, int]], path: Sequence[Any]) -> tuple[PlanPath, tuple[int, int] | None]:
    """The deepest prefix of ``path`` present in the file, and its position."""
    p: PlanPath = tuple(x for x in path if isinstance(x, str | int))
    for n in range(len(p), -1, -1):
        if p[:n] in pos:
            return p[:n], pos[p[:n]]
    return (), None


def item_name(data: Any, path: PlanPath) -> dict[str, str]:
    """{'task': '1.2'} when the path is inside a task, section or reference that has an id/number."""
    cur, label = data, {}
    for i, p in enumerate(path):
        try:
            cur = cur[p]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(p, int) and isinstance(cur, dict) and i > 0:
            kind = {"tasks": "task", "sections": "section", "children": "section",
                    "references": "reference", "legal_bases": "reference"}.get(str(path[i - 1]))
            ident = cur.get("id") or cur.get("number")
            if kind and isinstance(ident, str):
                label = {kind: ident}
    return label


def prune(data: Any, paths: Iterable[PlanPath]) -> bool:
    """Delete the offending keys so the rest of the plan can still be linted; False if nothing left to cut."""
    cut = False
    for p in paths:
        if not p or not isinstance(p[-1], str):
            continue
        cur = data
        for k in p[:-1]:
            try:
                cur = cur[k]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(cur, dict) and p[-1] in cur:
                del cur[p[-1]]
                cut = True
    return cut


def id_paths(doc: PlanDocument) -> dict[int, PlanPath]:
    """id() of each item's ``source`` Location → its path in the plan (rules report ``item.source``)."""
    out: dict[int, PlanPath] = {}

    def secs(nodes: list[Section], base: PlanPath) -> None:
        for i, s in enumerate(nodes):
            out[id(s.source)] = (*base, i)
            secs(s.children, (*base, i, "children"))

    secs(doc.sections, ("sections",))
    for name in ("tasks", "targets", "paragraphs"):
        for i, item in enumerate(getattr(doc, name)):
            out[id(item.source)] = (name, i)
    for name in ("references", "legal_bases"):
        for i, ref in enumerate(getattr(doc, name)):
            for j, loc in enumerate(ref.cited_at):
                out[id(loc)] = (name, i, "cited_at", j)
    return out


def path_of(loc: Location, doc: PlanDocument, ids: dict[int, PlanPath]) -> PlanPath:
    if id(loc) in ids:
        return ids[id(loc)]
    if not loc.path:
        return ()
    head, sep, key = loc.path.partition("#")
    if sep:  # "tasks#1.2", "paragraphs#0", "sections#II.1"
        items = getattr(doc, head, None)
        if head == "sections":
            for s in doc.walk_sections():
                if s.id == key:
                    return ids.get(id(s.source), ())
        if isinstance(items, list):
            for i, item in enumerate(items):
                if getattr(item, "id", None) == key:
                    return (head, i)
            if key.isdigit() and int(key) < len(items):
                return (head, int(key))
        return (head,)
    return tuple(int(x) if x.isdigit() else x for x in loc.path.split("."))


def overlap(a: PlanPath, b: PlanPath) -> bool:
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]
