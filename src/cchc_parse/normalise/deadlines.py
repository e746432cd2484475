"""Deadline cells ("Quý II/2023", "Cả năm", "trước ngày 05/12") → a sortable ``Deadline`` next to ``raw``.

Kinds: date | month | quarter | half_year | year | range | list | recurring | ongoing | event | unknown.
``list`` holds several separate periods ("Quý I, III"; "KH tháng quý I/2023 và báo cáo tháng 11/2023")
in ``milestones``, with ``start``/``end`` spanning them all. Dates are ISO strings, bounds inclusive.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from cchc_parse import rx
from cchc_parse.modelbuild import build
from cchc_parse.normalise import deadline_atoms as A
from cchc_parse.normalise.deadline_atoms import Freq, Kind, Qualifier

__all__ = ["Deadline", "Milestone", "Recurrence", "find_report_deadlines", "parse_deadline"]

_REPORT = rx.lazy_re(r"báo cáo", re.I)  # a report task: its January date falls in the next year


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # modelbuild.py


class Recurrence(_M):
    """How often a task repeats; ``report_periods`` names the reports ("Q1", "H1", "9M", "Y")."""

    freq: Annotated[Freq | None, Field(description="null for 'Định kỳ' (periodic, frequency unstated)")] = None
    count: Annotated[int | None, Field(description="times per year for n_per_year ('02 đợt trong năm')")] = None
    report_periods: list[str] = []


class Milestone(_M):
    """One part of a multi-part deadline cell."""

    label: str | None = None
    kind: str
    start: str | None = None
    end: str | None = None
    period: str | None = None


class Deadline(_M):
    """A normalised deadline; ``raw`` is the cell text verbatim and is never dropped."""

    raw: str
    kind: Kind = "unknown"
    start: Annotated[str | None, Field(description="ISO date, inclusive")] = None
    end: Annotated[str | None, Field(description="ISO date, inclusive")] = None
    due: Annotated[str | None, Field(description="hard 'by' date: 'trước ngày 05/12', 'chậm nhất ngày'")] = None
    qualifier: Qualifier | None = None
    period: Annotated[str | None, Field(description="'Q2', 'Q1-Q3', 'H1', 'M11', 'Y' (also without a year)")] = None
    year_source: Literal["explicit", "plan_year", "none"] = "none"
    recurrence: Recurrence | None = None
    milestones: list[Milestone] = []
    confidence: Literal["high", "medium", "low"] = "low"
    warnings: list[str] = []


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --------------------------------------------------------------------------------------------------
def parse_deadline(raw: str, plan_year: int | None = None, *, context: str | None = None) -> Deadline:
    """Read a deadline cell. ``plan_year`` fills what the text leaves out; ``context`` (the task text)
    enables the report-year rollover ("trước ngày 15/01" of an annual report → January of next year).
    Never raises: odd input gives kind "unknown" with a warning.
    """
    try:
        return _parse(raw if isinstance(raw, str) else str(raw), plan_year, context)
    except Exception as exc:  # pragma: no cover - defensive: a deadline must never stop a parse
        return build(Deadline, raw=str(raw), warnings=[f"could not read deadline: {exc!r}"])


def _parse(raw: str, plan_year: int | None, context: str | None) -> Deadline:
    text = A.prep(raw)
    if not text:
        return build(Deadline, raw=raw, warnings=["empty deadline"])
    warnings: list[str] = []
    rec = A.recurrence_of(text)
    if rec is not None:
        freq, count, periods = rec
        recurrence = build(Recurrence, freq=freq, count=count, report_periods=periods)
        d = build(Deadline, raw=raw, kind="recurring", recurrence=recurrence)
        yr, src = _year_for(A.explicit_years(text), plan_year, warnings)
        if yr:
            d.start, d.end, d.year_source = f"{yr}-01-01", f"{yr}-12-31", src
        d.confidence = "medium" if freq is None else "high"
        d.warnings = warnings
        return d
    atoms = A.find_atoms(text)
    if not atoms:
        return _no_time(raw, text, plan_year)
    cell_year = next((a.year for a in atoms if a.year), None)
    explicit = any(a.year for a in atoms)
    if explicit and plan_year:
        for a in atoms:
            if a.kind == "year_range":
                off = not a.a <= plan_year <= (a.b if not a.open_end else 9999)
            else:
                off = bool(a.year) and a.year != plan_year
            msg = f"year {a.year} differs from plan year {plan_year}"
            if off and msg not in warnings:
                warnings.append(msg)
    year = cell_year or plan_year
    source: Literal["explicit", "plan_year", "none"] = (
        "explicit" if explicit else ("plan_year" if plan_year else "none"))
    conf: Literal["high", "medium", "low"] = "high"
    resolved: list[tuple[A.Atom, date | None, date | None]] = []
    for a in atoms:
        y = a.year or year
        if a.kind == "date" and not a.year and y and context and a.month == 1 and _REPORT.search(context):
            y += 1
            conf = "low"
            warnings.append(f"January date in a report task read as {y} (year rollover)")
        s, e = A.bounds(a, y)
        resolved.append((a, s, e))
        if a.approx or a.vague:
            conf = "medium" if conf == "high" else conf
    if source == "none" and any(a.kind != "year_range" and not a.year for a in atoms):
        conf = "medium" if conf == "high" else conf
        warnings.append("no year in the text and no plan year")
    d = build(Deadline, raw=raw, year_source=source, warnings=warnings)
    if len(resolved) == 1:
        a, s, e = resolved[0]
        d.kind, d.period = A.KIND_OF[a.kind], a.period
        d.start, d.end = _iso(s), _iso(e)
        if a.kind == "year_range" and a.open_end:
            d.kind = "range"
        _qualify(d, a, s, e, plan_year or (s.year if s else None))
        if a.kind in ("year_range", "year"):
            d.year_source = "explicit"
    elif (len(resolved) == 2 and A.is_range_between(text, atoms[0], atoms[1])
          and not (resolved[0][1] and resolved[1][2] and resolved[0][1] > resolved[1][2])):
        (a, s, _), (b, _, e) = resolved
        d.kind, d.start, d.end = "range", _iso(s), _iso(e)
        d.period = f"{a.period}-{b.period}" if a.period and b.period else None
        if A.prefix_qualifier(text, a) == "from":
            d.qualifier = "from"
    else:
        d.kind = "list"
        prev_end = 0
        for a, s, e in resolved:
            d.milestones.append(
                build(Milestone, label=A.label_before(text, raw, a, prev_end), kind=A.KIND_OF[a.kind], start=_iso(s),
                      end=_iso(e), period=a.period)
            )
            prev_end = a.end
        starts = [s for _, s, _ in resolved if s]
        ends = [e for _, _, e in resolved if e]
        d.start = _iso(min(starts)) if starts else None
        d.end = _iso(max(ends)) if ends else None
    leftovers = A.leftover_numbers(text, atoms)
    if leftovers:
        conf = "medium" if conf == "high" else conf
        d.warnings.append(f"ignored numbers: {', '.join(leftovers)}")
    if d.kind == "half_year" and atoms[0].vague:
        d.warnings.append("'6 tháng' read as the first half-year (report period)")
    if d.start and d.end and d.start > d.end:  # "từ tháng 12 đến tháng 3" without years
        d.warnings.append(f"start {d.start} is after end {d.end}; end dropped")
        d.end, conf = None, "low"
    d.confidence = conf
    return d


def _qualify(d: Deadline, a: A.Atom, s: date | None, e: date | None, plan_year: int | None) -> None:
    """Apply "trước", "chậm nhất", "từ", "đến" to a single time expression."""
    q = a.qualifier
    if a.approx:
        d.qualifier = "approx"
    if q is None:
        return
    d.qualifier = q
    if q in ("before", "by"):
        if a.kind == "date":
            d.due = d.end = _iso(e)
            d.start = None
            if q == "before":
                d.kind = "date"
        else:  # "trước tháng 6" → by 31/5; "chậm nhất trong quý II" → by 30/6
            due = (s - timedelta(days=1)) if (q == "before" and s) else e
            d.due = _iso(due)
            d.start, d.end = None, _iso(due)
    elif q == "from":
        d.kind = "range"
        if a.kind in ("quarter_range", "month_range", "year_range"):
            return
        if plan_year and s and plan_year >= s.year:
            d.end = f"{plan_year}-12-31"
        else:
            d.end = None
            d.warnings.append("open end: no plan year to close the range")
    elif q == "until":
        d.kind = "range"
        d.start = f"{plan_year}-01-01" if plan_year else None


def _year_for(years: list[int], plan_year: int | None, warnings: list[str]) -> tuple[int | None, Literal[
        "explicit", "plan_year", "none"]]:
    if years:
        if plan_year and years[0] != plan_year:
            warnings.append(f"year {years[0]} differs from plan year {plan_year}")
        return years[0], "explicit"
    if plan_year:
        return plan_year, "plan_year"
    return None, "none"


def _no_time(raw: str, text: str, plan_year: int | None) -> Deadline:
    """Whole-year, ongoing, approximate and event cells (no numeric atom)."""
    w: list[str] = []
    for pattern, kind in A.WORD_FORMS:
        m = pattern.search(text)
        if not m:
            continue
        yr, src = _year_for([], plan_year, w)
        d = build(Deadline, raw=raw, kind=kind, year_source=src, confidence="high", warnings=w)
        if kind in ("year", "ongoing") and yr:
            d.start, d.end = f"{yr}-01-01", f"{yr}-12-31"
            d.period = "Y" if kind == "year" else None
        elif kind == "range" and yr:  # đầu năm / cuối năm / giữa năm
            (m1, m2) = A.APPROX_MONTHS[m.group(0)]
            d.start, d.end = _iso(date(yr, m1, 1)), _iso(A.month_end(yr, m2))
            d.qualifier, d.confidence = "approx", "medium"
        if not yr and kind != "event":
            d.confidence = "medium"
            d.warnings.append("no year in the text and no plan year")
        if kind == "event":
            d.year_source, d.confidence = "none", "medium"
            if A.AD_HOC.search(text):
                d.recurrence = build(Recurrence, freq="ad_hoc")
        return d
    return build(Deadline, raw=raw, kind="unknown", warnings=[f"no time expression recognised in {raw.strip()!r}"])


# --------------------------------------------------------------------------------------------------
_REPORT_ITEM = rx.lazy_re(
    r"(?P<label>(?:báo cáo\s+)?(?:quý\s+(?P<q>iv|iii|ii|i|[1-4])|(?P<h>0?6|0?9)\s+tháng|năm))"
    r"\s*\(\s*(?P<body>(?:(?:trước|chậm nhất)\s+)?(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)\s*\)",
    re.I,
)


def find_report_deadlines(text: str, plan_year: int | None = None) -> list[Deadline]:
    """Report deadlines in prose: "quý I (ngày 05/3), 6 tháng (05/6), quý III (05/9) và báo cáo năm
    (trước ngày 05/12)" → one dated Deadline per report, ``period`` naming the report (Q1, H1, Q3, Y).
    """
    out: list[Deadline] = []
    if "(" not in text:  # every item has its date in brackets, and prep() makes no "(" (NFC composes none)
        return out
    try:
        prepped = A.prep(text)
        for m in _REPORT_ITEM.finditer(prepped):
            d = parse_deadline(m.group("body"), plan_year)
            d.raw = A.slice_raw(text, prepped, m.start(), m.end())
            if d.kind == "date" and d.qualifier is None:
                d.due, d.qualifier = d.end, "by"
            if m.group("q"):
                d.period = f"Q{A.roman(m.group('q'))}"
            elif m.group("h"):
                d.period = "H1" if int(m.group("h")) == 6 else "9M"
            else:
                d.period = "Y"
            out.append(d)
    except Exception:  # pragma: no cover - defensive
        return out
    return out
