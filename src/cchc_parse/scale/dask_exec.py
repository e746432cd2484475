"""The batch's per-file work on a Dask cluster: ``cchc parse DIR -o OUT --executor dask [--scheduler ADDR]``.

Each Dask task runs the local pool's worker function (``batch.worker._do_one``) in a guard process
of its own (a ``batch.pool.Pool`` of one), so the per-file time limit, the address-space limit,
the snapshot of the bytes parsed and "no process outlives its parent" hold on every Dask worker as
they do locally. A Dask worker thread only waits for its guard process, which it keeps for the whole
run. The guard processes write the outputs (and row caches) straight to their paths, so OUT must be
a folder every Dask worker sees at the same path (a shared file system), as must the inputs and the
``--units`` file. This process writes the manifest and the exports from the results, exactly as a
local run does, so both give the same bytes.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
import uuid
from collections.abc import Callable
from typing import Any

from cchc_parse.batch.files import FAILED
from cchc_parse.batch.pool import Pool
from cchc_parse.errors import CchcError
from cchc_parse.i18n import _
from cchc_parse.scale import require

CONNECT_SECONDS = 30
_pools: dict[int, tuple[str, Pool]] = {}  # thread id → (run id, its guard pool), on a Dask worker
_lock = threading.Lock()


# ------------------------------------------------------------------------------ on a Dask worker
def _allow_children() -> None:
    """Dask starts its worker processes as daemons, which multiprocessing forbids to start processes.
    The guard processes end with their Dask worker all the same (batch.worker.die_with_parent)."""
    proc = mp.current_process()
    if proc.daemon:
        proc._config["daemon"] = False  # type: ignore[attr-defined]


def run_task(task: dict[str, Any], cfg: dict[str, Any], timeout: float) -> dict[str, Any]:
    """One file through this thread's guard process: the result the local pool would give."""
    tid = threading.get_ident()
    with _lock:
        run, pool = _pools.get(tid, (None, None))
        if pool is None or run != cfg["run"]:
            if pool is not None:
                pool.close(kill=True)
            _allow_children()
            pool = Pool(1, cfg, timeout)
            _pools[tid] = (cfg["run"], pool)
    got: dict[str, Any] = {}
    pool.run([task], lambda _t, r: got.update(r))
    return got


def close_pools() -> int:
    """Stop this Dask worker's guard processes (after a run, or to interrupt one)."""
    with _lock:
        pools = [p for _run, p in _pools.values()]
        _pools.clear()
    for p in pools:
        p.close(kill=True)
    return len(pools)


# ------------------------------------------------------------------------------ in the main process
class DaskExecutor:
    """The local pool's interface (``run``, ``close``) over a Dask cluster: the scheduler at
    ``scheduler``, else a local cluster of ``n`` worker threads, each with its guard process."""

    def __init__(self, n: int, cfg: dict[str, Any], timeout: float, scheduler: str | None = None) -> None:
        require("distributed", "dask", "--executor dask")
        from distributed import Client, LocalCluster

        self.cluster: Any = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_SECONDS)
            else:
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=False,
                                            memory_limit=0, dashboard_address=":0",
                                            silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as e:
            where = scheduler or "a local cluster"
            raise CchcError(None, _("cannot start the Dask client ({where}): {error}").format(
                where=where, error=e)) from None
        self.cfg = {**cfg, "run": uuid.uuid4().hex}
        self.timeout = timeout
        self.futures: dict[Any, dict[str, Any]] = {}
        self.n = 0

    def _submit(self, task: dict[str, Any], pending: Any) -> None:
        self.n += 1
        fut = self.client.submit(run_task, task, self.cfg, self.timeout, pure=False,
                                 key=f"cchc-parse-{self.cfg['run'][:12]}-{self.n}")
        self.futures[fut] = task
        pending.add(fut)

    def run(self, tasks: list[dict[str, Any]], on_done: Callable[[dict, dict], Any]) -> None:
        """Every task, and the tasks ``on_done`` returns, on the cluster; results in completion order."""
        from distributed import as_completed

        pending = as_completed()
        for t in tasks:
            self._submit(t, pending)
        for fut in pending:
            task = self.futures.pop(fut)
            try:
                res = fut.result()
            except Exception as e:
                res = {"status": FAILED, "reason": _("the Dask task failed: {error}").format(
                    error=f"{type(e).__name__}: {e}"), "error": "WorkerError", "retry": True, "seconds": 0}
            for t in on_done(task, res) or []:
                self._submit(t, pending)

    def close(self, kill: bool = False) -> None:
        try:
            if self.futures:
                self.client.cancel(list(self.futures))
            self.client.run(close_pools)
        except Exception:
            pass
        finally:
            self.futures.clear()
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
