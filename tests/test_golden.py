"""Golden files: every file in samples/ → tests/golden/<same path>.yaml (or .error.txt for bad input)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_parse.emit.serialize import dump_yaml
from cchc_parse.errors import CchcError
from cchc_parse.pipeline import parse_file

from conftest import GOLDEN, SAMPLES

SUFFIXES = {".txt", ".docx", ".doc", ".pdf"}
CASES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def _render(path: Path) -> tuple[str, str]:
    try:
        return ".yaml", dump_yaml(parse_file(path).doc)
    except CchcError as e:
        return ".error.txt", f"{type(e).__name__}: {e.reason}\n"


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The golden files hold what cchc writes by default: messages in Vietnamese."""
    monkeypatch.setenv("CCHC_LANG", "vi")


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_golden(case: Path, update_golden: bool) -> None:
    rel = case.relative_to(SAMPLES)
    ext, got = _render(case)
    target = GOLDEN / rel.parent / (rel.name + ext)
    if update_golden:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in (GOLDEN / rel.parent).glob(rel.name + ".*"):
            old.unlink()
        target.write_text(got, encoding="utf-8")
    assert target.exists(), f"no golden file for {rel}: run `make golden-update` and review it"
    assert got == target.read_text(encoding="utf-8")
