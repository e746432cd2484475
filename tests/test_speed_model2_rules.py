"""The lint short cuts of issue 16 (second round) find what the plain searches find: each is compared with
the way it replaced (kept here as the reference), on the samples and on generated texts."""

from __future__ import annotations

import glob
from functools import cache
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.model import Paragraph, PlanDocument
from cchc_parse.pipeline import parse_file
from cchc_parse.validate.lintrun import sections_walked_once
from cchc_parse.validate.rules import numbering
from cchc_parse.validate.rules import references as R

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]


@cache
def _docs() -> list[PlanDocument]:
    files = []
    for pat in ("samples/docx/*.docx", "samples/text/*.txt"):
        files += sorted(glob.glob(str(ROOT / pat)))
    return [parse_file(Path(f)).doc for f in files]


def _dates_reference(text: str) -> list[str]:
    """date_invalid's finds in one text, every search made (no pre-test)."""
    out = []
    for m in R._DMY.finditer(text):
        if R._bad_day(int(m[1]), int(m[3]), int(m[4])):
            out.append(m[0])
    for m in R._WORDS.finditer(text):
        if R._bad_day(int(m[1]), int(m[2]), int(m[3])):
            out.append(m[0])
    for m in R._DM.finditer(text):
        if R._bad_day(int(m[1]), int(m[2]), 2024):
            out.append(m[0])
    return out


def _dates_found(text: str) -> list[str]:
    doc = PlanDocument(paragraphs=[Paragraph(role="body", text=text)])
    return [f.params["text"] for f in R.date_invalid(doc)]


def test_date_invalid_on_the_samples() -> None:
    texts = [t for doc in _docs() for t, _ in R._texts(doc)]
    assert len(texts) > 500
    for t in texts:
        assert _dates_found(t) == _dates_reference(t)


DATE_TEXT = st.lists(st.sampled_from(
    ["ngày", "NGÀY", "nGàY", "tháng", "THÁNG", "thÁng", "năm", "NĂM", "nĂm", " ", "\u00a0", "\n", "/", "-", ".",
     "31", "30", "29", "02", "2", "13", "4", "2023", "2024", "1999", "20", "19", "a", "à", "á", "ă"]),
    max_size=25).map("".join)


@FAST
@given(DATE_TEXT)
def test_date_invalid_on_generated_texts(text: str) -> None:
    assert _dates_found(text) == _dates_reference(text)


def test_numbering_rules_on_the_samples() -> None:
    """numbering_gap and numbering_order give in one block what they give each in its own."""
    for doc in _docs():
        alone = [list(numbering.numbering_gap(doc)), list(numbering.numbering_order(doc))]
        with sections_walked_once(doc):
            together = [list(numbering.numbering_gap(doc)), list(numbering.numbering_order(doc))]
        assert together == alone


def _runs_reference(items):
    runs: dict = {}
    for ident, label, auto, loc in items:
        m = numbering._marker(label)
        if m is None or m.kind == "bullet" or numbering._foreign_letter(m, auto):
            continue
        runs.setdefault(m.scheme, []).append((ident, m, auto, loc))
    return list(runs.values())


def _order_reference(groups, what: str) -> list:
    """numbering._order as it was: the foreign letters looked for in the group again."""
    out = []
    for group in groups:
        for ident, label, auto, loc in group:
            m = numbering._marker(label)
            if m is not None and numbering._foreign_letter(m, auto):
                out.append((loc, {"letter": m.key, what: ident}))
        for run in _runs_reference(group):
            for (_, pm, pauto, _), (cid, cm, cauto, loc) in pairwise(run):
                if numbering._value(cm, cauto) == numbering._value(pm, pauto):
                    out.append((loc, {"number": cm.key, what: cid}))
                elif numbering._value(cm, cauto) < numbering._value(pm, pauto):
                    out.append((loc, {"number": cm.key, "prev": pm.key, what: cid}))
    return out


def test_sibling_runs_and_order_are_the_reference() -> None:
    for doc in _docs():
        for groups, what in ((list(numbering._section_groups(doc)), "section"),
                             (list(numbering._task_groups(doc)), "task")):
            for g in groups:
                assert numbering._sibling_runs(g)[0] == _runs_reference(g)
            got = [(f.location, f.params) for f in numbering._order(numbering._with_runs(groups), what)]
            assert got == _order_reference(groups, what)


LABELS = st.sampled_from([None, "", "a", "b", "f", "đ", "e", "g", "1", "2", "4", "1.2", "1.4", "I.", "III.", "-", "+",
                          "a)", "f)", "z)", "II", "3."])


@FAST
@given(st.lists(st.tuples(LABELS, st.booleans()), max_size=12))
def test_order_generated(labels: list) -> None:
    from cchc_parse.diagnostics import Location

    group = [(f"s{k}", label, auto, Location(line=k + 1)) for k, (label, auto) in enumerate(labels)]
    assert numbering._sibling_runs(group)[0] == _runs_reference(group)
    got = [(f.location, f.params) for f in numbering._order(numbering._with_runs([group]), "section")]
    assert got == _order_reference([group], "section")
