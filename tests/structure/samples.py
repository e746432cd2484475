"""The lines of every .docx and text sample, for the structure tests that compare a fast path with
its definition on real documents."""

from __future__ import annotations

import glob
from functools import cache
from pathlib import Path

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line

ROOT = Path(__file__).resolve().parents[2]


@cache
def sample_lines() -> list[list[Line]]:
    files = sorted(glob.glob(str(ROOT / "samples" / "docx" / "*.docx"))) + sorted(
        glob.glob(str(ROOT / "samples" / "text" / "*.txt")))
    return [[b for b in extract(Path(f)).blocks if isinstance(b, Line)] for f in files]
