"""`cchc report`: one self-contained HTML file (inline CSS and SVG, no script, no network) from a batch
output folder or one plan. Jinja2 templates in ``templates/``, autoescaped; the same plans and as-of date
give the same bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc_parse.desk.columns import all_tasks
from cchc_parse.desk.load import Plan, Source
from cchc_parse.desk.report.figures import (
    STATUS_LABELS,
    UNKNOWN,
    Figures,
    TaskView,
    bucket,
    compute,
    lead_names,
    task_views,
)
from cchc_parse.i18n import N_, _, current_lang, ngettext

__all__ = ["build_report", "render"]

TOP_UNITS = 25  # bars in the lead-unit chart
MAX_ROWS = 500  # rows of the overdue and due-soon tables
PLAN_STATUS = {"ok": N_("ok"), "ok-with-warnings": N_("ok with warnings"), "failed": N_("failed")}
SEVERITY = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


@dataclass
class PlanPage:
    plan: Plan
    rows: list[TaskView]  # every task row, group headings too (their status is not shown)
    n_sections: int
    issued: str  # the issue date as far as it is known: '05/01/2023', '01/2023', '2023'


def day(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""


def issued(m: dict[str, Any]) -> str:
    d = m.get("date") or {}
    parts = [f"{d[k]:02d}" for k in ("day", "month") if isinstance(d.get(k), int)]
    return "/".join([*parts, str(d["year"])]) if d.get("year") else ""


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(n.get("children") or []) for n in nodes)


def _page(plan: Plan, as_of: date) -> PlanPage:
    data = plan.data or {}
    views = {id(v.task): v for v in task_views(plan, as_of)}
    rows = [views.get(id(t)) or TaskView(plan, t, att, "", None, lead_names(t)) for t, att in all_tasks(data)]
    return PlanPage(plan, rows, _count(data.get("sections") or []), issued(data.get("document") or {}))


def _environment() -> Any:
    from jinja2 import ChainableUndefined, Environment, PackageLoader, select_autoescape

    from cchc_parse.normalise.areas import area_label

    # ChainableUndefined: a key a plan leaves out ('deadline': null) shows as nothing
    env = Environment(loader=PackageLoader("cchc_parse.desk.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
                      undefined=ChainableUndefined, keep_trailing_newline=True)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=_, ngettext=lambda s, p, n: ngettext(s, p, n), newstyle=True)
    env.globals.update(
        day=day, unknown=UNKNOWN, area_name=lambda code: area_label(code) or code,
        status_label=lambda s: label(STATUS_LABELS, s), plan_status=lambda s: label(PLAN_STATUS, s),
        severity=lambda s: label(SEVERITY, s))
    return env


def label(table: dict[str, str], key: str) -> str:
    """A key's label, translated (an unknown key as it is)."""
    return _(table.get(key, key))


def _charts(f: Figures) -> dict[str, Any]:
    from cchc_parse.desk.report.charts import bar_chart, column_chart

    areas = [(name or _(UNKNOWN), n) for name, n in f.by_area]
    return {
        "lead_chart": bar_chart(f.by_lead[:TOP_UNITS], _("Tasks per lead unit")),
        "area_chart": bar_chart(areas, _("Tasks per reform area"), width=560, label_width=300,
                                css="bar area"),
        "timeline_chart": column_chart(f.timeline, _("Deadlines"), mark=bucket(f.as_of, f.timeline_unit)),
    }


def render(source: Source, figures: Figures, shown_as: str) -> str:
    """The HTML page of ``source``'s plans with ``figures``; ``shown_as`` names the source on the page."""
    from cchc_parse import __version__

    pages = [_page(p, figures.as_of) for p in source.plans]
    anchors = {p.id: f"plan-{i + 1}" for i, p in enumerate(source.plans)}
    env = _environment()
    return env.get_template("report.html.j2").render(
        lang=current_lang(), version=__version__, source=shown_as, f=figures, plan_pages=pages,
        anchors=anchors, top_units=TOP_UNITS, max_rows=MAX_ROWS, **_charts(figures))


def build_report(source: Source, as_of: date, shown_as: str | None = None) -> tuple[str, Figures]:
    figures = compute(source.plans, as_of)
    return render(source, figures, shown_as or source.path.name), figures
