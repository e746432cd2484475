"""Module-level regular expressions compiled on first use, not at import (issue 16, start-up).

The parse path defines ~150 patterns at module level; compiling them all costs ~40 ms of every
``cchc`` start, while a one-page parse uses about half. ``lazy(pattern, flags)`` (``regex``) and
``lazy_re(pattern, flags)`` (``re``) return an object that compiles on the first attribute access
and from then on behaves as the compiled pattern: that first access stores every public attribute of
the compiled pattern (its bound ``search``, ``sub``, … and ``groupindex``, ``groups``) in the
instance ``__dict__`` and turns the object into a plain ``LazyPattern``, a class with no
``__getattr__`` hook. Every later ``P.search`` is an ordinary instance-dict hit returning the
already-bound method: no forwarding call, no per-call overhead.

``.pattern`` and ``.flags`` are the arguments as given and never compile (patterns are composed from
other patterns at import). ``.flags`` is therefore what was passed, not the compiled pattern's flags
(which add the module's defaults, e.g. ``re.UNICODE``, and inline flags); compiling ``.pattern``
with ``.flags`` gives the same pattern. ``.compiled`` is the real pattern object, for the rare caller
that needs one (``isinstance``, the module-level ``re.sub(pattern, …)``).
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any, cast

import regex


class LazyPattern:
    """A pattern whose compiled attributes are in its instance dict (see _Pending for the first use)."""

    def __init__(self, pattern: str, flags: int, module: ModuleType) -> None:
        self.pattern = pattern
        self.flags = flags
        self._module = module

    @property
    def compiled(self) -> Any:
        c = self.__dict__.get("_compiled")
        if c is None:
            c = self._module.compile(self.pattern, self.flags)
            self.__dict__["_compiled"] = c
        return c

    def __reduce__(self) -> tuple[Any, ...]:
        # bound methods in the instance dict do not pickle; rebuild from the arguments (a worker process)
        return (_rebuild, (self.pattern, self.flags, self._module.__name__))

    def __repr__(self) -> str:
        return f"rx.lazy({self.pattern!r}, {self.flags!r}, module={self._module.__name__})"


class _Pending(LazyPattern):
    """Not compiled yet: the first lookup of a name the instance dict lacks compiles the pattern."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_module", "_compiled"):
            raise AttributeError(name)  # copy/pickle probes and a half-built instance: never forward
        c = self.compiled
        for attr in dir(c):
            if not attr.startswith("_") and attr not in ("pattern", "flags"):
                self.__dict__[attr] = getattr(c, attr)
        # a class without the __getattr__ hook: attribute lookups are plain (and specialised) again
        object.__setattr__(self, "__class__", LazyPattern)
        return getattr(self, name)


def _rebuild(pattern: str, flags: int, module: str) -> LazyPattern:
    return _Pending(pattern, flags, regex if module == "regex" else re)


def lazy(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, compiled on first use."""
    return cast("regex.Pattern[str]", _Pending(pattern, flags, regex))


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use."""
    return cast("re.Pattern[str]", _Pending(pattern, flags, re))
