"""S rules: the numbering of sections and of task-table rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import pairwise

from cchc_parse.diagnostics import Location
from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument, Section, Task
from cchc_parse.structure.markers import Marker, match_text
from cchc_parse.structure.patterns import VN_LETTERS
from cchc_parse.validate.lintrun import kept_in_block
from cchc_parse.validate.registry import Finding, rule

Group = list[tuple[str, str | None, bool, Location]]  # siblings: (id, label, auto, loc)
Runs = list[list[tuple[str, Marker, bool, Location]]]
Sorted = tuple[Runs, list[tuple[str, Marker, Location]]]  # _sibling_runs of a group


@lru_cache(maxsize=4096)
def _marker(label: str | None) -> Marker | None:
    """The marker of a section or STT label (a few distinct labels, asked for by two rules, each section)."""
    if not label:
        return None
    lab = label.strip()
    if lab.isdigit() or (lab.replace(".", "").isdigit() and not lab.endswith(".")):
        lab += "." if "." not in lab else ""
    elif len(lab) == 1 and lab.isalpha() and lab.islower():
        lab += ")"
    return match_text(f"{lab} x")


def _sibling_runs(items: Group) -> Sorted:
    """Group (id, label, auto, loc) siblings into runs of one numbering scheme; and the typed letters
    Vietnamese lettering does not use, which join no run, as (id, marker, loc)."""
    runs: dict[str, list[tuple[str, Marker, bool, Location]]] = {}
    foreign: list[tuple[str, Marker, Location]] = []
    for ident, label, auto, loc in items:
        m = _marker(label)
        if m is None or m.kind == "bullet":
            continue
        if _foreign_letter(m, auto):
            foreign.append((ident, m, loc))
            continue
        runs.setdefault(m.scheme, []).append((ident, m, auto, loc))
    return list(runs.values()), foreign


def _foreign_letter(m: Marker, auto: bool) -> bool:
    """A typed point letter Vietnamese lettering does not use: "f)" after "e)" (f, j, w, z)."""
    return m.kind == "letter" and not auto and m.key not in VN_LETTERS


def _section_groups(doc: PlanDocument) -> Iterator[list[tuple[str, str | None, bool, Location]]]:
    # the sibling lists depth first, with a stack (a nested ``yield from`` passes each group up every level);
    # the empty ones (a leaf's children: most sections) are left out, as no rule finds anything in them
    stack: list[list[Section]] = [doc.sections] if doc.sections else []
    while stack:
        nodes = stack.pop()
        yield [(s.id, s.label, s.numbering == "auto", s.source) for s in nodes]
        stack.extend(s.children for s in reversed(nodes) if s.children)


def _with_runs(groups: Iterable[Group]) -> list[Sorted]:
    return [_sibling_runs(g) for g in groups]


def _section_runs(doc: PlanDocument) -> list[Sorted]:
    """The section groups with their sibling runs: worked out once while the rules run (S101 and S102 ask)."""
    kept = kept_in_block(doc)
    if kept is None:
        return _with_runs(_section_groups(doc))
    runs = kept.get("section_runs")
    if runs is None:
        runs = kept["section_runs"] = _with_runs(_section_groups(doc))
    return runs


def _task_groups(doc: PlanDocument) -> Iterator[list[tuple[str, str | None, bool, Location]]]:
    by_parent: dict[str | None, list[Task]] = {}
    for t in doc.tasks:
        by_parent.setdefault(t.parent, []).append(t)
    for tasks in by_parent.values():
        yield [(t.id, t.label, False, t.source) for t in tasks]


def _value(m: Marker, auto: bool) -> int:
    if m.kind == "letter" and auto:
        return ord(m.key) - ord("a") + 1  # Word's own letters run a, b, c, … f
    return m.value


def _expected_label(prev: Marker, auto: bool) -> str:
    if prev.kind == "letter" and not auto:
        i = VN_LETTERS.find(prev.key)
        return VN_LETTERS[i + 1] if 0 <= i < len(VN_LETTERS) - 1 else "?"
    if prev.kind == "decimal":
        head = prev.key.rsplit(".", 1)[0] + "." if "." in prev.key else ""
        return f"{head}{prev.value + 1}"
    if prev.kind == "roman":
        from cchc_parse.structure.markers import to_roman

        return to_roman(prev.value + 1)
    return str(prev.value + 1)


def _gaps(groups: Iterable[Sorted], what: str) -> Iterator[Finding]:
    for runs, _foreign in groups:
        for run in runs:
            first_id, first, _, first_loc = run[0]
            if first.kind == "decimal" and "." in first.key and first.value > 1:
                head = first.key.rsplit(".", 1)[0]
                missing = f"{head}.1" + (f"–{head}.{first.value - 1}" if first.value > 2 else "")
                yield Finding(first_loc, {"missing": missing, "next": first.key, what: first_id})
            for (_pid, pm, pauto, _), (cid, cm, cauto, loc) in pairwise(run):
                pv, cv = _value(pm, pauto), _value(cm, cauto)
                if cv > pv + 1:
                    yield Finding(loc, {"missing": _expected_label(pm, pauto), "prev": pm.key, "next": cm.key,
                                        what: cid})


@rule("S101", "numbering-gap", "warning", "Siblings skip a number (1, 2, 4): often a lost row or paragraph.",
      messages=[N_("section numbering gap: {missing} missing before {next} ({section})"),
                N_("section numbering gap: {missing} missing between {prev} and {next} ({section})"),
                N_("task numbering gap: {missing} missing before {next} ({task})"),
                N_("task numbering gap: {missing} missing between {prev} and {next} ({task})")],
      fail="1. A\n2. B\n4. C", ok="1. A\n2. B\n3. C")
def numbering_gap(doc: PlanDocument) -> Iterator[Finding]:
    """Numbered siblings skip a value: 3.2 is followed by 3.4, or c) by đ).

    A gap usually means a row or paragraph was lost (a page break, a copy from last year's plan)
    or a typing slip in the numbering. Checked for sections and for task-table STT labels.
    """
    yield from _gaps(_section_runs(doc), "section")
    yield from _gaps(_with_runs(_task_groups(doc)), "task")


def _order(groups: Iterable[Sorted], what: str) -> Iterator[Finding]:
    for runs, foreign in groups:
        for ident, m, loc in foreign:
            yield Finding(loc, {"letter": m.key, what: ident})
        for run in runs:
            for (_, pm, pauto, _), (cid, cm, cauto, loc) in pairwise(run):
                if _value(cm, cauto) == _value(pm, pauto):
                    yield Finding(loc, {"number": cm.key, what: cid})
                elif _value(cm, cauto) < _value(pm, pauto):
                    yield Finding(loc, {"number": cm.key, "prev": pm.key, what: cid})


@rule("S102", "numbering-order", "warning", "A sibling repeats or goes back (a, c, b; 2, 2).",
      messages=[N_("section letter {letter} is not in the Vietnamese order a, b, c, d, đ, e, g, h, i, k, … "
                   "({section})"),
                N_("section number {number} repeated ({section})"),
                N_("section number {number} comes after {prev}: out of order ({section})"),
                N_("task letter {letter} is not in the Vietnamese order a, b, c, d, đ, e, g, h, i, k, … ({task})"),
                N_("task number {number} repeated ({task})"),
                N_("task number {number} comes after {prev}: out of order ({task})")],
      fail="a) A\nc) C\nb) B", ok="a) A\nb) B\nc) C")
def numbering_order(doc: PlanDocument) -> Iterator[Finding]:
    """Numbered siblings repeat a value or go backwards (letters out of order, duplicates).

    Letters follow the Vietnamese order a b c d đ e g h i k …; "đ" after "d" is right, "e"
    after "d" in typed text skips đ (reported by S101).
    """
    yield from _order(_section_runs(doc), "section")
    yield from _order(_with_runs(_task_groups(doc)), "task")
