"""Task tables → raw tasks: header rows and column roles, split rows merged, group rows as parents.

STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm | Thời gian (| Ghi chú), with a
two-row header ("Tổ chức thực hiện" over "Đơn vị chủ trì" / "Đơn vị phối hợp") and a
column-number row "(1) (2) (3)" that is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, Location, make
from cchc_parse.extract.blocks import Cell, SourceRef, Table
from cchc_parse.extract.headwords import WORK_ROLES, header_role
from cchc_parse.structure.markers import Marker, match_text
from cchc_parse.structure.sections import unique_id

ROLES = ("stt", "content", "lead", "support", "outputs", "deadline", "note", "person")
_COLNUM = rx.lazy(r"^\s*\(?\s*\d{1,2}\s*\)?\s*$")
_STT = rx.lazy(r"^\s*(?:[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2}){0,4}|[a-zđA-ZĐ])\s*[.)]?\s*$|^\s*[-+•]\s*$")


@dataclass
class RawTask:
    id: str
    parent: str | None
    label: str | None
    cells: dict[str, str]
    src: SourceRef
    section: str | None = None
    is_group: bool = False
    marker: Marker | None = None
    auto_label: bool = False


@dataclass
class TableParse:
    tasks: list[RawTask] = field(default_factory=list)
    roles: dict[int, str] | None = None  # None: not a task table


def _is_header_row(row: tuple[Cell, ...]) -> bool:
    texts = [c.text for c in row if not c.covered]
    if any(c.label for c in row):
        return False
    first = texts[0] if texts else ""
    if first and _STT.match(first) and not header_role(first):
        return False
    roles = [header_role(t) for t in texts if t]
    return sum(r is not None for r in roles) >= 2 or (bool(roles) and all(r is not None for r in roles))


def _is_colnum_row(row: tuple[Cell, ...]) -> bool:
    texts = [c.text for c in row if c.text]
    return len(texts) >= 3 and all(_COLNUM.match(t) for t in texts)


def column_roles(header: list[tuple[Cell, ...]]) -> dict[int, str]:
    """Role of each column from the header rows, the lowest row's own text first."""
    ncols = max(len(r) for r in header)
    roles: dict[int, str] = {}
    for c in range(ncols):
        role = None
        for row in reversed(header):
            if c < len(row) and row[c].text and not row[c].covered:
                role = header_role(row[c].text)
                if role:
                    break
        if role is None:  # a spanned header cell ("Tổ chức thực hiện" over two columns)
            for row in reversed(header):
                k = c
                while k > 0 and k < len(row) and row[k].covered:
                    k -= 1
                if k < len(row) and row[k].text:
                    role = header_role(row[k].text)
                    if role:
                        break
        if role and role not in roles.values():
            roles[c] = role
    if "stt" not in roles.values() and 0 not in roles:
        roles[0] = "stt"
    return roles


def is_task_roles(roles: dict[int, str]) -> bool:
    vals = set(roles.values())
    return "content" in vals and bool(vals & WORK_ROLES)


def parse_table(table: Table, section: str | None, prev_roles: dict[int, str] | None,
                split_rows: bool, diags: list[Diagnostic]) -> TableParse:
    """Read one table. ``prev_roles`` continues a task table whose header was on an earlier page."""
    rows = list(table.rows)
    header: list[tuple[Cell, ...]] = []
    while rows and (_is_header_row(rows[0]) or (header and _is_colnum_row(rows[0]))):
        header.append(rows.pop(0))
    if header:
        roles = column_roles(header)
        if len(header) > 1:
            diags.append(make("P007", src=table.src, params={"rows": len(header)}))
    elif prev_roles is not None and rows and max(prev_roles) < len(rows[0]):
        roles = prev_roles
    else:
        return TableParse()
    if not is_task_roles(roles):
        return TableParse()
    out = TableParse(roles=roles)
    header_texts = [tuple(c.text for c in r) for r in header]
    for row in rows:
        if _is_colnum_row(row) or tuple(c.text for c in row) in header_texts:
            if header:
                diags.append(make("P007", src=row[0].src, params={}))
            continue
        cells = {role: _cell_text(row, c) for c, role in roles.items() if c < len(row)}
        stt_col = next((c for c, r in roles.items() if r == "stt"), None)
        stt_cell = row[stt_col] if stt_col is not None and stt_col < len(row) else None
        label = (stt_cell.label or stt_cell.text).strip() if stt_cell else ""
        if not any(cells.values()) and not label:
            continue
        full_width = len([c for c in row if not c.covered and c.text]) == 1 and row[0].colspan > 1
        if full_width:
            m = match_text(row[0].text)
            label = m.label if m else ""
            cells = {"content": m.rest if m else row[0].text}
        if not label and out.tasks and split_rows:
            _merge_into(out.tasks[-1], cells)
            diags.append(make("P006", src=row[0].src, params={"label": out.tasks[-1].label}))
            continue
        for role, text in list(cells.items()):
            if not text and role in ("lead", "support", "deadline", "outputs") and out.tasks:
                c = next(k for k, r in roles.items() if r == role)
                if c < len(row) and row[c].merged_above:
                    cells[role] = out.tasks[-1].cells.get(role, "")
        out.tasks.append(RawTask(id="", parent=None, label=label or None,
                                 cells=cells, src=row[0].src, section=section,
                                 auto_label=bool(stt_cell and stt_cell.label)))
    if not any(t.cells.get("content") for t in out.tasks) or _is_data(out.tasks):
        return TableParse()  # a blank grid of a form, or a table of figures: no work is assigned
    _assign_ids(out.tasks)
    if "deadline" not in roles.values() and out.tasks:
        d = make("P022", src=table.src, path="tasks", params={"line": table.src.line})
        d.also = [Location.of(t.src, f"tasks#{t.id}") for t in out.tasks]
        diags.append(d)
    return out


# a cell of figures: "12", "95%", "1.250", "3,5"
_FIGURE = rx.lazy(r"^[\d\s.,%()+\-]*\d[\d\s.,%()+\-]*$")


def _is_data(tasks: list[RawTask]) -> bool:
    """Statistics: every filled unit or result cell holds a figure ('Kết quả | 95%')."""
    cells = [t.cells[r] for t in tasks for r in ("lead", "support", "outputs") if t.cells.get(r)]
    return bool(cells) and all(_FIGURE.match(c) for c in cells)


def _cell_text(row: tuple[Cell, ...], c: int) -> str:
    cell = row[c]
    if cell.covered:
        return ""
    return "\n".join(" ".join(part.split()) for part in cell.text.split("\n") if part.strip())


def _merge_into(task: RawTask, cells: dict[str, str]) -> None:
    for role, text in cells.items():
        if text:
            prev = task.cells.get(role, "")
            task.cells[role] = f"{prev} {text}".strip() if prev else text


_BARE_NUMBER = rx.lazy(r"\d{1,2}|[IVXL]{1,6}")
_BARE_LETTER = rx.lazy(r"[a-zđ]")


def _stt_marker(label: str) -> Marker | None:
    lab = label.strip()
    if not lab:
        return None
    if _BARE_NUMBER.fullmatch(lab):
        lab += "."
    elif _BARE_LETTER.fullmatch(lab):
        lab += ")"
    return match_text(f"{lab} x")


def _assign_ids(tasks: list[RawTask]) -> None:
    """Hierarchy from the STT labels (I → 1 → 1.1 → a → -) and ids joining them: '1.4.b'."""
    stack: list[RawTask] = []
    seen: set[str] = set()
    for n, t in enumerate(tasks, start=1):
        m = _stt_marker(t.label or "")
        t.marker = m
        c = t.cells
        t.is_group = bool(c.get("content")) and not any(c.get(k) for k in ("lead", "support", "outputs", "deadline"))
        if m is None:
            parent = stack[-1] if stack else None
            key = f"r{n}"
        else:
            idx = next((k for k in range(len(stack) - 1, -1, -1)
                        if (mk := stack[k].marker) and mk.scheme == m.scheme), None)
            if idx is not None:
                del stack[idx:]
            parent = stack[-1] if stack else None
            key = m.key
            if m.kind == "decimal" and "." in key and parent is not None and parent.marker is not None \
                    and parent.marker.kind == "decimal" and key.rsplit(".", 1)[0] == parent.marker.key:
                key = key.rsplit(".", 1)[1]
        nid = unique_id(f"{parent.id}.{key}" if parent else key, seen)
        t.id, t.parent = nid, parent.id if parent else None
        if m is not None:
            stack.append(t)
