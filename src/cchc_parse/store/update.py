"""Keep ``OUT/cchc.sqlite`` in step with a batch run's manifest (``OUT/index.json``) and outputs.

Incremental: a plan whose manifest entry and output bytes are unchanged (``plans.signature``) is not
re-read, and when nothing changed at all no statement writes, so the file keeps its bytes. A database of
another schema version (this store's or the plan schema's), or one that is not a cchc store, is rebuilt
beside the old one and moved over it: never a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from cchc_parse.errors import CchcError, OutputError
from cchc_parse.store import rows as R
from cchc_parse.store.duplicates import duplicate_groups
from cchc_parse.store.schema import DB_NAME, DB_SCHEMA_VERSION, DDL
from cchc_parse.store.status import WINDOW_DAYS

__all__ = ["connect", "set_as_of", "sync"]

CHILD_TABLES = ("task_units", "tasks", "sections", "refs", "targets", "diagnostics")


def _versions() -> dict[str, str]:
    from cchc_parse.model import SCHEMA_VERSION

    return {"schema_version": DB_SCHEMA_VERSION, "plan_schema_version": SCHEMA_VERSION}


def _read_manifest(out: Path) -> dict[str, Any]:
    from cchc_parse.batch_io import MANIFEST

    path = out / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CchcError(path, "no manifest: run `cchc parse INPUT -o OUT` first") from None
    except (OSError, ValueError) as e:
        raise CchcError(path, f"cannot read the manifest: {e}") from None
    if not isinstance(data, dict) or data.get("tool") != "cchc" or not isinstance(data.get("files"), list):
        raise CchcError(path, "not a cchc manifest")
    return data


def _default_as_of() -> str | None:
    """CCHC_TODAY when set (checked); else NULL: the views then use today in Asia/Ho_Chi_Minh."""
    from cchc_parse.store.status import today

    return today().isoformat() if os.environ.get("CCHC_TODAY", "").strip() else None


# ------------------------------------------------------------------------------------------- database
def connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, isolation_level="DEFERRED")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def _is_current(con: sqlite3.Connection) -> bool:
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return False
    return all(meta.get(k) == v for k, v in _versions().items())


def _create(con: sqlite3.Connection) -> None:
    from cchc_parse.normalise.areas import AREA_LABELS

    con.executescript(DDL)
    con.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(_versions().items()))
    con.execute("INSERT INTO settings(id, as_of, window_days) VALUES (1, NULL, ?)", (WINDOW_DAYS,))
    con.executemany(
        "INSERT INTO areas(code, label, ord) VALUES (?, ?, ?)",
        [(c, lab, i) for i, (c, lab) in enumerate(AREA_LABELS.items())],
    )
    con.commit()


def _insert(con: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(row)
    cur = con.execute(
        f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    return int(cur.lastrowid or 0)


def _delete_plan(con: sqlite3.Connection, plan_id: str) -> None:
    for t in CHILD_TABLES:
        con.execute(f"DELETE FROM {t} WHERE plan_id = ?", (plan_id,))
    con.execute("DELETE FROM plans WHERE plan_id = ?", (plan_id,))


# --------------------------------------------------------------------------------------------- plans
def _signature(entry: dict[str, Any], output: Path | None) -> str:
    """What decides a plan's rows: its manifest entry (less timings) and its output's bytes. The status is
    the plan's own (a re-run reports an unchanged file as "skipped" with its previous status: the same plan)."""
    h = hashlib.sha256()
    keep: dict[str, Any] = {"status": R.plan_status(entry)}
    keep |= {
        k: entry.get(k)
        for k in (
            "path",
            "source",
            "output",
            "reason",
            "error",
            "format",
            "sha256",
            "size",
        )
    }
    h.update(json.dumps(keep, sort_keys=True, ensure_ascii=True).encode())
    if output is not None:
        try:
            with output.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


class _UnitNames:
    """(canonical, raw) → the name of the unit table's entry: 'Sở Nội vụ tỉnh Bình Dương' → 'Sở Nội vụ'."""

    def __init__(self, units: Path | None) -> None:
        from cchc_parse.normalise.units import load_aliases

        self.table = load_aliases(units)
        self.names = sorted(self.table.entries, key=len, reverse=True)
        self.cache: dict[str, str | None] = {}

    def __call__(self, canonical: str | None, raw: str) -> str | None:
        if not canonical:
            return None
        if canonical not in self.cache:
            hit = next((n for n in self.names if canonical == n or canonical.startswith(n + " ")), None)
            self.cache[canonical] = hit
        return self.cache[canonical]


def _load(out: Path, entry: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    from cchc_parse.batch_export import load_output

    if R.plan_status(entry) == "failed" or not entry.get("output"):
        return None, None
    try:
        data = load_output(out / entry["output"])
    except Exception as e:
        return None, f"cannot read the output {entry['output']}: {type(e).__name__}"
    return data, None


def _write_plan(
    con: sqlite3.Connection, out: Path, entry: dict[str, Any], sig: str, names: _UnitNames
) -> None:
    data, problem = _load(out, entry)
    row = R.plan_row(entry, data, sig)
    if problem:
        row.update(reason=problem, error="OutputError")
    _insert(con, "plans", row)
    if data is None:
        return
    pid = entry["path"]
    for task, units in R.task_rows(pid, data, names):
        pk = _insert(con, "tasks", task)
        for u in units:
            _insert(con, "task_units", {"task_pk": pk, **u})
    for table, make in (
        ("sections", R.section_rows),
        ("refs", R.ref_rows),
        ("targets", R.target_rows),
        ("diagnostics", R.diagnostic_rows),
    ):
        for r in make(pid, data):
            _insert(con, table, r)


# ----------------------------------------------------------------------------------------- duplicates
def _plans_for_duplicates(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each plan that parsed, with what find_duplicates reads, from the tables (no output re-read)."""
    plans: dict[str, dict[str, Any]] = {}
    q = (
        "SELECT plan_id, number, symbol, issuer, date, date_year, date_month, date_day, year, doc_type "
        "FROM plans WHERE status != 'failed' ORDER BY plan_id"
    )
    for pid, number, symbol, issuer, iso, y, m, d, year, dt in con.execute(q):
        plans[pid] = {
            "id": pid,
            "document": {
                "number": number,
                "symbol": symbol,
                "issuer": issuer,
                "year": year,
                "doc_type": dt,
                "date": {"iso": iso, "year": y, "month": m, "day": d},
            },
            "tasks": [],
            "sections": [],
        }
    for pid, content, group in con.execute(
        "SELECT plan_id, content, is_group FROM tasks ORDER BY plan_id, seq"
    ):
        if pid in plans:
            plans[pid]["tasks"].append({"content": content, "is_group": group})
    for pid, title, text in con.execute("SELECT plan_id, title, text FROM sections ORDER BY plan_id, seq"):
        if pid in plans:
            plans[pid]["sections"].append({"title": title, "text": text})
    return list(plans.values())


def _link_duplicates(con: sqlite3.Connection) -> None:
    found = duplicate_groups(_plans_for_duplicates(con))
    now = {
        pid: (dup, by)
        for pid, dup, by in con.execute("SELECT plan_id, duplicate_of, duplicate_by FROM plans")
    }
    for pid, old in sorted(now.items()):
        new = found.get(pid, (None, None))
        if old != new:
            con.execute("UPDATE plans SET duplicate_of = ?, duplicate_by = ? WHERE plan_id = ?", (*new, pid))


# --------------------------------------------------------------------------------------------- public
def set_as_of(con: sqlite3.Connection, as_of: str | None) -> bool:
    """Store the as-of date of the status views (NULL: today); True when it changed (not committed)."""
    (old,) = con.execute("SELECT as_of FROM settings WHERE id = 1").fetchone()
    if old == as_of:
        return False
    con.execute("UPDATE settings SET as_of = ? WHERE id = 1", (as_of,))
    return True


def _update(con: sqlite3.Connection, out: Path, manifest: dict[str, Any], as_of: str | None) -> None:
    units = (manifest.get("options") or {}).get("units")
    names = _UnitNames(Path(units) if units and Path(units).is_file() else None)
    entries = {
        e["path"]: e for e in manifest["files"] if isinstance(e, dict) and isinstance(e.get("path"), str)
    }
    stored = dict(con.execute("SELECT plan_id, signature FROM plans").fetchall())
    changed = False
    for pid in sorted(stored.keys() - entries.keys()):
        _delete_plan(con, pid)
        changed = True
    for pid in sorted(entries):
        e = entries[pid]
        output = out / e["output"] if e.get("output") and R.plan_status(e) != "failed" else None
        sig = _signature(e, output)
        if stored.get(pid) == sig:
            continue
        if pid in stored:
            _delete_plan(con, pid)
        _write_plan(con, out, e, sig, names)
        changed = True
    if changed:
        _link_duplicates(con)
    set_as_of(con, as_of)
    con.commit()


def sync(out_dir: Path, *, as_of: date | None = None) -> Path:
    """Bring ``out_dir/cchc.sqlite`` up to date with the batch in ``out_dir``; returns the database path.

    ``as_of`` is stored in the ``settings`` table for the status views; without it, ``CCHC_TODAY`` when
    set, else NULL (the views then use today in Asia/Ho_Chi_Minh). Raises CchcError when the manifest is
    missing or unreadable, OutputError when the database cannot be written."""
    out = Path(out_dir)
    manifest = _read_manifest(out)
    db = out / DB_NAME
    day = as_of.isoformat() if as_of else _default_as_of()
    try:
        if db.exists():
            con = connect(db)
            try:
                if _is_current(con):
                    _update(con, out, manifest, day)
                    return db
            finally:
                con.close()
        tmp = db.with_name(f".{DB_NAME}.{os.getpid()}.part")
        tmp.unlink(missing_ok=True)
        try:
            con = connect(tmp)
            try:
                _create(con)
                _update(con, out, manifest, day)
            finally:
                con.close()
            os.replace(tmp, db)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except sqlite3.Error as e:
        raise OutputError(db, f"cannot write the database: {e}") from None
    return db
