"""cchc: Vietnamese administrative-reform plans (Kế hoạch CCHC) → validated, structured data.

Public API: ``parse_file``, ``parse_text``, ``parse_bytes``, ``ParseOptions``, ``ParseResult``,
``__version__``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"

__all__ = ["ParseOptions", "ParseResult", "__version__", "parse_bytes", "parse_file", "parse_text"]


def __getattr__(name: str) -> Any:  # lazy: importing a submodule does not load the whole pipeline
    if name in __all__ and name != "__version__":
        from cchc_parse import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
