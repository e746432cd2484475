"""Shared by the scale tests: a tree of real samples with byte-identical copies, batch runs, and a
parse function for the workers (picklable by reference: it lives in a module)."""

from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from cchc_parse.batch import BatchOptions, run_batch
from cchc_parse.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted((ROOT / "samples" / "text").glob("*.txt"))
DOCX = sorted((ROOT / "samples" / "docx").glob("*.docx"))
VOLATILE = ("created", "generation", "run")  # manifest fields that differ between any two runs


class Parser:
    """parse_file, logging each call (the workers are other processes); a file whose name holds
    ``hang`` sleeps, and parsing ``touch`` appends a line to the file named by ``touch_target``."""

    def __init__(self, log: Path, hang: str | None = None, touch: str | None = None,
                 touch_target: Path | None = None) -> None:
        self.log, self.hang, self.touch = str(log), hang, touch
        self.target = str(touch_target) if touch_target else None

    def __call__(self, path: Path, opts: Any) -> Any:
        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")
        if self.hang and self.hang in path.name:
            time.sleep(600)
        if self.touch and self.touch in path.name and self.target:
            with open(self.target, "ab") as fh:
                fh.write("\nThêm một dòng.\n".encode())
        return parse_file(path, opts)


def calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def build(root: Path) -> dict[str, str]:
    """Real samples in two province folders, two byte-identical copies (one under another name),
    and a file that fails; returns {relative path: what it is}."""
    made = {}
    for i, src in enumerate([*TEXTS[:3], *DOCX[:2]]):
        dst = root / ("Lào Cai" if i % 2 else "Hà Nội") / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)
        made[f"{dst.parent.name}/{src.name}"] = "plan"
    (root / "copies").mkdir()
    shutil.copy(TEXTS[1], root / "copies" / "bản sao.txt")
    shutil.copy(DOCX[0], root / "copies" / DOCX[0].name)
    made["copies/bản sao.txt"] = "copy"
    made[f"copies/{DOCX[0].name}"] = "copy"
    (root / "hỏng.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    made["hỏng.docx"] = "failed"
    return made


def run(inputs: list[Path], out: Path, **kw: Any) -> int:
    kw.setdefault("quiet", True)
    kw.setdefault("jobs", 2)
    return run_batch(inputs, out, BatchOptions(**kw), console=Console(file=io.StringIO(), width=200))


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def stable(m: dict[str, Any]) -> dict[str, Any]:
    """A manifest without what differs between any two runs (times, the run's own counters)."""
    files = [{k: v for k, v in e.items() if k != "seconds"} for e in m["files"]]
    return {**{k: v for k, v in m.items() if k not in VOLATILE}, "files": files}


def tree_bytes(out: Path) -> dict[str, bytes]:
    """Every file the run wrote but the manifest, by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "index.json"}
