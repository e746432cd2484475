"""OUT/cchc.sqlite: contents, unit names, the overdue view on seed 001, duplicates, incremental updates."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cchc_parse.errors import CchcError
from cchc_parse.model import SCHEMA_VERSION
from cchc_parse.store import DB_SCHEMA_VERSION, sync

from .conftest import parse_batch

SEED_ID = "a/001-kh-svhttdl.txt"
COPY_ID = "b/001-copy.txt"
ALIAS_ID = "tayninh-ubnd-aliases.txt"

# Seed 001 (samples/text/001-kh-svhttdl.txt) as of 2023-07-01, counted by hand from the plan's table: the
# deadlines that ended before 1 July 2023 are 1.1 "Quý II/2023", 1.2 "Tháng 01/2022", 1.3 "Quý I/2022",
# 2.1.a "Tháng 01/2023", 2.1.b "Quý II" (of the plan year 2023), 4.3.a "Tháng 01/2023", 7.1 "Tháng 1/2022",
# 7.2 "Tháng 2/2023". Not overdue: 1.5 "KH tháng quý I/2023 và báo cáo tháng 11/2023" (its last part is in
# November), 2.1.c "Quý I - III" (ends 30/9), the "Cả năm" / "Thường xuyên" / "Hàng tháng" rows (ongoing),
# "Quý IV" (upcoming), 1.4.b "Theo KH …" (no date: unknown), 2.2.h (no deadline).
OVERDUE_001 = ["1.1", "1.2", "1.3", "2.1.a", "2.1.b", "4.3.a", "7.1", "7.2"]


def _q(db: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def db(batch: Path) -> Path:
    return sync(batch, as_of=date(2023, 7, 1))


def test_tables_views_and_versions(db: Path) -> None:
    names = {n for (n,) in _q(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {
        "plans",
        "tasks",
        "task_units",
        "sections",
        "refs",
        "targets",
        "diagnostics",
        "tasks_fts",
        "sections_fts",
        "task_status",
        "overdue_tasks",
        "due_soon_tasks",
        "distinct_plans",
        "settings",
        "meta",
    } <= names
    assert dict(_q(db, "SELECT key, value FROM meta")) == {
        "schema_version": DB_SCHEMA_VERSION,
        "plan_schema_version": SCHEMA_VERSION,
    }
    assert _q(db, "SELECT as_of, window_days FROM settings") == [("2023-07-01", 30)]
    rows = _q(db, "SELECT plan_id, status, issuer, n_tasks, output FROM plans ORDER BY plan_id")
    assert rows[0] == (
        SEED_ID,
        "warning",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương",
        56,
        "a/001-kh-svhttdl.txt.yaml",
    )
    assert rows[2][:4] == (ALIAS_ID, "ok", "Ủy ban nhân dân tỉnh Tây Ninh", 6)
    assert _q(db, "SELECT COUNT(*) FROM tasks WHERE plan_id = ?", SEED_ID) == [(56,)]
    assert _q(db, "SELECT COUNT(*) FROM diagnostics WHERE plan_id = ? AND code = 'M301'", SEED_ID) == [(1,)]
    assert _q(
        db, "SELECT number FROM refs WHERE plan_id = ? AND role = 'legal_basis' ORDER BY seq LIMIT 1", SEED_ID
    ) == [("6991/KH-UBND",)]
    assert _q(
        db, "SELECT value, year, task_id FROM targets WHERE plan_id = ? ORDER BY seq LIMIT 1", SEED_ID
    ) == [(100.0, 2023, "2.2.d")]


def test_canonical_unit_finds_every_spelling(db: Path) -> None:
    rows = _q(
        db,
        "SELECT t.task_id, u.role, u.raw, u.canonical FROM task_units u JOIN tasks t USING (task_pk) "
        "WHERE u.unit = 'Sở Nội vụ' AND u.plan_id = ? ORDER BY t.seq, u.role",
        ALIAS_ID,
    )
    assert rows == [
        ("1.1", "lead", "SNV", "Sở Nội vụ tỉnh Tây Ninh"),
        ("1.2", "lead", "Sở NV", "Sở Nội vụ tỉnh Tây Ninh"),
        ("1.3", "support", "SNV", "Sở Nội vụ tỉnh Tây Ninh"),
        ("2.1", "support", "Sở Nội vụ", "Sở Nội vụ tỉnh Tây Ninh"),
    ]
    assert _q(db, "SELECT lead_units FROM tasks WHERE plan_id = ? AND task_id = '1.2'", ALIAS_ID) == [
        ('["Sở Nội vụ"]',)
    ]


def test_overdue_view_matches_the_hand_count_on_seed_001(db: Path) -> None:
    rows = _q(db, "SELECT task_id FROM overdue_tasks WHERE plan_id = ? ORDER BY task_pk", SEED_ID)
    assert [r[0] for r in rows] == OVERDUE_001
    counts = dict(
        _q(db, "SELECT status, COUNT(*) FROM task_status WHERE plan_id = ? GROUP BY status", SEED_ID)
    )
    assert counts == {"overdue": 8, "ongoing": 32, "upcoming": 2, "unknown": 1, "no_deadline": 1}


def test_the_copy_is_a_duplicate_counted_once(db: Path) -> None:
    assert _q(db, "SELECT plan_id, duplicate_of, duplicate_by FROM plans WHERE duplicate_of IS NOT NULL") == [
        (COPY_ID, SEED_ID, "content")
    ]
    assert _q(db, "SELECT COUNT(*), SUM(n_tasks) FROM distinct_plans") == [(2, 62)]
    assert _q(db, "SELECT COUNT(*) FROM task_status WHERE plan_id = ?", COPY_ID) == [(0,)]
    assert _q(db, "SELECT SUM(plans) FROM plan_counts") == [(2,)]


def test_full_text_search_ignores_tone_marks(db: Path) -> None:
    rows = _q(
        db,
        "SELECT t.plan_id, t.task_id FROM tasks_fts JOIN tasks t ON t.task_pk = tasks_fts.rowid "
        "WHERE tasks_fts MATCH 'vi tri viec lam' ORDER BY t.task_pk",
    )
    assert (ALIAS_ID, "1.2") in rows
    rows = _q(
        db,
        "SELECT s.section_id FROM sections_fts JOIN sections s ON s.section_pk = sections_fts.rowid "
        "WHERE sections_fts MATCH 'thân thiện' AND s.plan_id = ?",
        SEED_ID,
    )
    assert rows == [("I.1.b",)]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_rerun_with_nothing_changed_rewrites_nothing(fresh_batch: Callable[[], Path]) -> None:
    out = fresh_batch()
    db = sync(out, as_of=date(2023, 7, 1))
    before, mtime = _sha(db), db.stat().st_mtime_ns
    assert sync(out, as_of=date(2023, 7, 1)) == db
    assert (_sha(db), db.stat().st_mtime_ns) == (before, mtime)
    sync(out, as_of=date(2023, 8, 1))  # only the settings row changes
    assert _q(db, "SELECT as_of FROM settings") == [("2023-08-01",)]
    assert _q(db, "SELECT COUNT(*) FROM overdue_tasks WHERE plan_id = ?", SEED_ID) == [(8,)]


def test_changes_are_applied_plan_by_plan(fresh_batch: Callable[[], Path], tmp_path: Path) -> None:
    out = fresh_batch()
    db = sync(out, as_of=date(2023, 7, 1))
    manifest = json.loads((out / "index.json").read_text(encoding="utf-8"))
    manifest["files"] = [e for e in manifest["files"] if e["path"] != SEED_ID]  # the original is gone
    (out / "index.json").write_text(json.dumps(manifest), encoding="utf-8")
    out_yaml = out / "tayninh-ubnd-aliases.txt.yaml"
    out_yaml.write_text(
        out_yaml.read_text(encoding="utf-8").replace("Tháng 02/2024", "Tháng 03/2024"), encoding="utf-8"
    )
    sync(out, as_of=date(2023, 7, 1))
    assert _q(db, "SELECT plan_id, duplicate_of FROM plans ORDER BY plan_id") == [
        (COPY_ID, None),
        (ALIAS_ID, None),
    ]
    assert _q(db, "SELECT COUNT(*) FROM tasks WHERE plan_id = ?", SEED_ID) == [(0,)]
    assert _q(db, "SELECT deadline_raw FROM tasks WHERE plan_id = ? AND task_id = '1.1'", ALIAS_ID) == [
        ("Tháng 03/2024",)
    ]
    assert _q(db, "SELECT COUNT(*) FROM tasks_fts WHERE tasks_fts MATCH 'tham muu'") == [(2,)]  # the copy's


def test_failed_and_unreadable_outputs_are_listed(tmp_path: Path, fresh_batch: Callable[[], Path]) -> None:
    out = fresh_batch()
    (out / "tayninh-ubnd-aliases.txt.yaml").write_text("- not a plan\n", encoding="utf-8")
    db = sync(out)
    assert _q(db, "SELECT status, error FROM plans WHERE plan_id = ?", ALIAS_ID) == [
        ("failed", "OutputError")
    ]
    src = tmp_path / "bad"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    parse_batch(src, tmp_path / "bad-out")
    db = sync(tmp_path / "bad-out")
    assert _q(db, "SELECT plan_id, status, reason FROM plans") == [
        ("empty.txt", "failed", "the file is empty")
    ]


def test_an_old_or_foreign_database_is_rebuilt(
    fresh_batch: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = fresh_batch()
    (out / "cchc.sqlite").write_bytes(b"not a database at all")
    db = sync(out)
    assert _q(db, "SELECT COUNT(*) FROM plans") == [(3,)]
    con = sqlite3.connect(db)
    con.execute("DELETE FROM task_units")
    con.execute("UPDATE meta SET value = '0.9' WHERE key = 'schema_version'")
    con.execute("DELETE FROM tasks")
    con.commit()
    con.close()
    monkeypatch.setenv("CCHC_TODAY", "2023-07-01")
    sync(out)
    assert _q(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [(DB_SCHEMA_VERSION,)]
    assert _q(db, "SELECT COUNT(*) FROM tasks") == [(118,)]
    assert _q(db, "SELECT as_of FROM settings") == [("2023-07-01",)]
    assert not list(out.glob(".cchc.sqlite.*"))


def test_without_as_of_the_views_use_today(
    fresh_batch: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CCHC_TODAY", raising=False)
    db = sync(fresh_batch())
    assert _q(db, "SELECT as_of FROM settings") == [(None,)]
    (today,) = _q(db, "SELECT DISTINCT as_of FROM task_status")
    assert date.fromisoformat(today[0]) >= date(2025, 1, 1)


def test_no_manifest_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CchcError, match="no manifest"):
        sync(tmp_path)
    assert not (tmp_path / "cchc.sqlite").exists()


def test_a_batch_rerun_that_skips_every_file_leaves_the_database_alone(tmp_path: Path) -> None:
    """A re-run reports unchanged files as "skipped" (with their previous status): the same plans, so the
    batch's own sync must not rewrite their rows (it did, because the entry's status word changed)."""
    from .conftest import SEED, make_input

    src = make_input(tmp_path / "in", {"001.txt": SEED})
    out = tmp_path / "out"
    assert parse_batch(src, out) == 0
    db = out / "cchc.sqlite"
    before = _q(db, "SELECT plan_id, signature, status FROM plans")
    assert parse_batch(src, out) == 0
    assert json.loads((out / "index.json").read_text("utf-8"))["files"][0]["status"] == "skipped"
    assert _q(db, "SELECT plan_id, signature, status FROM plans") == before
    assert _q(db, "SELECT COUNT(*) FROM tasks") == [(56,)]  # the table rows, group rows included


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'tasks_fts%' ORDER BY name")]
        return {n: con.execute(f"SELECT * FROM {n} ORDER BY 1, 2").fetchall() for n in names}
    finally:
        con.close()


def test_the_rows_the_workers_cached_are_the_rows_of_the_outputs(
    fresh_batch: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database filled from the workers' row caches (no output read back) holds exactly what
    reading every output back gives."""
    import shutil

    from cchc_parse.store import update

    out = fresh_batch()

    def no_read_back(*_a: object) -> None:
        raise AssertionError("an output was read back although its row cache is current")

    with monkeypatch.context() as m:
        m.setattr(update, "_load", no_read_back)
        fast = _tables(sync(out, as_of=date(2023, 7, 1)))
    (out / "cchc.sqlite").unlink()
    shutil.rmtree(out / ".cchc" / "rows")
    assert _tables(sync(out, as_of=date(2023, 7, 1))) == fast
    assert fast["tasks"] and fast["task_units"] and fast["sections"]


def test_a_row_cache_of_other_output_bytes_is_not_used(fresh_batch: Callable[[], Path]) -> None:
    out = fresh_batch()
    out_yaml = out / "tayninh-ubnd-aliases.txt.yaml"
    out_yaml.write_text(out_yaml.read_text(encoding="utf-8").replace("Tháng 02/2024", "Tháng 03/2024"),
                        encoding="utf-8")  # edited after the run: its cached rows say 02/2024
    db = sync(out, as_of=date(2023, 7, 1))
    assert _q(db, "SELECT deadline_raw FROM tasks WHERE plan_id = ? AND task_id = '1.1'", ALIAS_ID) == [
        ("Tháng 03/2024",)
    ]
