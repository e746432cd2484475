"""Numbering typos a reader repairs: a label repeated where the sequence says which number it must be.

"I. II. II. IV." — the second "II." stands between II and IV, so it is III; "IV. V. V." at the end of
its run — the first V is confirmed by IV, the second is VI. "3.1. 3.2. 3.2. 3.3." is ambiguous (the
second 3.2 may be a duplicate or a typo for 3.3 before a second typo): it is kept as printed and the
lint rules report the duplicate.
"""

from __future__ import annotations

from dataclasses import replace

from cchc_parse.structure import patterns as P
from cchc_parse.structure.markers import Marker, to_roman

_REPAIRABLE = {"roman", "decimal", "paren", "letter", "article"}


def successor(m: Marker) -> Marker | None:
    """The marker that follows ``m`` in its sequence ("II." → "III.", "3.2." → "3.3.", "b)" → "c)")."""
    if m.kind == "roman":
        key = to_roman(m.value + 1)
    elif m.kind == "decimal":
        head = m.key.rsplit(".", 1)[0] + "." if "." in m.key else ""
        key = f"{head}{m.value + 1}"
    elif m.kind == "paren":
        key = f"({m.value + 1})"
    elif m.kind == "article":
        key = f"Điều {m.value + 1}"
    elif m.kind == "letter" and m.key in P.VN_LETTERS[:-1]:
        key = P.VN_LETTERS[P.VN_LETTERS.index(m.key) + 1]
    else:
        return None
    return replace(m, key=key, value=m.value + 1, label=m.label.replace(m.key, key, 1))


def repairs(run: list[Marker]) -> dict[int, Marker]:
    """For one run of sibling markers of one scheme: {index: repaired marker} for the unambiguous typos.

    A label equal to the one before it is repaired when the sequence confirms the number before it
    (the one before that is one less) and the number after it (the next one is two more, or there
    is none): "1. 2. 2. 4." and "IV. V. V." are repaired, "1. 1." and "3.2. 3.2. 3.3." are not.
    """
    out: dict[int, Marker] = {}
    for i in range(1, len(run)):
        prev, cur = run[i - 1], run[i]
        if cur.kind not in _REPAIRABLE or cur.auto or cur.key != prev.key:
            continue
        before_ok = i >= 2 and run[i - 2].value == cur.value - 1
        after_ok = i == len(run) - 1 or run[i + 1].value == cur.value + 2
        fixed = successor(cur) if before_ok and after_ok else None
        if fixed is not None:
            out[i] = fixed
    return out
