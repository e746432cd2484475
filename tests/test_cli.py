"""The single-file `cchc parse` command: stdout vs -o, formats, one-line errors, no partial output.

Runs the real command in a subprocess (`python -m cchc_parse`) so exit codes, stdout and stderr
are what a user sees.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TXT = SAMPLES / "text" / "004-news-cchc-binhduong.txt"
DOCX = SAMPLES / "docx" / "lamdong-ubnd-tbkl-pci.docx"
PDF = SAMPLES / "pdf" / "bnv-cv8151-cchc.pdf"
ENC_PDF = ROOT / "tests" / "data" / "pdf" / "plan-small-enc.pdf"
SCAN = SAMPLES / "pdf" / "vpcp-qd932-scan.pdf"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "60", "NO_COLOR": "1"}


def cchc(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cchc_parse", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=ENV, cwd=ROOT)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(r: subprocess.CompletedProcess[str], path: Path, *words: str) -> None:
    assert r.returncode != 0
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error:"), lines[0]
    assert path.name in lines[0], lines[0]
    assert "Traceback" not in r.stderr
    for w in words:
        assert w in lines[0], lines[0]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Copies of a sample of each format (so a bug can never touch samples/)."""
    d = tmp_path / "in"
    d.mkdir()
    return {k: Path(shutil.copy(src, d / src.name)) for k, src in (("txt", TXT), ("docx", DOCX), ("pdf", PDF))}


# --- output: stdout or -o, format from the extension


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_stdout_is_yaml_and_matches_o(tmp_path: Path, inputs: dict[str, Path], kind: str) -> None:
    src = inputs[kind]
    r = cchc("parse", src)
    assert r.returncode == 0, r.stderr
    data = yaml.safe_load(r.stdout)
    assert isinstance(data, dict) and data
    out = tmp_path / "out" / "plan.yaml"
    r2 = cchc("parse", src, "-o", out)
    assert r2.returncode == 0, r2.stderr
    assert r2.stdout == ""
    assert out.read_text(encoding="utf-8") == r.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["plan.yaml"]  # no temp file left


def test_format_from_extension_and_flag(tmp_path: Path, inputs: dict[str, Path]) -> None:
    src = inputs["txt"]
    assert cchc("parse", src, "-o", tmp_path / "a.json").returncode == 0
    as_json = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert cchc("parse", src, "-o", tmp_path / "a.yml").returncode == 0
    assert yaml.safe_load((tmp_path / "a.yml").read_text(encoding="utf-8")) == as_json
    assert cchc("parse", src, "--format", "json", "-o", tmp_path / "b.yaml").returncode == 0
    assert json.loads((tmp_path / "b.yaml").read_text(encoding="utf-8")) == as_json
    r = cchc("parse", src, "--format", "json")
    assert json.loads(r.stdout) == as_json
    bad = cchc("parse", src, "--format", "xml")
    assert bad.returncode == 2 and "yaml or json" in bad.stderr


# --- failures: one line naming the file, non-zero exit, no output file


def _junk(path: Path) -> Path:
    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    return path


@pytest.mark.parametrize(("case", "words"), [
    ("missing", ("no such file",)),
    ("empty", ("empty",)),
    ("junk", ("not a",)),
    ("encrypted", ("encrypted", "--password")),
    ("scanned", ("--ocr",)),
    ("truncated", ()),
])
@pytest.mark.parametrize("with_o", [False, True], ids=["stdout", "-o"])
def test_failure_is_one_line(tmp_path: Path, case: str, words: tuple[str, ...], with_o: bool) -> None:
    src = {
        "missing": lambda: tmp_path / "missing.docx",
        "empty": lambda: (tmp_path / "empty.pdf", (tmp_path / "empty.pdf").write_bytes(b""))[0],
        "junk": lambda: _junk(tmp_path / "junk.txt"),
        "encrypted": lambda: Path(shutil.copy(ENC_PDF, tmp_path / "enc.pdf")),
        "scanned": lambda: Path(shutil.copy(SCAN, tmp_path / "scan.pdf")),
        "truncated": lambda: (tmp_path / "cut.docx", (tmp_path / "cut.docx").write_bytes(DOCX.read_bytes()[:3000]))[0],
    }[case]()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args: list[str | Path] = ["parse", src] + (["-o", out_dir / "plan.yaml"] if with_o else [])
    before = sha(src) if src.exists() else None
    r = cchc(*args)
    assert_one_line_error(r, src, *words)
    assert list(out_dir.iterdir()) == []  # no output, no partial temp file
    if before is not None:
        assert sha(src) == before


def test_failure_keeps_an_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("OLD\n", encoding="utf-8")
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    assert_one_line_error(cchc("parse", src, "-o", out), src, "empty")
    assert out.read_text(encoding="utf-8") == "OLD\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "plan.yaml"]


def test_unwritable_output_is_one_line(tmp_path: Path, inputs: dict[str, Path]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "plan.yaml"  # its parent is a file
    r = cchc("parse", inputs["txt"], "-o", out)
    assert_one_line_error(r, out, "cannot write")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files without permission")
def test_unreadable_input(tmp_path: Path) -> None:
    src = tmp_path / "locked.txt"
    src.write_text("KẾ HOẠCH", encoding="utf-8")
    src.chmod(0)
    try:
        assert_one_line_error(cchc("parse", src), src)
    finally:
        src.chmod(0o644)


def test_long_path_error_is_still_one_line(tmp_path: Path) -> None:
    deep = tmp_path / ("rất-dài-" * 12) / ("thư mục " * 10)
    deep.mkdir(parents=True)
    src = deep / "empty.txt"
    src.write_bytes(b"")
    assert_one_line_error(cchc("parse", src), src, "empty")


def test_error_names_with_markup_characters(tmp_path: Path) -> None:
    src = tmp_path / "[bold]kế hoạch[red] [x].txt"
    src.write_bytes(b"")
    assert_one_line_error(cchc("parse", src), src, "empty")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    r = cchc("--debug", "parse", src)
    assert r.returncode != 0
    assert "Traceback" in r.stderr or "most recent call last" in r.stderr
    assert "InputError" in r.stderr


def test_password_opens_the_encrypted_pdf(tmp_path: Path) -> None:
    src = Path(shutil.copy(ENC_PDF, tmp_path / "enc.pdf"))
    r = cchc("parse", src, "--password", "secret", "-o", tmp_path / "enc.json")
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "enc.json").read_text(encoding="utf-8"))["tasks"]
    wrong = cchc("parse", src, "--password", "nope")
    assert_one_line_error(wrong, src, "password")


# --- the input is never modified


def test_inputs_never_modified(tmp_path: Path, inputs: dict[str, Path]) -> None:
    for src in inputs.values():
        before = (sha(src), src.stat().st_mtime_ns, src.stat().st_mode)
        assert cchc("parse", src, "-o", tmp_path / f"{src.name}.json").returncode == 0
        assert cchc("parse", src).returncode == 0
        assert (sha(src), src.stat().st_mtime_ns, src.stat().st_mode) == before
    assert sorted(p.name for p in inputs["txt"].parent.iterdir()) == sorted(p.name for p in inputs.values())


def test_output_onto_the_input_is_refused(tmp_path: Path, inputs: dict[str, Path]) -> None:
    """`-o` naming the input itself is refused: the .docx is never replaced by its YAML."""
    src = inputs["docx"]
    before = sha(src)
    r = cchc("parse", src, "-o", src, "--format", "yaml")
    assert r.returncode != 0 and sha(src) == before
    assert len(r.stderr.strip().splitlines()) == 1 and "is the input" in r.stderr


def test_the_console_script_runs_exit_handlers_and_flushes_before_its_quick_exit() -> None:
    """cli.run skips the interpreter's teardown (start-up time), not atexit handlers or buffered output."""
    code = ("import atexit, sys; atexit.register(lambda: print('handler ran', file=sys.stderr)); "
            "sys.argv = ['cchc', 'parse', sys.argv[1]]; from cchc_parse.cli import run; run()")
    r = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "text" / "001-kh-svhttdl.txt")],
                       capture_output=True, text=True, timeout=120, env=ENV, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("schema_name: cchc.plan") and r.stdout.endswith("\n")
    assert "handler ran" in r.stderr
    missing = subprocess.run([sys.executable, "-c", code, "/no/such/file.txt"], capture_output=True, text=True,
                             timeout=120, env=ENV, cwd=ROOT)
    assert missing.returncode == 1 and "handler ran" in missing.stderr


def test_exit_status_of_a_system_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    from cchc_parse.cli import _exit_status

    assert (_exit_status(None), _exit_status(0), _exit_status(2), _exit_status(256 + 3)) == (0, 0, 2, 3)
    assert _exit_status("bad usage") == 1 and capsys.readouterr().err == "bad usage\n"
