"""The analysts' store: ``OUT/cchc.sqlite`` kept in step with a batch run, and a web UI on it.

Names are loaded on first use (``cchc parse`` starts without sqlite3): ``from cchc_parse.store import sync``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "DB_NAME": "schema", "DB_SCHEMA_VERSION": "schema", "STATUSES": "status", "WINDOW_DAYS": "status",
    "task_status": "status", "today": "status", "find_duplicates": "duplicates", "sync": "update",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
