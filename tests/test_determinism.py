"""Same file, different processes and hash seeds → byte-identical YAML and JSON (issue 8).

Two worker processes (PYTHONHASHSEED=1 and =2718281, run side by side) each parse every sample
once and write the YAML and JSON bytes (or the error message) to their own folder; each sample is
then one test comparing the two.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXTS = {".txt", ".docx", ".doc", ".pdf"}
FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in EXTS)
SEEDS = ("1", "2718281")

_WORKER = """
    import sys
    from pathlib import Path
    from cchc_parse.emit.serialize import dump_json, dump_yaml
    from cchc_parse.errors import CchcError
    from cchc_parse.pipeline import parse_file
    out = Path(sys.argv[1])
    for i, name in enumerate(sys.argv[2:]):
        try:
            doc = parse_file(Path(name)).doc
            (out / f"{i}.yaml").write_bytes(dump_yaml(doc).encode("utf-8"))
            (out / f"{i}.json").write_bytes(dump_json(doc).encode("utf-8"))
        except CchcError as e:
            (out / f"{i}.err").write_text(f"{type(e).__name__}: {e}", encoding="utf-8")
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    dirs = []
    procs = []
    for seed in SEEDS:
        d = tmp_path_factory.mktemp(f"seed{seed}")
        dirs.append(d)
        env = {**os.environ, "CCHC_LANG": "vi", "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        procs.append(subprocess.Popen([sys.executable, "-c", textwrap.dedent(_WORKER), str(d), *map(str, FILES)],
                                      env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for pr in procs:
        _, errs = pr.communicate(timeout=600)
        assert pr.returncode == 0, errs.decode(errors="replace")[-3000:]
    return dirs


def test_samples_found() -> None:
    assert {p.suffix for p in FILES} >= {".txt", ".docx", ".pdf"}


@pytest.mark.parametrize("i", range(len(FILES)), ids=[p.relative_to(SAMPLES).as_posix() for p in FILES])
def test_identical_bytes(runs: list[Path], i: int) -> None:
    a, b = runs
    outputs = sorted(p.name for p in a.glob(f"{i}.*"))
    assert outputs, f"worker wrote nothing for {FILES[i]}"
    assert outputs == sorted(p.name for p in b.glob(f"{i}.*"))
    for name in outputs:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{FILES[i].name}: {name} differs by hash seed"
