"""Per-rule cases (tests/validate/cases/<CODE>.yaml): every rule has a passing and a failing input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cchc_parse.model import PlanDocument
from cchc_parse.pipeline import ParseOptions, parse_text
from cchc_parse.validate.registry import RULES, load_rules

CASES = Path(__file__).parent / "cases"
load_rules()


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for f in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        code = data.pop("rule")
        assert code == f.stem, f"{f.name} declares rule {code}"
        out.extend((code, name, case) for name, case in data.items())
    return out


def _doc(case: dict[str, Any]) -> PlanDocument:
    if "text" in case:
        return parse_text(case["text"], "case.txt", ParseOptions(lint=False)).doc
    return PlanDocument.model_validate(case["plan"])


def render(code: str, doc: PlanDocument) -> list[str]:
    """'S101 3 message' per finding, like a snapshot line ('-' when the finding has no line)."""
    return [f"{code} {f.location.line if f.location.line is not None else '-'} {f.message}"
            for f in RULES[code].check(doc)]


@pytest.mark.parametrize("code, name, case", _cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_rule_case(code: str, name: str, case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert code in RULES, f"no rule {code}"
    if "today" in case:
        monkeypatch.setenv("CCHC_TODAY", case["today"])
    got = render(code, _doc(case))
    if name.startswith("pass"):
        assert got == []
    else:
        assert name.startswith("fail"), f"case names start with pass or fail: {name}"
        assert case.get("expect"), f"{code} {name}: a failing case lists what it expects"
        assert got == case["expect"]


@pytest.mark.parametrize("code", sorted(load_rules()))
def test_every_rule_has_cases_and_docs(code: str) -> None:
    f = CASES / f"{code}.yaml"
    assert f.exists(), f"rule {code} has no case file {f.name}"
    names = list(yaml.safe_load(f.read_text(encoding="utf-8")))
    assert any(n.startswith("pass") for n in names), f"{code}: no passing case"
    assert any(n.startswith("fail") for n in names), f"{code}: no failing case"
    r = RULES[code]
    assert r.doc and r.summary and r.name, f"{code}: needs a docstring, a summary and a name"


def test_codes_and_names_are_unique() -> None:
    names = [r.name for r in load_rules().values()]
    assert len(names) == len(set(names))
