"""`cchc calendar`: the deadlines of the plans as iCalendar all-day events (the icalendar package).

A dated deadline is an event on its day ("trước ngày 15/6/2023", the 'by' date first); a period
("Quý II/2023", "Năm 2023", a range) an event on its last day; a list of periods one event per period;
a repeating deadline ("Hằng tháng", "Hằng quý") an event at the end of each period, as an RRULE over
the span the text gives. Standing duties without a frequency ("Thường xuyên", "Định kỳ"), events
("Khi có yêu cầu") and deadlines without a year have no day: they are left out, and counted.
Same plans → same bytes: UIDs come from the plan and the task, DTSTAMP from the plans' newest issue date."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cchc_parse.desk.columns import all_tasks, task_units
from cchc_parse.desk.load import Plan
from cchc_parse.desk.report.figures import counted
from cchc_parse.i18n import _
from cchc_parse.normalise.areas import area_label

FIXED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)  # when no plan has an issue date
# Deadline.recurrence.freq → (RRULE FREQ, INTERVAL, months per period: the event falls on the period's
# last day; 0 = on the start day)
RULES = {"daily": ("DAILY", 1, 0), "weekly": ("WEEKLY", 1, 0), "monthly": ("MONTHLY", 1, 1),
         "quarterly": ("MONTHLY", 3, 3), "half_yearly": ("MONTHLY", 6, 6), "yearly": ("YEARLY", 1, 12)}


@dataclass
class Occurrence:
    day: date
    rule: dict[str, Any] | None = None  # an RRULE, for a repeating deadline
    label: str | None = None  # the milestone's label, for one period of a list


@dataclass
class Calendar:
    ics: bytes
    events: int = 0
    undated: int = 0  # tasks with a deadline that gives no day
    tasks: int = 0  # tasks looked at (after --unit)


def _iso(v: Any) -> date | None:
    try:
        return date.fromisoformat(v) if isinstance(v, str) else None
    except ValueError:
        return None


def _period_end(start: date, months: int) -> date:
    """The last day of the ``months``-month period of the year that holds ``start`` (Q2 → 30 June)."""
    first = (start.month - 1) // months * months + 1
    y, m = (start.year, first + months) if first + months <= 12 else (start.year + 1, first + months - 12)
    return date(y, m, 1) - timedelta(days=1)


def _repeating(dl: dict[str, Any]) -> list[Occurrence]:
    rec = dl.get("recurrence") or {}
    start, end = _iso(dl.get("start")), _iso(dl.get("end"))
    if rec.get("freq") not in RULES or start is None or end is None:
        return []
    freq, interval, months = RULES[rec["freq"]]
    first = _period_end(start, months) if months else start
    if first > end:
        return []
    rule: dict[str, Any] = {"FREQ": freq, "UNTIL": end}
    if interval > 1:
        rule["INTERVAL"] = interval
    if months and freq == "MONTHLY":
        rule["BYMONTHDAY"] = -1
    return [Occurrence(first, rule)]


def occurrences(dl: dict[str, Any] | None) -> list[Occurrence]:
    """The days of a deadline (a Deadline as found in a plan's YAML/JSON); [] when it gives none."""
    if not dl:
        return []
    kind = dl.get("kind")
    if kind == "recurring":
        return _repeating(dl)
    if kind in ("ongoing", "event", "unknown"):
        return []
    if (due := _iso(dl.get("due"))) is not None:
        return [Occurrence(due)]
    if kind == "list" and dl.get("milestones"):
        out = []
        for m in dl["milestones"]:
            d = _iso(m.get("end")) or _iso(m.get("start"))
            if d is not None:
                out.append(Occurrence(d, label=m.get("label") or m.get("period")))
        return out
    d = _iso(dl.get("end")) or _iso(dl.get("start"))
    return [Occurrence(d)] if d else []


def unit_filter(query: str | None) -> Callable[[dict[str, Any]], bool]:
    """Tasks naming the unit as lead or support: its canonical name ("SNV", "Sở NV" → "Sở Nội vụ", which
    also takes "Sở Nội vụ tỉnh Bình Dương") or its name as written (case- and tone-placement-blind)."""
    if not query or not query.strip():
        return lambda t: True
    from cchc_parse.normalise.keys import match_key
    from cchc_parse.normalise.units import canonical_unit

    key, canon = match_key(query), canonical_unit(query)

    def hit(t: dict[str, Any]) -> bool:
        for _role, _pos, raw, c in task_units(t):
            if match_key(raw) == key or (c and match_key(c) == key):
                return True
            if c and canon and (c == canon or c.startswith(canon + " ")):
                return True
        return False

    return hit


def _uid(plan: str, seq: int, task_id: str, k: int) -> str:
    h = hashlib.sha256(f"{plan}\x00{seq}\x00{task_id}\x00{k}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"{h[:24]}@cchc"


def _describe(plan: Plan, t: dict[str, Any], att: str | None) -> str:
    m = (plan.data or {}).get("document") or {}
    plan_name = " · ".join(x for x in (m.get("number_raw") or m.get("symbol"), m.get("title")) if x)
    task_word, plan_word, deadline_word = _("Task"), _("Plan"), _("Deadline (as written)")
    lines = [f"{task_word} {t.get('id')}: {t.get('content') or ''}",
             f"{plan_word}: {plan_name or plan.id} ({plan.id}{', ' + att if att else ''})"]
    for role, label in (("lead", _("Lead units")), ("support", _("Supporting units"))):
        names = [c or raw for r, _p, raw, c in task_units(t) if r == role]
        if names:
            lines.append(f"{label}: {'; '.join(names)}")
    lines.append(f"{deadline_word}: {(t.get('deadline') or {}).get('raw') or ''}")
    return "\n".join(lines)


def _summary(t: dict[str, Any], label: str | None, width: int = 110) -> str:
    text = " ".join(str(t.get("content") or "").split())
    text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"{t.get('id')}. {text}" + (f" ({label})" if label else "")


def _stamp(plans: list[Plan]) -> datetime:
    issued = [(((p.data or {}).get("document") or {}).get("date") or {}).get("iso") for p in plans]
    days = [d for d in map(_iso, issued) if d is not None]
    return datetime(*max(days).timetuple()[:3], tzinfo=UTC) if days else FIXED_STAMP


def build_calendar(plans: list[Plan], unit: str | None = None) -> Calendar:
    """The calendar of the plans' tasks (each plan once), optionally of one unit's tasks."""
    import icalendar

    from cchc_parse import __version__

    keep = unit_filter(unit)
    good = counted(plans)
    stamp = _stamp(good)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//cchc//cchc-parse {__version__}//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("CCHC deadlines") + (f": {unit}" if unit else ""))
    found: list[tuple[date, str, int, int, Any]] = []
    result = Calendar(b"")
    for plan in good:
        for seq, (t, att) in enumerate(all_tasks(plan.data or {})):
            if t.get("is_group") or not keep(t):
                continue
            result.tasks += 1
            occ = occurrences(t.get("deadline"))
            if not occ and (t.get("deadline") or {}).get("raw"):
                result.undated += 1
            area = area_label((t.get("area") or {}).get("code") or "")
            for k, o in enumerate(occ):
                ev = icalendar.Event()
                ev.add("uid", _uid(plan.id, seq, str(t.get("id")), k))
                ev.add("dtstamp", stamp)
                ev.add("dtstart", o.day)
                ev.add("dtend", o.day + timedelta(days=1))
                if o.rule:
                    ev.add("rrule", o.rule)
                ev.add("summary", _summary(t, o.label))
                ev.add("description", _describe(plan, t, att))
                if area:
                    ev.add("categories", [area])
                ev.add("transp", "TRANSPARENT")
                found.append((o.day, plan.id, seq, k, ev))
    for *_key, ev in sorted(found, key=lambda f: f[:4]):
        cal.add_component(ev)
    result.events = len(found)
    result.ics = cal.to_ical()
    return result
