"""A plan diff as text for people (rich), JSON, Markdown or a standalone HTML page."""

from __future__ import annotations

import html
import json
from io import StringIO

from rich.console import Console
from rich.markup import escape

from cchc_parse.compare.diff import FieldChange, PlanDiff, TaskRef

__all__ = ["DIFF_FORMATS", "HTML_STYLE", "html_page", "render_diff"]

DIFF_FORMATS = ("human", "json", "markdown", "html")
HTML_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
th{background:#f3f3f3}.added{color:#1a7f37}.removed{color:#cf222e}.changed{color:#9a6700}
.covered{background:#dafbe1}.covered_late{background:#fff8c5}.partly_covered{background:#ffe7c2}
.missing{background:#ffebe9}del{color:#cf222e}ins{color:#1a7f37;text-decoration:none}"""


def _v(x: object) -> str:
    if isinstance(x, list):
        return "; ".join(str(i) for i in x) or "—"
    return "—" if x is None or x == "" else str(x)


def _short(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _change_text(c: FieldChange) -> str:
    tail = f" ({c.detail})" if c.detail and c.detail != "rewritten" else ""
    return f"{c.field}: {_v(c.old)} → {_v(c.new)}{tail}"


def _summary(d: PlanDiff) -> str:
    return (
        f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed, {d.unchanged} unchanged; "
        f"sections +{len(d.sections_added)} −{len(d.sections_removed)}; metadata {len(d.metadata)} changed; "
        f"{len(d.copied_dates)} dated in the old plan's year"
    )


# ------------------------------------------------------------------------------------------ human
def _human(d: PlanDiff) -> str:
    buf = StringIO()
    con = Console(file=buf, width=110, no_color=True, highlight=False, soft_wrap=True)
    con.print(
        f"cchc diff {escape(d.old_file)} ({d.old_year or '?'}) → {escape(d.new_file)} ({d.new_year or '?'})"
    )
    con.print(escape(_summary(d)))
    for m in d.metadata:
        con.print(f"  metadata {m.field}: {escape(_v(m.old))} → {escape(_v(m.new))}")
    for s in d.sections_added:
        con.print(f"+ section {escape(s.id)} {escape(s.title)}")
    for s in d.sections_removed:
        con.print(f"- section {escape(s.id)} {escape(s.title)}")
    for t in d.added:
        con.print(f"+ task {escape(t.id)}: {escape(_short(t.content))}")
    for t in d.removed:
        con.print(f"- task {escape(t.id)}: {escape(_short(t.content))}")
    for c in d.changed:
        ids = c.old.id if c.old.id == c.new.id else f"{c.old.id} → {c.new.id}"
        con.print(f"~ task {escape(ids)} (similarity {c.score:g}): {escape(_short(c.new.content))}")
        for f in c.changes:
            con.print(f"    {escape(_change_text(f) if f.field != 'content' else 'content reworded')}")
            if f.field == "content":
                con.print(
                    f"      - {escape(_short(str(f.old), 100))}\n      + {escape(_short(str(f.new), 100))}"
                )
    for cd in d.copied_dates:
        same = ", as in the old plan" if cd.same_as_old else ""
        con.print(
            f"! task {escape(cd.task.id)}: deadline {escape(_v(cd.task.deadline))} is in {cd.year}, "
            f"the old plan's year{same}"
        )
    return buf.getvalue()


# --------------------------------------------------------------------------------------- markdown
def _md(s: object) -> str:
    return _v(s).replace("|", "\\|").replace("\n", " ")


def _md_tasks(title: str, tasks: list[TaskRef]) -> list[str]:
    if not tasks:
        return []
    out = [f"## {title} ({len(tasks)})", "", "| Id | Task | Lead | Deadline |", "|---|---|---|---|"]
    out += [f"| {_md(t.id)} | {_md(t.content)} | {_md(t.lead)} | {_md(t.deadline)} |" for t in tasks]
    return [*out, ""]


def _markdown(d: PlanDiff) -> str:
    out = [f"# Plan diff: {d.old_file} → {d.new_file}", "", _summary(d), ""]
    if d.metadata:
        out += ["## Metadata", "", "| Field | Old | New |", "|---|---|---|"]
        out += [f"| {m.field} | {_md(m.old)} | {_md(m.new)} |" for m in d.metadata] + [""]
    if d.sections_added or d.sections_removed:
        out += ["## Sections", ""]
        out += [f"- added {_md(s.id)} {_md(s.title)}" for s in d.sections_added]
        out += [f"- removed {_md(s.id)} {_md(s.title)}" for s in d.sections_removed] + [""]
    out += _md_tasks("Tasks added", d.added) + _md_tasks("Tasks removed", d.removed)
    if d.changed:
        out += [
            f"## Tasks changed ({len(d.changed)})",
            "",
            "| Old id | New id | Field | Old | New |",
            "|---|---|---|---|---|",
        ]
        for c in d.changed:
            for f in c.changes:
                new = _md(f.new) + (f" ({f.detail})" if f.detail and f.detail != "rewritten" else "")
                out.append(f"| {_md(c.old.id)} | {_md(c.new.id)} | {f.field} | {_md(f.old)} | {new} |")
        out.append("")
    if d.copied_dates:
        out += [
            f"## Dated in the old plan's year ({len(d.copied_dates)})",
            "",
            "| Id | Deadline | Same as old |",
            "|---|---|---|",
        ]
        out += [
            f"| {_md(c.task.id)} | {_md(c.task.deadline)} | {'yes' if c.same_as_old else 'no'} |"
            for c in d.copied_dates
        ] + [""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------- html
def _e(x: object) -> str:
    return html.escape(_v(x))


def html_page(title: str, body: list[str]) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{HTML_STYLE}</style></head><body>\n<h1>{html.escape(title)}</h1>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _html_tasks(title: str, cls: str, tasks: list[TaskRef]) -> list[str]:
    if not tasks:
        return []
    rows = "".join(
        f"<tr><td>{_e(t.id)}</td><td>{_e(t.content)}</td><td>{_e(t.lead)}</td><td>{_e(t.deadline)}</td></tr>"
        for t in tasks
    )
    return [
        f'<h2 class="{cls}">{title} ({len(tasks)})</h2>',
        f"<table><tr><th>Id</th><th>Task</th><th>Lead</th><th>Deadline</th></tr>{rows}</table>",
    ]


def _html(d: PlanDiff) -> str:
    body = [
        f"<p>{_e(d.old_file)} ({d.old_year or '?'}) → {_e(d.new_file)} ({d.new_year or '?'})</p>",
        f"<p>{_e(_summary(d))}</p>",
    ]
    if d.metadata:
        rows = "".join(
            f"<tr><td>{m.field}</td><td>{_e(m.old)}</td><td>{_e(m.new)}</td></tr>" for m in d.metadata
        )
        body.append(f"<h2>Metadata</h2><table><tr><th>Field</th><th>Old</th><th>New</th></tr>{rows}</table>")
    secs = [f'<li class="added">added {_e(s.id)} {_e(s.title)}</li>' for s in d.sections_added]
    secs += [f'<li class="removed">removed {_e(s.id)} {_e(s.title)}</li>' for s in d.sections_removed]
    if secs:
        body.append("<h2>Sections</h2><ul>" + "".join(secs) + "</ul>")
    body += _html_tasks("Tasks added", "added", d.added) + _html_tasks("Tasks removed", "removed", d.removed)
    if d.changed:
        rows = "".join(
            f"<tr><td>{_e(c.old.id)}</td><td>{_e(c.new.id)}</td><td>{f.field}</td><td><del>{_e(f.old)}</del></td>"
            f"<td><ins>{_e(f.new)}</ins>{' (' + f.detail + ')' if f.detail and f.detail != 'rewritten' else ''}"
            "</td></tr>"
            for c in d.changed
            for f in c.changes
        )
        body.append(
            f'<h2 class="changed">Tasks changed ({len(d.changed)})</h2><table><tr><th>Old id</th>'
            f"<th>New id</th><th>Field</th><th>Old</th><th>New</th></tr>{rows}</table>"
        )
    if d.copied_dates:
        rows = "".join(
            f"<tr><td>{_e(c.task.id)}</td><td>{_e(c.task.deadline)}</td>"
            f"<td>{'yes' if c.same_as_old else 'no'}</td></tr>"
            for c in d.copied_dates
        )
        body.append(
            f"<h2>Dated in the old plan's year ({len(d.copied_dates)})</h2><table><tr><th>Id</th>"
            f"<th>Deadline</th><th>Same as old</th></tr>{rows}</table>"
        )
    return html_page("Plan diff", body)


def render_diff(d: PlanDiff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(d.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(d) + "\n"
    if fmt == "html":
        return _html(d)
    return _human(d)
