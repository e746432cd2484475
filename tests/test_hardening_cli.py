"""Issue 13, the single-file CLI: where -o writes (folders, unknown extensions, links, devices, the
input itself), stdin, --debug anywhere, value hints, the time/memory guard, long names, the umask."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TXT = ROOT / "samples" / "text" / "001-kh-svhttdl.txt"
DOCX = ROOT / "samples" / "docx" / "lamdong-ubnd-tbkl-pci.docx"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100", "NO_COLOR": "1"}
LONG = "kế hoạch cải cách hành chính " * 6 + "năm 2024 "  # 237 bytes in UTF-8


def cchc(*args: str | Path, stdin: bytes | None = None,
         umask: int | None = None) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([sys.executable, "-m", "cchc_parse", *map(str, args)], capture_output=True,
                       timeout=120, env=ENV, cwd=ROOT, input=stdin,
                       preexec_fn=(lambda: os.umask(umask)) if umask else None)
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode("utf-8"),
                                       r.stderr.decode("utf-8"))


def one_line(r: subprocess.CompletedProcess[str], *words: str) -> str:
    assert r.returncode != 0 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return Path(shutil.copy(TXT, tmp_path / TXT.name))


def test_o_new_folder_with_slash_and_existing_folder(tmp_path: Path, src: Path) -> None:
    r = cchc("parse", src, "-o", f"{tmp_path / 'newdir'}/")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "newdir" / f"{src.name}.yaml").is_file()
    (tmp_path / "there").mkdir()
    r = cchc("parse", src, "-o", tmp_path / "there", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "there" / f"{src.name}.json").read_text(encoding="utf-8").startswith("{")


def test_unknown_output_extension_is_refused_unless_format_given(tmp_path: Path, src: Path) -> None:
    one_line(cchc("parse", src, "-o", tmp_path / "p.txt"), "p.txt", ".yaml", ".json")
    assert not (tmp_path / "p.txt").exists()
    r = cchc("parse", src, "-o", tmp_path / "p.txt", "--format", "json")
    assert r.returncode == 0 and (tmp_path / "p.txt").read_text(encoding="utf-8").startswith("{")


def test_output_onto_the_input_is_refused(tmp_path: Path) -> None:
    docx = Path(shutil.copy(DOCX, tmp_path / "p.docx"))
    before = docx.read_bytes()
    one_line(cchc("parse", docx, "-o", docx, "--format", "yaml"), "is the input")
    link = tmp_path / "link.yaml"
    link.symlink_to(docx)
    one_line(cchc("parse", docx, "-o", link), "is the input")
    assert docx.read_bytes() == before and link.is_symlink()


def test_output_symlink_is_written_through(tmp_path: Path, src: Path) -> None:
    target = tmp_path / "real.yaml"
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert cchc("parse", src, "-o", link).returncode == 0
    assert link.is_symlink() and yaml.safe_load(target.read_text(encoding="utf-8"))["tasks"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_fifo_is_written_through(tmp_path: Path, src: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    r = cchc("parse", src, "-o", fifo)
    out, _ = reader.communicate(timeout=60)
    assert r.returncode == 0, r.stderr
    assert yaml.safe_load(out)["tasks"] and fifo.exists() and not fifo.is_file()


def test_readme_is_not_parsed_as_a_document(tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    md.write_text("# Kế hoạch\n\nVăn bản hướng dẫn.\n", encoding="utf-8")
    one_line(cchc("parse", md), "README.md", ".md")


def test_stdin(src: Path) -> None:
    r = cchc("parse", "-", stdin=src.read_bytes())
    assert r.returncode == 0, r.stderr
    assert r.stdout == cchc("parse", src).stdout.replace(src.name, "stdin")


def test_debug_after_the_subcommand(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = cchc("parse", empty, "--debug")
    assert r.returncode == 1 and "Traceback" in r.stderr and "InputError" in r.stderr


def test_value_hints_are_words() -> None:
    r = cchc("parse", "--help")
    assert r.returncode == 0
    assert "<list[" not in r.stdout and "<bool>" not in r.stdout and "<float>" not in r.stdout
    assert "GLOB" in r.stdout and "SECONDS" in r.stdout


def test_jobs_minus_one_and_missing_units_are_refused(tmp_path: Path, src: Path) -> None:
    r = cchc("parse", src.parent, "-o", tmp_path / "out", "--jobs", "-1")
    assert r.returncode == 2 and "--jobs" in r.stderr and not (tmp_path / "out").exists()
    r = cchc("parse", src, "--units", tmp_path / "nope.yaml")
    assert r.returncode == 2 and one_line(r, "nope.yaml", "--units")


def test_path_over_255_bytes_is_one_line(tmp_path: Path) -> None:
    line = one_line(cchc("parse", tmp_path / (LONG * 2 + ".txt")), "file name too long")
    assert "internal error" not in line


def test_time_limit_in_single_file_mode(src: Path) -> None:
    one_line(cchc("parse", src, "--timeout", "0.01"), "time limit of 0.01 s", "--timeout")
    assert cchc("parse", src, "--timeout", "0", "--max-memory", "0").returncode == 0


def test_long_vietnamese_name_fits(tmp_path: Path) -> None:
    """A 242-byte name: its output name (243 bytes) fits, so its temporary name must fit too."""
    src = Path(shutil.copy(TXT, tmp_path / (LONG + ".txt")))
    out = tmp_path / (LONG + ".yaml")
    r = cchc("parse", src, "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.is_file() and sorted(p.name for p in tmp_path.iterdir()) == sorted([src.name, out.name])


def test_output_respects_the_umask(tmp_path: Path, src: Path) -> None:
    out = tmp_path / "plan.yaml"
    assert cchc("parse", src, "-o", out, umask=0o022).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o640)  # an existing file keeps its mode
    assert cchc("parse", src, "-o", out, umask=0o022).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o640


def test_the_same_file_twice_is_one_input(src: Path) -> None:
    r = cchc("parse", src, src)
    assert r.returncode == 0 and yaml.safe_load(r.stdout)["tasks"]
