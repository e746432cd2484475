"""What a plan holds, counted from its JSON data: the manifest's and the batch report's numbers.
Apart from the exports (batch/exports.py) so the worker of a one-file parse need not import them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc_parse.model import PlanDocument, Section


def _count_sections(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count_sections(n.get("children") or []) for n in nodes)


def counts_of(data: dict[str, Any]) -> dict[str, Any]:
    """Counts of a plan given as its JSON data (a fresh parse or an output read back)."""
    diags = {"error": 0, "warning": 0, "info": 0}
    for d in data.get("diagnostics") or []:
        sev = d.get("severity")
        diags[sev] = diags.get(sev, 0) + 1
    return {
        "sections": _count_sections(data.get("sections") or []),
        "tasks": len(data.get("tasks") or []),
        "inline_tasks": len(data.get("inline_tasks") or []),
        "targets": len(data.get("targets") or []),
        "references": len(data.get("references") or []),
        "legal_bases": len(data.get("legal_bases") or []),
        "diagnostics": diags,
    }


def _count_section_models(nodes: list[Section]) -> int:
    return sum(1 + _count_section_models(n.children) for n in nodes)


def counts_of_doc(doc: PlanDocument) -> dict[str, Any]:
    """``counts_of(to_data(doc))`` read from the models: the worker of a one-file parse, which writes the
    YAML from the models, dumps no data (and needs no serializer built: modelbuild.py)."""
    diags = {"error": 0, "warning": 0, "info": 0}
    for d in doc.diagnostics:
        sev = d.severity.value
        diags[sev] = diags.get(sev, 0) + 1
    return {
        "sections": _count_section_models(doc.sections),
        "tasks": len(doc.tasks),
        "inline_tasks": len(doc.inline_tasks),
        "targets": len(doc.targets),
        "references": len(doc.references),
        "legal_bases": len(doc.legal_bases),
        "diagnostics": diags,
    }
