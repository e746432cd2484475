"""Coverage reports (human, json, markdown, html) and the units × parent-tasks matrix (csv, xlsx, html)."""

from __future__ import annotations

import csv
import html
import json
from io import StringIO
from pathlib import Path

from cchc_parse.compare.coverage import ChildCoverage
from cchc_parse.compare.diff import TaskRef
from cchc_parse.compare.render import html_page

__all__ = ["COVERAGE_FORMATS", "matrix", "render_coverage", "write_xlsx"]

COVERAGE_FORMATS = ("human", "json", "markdown", "html", "csv", "xlsx")
_LABEL = {
    "covered": "covered",
    "covered_late": "covered late",
    "partly_covered": "partly covered",
    "missing": "missing",
}


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def matrix(children: list[ChildCoverage]) -> tuple[list[TaskRef], list[list[str]]]:
    """Parent tasks assigned to any child (columns, in plan order), and one row per child: unit, then
    the verdict for each column ("" where the task is not the unit's)."""
    cols: dict[str, TaskRef] = {}
    for c in children:
        for a in c.assignments:
            cols.setdefault(a.task.id, a.task)
    rows = []
    for c in children:
        by_id = {a.task.id: _LABEL[a.verdict] for a in c.assignments}
        rows.append([c.unit or c.issuer or c.file, *(by_id.get(i, "") for i in cols)])
    return list(cols.values()), rows


def _human(parent: str, children: list[ChildCoverage]) -> str:
    out = [f"cchc coverage of {parent}"]
    for c in children:
        counts = ", ".join(f"{n} {_LABEL[k]}" for k, n in c.counts().items())
        out.append(
            f"\n{c.file}: {c.unit or c.issuer or 'issuer unknown'} ({c.tier}): {len(c.assignments)} "
            f"assigned tasks: {counts}"
        )
        for a in c.assignments:
            match = f" ↔ {a.match.id} ({a.score:g})" if a.match else f" (best {a.score:g})"
            note = f"; {a.note}" if a.note else ""
            out.append(
                f"  {_LABEL[a.verdict]:<15} {a.task.id} [{a.role}: {a.via}]{match}{note}: "
                f"{_short(a.task.content)}"
            )
    return "\n".join(out) + "\n"


def _md(x: object) -> str:
    return ("—" if x in (None, "") else str(x)).replace("|", "\\|").replace("\n", " ")


def _markdown(parent: str, children: list[ChildCoverage]) -> str:
    out = [f"# Coverage of {parent}", ""]
    for c in children:
        out += [
            f"## {_md(c.unit or c.issuer or c.file)}",
            "",
            f"File: {c.file}",
            "",
            "| Parent task | Role | Via | Best match | Score | Verdict | Note |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| {_md(a.task.id)} {_md(_short(a.task.content, 60))} | {a.role} | {_md(a.via)} | "
            f"{_md(a.match.id if a.match else None)} | {a.score:g} | {_LABEL[a.verdict]} | {_md(a.note)} |"
            for a in c.assignments
        ]
        out.append("")
    return "\n".join(out) + "\n"


def _html(parent: str, children: list[ChildCoverage]) -> str:
    e = html.escape
    body = []
    if len(children) > 1:
        cols, rows = matrix(children)
        head = "".join(f'<th title="{e(t.content)}">{e(t.id)}</th>' for t in cols)
        cells = "".join(
            "<tr><th>"
            + e(r[0])
            + "</th>"
            + "".join(f'<td class="{v.replace(" ", "_")}">{e(v)}</td>' for v in r[1:])
            + "</tr>"
            for r in rows
        )
        body.append(f"<h2>Matrix</h2><table><tr><th>Unit</th>{head}</tr>{cells}</table>")
    for c in children:
        rows_html = "".join(
            f'<tr class="{a.verdict}"><td>{e(a.task.id)}</td><td>{e(a.task.content)}</td><td>{a.role}</td>'
            f"<td>{e(a.via)}</td><td>{e(a.match.content) if a.match else '—'}</td><td>{a.score:g}</td>"
            f"<td>{_LABEL[a.verdict]}</td><td>{e(a.note or '')}</td></tr>"
            for a in c.assignments
        )
        body.append(
            f"<h2>{e(c.unit or c.issuer or c.file)}</h2><p>{e(c.file)}</p><table><tr><th>Id</th>"
            "<th>Parent task</th><th>Role</th><th>Via</th><th>Best match in the unit's plan</th><th>Score</th>"
            f"<th>Verdict</th><th>Note</th></tr>{rows_html}</table>"
        )
    return html_page(f"Coverage of {parent}", body)


def _csv(children: list[ChildCoverage]) -> str:
    cols, rows = matrix(children)
    buf = StringIO()
    w = csv.writer(buf)
    w.writerow(["unit", *(t.id for t in cols)])
    w.writerows(rows)
    return buf.getvalue()


def write_xlsx(children: list[ChildCoverage], out: Path) -> None:
    from openpyxl import Workbook

    cols, rows = matrix(children)
    wb = Workbook()
    ws = wb.worksheets[0]  # the one sheet a new Workbook starts with
    ws.title = "coverage"
    ws.append(["unit", *(t.id for t in cols)])
    ws.append(["task", *(t.content for t in cols)])
    for r in rows:
        ws.append(r)
    from cchc_parse.emit.serialize import atomic_path

    with atomic_path(out) as tmp:  # never a half-written workbook
        wb.save(tmp)


def render_coverage(parent: str, children: list[ChildCoverage], fmt: str) -> str:
    if fmt == "json":
        data = {
            "parent": parent,
            "children": [{**c.model_dump(mode="json"), "counts": c.counts()} for c in children],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(parent, children)
    if fmt == "html":
        return _html(parent, children)
    if fmt == "csv":
        return _csv(children)
    return _human(parent, children)
