"""Plain conversion of the command line's values, without pydantic (start-up time).

typer 0.2x converts every option's value through a pydantic ``TypeAdapter`` it builds for the
option on first use: for `cchc parse FILE` that is importing pydantic and building 19 adapters in
the main process, about 110 ms of its start on a slow machine, for values that are plain strings,
numbers, flags and paths. ``install`` hooks typer's per-parameter conversion (``get_runtime_param``)
so that a parameter of one of the plain types the commands declare (str, int, float, bool, Path, a
list of one) with none of typer's value checks (ranges, path checks, choices, a parser) is converted
here for the values whose result is certain:

- str: a str as it is; int: an int, or ASCII digits with an optional minus and no leading zero;
  float: a float, an int, or such digits with an optional fraction; bool: a bool;
- Path: a non-empty str without NUL, as ``Path(value)``, then typer's own path step (which needs no
  pydantic once the value is a Path);
- a list of those, item by item.

Any other value (" 3", "1e3", "", bytes, a lone surrogate…) goes to typer's own adapter, built then:
the same result and the same error message as without the hook (tests/test_cli_coerce.py compares
the two on random values). When typer's internals are not the ones this knows, nothing is hooked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")
_UNSURE = object()  # a value the plain conversion leaves to typer's adapter
# ParameterInfo's value checks at their defaults: a parameter with any other setting is typer's
_PLAIN_INFO = {"exists": False, "file_okay": True, "dir_okay": True, "writable": False, "readable": True,
               "resolve_path": False, "allow_dash": False, "path_type": None, "parser": None, "min": None,
               "max": None, "clamp": False, "formats": None, "click_type": None}


def _str(value: Any) -> Any:
    return value if type(value) is str else _UNSURE


def _int(value: Any) -> Any:
    if type(value) is int:
        return value
    if type(value) is str and _INT.fullmatch(value):
        return int(value)
    return _UNSURE


def _float(value: Any) -> Any:
    if type(value) in (float, int):
        return float(value)
    if type(value) is str and _FLOAT.fullmatch(value):
        return float(value)
    return _UNSURE


def _bool(value: Any) -> Any:
    return value if type(value) is bool else _UNSURE


def _path(value: Any) -> Any:
    if type(value) is str and value and "\x00" not in value and value.isprintable():
        return Path(value)
    return _UNSURE


LEAVES = {str: _str, int: _int, float: _float, bool: _bool, Path: _path}


def converter(annotation: Any) -> Any:
    """The plain conversion of ``annotation``'s values (a function giving the value or ``_UNSURE``),
    None when the annotation is not one of the plain types."""
    leaf = LEAVES.get(annotation)
    if leaf is not None:
        return leaf
    if get_origin(annotation) is list:
        args = get_args(annotation)
        item = LEAVES.get(args[0]) if len(args) == 1 else None
        if item is None:
            return None

        def each(value: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                value = [value]
            out = [item(v) for v in value]
            return _UNSURE if any(v is _UNSURE for v in out) else out

        return each
    return None


def _is_plain(descriptor: Any) -> bool:
    if descriptor.file_annotation is not None:
        return False
    info = descriptor.parameter_info
    return all(getattr(info, k, v) == v for k, v in _PLAIN_INFO.items())


def install() -> bool:
    """Hook typer's conversion (once); False when typer has not the internals this hooks."""
    try:
        from typer import _coercion, core
        from typer._param_types import coerce_cli_path
    except ImportError:
        return False
    cls: Any = getattr(core, "_TyperParameter", None)
    original: Any = getattr(cls, "get_runtime_param", None)
    base: Any = getattr(_coercion, "RuntimeParam", None)
    build: Any = getattr(_coercion, "build_runtime_param", None)
    if original is None or base is None or build is None:
        return False
    if getattr(original, "cchc_plain", False):
        return True

    class PlainParam(base):  # typer's RuntimeParam: None and multi-values as it has them
        """Converts plain values here and hands any other to typer's adapter (built on first need)."""

        def __init__(self, descriptor: Any, convert: Any) -> None:
            super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
            object.__setattr__(self, "descriptor", descriptor)
            object.__setattr__(self, "convert", convert)
            object.__setattr__(self, "full", None)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            got = self.convert(value)
            if got is _UNSURE:
                if self.full is None:
                    object.__setattr__(self, "full", build(self.descriptor))
                return self.full._coerce_value(value, param=param, ctx=ctx)
            if self.descriptor.annotation is Path or get_args(self.descriptor.annotation) == (Path,):
                info = self.descriptor.parameter_info
                if isinstance(got, list):
                    return [coerce_cli_path(p, info, path_type=Path, param=param, ctx=ctx) for p in got]
                return coerce_cli_path(got, info, path_type=Path, param=param, ctx=ctx)
            return got

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None and _is_plain(self.type_descriptor):
            convert = converter(self.type_descriptor.annotation)
            if convert is not None:
                self._runtime_param = PlainParam(self.type_descriptor, convert)
        return original(self)

    get_runtime_param.cchc_plain = True  # type: ignore[attr-defined]
    cls.get_runtime_param = get_runtime_param
    return True
