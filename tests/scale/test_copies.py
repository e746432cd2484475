"""Byte-identical files in one batch are parsed once: each copy still gets its own output (the
bytes a parse of it alone writes), its own export rows, and a manifest entry naming the original."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from cchc_parse.batch import BatchOptions
from cchc_parse.scale.copies import group_copies

from .helpers import DOCX, TEXTS, Parser, build, calls, manifest, run


def by_path(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in manifest(out)["files"]}


def test_copies_parsed_once_with_their_own_outputs(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    made = build(src)
    assert run([src], out, parser=Parser(log), dedupe=True) == 1  # hỏng.docx fails
    names = calls(log)
    assert sorted(names) == sorted(Path(p).name for p, kind in made.items() if kind != "copy")
    files = by_path(out)
    copy_txt, copy_docx = files["copies/bản sao.txt"], files[f"copies/{DOCX[0].name}"]
    assert copy_txt["same_as"] == f"Lào Cai/{TEXTS[1].name}"
    assert copy_docx["same_as"] == f"Lào Cai/{DOCX[0].name}"
    assert copy_txt["sha256"] == files[copy_txt["same_as"]]["sha256"]
    assert copy_txt["counts"] == files[copy_txt["same_as"]]["counts"]
    assert copy_txt["status"] == files[copy_txt["same_as"]]["status"] != "failed"
    assert all("same_as" not in e for p, e in files.items() if made[p] != "copy")
    # a copy's output is what parsing it alone gives: the same bytes but for its own source_file
    alone = tmp_path / "alone"
    shutil.copytree(src / "copies", alone / "copies")
    run([alone], tmp_path / "out-alone", parser=Parser(tmp_path / "log2"), dedupe=True)
    for rel in ("copies/bản sao.txt", f"copies/{DOCX[0].name}"):
        mine = (out / f"{rel}.yaml").read_bytes()
        assert mine == (tmp_path / "out-alone" / f"{rel}.yaml").read_bytes()
        assert f"source_file: {Path(rel).name}\n".encode() in mine
    tasks = list(csv.DictReader(io.StringIO((out / "tasks.csv").read_text(encoding="utf-8-sig"), newline="")))
    per_file = {p: sum(1 for t in tasks if t["plan_file"] == p) for p in files}
    assert per_file["copies/bản sao.txt"] == per_file[copy_txt["same_as"]] > 0


def test_rerun_skips_copies_and_force_parses_once_again(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    build(src)
    run([src], out, parser=Parser(log), dedupe=True)
    first = len(calls(log))
    csv_before = (out / "tasks.csv").read_bytes()
    run([src], out, parser=Parser(log), dedupe=True)
    assert len(calls(log)) == first  # nothing changed: nothing parsed
    assert {e["status"] for p, e in by_path(out).items() if p.startswith("copies/")} == {"skipped"}
    assert (out / "tasks.csv").read_bytes() == csv_before  # the copies' rows come from their row caches
    run([src], out, parser=Parser(log), dedupe=True, force=True)
    assert len(calls(log)) == 2 * first


def test_copy_of_a_file_changed_after_hashing_is_parsed_on_its_own(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    shutil.copy(TEXTS[0], src / "a-touch.txt")  # parsed first: changes b.txt after it was hashed
    shutil.copy(TEXTS[1], src / "b.txt")
    shutil.copy(TEXTS[1], src / "c.txt")
    original = (src / "c.txt").read_bytes()
    run([src], out, jobs=1, parser=Parser(log, touch="a-touch", touch_target=src / "b.txt"), dedupe=True)
    files = by_path(out)
    assert calls(log) == ["a-touch.txt", "b.txt", "c.txt"]
    assert "same_as" not in files["c.txt"] and files["b.txt"]["sha256"] != files["c.txt"]["sha256"]
    assert (out / "c.txt.yaml").read_text(encoding="utf-8").count("Thêm một dòng") == 0
    assert (src / "c.txt").read_bytes() == original


def test_copies_share_the_failure_of_their_original(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "log"
    src.mkdir()
    shutil.copy(TEXTS[0], src / "hang.txt")
    shutil.copy(TEXTS[0], src / "z-copy.txt")
    shutil.copy(TEXTS[1], src / "fine.txt")
    assert run([src], out, timeout=1.5, parser=Parser(log, hang="hang"), dedupe=True) == 1
    files = by_path(out)
    assert files["z-copy.txt"]["status"] == files["hang.txt"]["status"] == "failed"
    assert "time limit of 1.5 s" in files["z-copy.txt"]["reason"] and files["z-copy.txt"]["retry"] is True
    assert files["z-copy.txt"]["same_as"] == "hang.txt" and files["z-copy.txt"]["output"] is None
    assert files["fine.txt"]["status"] != "failed" and not list(out.rglob("*.part"))


def test_grouping_rules() -> None:
    def task(plan: str, sha: str, key: str = "k") -> dict:
        return {"src": f"/in/{plan}", "plan": plan, "sha256": sha, "key": key, "entry": {"path": plan}}

    todo = [task("a.txt", "1"), task("b.TXT", "1"), task("c.docx", "1"), task("d.txt", "1", "other"),
            task("e.txt", "2"), task("f.txt", "1")]
    heads = group_copies(todo)
    assert [t["plan"] for t in heads] == ["a.txt", "c.docx", "d.txt", "e.txt"]
    assert [d["plan"] for d in heads[0]["dups"]] == ["b.TXT", "f.txt"]
    assert todo[5]["entry"]["same_as"] == "a.txt"
    assert BatchOptions().dedupe is None  # on by default, unless a custom parser is given
