"""Batch conversion: a tree of plans → a mirrored tree of outputs, a manifest and analysts' exports.

``run_batch`` and ``check_batch`` (runner.py) drive a run; ``BatchOptions`` (options.py) is what it
is asked to do. The rest, in the order a run uses them: files.py (finding inputs, safe output
paths, hashing, shards, the manifest), state.py (the run's plan and results as they settle),
pool.py (the worker pool, in the main process), worker.py (the workers' side), rows.py (the rows
each worker computes beside its output), exports.py (tasks.csv, tasks.xlsx, plans.csv).

The names are imported on first use: a worker imports ``cchc_parse.batch.worker`` without the
runner and its exports (start-up time of a one-file parse)."""

from __future__ import annotations

from typing import Any

__all__ = ["BatchOptions", "check_batch", "run_batch"]


def __getattr__(name: str) -> Any:
    if name == "BatchOptions":
        from cchc_parse.batch.options import BatchOptions

        return BatchOptions
    if name in ("run_batch", "check_batch"):
        from cchc_parse.batch import runner

        return getattr(runner, name)
    raise AttributeError(name)
