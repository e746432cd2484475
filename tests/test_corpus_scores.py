"""Real documents from other offices against their hand-checked gold (tests/data/gold/corpus), with the scorer."""

from __future__ import annotations

import importlib.util
import json

import pytest

from cchc_parse.emit.serialize import dump_json
from cchc_parse.pipeline import parse_file

from conftest import DATA, SAMPLES

_spec = importlib.util.spec_from_file_location("score", DATA / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)  # type: ignore[union-attr]

GOLD = sorted((DATA / "gold" / "corpus").glob("*.gold.json"))
FOLDER = {".doc": "doc", ".docx": "docx", ".pdf": "pdf", ".txt": "text"}


def _sample(gold_path):
    name = gold_path.name.removesuffix(".gold.json")
    return SAMPLES / FOLDER[name[name.rindex("."):]] / name


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_corpus_gold_score(gold_path) -> None:
    path = _sample(gold_path)
    parsed = json.loads(dump_json(parse_file(path).doc))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    parts, overall, misses = score.score(gold, parsed)
    assert overall >= 0.97, (parts, misses)


def test_every_gold_file_has_its_sample() -> None:
    assert len(GOLD) == 5
    assert all(_sample(g).is_file() for g in GOLD)
