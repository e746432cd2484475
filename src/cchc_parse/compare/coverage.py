"""Does a unit's plan carry out the tasks a parent plan gives it? Verdict per assigned task."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from cchc_parse.compare.diff import TaskRef, task_ref
from cchc_parse.compare.items import Item, plan_items, unit_keys
from cchc_parse.compare.match import best_match
from cchc_parse.compare.text import containment
from cchc_parse.model import PlanDocument
from cchc_parse.normalise.keys import match_key
from cchc_parse.normalise.provinces import canonical_province
from cchc_parse.normalise.units import canonical_unit

__all__ = ["COVERED_AT", "PARTLY_AT", "Assignment", "ChildCoverage", "assigned_by", "coverage", "unit_tier"]

# Calibrated on tests/data/compare/coverage/ (tests/compare/test_coverage.py): the same task reworded by a
# unit scores 62–100, a related but different task 55–62, an unrelated one below 55.
COVERED_AT = 62.0  # best match at least this: the task is in the child's plan
PARTLY_AT = 55.0  # at least this: partly covered (the child has a related but narrower or broader task)
Verdict = Literal["covered", "covered_late", "partly_covered", "missing"]
Tier = Literal["department", "district", "commune", "province", "other"]
Role = Literal["lead", "support"]

# Group names that give a task to every unit of a tier (keys are match_key: lower case, tone-neutral).
# "Các sở, ban, ngành" / "Thủ trưởng các sở, ngành tỉnh" → every provincial department and agency;
# "UBND các huyện, thị xã, thành phố" / "UBND cấp huyện" → every district; "UBND các xã, phường, thị trấn"
# / "UBND cấp xã" → every commune; "… và các địa phương" → districts and communes.
_GROUPS: list[tuple[re.Pattern[str], tuple[Tier, ...]]] = [
    (
        re.compile(
            r"(?<![^\W\d_])(?:các|tất cả các)\s+(?:sở|cơ quan chuyên môn)(?![^\W\d_])|sở,\s*(?:ban,\s*)?ngành"
        ),
        ("department",),
    ),
    (
        re.compile(r"(?:ủy ban nhân dân|ubnd)\s+(?:các\s+)?(?:cấp\s+huyện|huyện|quận|thị xã)(?![^\W\d_])"),
        ("district",),
    ),
    (
        re.compile(r"(?:ủy ban nhân dân|ubnd)\s+(?:các\s+)?(?:cấp\s+xã|xã|phường|thị trấn)(?![^\W\d_])"),
        ("commune",),
    ),
    (re.compile(r"(?<![^\W\d_])(?:các\s+)?địa phương(?![^\W\d_])"), ("district", "commune")),
]
_UBND = re.compile(
    r"^(?:ủy ban nhân dân|ubnd)\s+(?P<level>tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|"
    r"đặc khu)\s+(?P<place>.+)$"
)


class Assignment(BaseModel):
    task: TaskRef
    role: Role
    via: str  # the cell entry that names the unit: "Sở VHTTDL", "Các sở, ban, ngành"
    match: TaskRef | None = None
    score: float = 0.0
    verdict: Verdict
    note: str | None = None


class ChildCoverage(BaseModel):
    file: str
    issuer: str | None
    unit: str | None  # canonical name
    tier: Tier
    assignments: list[Assignment] = []

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in ("covered", "covered_late", "partly_covered", "missing")}
        for a in self.assignments:
            out[a.verdict] += 1
        return out


def unit_tier(unit: str | None) -> Tier:
    """ "Ủy ban nhân dân xã Tân Uyên" → commune; "Ủy ban nhân dân thành phố Thủ Dầu Một" → district (a city
    that is not a province); "Sở Tư pháp tỉnh Tây Ninh" → department."""
    if not unit:
        return "other"
    m = _UBND.match(match_key(unit))
    if m:
        level = m.group("level")
        if level in ("xã", "phường", "thị trấn", "đặc khu"):
            return "commune"
        if level == "tỉnh" or canonical_province(m.group("place")):
            return "province"
        return "district"
    head = match_key(unit).split(" ")[0]
    return (
        "department"
        if head in ("sở", "ban", "thanh", "công", "bảo", "kho", "cục", "văn", "trung")
        else "other"
    )


def child_unit(doc: PlanDocument) -> str | None:
    issuer = doc.document.issuer
    return (canonical_unit(issuer, doc.document.province) or issuer) if issuer else None


def assigned_by(parent: Item, province: str | None, unit: str | None, tier: Tier) -> tuple[Role, str] | None:
    """(role, entry) when the parent's task names the unit, or a group the unit belongs to."""
    if not unit:
        return None
    key = match_key(unit)
    cells: tuple[tuple[Role, list[str], list[str | None]], ...] = (
        ("lead", parent.lead, parent.lead_canonical),
        ("support", parent.support, parent.support_canonical),
    )
    for role, names, canon in cells:
        for name, k in zip(names, unit_keys(names, canon, province), strict=True):
            if match_key(k) == key:
                return role, name
        for name in names:
            nk = match_key(name)
            if any(rx.search(nk) and tier in tiers for rx, tiers in _GROUPS):
                return role, name
    return None


def _end(it: Item | None) -> str | None:
    d = it.deadline if it else None
    return (d.due or d.end) if d else None


def verdict_of(
    score: float, parent: Item, child: Item | None, covered_at: float, partly_at: float
) -> tuple[Verdict, str | None]:
    if child is None or score < partly_at:
        return "missing", None
    if score < covered_at:
        return "partly_covered", None
    pe, ce = _end(parent), _end(child)
    if pe and ce and ce > pe:
        return "covered_late", f"child's deadline {ce} is after the parent's {pe}"
    if not (pe and ce):
        return "covered", "deadlines not comparable"
    return "covered", None


def coverage(
    parent: PlanDocument,
    child: PlanDocument,
    *,
    file: str = "",
    covered_at: float = COVERED_AT,
    partly_at: float = PARTLY_AT,
) -> ChildCoverage:
    unit = child_unit(child)
    tier = unit_tier(unit)
    res = ChildCoverage(file=file, issuer=child.document.issuer, unit=unit, tier=tier)
    pool = plan_items(child)
    for it in plan_items(parent):
        hit = assigned_by(it, parent.document.province, unit, tier)
        if hit is None:
            continue
        j, score = best_match(it, pool, containment)
        match = pool[j] if j is not None else None
        verdict, note = verdict_of(score, it, match, covered_at, partly_at)
        res.assignments.append(
            Assignment(
                task=task_ref(it),
                role=hit[0],
                via=hit[1],
                score=score,
                verdict=verdict,
                match=task_ref(match) if match and verdict != "missing" else None,
                note=note,
            )
        )
    return res
