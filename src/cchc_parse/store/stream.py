"""A new ``OUT/cchc.sqlite`` filled while a batch runs: the rows of each plan go in as soon as it and
every plan before it in path order has settled, on a thread of its own (SQLite runs without the GIL),
so that at the end of the run only the duplicate check and the full-text indexes are left. The
database is the one ``update.sync`` builds from the finished run's manifest: the same statements in
the same order (plans in path order), the same rows."""

from __future__ import annotations

import os
import pickle
import queue
import sqlite3
import threading
from pathlib import Path
from typing import Any

from cchc_parse.errors import OutputError
from cchc_parse.store import rows as R
from cchc_parse.store import update as U
from cchc_parse.store.schema import DB_NAME

_END, _ABORT = "end", "abort"


class StreamSync:
    """Feed it every manifest entry in path order (``add``), then ``finish`` it once the manifest is
    written; ``abort`` drops the half-built database."""

    def __init__(self, out: Path, units: str | None) -> None:
        self.out, self.db = out, out / DB_NAME
        self.tmp = self.db.with_name(f".{DB_NAME}.{os.getpid()}.part")
        self.units = units
        self.todo: queue.SimpleQueue[Any] = queue.SimpleQueue()  # (entry, cache) pairs, then _END or _ABORT
        self.error: BaseException | None = None
        self.ended = False
        self.thread = threading.Thread(target=self._run, name="cchc-store", daemon=True)
        self.thread.start()

    def add(self, entry: dict[str, Any], cache: dict[str, Any] | bytes | None = None) -> None:
        """The next entry in path order, with its row cache as its worker handed it over (or None; bytes:
        pickled, unpacked on this thread)."""
        self.todo.put((entry, cache))

    def _write(self, con: sqlite3.Connection, e: dict[str, Any], cache: dict[str, Any] | None,
               names: R.UnitNames) -> None:
        if R.plan_status(e) == "failed" or not e.get("output"):
            U._write_plan(con, self.out, e, U._signature(e, None), names)
        elif cache is not None and cache.get("signed") == U.signed_part(e):
            # the worker signed the bytes it wrote, for the entry this one is: not read back
            U._write_plan(con, self.out, e, (cache["signature"], cache["output_sha256"]), names, cache)
        else:
            U._write_plan(con, self.out, e, U._signature(e, self.out / e["output"]), names, cache)

    def end(self) -> None:
        """No more entries: the duplicate check and the full-text indexes start (once)."""
        if not self.ended:
            self.ended = True
            self.todo.put(_END)

    def finish(self) -> Path:
        """Wait for the database; raises as ``update.sync`` would (OutputError on an SQLite error)."""
        self.end()
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.db

    def abort(self) -> None:
        self.todo.put(_ABORT)  # read only when the end was not handed over
        self.thread.join()
        self.tmp.unlink(missing_ok=True)

    def _run(self) -> None:
        try:
            self._build()
        except sqlite3.Error as e:
            self.error = OutputError(self.db, f"cannot write the database: {e}")
        except BaseException as e:  # handed to the main thread by finish()
            self.error = e
        if self.error is not None:
            self.tmp.unlink(missing_ok=True)

    def _build(self) -> None:
        self.tmp.unlink(missing_ok=True)
        con = U.connect(self.tmp)
        try:
            U._create(con)
            names = R.UnitNames(Path(self.units) if self.units and Path(self.units).is_file() else None)
            changed = False
            while (got := self.todo.get()) not in (_END, _ABORT):
                entry, cache = got
                self._write(con, entry, pickle.loads(cache) if isinstance(cache, bytes) else cache, names)
                changed = True
            if got == _ABORT:
                return
            if changed:
                U._link_duplicates(con)
            U.set_as_of(con, U._default_as_of())
            con.commit()
            U._finish_create(con)
        finally:
            con.close()
        os.replace(self.tmp, self.db)
