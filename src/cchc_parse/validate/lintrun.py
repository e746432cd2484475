"""What the lint rules of one run work out once from a document and share (issue 16): the walk of its
sections (five rules ask for it) and the numbering rules' sibling runs. Kept for the document being
linted in a context variable, so a thread or task linting another document never sees it; nothing in
the block may change a section."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from cchc_parse.model import PlanDocument, Section

# (the document, its walk_sections(), what the rules keep) while run_rules lints it
_RUN: ContextVar[tuple[PlanDocument, list[Section], dict[str, Any]] | None] = ContextVar("cchc_lint_run",
                                                                                       default=None)


@contextmanager
def sections_walked_once(doc: PlanDocument) -> Iterator[None]:
    """In the block, ``sections(doc)`` walks the tree once and ``kept_in_block(doc)`` is a dict for
    the rules' shared results; a block inside another for the same document changes nothing."""
    run = _RUN.get()
    if run is not None and run[0] is doc:
        yield
        return
    token = _RUN.set((doc, doc.walk_sections(), {}))
    try:
        yield
    finally:
        _RUN.reset(token)


def sections(doc: PlanDocument) -> list[Section]:
    """``doc.walk_sections()``: every section, depth first (a fresh list, the walk made once a block)."""
    run = _RUN.get()
    if run is not None and run[0] is doc:
        return list(run[1])
    return doc.walk_sections()


def kept_in_block(doc: PlanDocument) -> dict[str, Any] | None:
    """In a ``sections_walked_once`` block for ``doc``, a dict for what the rules work out from its
    sections and would otherwise work out again, each rule; None outside one."""
    run = _RUN.get()
    return run[2] if run is not None and run[0] is doc else None
