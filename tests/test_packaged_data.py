"""The parser reads the JSON copies of the data tables (no PyYAML at start-up): they must say what
the YAML tables say (tools/build_data.py; `make data` after editing a table)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cchc_parse.normalise.packaged import packaged_yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "cchc_parse" / "data"


def _as_read(v: object) -> object:
    """The YAML data as the parser uses it: dates as their ISO text."""
    if isinstance(v, dict):
        return {k: _as_read(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_as_read(x) for x in v]
    return v.isoformat() if hasattr(v, "isoformat") else v


@pytest.mark.parametrize("name", ["areas.yaml", "provinces.yaml", "units.yaml"])
def test_the_json_copy_is_the_yaml_table(name: str) -> None:
    assert packaged_yaml(name) == _as_read(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))


def test_the_build_tool_finds_nothing_to_write() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "build_data.py"), "--check"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_a_one_file_parse_does_not_import_pyyaml() -> None:
    """Start-up time: YAML output, the tables and the models need no PyYAML (13 ms of a one-page parse)."""
    code = ("import sys; from pathlib import Path; from cchc_parse.pipeline import parse_file; "
            "from cchc_parse.emit.serialize import dump; "
            "dump(parse_file(Path(sys.argv[1])).doc, 'yaml'); print('yaml' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code, str(ROOT / "samples" / "text" / "001-kh-svhttdl.txt")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
