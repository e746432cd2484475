"""The options of a batch run (``cchc parse DIR -o OUT``): a module of its own, so the command line
can build them without importing the batch machinery (start-up time of a one-file parse)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_MEMORY_MB", "BatchOptions"]

DEFAULT_MEMORY_MB = 2048


def _env_memory() -> int:
    try:
        return int(os.environ.get("CCHC_BATCH_MEMORY_MB", DEFAULT_MEMORY_MB))
    except ValueError:
        return DEFAULT_MEMORY_MB


@dataclass
class BatchOptions:
    fmt: str = "yaml"
    jobs: int = 0  # worker processes; 0 = os.cpu_count()
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    force: bool = False
    shard: str | None = None  # "I/N", 1-based
    quiet: bool = False
    timeout: float = 120.0  # seconds per file
    ocr: bool = False
    password: str | None = None
    units: Path | None = None
    memory_mb: int = field(default_factory=_env_memory)  # address-space limit per worker; 0 = none
    follow_links: bool = False  # follow symbolic links that leave an input folder
    exports: bool = True  # tasks.csv, tasks.xlsx, plans.csv (not in a shard run)
    csv_sep: str = ","  # field separator of the CSV exports
    parquet: bool = False  # also OUT/parquet/ (scale/parquet.py; needs pyarrow)
    # Byte-identical files (same bytes, key and extension) parsed once, the copies written from that
    # parse (only source_file differs). None: on, unless ``parser`` is given (it may read the path).
    dedupe: bool | None = None
    executor: str = "local"  # "local": a pool of worker processes; "dask": scale/dask_exec.py
    scheduler: str | None = None  # Dask scheduler address; None with executor "dask": a local cluster
    # Parse function run in the workers instead of pipeline.parse_file (tests, embedding). It must be
    # picklable by reference: a module-level function, (path, ParseOptions) -> ParseResult.
    parser: Callable[..., Any] | None = None
