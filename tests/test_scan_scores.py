"""Scanned documents read with --ocr against gold written from their page images (tests/data/gold/scans).

Number or day written by hand is null in gold: only the typed part of a document is scored."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cchc_parse.emit.serialize import dump_json
from cchc_parse.extract.ocr import PACKAGES, tesseract_ready
from cchc_parse.pipeline import ParseOptions, parse_file

from conftest import DATA, SAMPLES

_spec = importlib.util.spec_from_file_location("score", DATA / "score.py")
score = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(score)  # type: ignore[union-attr]

GOLD = DATA / "gold" / "scans"
MIN_SCORE = 0.85


def _score(name: str) -> tuple[dict[str, float], float, list[str]]:
    if not tesseract_ready():  # what --ocr itself needs: tesserocr and the Vietnamese model
        pytest.skip(f"--ocr needs {PACKAGES} and the Python package tesserocr")
    parsed = json.loads(dump_json(parse_file(SAMPLES / "pdf" / name, ParseOptions(ocr=True)).doc))
    gold = json.loads((GOLD / f"{name}.gold.json").read_text(encoding="utf-8"))
    return score.score(gold, parsed)


@pytest.mark.needs_tesseract
@pytest.mark.parametrize("name", ["lamdong-cat-ttr298-adobescan.pdf", "quangngai-ubnd-bc280-scan.pdf",
                                  "vpcp-qd932-scan.pdf"])
def test_scan_gold_score(name: str) -> None:
    parts, overall, misses = _score(name)
    assert overall >= MIN_SCORE, (parts, misses)


@pytest.mark.slow
@pytest.mark.needs_tesseract
def test_seven_page_scan_gold_score() -> None:
    parts, overall, misses = _score("laocai-ubnd-qd2336-scan.pdf")
    assert overall >= MIN_SCORE, (parts, misses)


def test_every_scan_gold_has_its_sample() -> None:
    names = sorted(p.name.removesuffix(".gold.json") for p in GOLD.glob("*.gold.json"))
    assert names == ["lamdong-cat-ttr298-adobescan.pdf", "laocai-ubnd-qd2336-scan.pdf",
                     "quangngai-ubnd-bc280-scan.pdf", "vpcp-qd932-scan.pdf"]
    assert all(Path(SAMPLES / "pdf" / n).is_file() for n in names)
