"""Shared fixtures: the --update-golden switch and paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# golden files must not change with the calendar (rule M304 issue-date-in-the-future)
os.environ.setdefault("CCHC_TODAY", "2026-11-23")
# tests that read messages read them in English; the golden files are Vietnamese, the default of what cchc
# writes (tests/test_golden.py and tests/test_determinism.py set CCHC_LANG=vi for themselves)
os.environ.setdefault("CCHC_LANG", "en")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"
DATA = ROOT / "tests" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current parser")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
