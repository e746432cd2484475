"""Write src/cchc_parse/data/<name>.json from each packaged <name>.yaml table (areas, provinces, units).

The YAML files are the ones to edit; the parser reads the JSON copies, so a parse need not import
PyYAML (start-up time). tests/test_packaged_data.py fails when a copy is out of step: run
``make data`` after editing a table.

    .venv/bin/python tools/build_data.py [--check]
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "cchc_parse" / "data"
TABLES = ("areas.yaml", "provinces.yaml", "units.yaml")


def json_text(yaml_path: Path) -> str:
    data = yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    # dates (units' valid_from/valid_to, the provinces' merger date) as their ISO text, which is
    # what the parser makes of them (str(date))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_iso) + "\n"


def _iso(v: object) -> str:
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} in a data table")


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for name in TABLES:
        src, dst = DATA / name, (DATA / name).with_suffix(".json")
        text = json_text(src)
        if dst.exists() and dst.read_text(encoding="utf-8") == text:
            continue
        stale.append(dst.name)
        if not check:
            dst.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"out of step with their YAML: {', '.join(stale)}; run make data", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
