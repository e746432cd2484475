"""What a plan holds, counted from its JSON data: the manifest's and the batch report's numbers.
Apart from the exports (batch/exports.py) so the worker of a one-file parse need not import them."""

from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc_parse.model import PlanDocument, Section

_LISTS = ("tasks", "inline_tasks", "targets", "references", "legal_bases")  # counted by their length


def _counts(sections: int, lists: Iterable[Sized], severities: Iterable[Any]) -> dict[str, Any]:
    diags = {"error": 0, "warning": 0, "info": 0}
    for sev in severities:
        diags[sev] = diags.get(sev, 0) + 1
    return {"sections": sections, **{k: len(v) for k, v in zip(_LISTS, lists, strict=True)}, "diagnostics": diags}


def _count_sections(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count_sections(n.get("children") or []) for n in nodes)


def counts_of(data: dict[str, Any]) -> dict[str, Any]:
    """Counts of a plan given as its JSON data (a fresh parse or an output read back)."""
    return _counts(_count_sections(data.get("sections") or []), [data.get(k) or [] for k in _LISTS],
                   (d.get("severity") for d in data.get("diagnostics") or []))


def _count_section_models(nodes: list[Section]) -> int:
    return sum(1 + _count_section_models(n.children) for n in nodes)


def counts_of_doc(doc: PlanDocument) -> dict[str, Any]:
    """``counts_of(to_data(doc))`` read from the models: the worker of a one-file parse, which writes the
    YAML from the models, dumps no data (and needs no serializer built: modelbuild.py)."""
    return _counts(_count_section_models(doc.sections), [getattr(doc, k) for k in _LISTS],
                   (d.severity.value for d in doc.diagnostics))
