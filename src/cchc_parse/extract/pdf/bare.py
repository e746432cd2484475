"""pdfium functions without pypdfium2's argument conversion, for the loops that call pdfium once or
more per character, page object or path segment (~10^5 calls a document).

A bare copy costs about a third of the typed binding per call. Without ``argtypes`` ctypes passes
a Python int as a C int, so callers pass ctypes pointers, ``byref(...)`` and small Python ints
only; a returned handle is a ``Handle`` (a ``c_void_p`` subclass, which ctypes hands back as is,
not as an int that would be truncated when passed back). A NULL handle is falsy."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any


class Handle(ctypes.c_void_p):
    """An opaque pdfium handle (page object, path segment, clip path)."""


def bare(fn: Any, restype: Any) -> Callable[..., Any]:
    """A private copy of the pdfium function ``fn`` that returns ``restype``."""
    f = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    f.restype = restype
    return f
