"""The columns of the analysts' exports and the rows of one plan, as plain JSON-able lists.

The same rows feed tasks.csv (keys as the header: stable for scripts) and tasks.xlsx (translated
headers, real date cells); the batch caches them per input file, so a re-run reads no output back.
Kept light (no openpyxl): the batch workers import it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc_parse.i18n import N_
from cchc_parse.normalise.areas import area_label

ROWS_VERSION = 2  # bump when a row layout changes: cached rows of another version are rebuilt


@dataclass(frozen=True)
class Col:
    key: str  # CSV header and the name tests and scripts use
    label: str  # English msgid of the workbook header
    kind: str = "text"  # text | wrap (long text, wrapped) | date (ISO string → date cell) | number | bool
    width: int = 12  # workbook column width, in characters
    values: dict[str, str] = field(default_factory=dict)  # stored key → msgid shown in the workbook


ROLES = {"lead": N_("lead"), "support": N_("support")}
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
STATUSES = {"ok": N_("ok"), "ok-with-warnings": N_("ok with warnings"), "failed": N_("failed")}

_PLAN_KEY = Col("plan_file", N_("Plan file"), width=30)
TASK_COLS = [
    _PLAN_KEY, Col("issuer", N_("Issuer"), "wrap", 30), Col("doc_type", N_("Type"), width=7),
    Col("number", N_("Number"), width=8), Col("symbol", N_("Symbol"), width=14),
    Col("date", N_("Issue date"), "date", 11), Col("year", N_("Year"), "number", 7),
    Col("province", N_("Province"), width=16), Col("task_id", N_("Task"), width=8),
    Col("parent", N_("Parent task"), width=8), Col("is_group", N_("Group row"), "bool", 8),
    Col("content", N_("Content"), "wrap", 60), Col("lead", N_("Lead units (as written)"), "wrap", 28),
    Col("lead_canonical", N_("Lead units (canonical)"), "wrap", 28),
    Col("support", N_("Supporting units (as written)"), "wrap", 28),
    Col("support_canonical", N_("Supporting units (canonical)"), "wrap", 28),
    Col("outputs", N_("Outputs"), "wrap", 28), Col("deadline_raw", N_("Deadline (as written)"), "wrap", 20),
    Col("deadline_kind", N_("Deadline kind"), width=10), Col("deadline_start", N_("Start"), "date", 11),
    Col("deadline_end", N_("End"), "date", 11), Col("deadline_due", N_("Due by"), "date", 11),
    Col("deadline_recurrence", N_("Recurrence"), width=11), Col("area", N_("Reform area code"), width=14),
    Col("area_name", N_("Reform area"), "wrap", 30), Col("section", N_("Section"), width=8),
    Col("origin", N_("Origin"), width=8), Col("attachment", N_("Attachment"), width=12),
]
UNIT_COLS = [
    _PLAN_KEY, Col("province", N_("Province"), width=16), Col("task_id", N_("Task"), width=8),
    Col("role", N_("Role"), width=9, values=ROLES), Col("position", N_("Position"), "number", 8),
    Col("unit", N_("Unit (as written)"), "wrap", 32),
    Col("unit_canonical", N_("Unit (canonical)"), "wrap", 32),
    Col("content", N_("Content"), "wrap", 60), Col("deadline_raw", N_("Deadline (as written)"), "wrap", 20),
    Col("deadline_end", N_("End"), "date", 11), Col("deadline_due", N_("Due by"), "date", 11),
    Col("area_name", N_("Reform area"), "wrap", 30),
]
DIAG_COLS = [
    _PLAN_KEY, Col("severity", N_("Severity"), width=9, values=SEVERITIES), Col("code", N_("Code"), width=7),
    Col("name", N_("Name"), width=20), Col("message", N_("Message"), "wrap", 70),
    Col("line", N_("Line"), "number", 7), Col("page", N_("Page"), "number", 6),
    Col("row", N_("Table row"), "number", 6), Col("col", N_("Table column"), "number", 7),
    Col("path", N_("Path"), width=24),
]
PLAN_COLS = [
    Col("file", N_("File"), width=30), Col("status", N_("Status"), width=12, values=STATUSES),
    Col("reason", N_("Reason"), "wrap", 30), Col("format", N_("Format"), width=7),
    Col("issuer", N_("Issuer"), "wrap", 30), Col("doc_type", N_("Type"), width=7),
    Col("number", N_("Number"), width=8), Col("symbol", N_("Symbol"), width=14),
    Col("date", N_("Issue date"), "date", 11), Col("year", N_("Year"), "number", 7),
    Col("province", N_("Province"), width=16), Col("title", N_("Title"), "wrap", 50),
    Col("sections", N_("Sections"), "number", 9), Col("tasks", N_("Tasks"), "number", 8),
    Col("inline_tasks", N_("Inline tasks"), "number", 8), Col("targets", N_("Targets"), "number", 8),
    Col("references", N_("References"), "number", 9), Col("legal_bases", N_("Legal bases"), "number", 8),
    Col("diagnostics_error", N_("Errors"), "number", 8),
    Col("diagnostics_warning", N_("Warnings"), "number", 9),
    Col("diagnostics_info", N_("Notes"), "number", 8), Col("output", N_("Output"), width=30),
]
TASK_COLUMNS = [c.key for c in TASK_COLS]
PLAN_COLUMNS = [c.key for c in PLAN_COLS]


def plan_meta(document: dict[str, Any] | None) -> dict[str, Any]:
    """The part of a plan's document metadata that its export rows read (meta_of gives the same for
    it as for the whole): what a batch keeps of each plan until its exports are written."""
    m = document or {}
    date = m.get("date") or {}
    return {"issuer": m.get("issuer"), "doc_type": m.get("doc_type"), "number": m.get("number"),
            "symbol": m.get("symbol"), "date": {"iso": date.get("iso"), "year": date.get("year")},
            "year": m.get("year"), "province": m.get("province"), "title": m.get("title")}


def meta_of(data: dict[str, Any]) -> dict[str, Any]:
    m = data.get("document") or {}
    date = m.get("date") or {}
    return {"issuer": m.get("issuer"), "doc_type": m.get("doc_type"), "number": m.get("number"),
            "symbol": m.get("symbol"), "date": date.get("iso"), "year": m.get("year") or date.get("year"),
            "province": m.get("province"), "title": m.get("title")}


def all_tasks(data: dict[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    """(task, attachment) in order: the table rows, the inline tasks (told apart by ``origin``), then the
    tasks of each attachment (a Kế hoạch issued by a Quyết định), named by its label or title."""
    out: list[tuple[dict[str, Any], str | None]] = [
        (t, None) for t in [*(data.get("tasks") or []), *(data.get("inline_tasks") or [])]]
    for i, a in enumerate(data.get("attachments") or []):
        name = a.get("label") or a.get("title") or str(i + 1)
        out.extend((t, name) for t in a.get("tasks") or [])
    return out


def _known(names: list[str | None] | None) -> str:
    """Canonical names that are known, each once, in order: '' when the alias table knows none."""
    return "; ".join(dict.fromkeys(n for n in names or [] if n))


def _area(t: dict[str, Any]) -> tuple[str | None, str | None]:
    code = (t.get("area") or {}).get("code")
    return code, area_label(code) if code else None


def task_rows(data: dict[str, Any], plan_file: str) -> list[list[Any]]:
    """One row per task, columns as TASK_COLS."""
    meta = meta_of(data)
    head = [plan_file, meta["issuer"], meta["doc_type"], meta["number"], meta["symbol"], meta["date"],
            meta["year"], meta["province"]]
    rows = []
    for t, att in all_tasks(data):
        dl = t.get("deadline") or {}
        code, name = _area(t)
        rows.append([
            *head, t.get("id"), t.get("parent"), bool(t.get("is_group")), t.get("content"),
            "; ".join(t.get("lead") or []), _known(t.get("lead_canonical")),
            "; ".join(t.get("support") or []), _known(t.get("support_canonical")),
            "; ".join(t.get("outputs") or []), dl.get("raw"), dl.get("kind"), dl.get("start"), dl.get("end"),
            dl.get("due"), (dl.get("recurrence") or {}).get("freq"), code, name, t.get("section"),
            t.get("origin") or "table", att,
        ])
    return rows


def task_units(t: dict[str, Any]) -> list[tuple[str, int, str, str | None]]:
    """(role, 1-based position, name as written, canonical name or None) of each unit of a task."""
    out = []
    for role in ROLES:
        names = t.get(role) or []
        canon = t.get(f"{role}_canonical") or []
        for i, name in enumerate(names):
            out.append((role, i + 1, name, canon[i] if i < len(canon) else None))
    return out


def unit_rows(data: dict[str, Any], plan_file: str) -> list[list[Any]]:
    """One row per unit of each task and role (lead, support), columns as UNIT_COLS."""
    province = meta_of(data)["province"]
    rows = []
    for t, _att in all_tasks(data):
        dl = t.get("deadline") or {}
        name = _area(t)[1]
        for role, pos, unit, canon in task_units(t):
            rows.append([plan_file, province, t.get("id"), role, pos, unit, canon, t.get("content"),
                         dl.get("raw"), dl.get("end"), dl.get("due"), name])
    return rows


def diagnostic_rows(data: dict[str, Any], plan_file: str) -> list[list[Any]]:
    rows = []
    for d in data.get("diagnostics") or []:
        loc = d.get("location") or {}
        rows.append([plan_file, d.get("severity"), d.get("code"), d.get("name"), d.get("message"),
                     loc.get("line"), loc.get("page"), loc.get("row"), loc.get("col"), loc.get("path")])
    return rows


def export_rows(data: dict[str, Any], plan_file: str) -> dict[str, Any]:
    """Every export row of one plan: what the batch caches for a file that does not change."""
    return {"v": ROWS_VERSION, "tasks": task_rows(data, plan_file), "units": unit_rows(data, plan_file),
            "diagnostics": diagnostic_rows(data, plan_file)}


def rows_current(rows: Any) -> bool:
    """Cached export rows of this layout (not of an older cchc)."""
    return isinstance(rows, dict) and rows.get("v") == ROWS_VERSION


def plan_row(entry: dict[str, Any], data: dict[str, Any] | None) -> list[Any]:
    """One row per input file (failed ones too), columns as PLAN_COLS."""
    meta = meta_of(data or {})
    c = entry.get("counts") or {}
    d = c.get("diagnostics") or {}
    status = (entry.get("previous_status") or "ok") if entry["status"] == "skipped" else entry["status"]
    return [entry["path"], status, entry.get("reason"), entry.get("format"), meta["issuer"], meta["doc_type"],
            meta["number"], meta["symbol"], meta["date"], meta["year"], meta["province"], meta["title"],
            c.get("sections"), c.get("tasks"), c.get("inline_tasks"), c.get("targets"), c.get("references"),
            c.get("legal_bases"), d.get("error"), d.get("warning"), d.get("info"), entry.get("output")]
