"""The seeds against their hand-checked gold files, with the project's copy of the scorer."""

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

SEEDS = {
    "000": ("text/000-news-vhttdl-binhduong.txt", 0.95),
    "001": ("text/001-kh-svhttdl.txt", 0.95),
    "002": ("text/002-news-vhttdl-bentre.txt", 0.95),
    "003": ("text/003-kh-stp-tayninh.txt", 0.95),
    "004": ("text/004-news-cchc-binhduong.txt", 0.95),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_score(seed: str) -> None:
    path, floor = SEEDS[seed]
    parsed = json.loads(dump_json(parse_file(SAMPLES / path).doc))
    gold = json.loads((DATA / "gold" / f"{seed}.gold.json").read_text(encoding="utf-8"))
    parts, overall, misses = score.score(gold, parsed)
    assert overall >= floor, (parts, misses)


def test_seed_001_diagnostics() -> None:
    doc = parse_file(SAMPLES / "text/001-kh-svhttdl.txt").doc
    found = {(d.code, d.message) for d in doc.diagnostics}
    assert ("S101", "task numbering gap: 3.3 missing between 3.2 and 3.4 (3.4)") in found
    t203 = sorted(m.split("'")[0] for c, m in found if c == "T203")
    assert t203 == ["task 1.2 deadline ", "task 1.3 deadline ", "task 1.4.a deadline ", "task 7.1 deadline "]
    assert ("T201", "task 4.1.b has no lead unit") in found
    assert ("T202", "task 2.2.h has no deadline") in found
    assert any(c == "M301" for c, _ in found) and ("M302", "issue day is blank (…/1/2023)") in found
    lines = {d.message.split("'")[0]: d.location.line for d in doc.diagnostics if d.code == "T203"}
    assert lines["task 1.2 deadline "] == 45


@pytest.mark.parametrize("path", ["docx/001-kh-svhttdl-word.docx", "pdf/001-kh-svhttdl-word.pdf"])
def test_seed_001_renditions(path: str) -> None:
    """The Word rendition (automatic numbering, merged two-row header over pages) and its PDF export.

    The gold copy differs from 001.gold.json only where Word's own letters show "e)" for "đ)".
    """
    parsed = json.loads(dump_json(parse_file(SAMPLES / path).doc))
    gold = json.loads((DATA / "001-word.gold.json").read_text(encoding="utf-8"))
    parts, overall, misses = score.score(gold, parsed)
    assert overall >= 0.95, (parts, misses)
