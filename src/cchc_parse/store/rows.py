"""A plan (its manifest entry and its YAML/JSON data) → the rows of each table of the store. Pure."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cchc_parse.store.status import deadline_columns

Row = dict[str, Any]
UnitName = Callable[[str | None, str], str | None]  # (canonical, raw) → the unit table's name

# manifest status → plans.status ("skipped": the status of the run that wrote the output)
STATUS_OF = {"ok": "ok", "ok-with-warnings": "warning", "failed": "failed"}


def _json(v: Any) -> str | None:
    return json.dumps(v, ensure_ascii=False, sort_keys=True) if v not in (None, [], {}) else None


def plan_status(entry: dict[str, Any]) -> str:
    st = entry.get("previous_status") if entry.get("status") == "skipped" else entry.get("status")
    return STATUS_OF.get(str(st), "failed")


def plan_fields(data: dict[str, Any] | None) -> Row:
    """The columns of a ``plans`` row that come from the plan's data (None when it failed)."""
    from cchc_parse.batch.exports import counts_of

    m = (data or {}).get("document") or {}
    d = m.get("date") or {}
    signer = m.get("signer") or {}
    c = counts_of(data) if data else {}
    diags = c.get("diagnostics") or {}
    return {
        "schema_version": (data or {}).get("schema_version"),
        **{
            k: m.get(k)
            for k in (
                "doc_type",
                "doc_type_name",
                "genre",
                "number",
                "symbol",
                "number_raw",
                "issuer",
                "parent_agency",
                "place",
                "title",
                "province",
                "province_after_merger",
                "year",
            )
        },
        "date": d.get("iso"),
        "date_year": d.get("year"),
        "date_month": d.get("month"),
        "date_day": d.get("day"),
        "draft": int(bool(m.get("draft"))) if data else None,
        "signer_title": signer.get("title"),
        "signer_name": signer.get("name"),
        "n_sections": c.get("sections"),
        "n_tasks": c.get("tasks"),
        "n_inline_tasks": c.get("inline_tasks"),
        "n_legal_bases": c.get("legal_bases"),
        "n_references": c.get("references"),
        "n_targets": c.get("targets"),
        "n_errors": diags.get("error"),
        "n_warnings": diags.get("warning"),
        "n_infos": diags.get("info"),
    }


def plan_row(entry: dict[str, Any], fields: Row, signature: str, parsed: bool) -> Row:
    """The ``plans`` row of a manifest entry; ``fields`` from plan_fields (of None when not ``parsed``)."""
    return {
        "plan_id": entry["path"],
        "source": entry.get("source"),
        "output": entry.get("output"),
        "status": plan_status(entry) if parsed else "failed",
        "reason": entry.get("reason"),
        "error": entry.get("error"),
        "format": entry.get("format"),
        "sha256": entry.get("sha256"),
        "size": entry.get("size"),
        "signature": signature,
        **fields,
        "duplicate_of": None,
        "duplicate_by": None,
    }


def plan_rows(plan_id: str, data: dict[str, Any], unit_name: UnitName) -> dict[str, Any]:
    """Every row a parsed plan puts in the store but its manifest columns: what a batch worker
    computes beside the output (the row cache), so the store does not read the output back."""
    import base64

    from cchc_parse.store.duplicates import pack, shingles

    tasks, sections = task_rows(plan_id, data, unit_name), section_rows(plan_id, data)
    # the content the duplicate check compares, as the store holds it: every task and section
    grams = shingles({"tasks": [t for t, _u in tasks], "sections": sections})
    return {
        "plan": plan_fields(data),
        "tasks": tasks,
        "sections": sections,
        "refs": ref_rows(plan_id, data),
        "targets": target_rows(plan_id, data),
        "diagnostics": diagnostic_rows(plan_id, data),
        "grams": base64.b64encode(pack(grams)).decode("ascii"),
    }


class UnitNames:
    """(canonical, raw) → the name of the unit table's entry: 'Sở Nội vụ tỉnh Bình Dương' → 'Sở Nội vụ'."""

    def __init__(self, units: Path | None) -> None:
        from cchc_parse.normalise.units import load_aliases

        self.table = load_aliases(units)
        self.names = sorted(self.table.entries, key=len, reverse=True)
        self.cache: dict[str, str | None] = {}

    def __call__(self, canonical: str | None, raw: str) -> str | None:
        if not canonical:
            return None
        if canonical not in self.cache:
            hit = next((n for n in self.names if canonical == n or canonical.startswith(n + " ")), None)
            self.cache[canonical] = hit
        return self.cache[canonical]


def all_tasks(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int | None]]:
    """(task, attachment index) in order: tasks, inline_tasks, then each attachment's tasks."""
    for t in data.get("tasks") or []:
        yield t, None
    for t in data.get("inline_tasks") or []:
        yield t, None
    for i, a in enumerate(data.get("attachments") or []):
        for t in a.get("tasks") or []:
            yield t, i


def _quarter(iso: str | None) -> tuple[int | None, str | None, str | None]:
    if not iso:
        return None, None, None
    y, m = int(iso[:4]), int(iso[5:7])
    return y, f"{y}-Q{(m - 1) // 3 + 1}", iso[:7]


def _units(
    raw: list[str], canon: list[str | None], unit_name: UnitName
) -> list[tuple[str, str | None, str | None]]:
    out = []
    for i, r in enumerate(raw):
        c = canon[i] if i < len(canon) else None
        out.append((r, c, unit_name(c, r)))
    return out


def task_rows(plan_id: str, data: dict[str, Any], unit_name: UnitName) -> list[tuple[Row, list[Row]]]:
    """(``tasks`` row without task_pk, its ``task_units`` rows without task_pk) for every task of the plan."""
    out = []
    for seq, (t, att) in enumerate(all_tasks(data)):
        dl = t.get("deadline")
        cols = deadline_columns(dl)
        year, quarter, month = _quarter(cols["done_by"])
        lead = _units(t.get("lead") or [], t.get("lead_canonical") or [], unit_name)
        support = _units(t.get("support") or [], t.get("support_canonical") or [], unit_name)
        names = list(dict.fromkeys(u or c or r for r, c, u in lead))
        src = t.get("source") or {}
        row = {
            "plan_id": plan_id,
            "seq": seq,
            "task_id": t.get("id") or "",
            "parent": t.get("parent"),
            "label": t.get("label"),
            "is_group": int(bool(t.get("is_group"))),
            "origin": t.get("origin") or "table",
            "attachment": att,
            "content": t.get("content") or "",
            "lead": "; ".join(t.get("lead") or []) or None,
            "support": "; ".join(t.get("support") or []) or None,
            "lead_units": json.dumps(names, ensure_ascii=False) if names else None,
            "outputs": "; ".join(t.get("outputs") or []) or None,
            "note": t.get("note"),
            "section": t.get("section"),
            "area": (t.get("area") or {}).get("code"),
            **cols,
            "deadline_year": year,
            "deadline_quarter": quarter,
            "deadline_month": month,
            "deadline_period": (dl or {}).get("period"),
            "recurrence": ((dl or {}).get("recurrence") or {}).get("freq"),
            "deadline": _json(dl),
            "line": src.get("line"),
            "page": src.get("page"),
        }
        units = [
            {"plan_id": plan_id, "role": role, "position": i, "raw": r, "canonical": c, "unit": u}
            for role, us in (("lead", lead), ("support", support))
            for i, (r, c, u) in enumerate(us)
        ]
        out.append((row, units))
    return out


def section_rows(plan_id: str, data: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []

    def walk(nodes: list[dict[str, Any]], parent: str | None, depth: int, att: int | None) -> None:
        for s in nodes:
            src = s.get("source") or {}
            rows.append(
                {
                    "plan_id": plan_id,
                    "seq": len(rows),
                    "section_id": s.get("id") or "",
                    "parent_id": parent,
                    "depth": depth,
                    "label": s.get("label"),
                    "kind": s.get("kind"),
                    "title": s.get("title"),
                    "text": s.get("text"),
                    "area": (s.get("area") or {}).get("code"),
                    "attachment": att,
                    "line": src.get("line"),
                    "page": src.get("page"),
                }
            )
            walk(s.get("children") or [], s.get("id"), depth + 1, att)

    walk(data.get("sections") or [], None, 0, None)
    for i, a in enumerate(data.get("attachments") or []):
        walk(a.get("sections") or [], None, 0, i)
    return rows


def ref_rows(plan_id: str, data: dict[str, Any]) -> list[Row]:
    found: list[tuple[str, dict[str, Any], int | None]] = [
        ("legal_basis", r, None) for r in data.get("legal_bases") or []
    ]
    found += [("reference", r, None) for r in data.get("references") or []]
    for i, a in enumerate(data.get("attachments") or []):
        found += [("reference", r, i) for r in a.get("references") or []]
    return [
        {
            "plan_id": plan_id,
            "seq": seq,
            "role": role,
            "doc_type": r.get("doc_type"),
            "number": r.get("number") or "",
            "date": r.get("date"),
            "issuing_body": r.get("issuing_body"),
            "title": r.get("title"),
            "n_cited": len(r.get("cited_at") or []),
            "attachment": att,
        }
        for seq, (role, r, att) in enumerate(found)
    ]


def target_rows(plan_id: str, data: dict[str, Any]) -> list[Row]:
    return [
        {
            "plan_id": plan_id,
            "seq": seq,
            "value": t.get("value"),
            "unit": t.get("unit"),
            "comparator": t.get("comparator"),
            "year": t.get("year"),
            "year_source": t.get("year_source"),
            "text": t.get("text"),
            "section": t.get("section"),
            "task_id": t.get("task"),
        }
        for seq, t in enumerate(data.get("targets") or [])
    ]


def diagnostic_rows(plan_id: str, data: dict[str, Any]) -> list[Row]:
    out = []
    for seq, d in enumerate(data.get("diagnostics") or []):
        loc = d.get("location") or {}
        out.append(
            {
                "plan_id": plan_id,
                "seq": seq,
                "code": d.get("code") or "",
                "severity": d.get("severity") or "",
                "name": d.get("name"),
                "message": d.get("message"),
                "line": loc.get("line"),
                "page": loc.get("page"),
                "path": loc.get("path"),
                "params": _json(d.get("params")),
            }
        )
    return out
