"""The cyclic garbage collector paused around work that makes some 10^5 small objects and no cycles
(reading a .docx, writing a document's YAML/JSON): each collection would otherwise walk the growing
heap again, which made that work superlinear in the document's size."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def collector_running() -> Iterator[None]:
    """The collector on inside a paused region (work whose objects are not ours to vouch for, such as
    an OCR engine's, which may make cycles holding page images), and as it was again after."""
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()
