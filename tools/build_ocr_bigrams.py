"""Build src/cchc_parse/data/ocr_bigrams.json: word-pair counts of Vietnamese administrative text.

The OCR post-correction by context (extract/ocr/context.py) uses it to choose between tone and
diacritic variants of a syllable that Tesseract confuses ("chỉ" / "chi", "bố" / "bổ"). The text
comes from the born-digital documents in samples/ (text, Word, text-layer PDFs), read with cchc's
own extractors; scanned PDFs (those with a scan gold in tests/data/gold/scans/, or with no usable
text layer) are left out, so the OCR is never judged with its own test pages.

Pairs are two lower-cased Vietnamese syllables next to each other with no punctuation between
them; pairs seen fewer than MIN_COUNT times are dropped. The output is deterministic (sorted keys).

    .venv/bin/python tools/build_ocr_bigrams.py            # writes the package data file
    .venv/bin/python tools/build_ocr_bigrams.py --check    # exit 1 when the file is not up to date
"""

from __future__ import annotations

import itertools
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cchc_parse.errors import CchcError  # noqa: E402
from cchc_parse.extract import extract  # noqa: E402
from cchc_parse.extract.blocks import Line, Table  # noqa: E402
from cchc_parse.extract.pdf.textlayer import is_syllable  # noqa: E402

OUT = ROOT / "src" / "cchc_parse" / "data" / "ocr_bigrams.json"
SOURCES = ("samples/text", "samples/docx", "samples/doc", "samples/pdf")
SCAN_GOLD = ROOT / "tests" / "data" / "gold" / "scans"
MIN_COUNT = 2
_EDGE = "\"'()[]{}<>.,;:!?…*-–—_/\u201c\u201d\u2018\u2019«»"
_BREAK = ".,;:!?()[]{}…\"\u201c\u201d"  # punctuation ending a run of words


def sources() -> list[Path]:
    scans = {p.name.removesuffix(".gold.json") for p in SCAN_GOLD.glob("*.gold.json")}
    files = [p for d in SOURCES for p in sorted((ROOT / d).iterdir()) if p.is_file()]
    return [p for p in files if p.suffix in (".txt", ".docx", ".doc", ".pdf") and p.name not in scans]


def texts(path: Path) -> Iterator[str]:
    """The document's lines and table cells as text; nothing when it cannot be read without OCR."""
    try:
        ex = extract(path)
    except CchcError as e:
        print(f"skipped {path.relative_to(ROOT)}: {e}", file=sys.stderr)
        return
    if ex.meta.get("ocr_pages"):
        return
    for b in ex.blocks:
        if isinstance(b, Line):
            yield b.text
        elif isinstance(b, Table):
            yield from (c.text for row in b.rows for c in row if not c.covered)


def runs(text: str) -> Iterator[list[str]]:
    """Runs of lower-cased syllables with no punctuation or non-word between them."""
    run: list[str] = []
    for tok in unicodedata.normalize("NFC", text).split():
        core = tok.strip(_EDGE)
        word = core.lower()
        if not core or tok[:1] in _BREAK or not core.isalpha() or not is_syllable(word):
            if run:
                yield run
            run = []
            if not (core.isalpha() and is_syllable(word)):
                continue
        run.append(word)
        if tok[-1:] in _BREAK:
            yield run
            run = []
    if run:
        yield run


def count(lines: Iterable[str]) -> Counter[str]:
    pairs: Counter[str] = Counter()
    for line in lines:
        for run in runs(line):
            pairs.update(f"{a} {b}" for a, b in itertools.pairwise(run))
    return pairs


def build() -> str:
    pairs = count(t for p in sources() for t in texts(p))
    kept = {k: n for k, n in sorted(pairs.items()) if n >= MIN_COUNT}
    return json.dumps({"min_count": MIN_COUNT, "pairs": kept}, ensure_ascii=False, indent=0,
                      sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    data = build()
    if "--check" in argv:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == data
        print("up to date" if same else f"{OUT.relative_to(ROOT)} is out of date: rebuild it")
        return 0 if same else 1
    OUT.write_text(data, encoding="utf-8")
    n = len(json.loads(data)["pairs"])
    print(f"wrote {OUT.relative_to(ROOT)}: {n} pairs, {len(data.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
