"""Matching quality of `cchc diff` / `cchc coverage` (issue 18): precision and recall of the task pairing
on the labelled variants of tests/data/compare/ (truth.json), per variant and overall, with the time taken.

    .venv/bin/python bench/bench_compare.py      # prints a markdown section (bench/run.py includes it)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from cchc_parse.compare.items import plan_items
from cchc_parse.compare.match import match_items
from cchc_parse.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "compare"


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> int:
    truth = json.loads((DATA / "truth.json").read_text("utf-8"))
    rows, total = [], [0, 0, 0]
    for name, case in sorted(truth.items()):
        a = plan_items(parse_file(ROOT / case["old"]).doc)
        b = plan_items(parse_file(ROOT / case["new"]).doc)
        t0 = time.perf_counter()
        m = match_items(a, b)
        ms = (time.perf_counter() - t0) * 1000
        pred = {(a[p.old].id, b[p.new].id) for p in m.pairs}
        true = {tuple(p) for p in case["pairs"]}
        tp, fp, fn = len(pred & true), len(pred - true), len(true - pred)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        rows.append(f"| {name} | {len(a)} × {len(b)} | {len(true)} | {tp} | {fp} | {fn} | "
                    f"{_ratio(tp, tp + fp):.3f} | {_ratio(tp, tp + fn):.3f} | {ms:.1f} |")
    tp, fp, fn = total
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    print("Task pairing of `cchc diff` on the labelled variants (tasks reworded, moved, dropped, added; "
          "tests/data/compare/truth.json). The test suite holds both at >= 0.95.\n")
    print("| variant | items old × new | true pairs | TP | FP | FN | precision | recall | match ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| **all** | | {tp + fn} | {tp} | {fp} | {fn} | **{p:.3f}** | **{r:.3f}** | |")
    return 0 if p >= 0.95 and r >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
