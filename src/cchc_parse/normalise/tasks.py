"""Raw tasks (table rows, or a section's responsibility lines) → Task models: units split, deadline read."""

from __future__ import annotations

from functools import lru_cache

from cchc_parse.diagnostics import Location
from cchc_parse.model import Task, TaskOrigin
from cchc_parse.modelbuild import build
from cchc_parse.normalise import units as U
from cchc_parse.normalise.deadlines import parse_deadline
from cchc_parse.structure.tables import RawTask


def to_task(rt: RawTask, year: int | None, province: str | None, aliases: U.AliasTable | None = None,
            origin: TaskOrigin = "table") -> Task:
    c = rt.cells
    raw_deadline = " ".join(c.get("deadline", "").split())
    deadline = parse_deadline(raw_deadline, year, context=c.get("content")) if raw_deadline else None
    lead, support = split_units(c.get("lead"), "unit"), split_units(c.get("support"), "unit")
    return build(Task, id=rt.id, parent=rt.parent, label=rt.label, is_group=rt.is_group, content=c.get("content", ""),
                 lead=lead, support=support, outputs=split_units(c.get("outputs"), "output"), deadline=deadline,
                 note=c.get("note") or None,
                 lead_canonical=[U.canonical_unit(u, province, aliases) for u in lead],
                 support_canonical=[U.canonical_unit(u, province, aliases) for u in support],
                 section=rt.section, origin=origin, source=Location.of(rt.src))


def split_units(text: str | None, kind: str) -> list[str]:
    """One unit per cell paragraph, each split at ';' (and ',' between units)."""
    return list(_split_cached(text or "", kind))


@lru_cache(maxsize=4096)
def _split_cached(text: str, kind: str) -> tuple[str, ...]:
    return tuple(u for part in text.split("\n") for u in U.split_units(part, kind))
