"""S rules about the numbering hierarchy: levels skipped and ids used twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cchc_parse.i18n import N_
from cchc_parse.model import PlanDocument, Section
from cchc_parse.validate.lintrun import sections
from cchc_parse.validate.registry import Finding, rule

_NOT_LEVELS = {"bullet"}
_USUAL_BELOW = {"part": "roman", "roman": "decimal", "decimal": "letter"}  # when the plan shows no example


def _decimal_prefix(label: str | None) -> tuple[str, str] | None:
    """'1.2.' → ('1.2', '1'); '3' → None (no parent level in the label itself)."""
    key = (label or "").strip().rstrip(".")
    parts = key.split(".")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return None
    return key, ".".join(parts[:-1])


def _typical_children(doc: PlanDocument) -> dict[str, Counter[str]]:
    """For each heading kind, how many headings of that kind have children of each kind."""
    seen: dict[str, Counter[str]] = {}
    for s in sections(doc):
        kinds = {c.kind for c in s.children if c.kind not in _NOT_LEVELS}
        for k in kinds:
            seen.setdefault(s.kind, Counter())[k] += 1
    return seen


@rule("S103", "numbering-level-skipped", "warning",
      "A numbering level is skipped: '1.1' with no '1', or a) directly under II. where the plan uses 1., 2.",
      messages=[N_("section {section}: {label} directly under {parent} skips a level "
                   "(elsewhere {kind} headings hold {usual} points)"),
                N_("task {task} has no row {parent} (it sits under {under})"),
                N_("task {task} has no row {parent} (it has no parent row)"),
                N_("section {number} has no {parent}. heading above it ({section})")],
      fail="I. A\n1.1. x\n1.2. y", ok="I. A\n1. x\n1.1. y")
def numbering_level_skipped(doc: PlanDocument) -> Iterator[Finding]:
    """A point sits one level deeper than its parent allows.

    Either a dotted number has no parent number ("1.1" under "I." with no "1."), or a heading's
    points use the level below the one the rest of the plan uses there (letters a), b) directly
    under "II." while the other Roman headings hold 1., 2.). Often a heading line was lost, or a
    point was typed at the wrong level. Checked for sections and task rows.

    Example: "I. MỤC ĐÍCH / 1.1. Mục đích" — the "1. …" heading is missing.
    """
    walk = sections(doc)
    for s in walk:
        if s.children:  # a leaf (most sections) has no children to check
            yield from _dotted_children(s.label, s.children)
    yield from _dotted_children(None, [s for s in doc.sections])
    typical = _typical_children(doc)
    # each kind's most usual child kind, once a kind (not once a section)
    tops = {kind: c.most_common(1)[0] for kind, c in typical.items() if c}

    def top(kind: str) -> tuple[str, int] | None:
        return tops.get(kind)

    for s in walk:
        if not s.children:
            continue
        usual = top(s.kind)
        kids = [c for c in s.children if c.kind not in _NOT_LEVELS]
        if not kids or usual is None:
            continue
        kind = kids[0].kind
        seen_below = top(usual[0])
        below = seen_below[0] if seen_below else _USUAL_BELOW.get(usual[0])
        if kind != usual[0] and kind == below and usual[1] > typical[s.kind][kind]:
            yield Finding(kids[0].source, {"section": s.id, "label": kids[0].label, "parent": s.label,
                                           "kind": s.kind, "usual": usual[0]})
    by_id = {t.id: t for t in doc.tasks}
    for t in doc.tasks:
        pre = _decimal_prefix(t.label)
        if pre is None:
            continue
        parent = by_id.get(t.parent or "")
        plabel = (parent.label or "").strip().rstrip(".") if parent else None
        if plabel != pre[1]:
            yield Finding(t.source, {"task": pre[0], "parent": pre[1], **({"under": plabel} if plabel else {})})


def _dotted_children(parent_label: str | None, children: list[Section]) -> Iterator[Finding]:
    plabel = (parent_label or "").strip().rstrip(".")
    for c in children:
        pre = _decimal_prefix(c.label)
        if pre is not None and pre[1] != plabel:
            yield Finding(c.source, {"number": pre[0], "parent": pre[1], "section": c.id})


@rule("S104", "section-duplicate-id", "error", "Two sections have the same numbering path.",
      messages=[N_("section {section} appears more than once")], fail="I. A\n1. x\n1. y", ok="I. A\n1. x\n2. y")
def section_duplicate_id(doc: PlanDocument) -> Iterator[Finding]:
    """Two sections share an id (the parser keeps both, the second as 'id~2').

    References to "mục II.1" become ambiguous; usually a copy-paste or a renumbering slip.
    """
    seen: set[str] = set()
    for s in sections(doc):
        head, _, own = s.id.rpartition(".")
        base = (head + "." if head else "") + own.split("~")[0]  # "V~2.1" is the child of a repeat, not one
        if "~" in own or base in seen:
            yield Finding(s.source, {"section": base})
        seen.add(base)
