"""Fatal errors: the only exceptions cchc lets reach a caller. Everything else is a Diagnostic."""

from __future__ import annotations

from pathlib import Path


class CchcError(Exception):
    """Base of every error cchc raises on bad input; the message names the file and the reason."""

    def __init__(self, path: str | Path | None, reason: str) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class InputError(CchcError):
    """The file is missing, unreadable, empty or not a regular file."""


class UnsupportedFormat(CchcError):
    """The bytes are not a format cchc reads (or need a tool that is not installed)."""


class ExtractError(CchcError):
    """The file is of a known format but corrupt, truncated, encrypted or over a safety limit."""


class ScannedDocument(ExtractError):
    """A PDF whose pages carry no usable text layer (use --ocr)."""


class LimitExceeded(ExtractError):
    """A safety limit (zip bomb, page count, nesting, time) was hit."""


class OutputError(CchcError):
    """The output cannot be written (permissions, path escaping the output folder, …)."""


class OutOfMemory(LimitExceeded):
    """The parse ran out of memory (a memory limit, or the machine's): retried when the limit is raised."""


class InternalError(CchcError):
    """A bug in cchc met on this file (the original exception is the ``__cause__``): please report it."""
