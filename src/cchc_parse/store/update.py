"""Keep ``OUT/cchc.sqlite`` in step with a batch run's manifest (``OUT/index.json``) and outputs.

Incremental: a plan whose manifest entry and output bytes are unchanged (``plans.signature``) is not
re-read, and when nothing changed at all no statement writes, so the file keeps its bytes. A database of
another schema version (this store's or the plan schema's), or one that is not a cchc store, is rebuilt
beside the old one and moved over it: never a half-written file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from cchc_parse.errors import CchcError, OutputError
from cchc_parse.store import rows as R
from cchc_parse.store.duplicates import duplicate_groups, unpack
from cchc_parse.store.schema import DB_NAME, DB_SCHEMA_VERSION, FTS_REBUILD, FTS_TABLES, FTS_TRIGGERS, TABLES, VIEWS
from cchc_parse.store.status import WINDOW_DAYS

__all__ = ["connect", "set_as_of", "sync"]

CHILD_TABLES = ("task_units", "tasks", "sections", "refs", "targets", "diagnostics", "plan_grams")


def _versions() -> dict[str, str]:
    from cchc_parse.model import SCHEMA_VERSION

    return {"schema_version": DB_SCHEMA_VERSION, "plan_schema_version": SCHEMA_VERSION}


def _read_manifest(out: Path) -> dict[str, Any]:
    from cchc_parse.batch.files import MANIFEST

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

    # one transaction: one journal sync, not one per statement; the full-text triggers come after the
    # first fill (_finish_create)
    con.executescript(f"BEGIN;\n{TABLES}{FTS_TABLES}{VIEWS}\nCOMMIT;")
    con.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(_versions().items()))
    con.execute("INSERT INTO settings(id, as_of, window_days) VALUES (1, NULL, ?)", (WINDOW_DAYS,))
    con.executemany(
        "INSERT INTO areas(code, label, ord) VALUES (?, ?, ?)",
        [(c, lab, i) for i, (c, lab) in enumerate(AREA_LABELS.items())],
    )
    con.commit()


def _finish_create(con: sqlite3.Connection) -> None:
    """After the first fill of a new database: its full-text indexes in one pass, then the triggers
    that keep them in step with later changes."""
    con.executescript(f"BEGIN;\n{FTS_REBUILD}{FTS_TRIGGERS}\nCOMMIT;")


def _insert(con: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(row)
    cur = con.execute(
        f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    return int(cur.lastrowid or 0)


def _insert_many(con: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows of one table that share their columns in one order, as the dicts of store/rows.py do (one
    statement, executed for each)."""
    if rows:
        cols = list(rows[0])
        con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        map(tuple, map(dict.values, rows)))


def _delete_plan(con: sqlite3.Connection, plan_id: str) -> None:
    for t in CHILD_TABLES:
        con.execute(f"DELETE FROM {t} WHERE plan_id = ?", (plan_id,))
    con.execute("DELETE FROM plans WHERE plan_id = ?", (plan_id,))


# --------------------------------------------------------------------------------------------- plans
def _signature(entry: dict[str, Any], output: Path | None) -> tuple[str, str | None]:
    """What decides a plan's rows: its manifest entry (less timings) and its output's bytes. The status is
    the plan's own (a re-run reports an unchanged file as "skipped" with its previous status: the same plan).
    Also the sha256 of the output's bytes (None without one): a row cache written with them is current."""
    h, own = hashlib.sha256(), hashlib.sha256()
    h.update(signed_part(entry))
    if output is None:
        return h.hexdigest(), None
    try:
        with output.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
                own.update(chunk)
    except OSError:
        h.update(b"unreadable")
        return h.hexdigest(), None
    return h.hexdigest(), own.hexdigest()


def signed_part(entry: dict[str, Any]) -> bytes:
    """The part of a manifest entry that a plan's signature covers, as it is hashed."""
    keep: dict[str, Any] = {"status": R.plan_status(entry)}
    keep |= {k: entry.get(k) for k in ("path", "source", "output", "reason", "error", "format", "sha256", "size")}
    return json.dumps(keep, sort_keys=True, ensure_ascii=True).encode()


def written_signature(entry: dict[str, Any], output: bytes) -> tuple[bytes, str]:
    """(signed_part, signature) of a plan whose output holds ``output``: what _signature reads back."""
    part = signed_part(entry)
    return part, hashlib.sha256(part + output).hexdigest()


def row_cache(out: Path, output: str) -> Path:
    """Where a batch worker left the rows of ``output`` (a path relative to ``out``)."""
    from cchc_parse.batch.files import ROWS_CACHE, cache_name

    rel = Path(output)
    return out / ROWS_CACHE / rel.with_name(cache_name(rel.name))


def _cached(out: Path, entry: dict[str, Any], out_sha: str | None,
            c: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The store rows a worker computed beside this very output (same input bytes, options and output
    bytes, same store version), or None: then the output is read back. ``c``: the row cache as the
    worker handed it over (stream.py), else it is read."""
    if out_sha is None:
        return None
    try:
        c = c or json.loads(row_cache(out, entry["output"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    got = c.get("store") if isinstance(c, dict) else None
    if not isinstance(got, dict) or got.get("version") != DB_SCHEMA_VERSION or c.get("output_sha256") != out_sha:
        return None
    if c.get("sha256") != entry.get("sha256") or c.get("key") != entry.get("key"):
        return None
    return got


def _load(out: Path, entry: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    from cchc_parse.batch.exports import load_output

    if R.plan_status(entry) == "failed" or not entry.get("output"):
        return None, None
    try:
        data = load_output(out / entry["output"])
    except Exception as e:
        return None, f"cannot read the output {entry['output']}: {type(e).__name__}"
    return data, None


def _plan_rows(out: Path, entry: dict[str, Any], out_sha: str | None, names: R.UnitNames,
               cache: dict[str, Any] | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """(store rows of the plan, a problem reading its output); rows None when it failed."""
    if R.plan_status(entry) == "failed" or not entry.get("output"):
        return None, None
    got = _cached(out, entry, out_sha, cache)
    if got is not None:
        return got, None
    data, problem = _load(out, entry)
    return (R.plan_rows(entry["path"], data, names) if data is not None else None), problem


def _write_plan(con: sqlite3.Connection, out: Path, entry: dict[str, Any], sigs: tuple[str, str | None],
                names: R.UnitNames, cache: dict[str, Any] | None = None) -> None:
    rows, problem = _plan_rows(out, entry, sigs[1], names, cache)
    row = R.plan_row(entry, rows["plan"] if rows else R.plan_fields(None), sigs[0], rows is not None)
    if problem:
        row.update(reason=problem, error="OutputError")
    _insert(con, "plans", row)
    if rows is None:
        return
    for task, units in rows["tasks"]:
        pk = _insert(con, "tasks", task)
        if units:
            _insert_many(con, "task_units", [{"task_pk": pk, **u} for u in units])
    for table in ("sections", "refs", "targets", "diagnostics"):
        _insert_many(con, table, rows[table])
    _insert(con, "plan_grams", {"plan_id": entry["path"], "grams": base64.b64decode(rows["grams"])})


# ----------------------------------------------------------------------------------------- duplicates
def _plans_for_duplicates(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each plan that parsed, with what duplicate_groups reads, from the tables (no output re-read; the
    content as the gram sets stored beside the plans)."""
    q = (
        "SELECT p.plan_id, number, symbol, issuer, date, date_year, date_month, date_day, year, doc_type, grams "
        "FROM plans p JOIN plan_grams g ON g.plan_id = p.plan_id WHERE status != 'failed' ORDER BY p.plan_id"
    )
    sets: dict[bytes, frozenset[int]] = {}  # copies of a plan store one gram set: unpacked once
    return [
        {
            "id": pid,
            "document": {
                "number": number,
                "symbol": symbol,
                "issuer": issuer,
                "year": year,
                "doc_type": dt,
                "date": {"iso": iso, "year": y, "month": m, "day": d},
            },
            "grams": sets[grams] if grams in sets else sets.setdefault(grams, unpack(grams)),
        }
        for pid, number, symbol, issuer, iso, y, m, d, year, dt, grams in con.execute(q)
    ]


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
    names = R.UnitNames(Path(units) if units and Path(units).is_file() else None)
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
        sigs = _signature(e, output)
        if stored.get(pid) == sigs[0]:
            continue
        if pid in stored:
            _delete_plan(con, pid)
        _write_plan(con, out, e, sigs, names)
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
                _finish_create(con)
            finally:
                con.close()
            os.replace(tmp, db)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except sqlite3.Error as e:
        raise OutputError(db, f"cannot write the database: {e}") from None
    return db
