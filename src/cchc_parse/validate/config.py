"""Validate settings: flags over `.cchc.yaml` / `[tool.cchc]` of pyproject.toml found upwards from each file."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from cchc_parse.diagnostics import SEVERITY_RANK, Severity
from cchc_parse.validate.yaml_limits import safe_load

LEVELS = ("error", "warning", "info")
OFF = "off"  # a severity override that turns a rule off: `--severity T202=off`


class ConfigError(ValueError):
    """A setting is malformed (unknown level, `CODE=level` without '=', unreadable config file)."""


@dataclass(frozen=True)
class Config:
    """What to check and when to fail. ``select``/``ignore`` hold code prefixes or rule names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # code or name → error|warning|info|off
    fail_level: str = "error"
    source: str | None = None  # the file the settings came from, for messages

    def wants(self, code: str, name: str | None = None) -> bool:
        """True when ``code`` is selected (all by default), not ignored and not turned off."""

        def hit(pats: Iterable[str]) -> bool:
            return any(code.startswith(p) or (name is not None and name == p) for p in pats)

        if self.select and not hit(self.select):
            return False
        if hit(self.ignore):
            return False
        return self.severity_of(code, name, Severity.info) is not None

    def severity_of(self, code: str, name: str | None, default: Severity) -> Severity | None:
        """The overridden severity, ``default`` when not overridden, None when turned off."""
        level = self.severity.get(code) or (self.severity.get(name) if name else None)
        if level is None:
            return default
        return None if level == OFF else Severity(level)

    def fails(self, sev: Severity) -> bool:
        return SEVERITY_RANK[sev] >= SEVERITY_RANK[Severity(self.fail_level)]


def _split(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """'S,T201' and ['S', 'T201'] → ('S', 'T201')."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return tuple(out)


def _level(value: Any, what: str, allow_off: bool = False) -> str:
    v = str(value).strip().lower()
    allowed = (*LEVELS, OFF) if allow_off else LEVELS
    if v not in allowed:
        raise ConfigError(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return v


def parse_severity_flags(items: Iterable[str]) -> dict[str, str]:
    """['T202=error', 'S101=off'] → {'T202': 'error', 'S101': 'off'}."""
    out: dict[str, str] = {}
    for item in items:
        for part in _split(item):
            code, sep, level = part.partition("=")
            if not sep or not code.strip():
                raise ConfigError(f"--severity expects CODE=level, got {part!r}")
            out[code.strip()] = _level(level, f"--severity {code.strip()}", allow_off=True)
    return out


KNOWN_KEYS = ("select", "ignore", "severity", "fail-level", "fail_level", "validate")


def _check_keys(data: Mapping[str, Any], source: str) -> None:
    """A misspelt setting is an error, not silently ignored: 'selct' → did you mean 'select'?"""
    import difflib

    for key in data:
        if key not in KNOWN_KEYS:
            near = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ConfigError(f"{source}: unknown setting {key!r}{hint}; known: {', '.join(KNOWN_KEYS[:4])}")


def from_mapping(data: Mapping[str, Any], source: str) -> Config:
    """Settings from a `.cchc.yaml` mapping or a `[tool.cchc]` table (a `validate` sub-table also works)."""
    _check_keys(data, source)
    if isinstance(data.get("validate"), Mapping):
        _check_keys(data["validate"], f"{source}: validate")
        data = {**data, **data["validate"]}
    sev = data.get("severity") or {}
    if not isinstance(sev, Mapping):
        raise ConfigError(f"{source}: 'severity' must map rule codes to levels")
    fail = data.get("fail-level", data.get("fail_level", "error"))
    return Config(
        select=_split(data.get("select")),
        ignore=_split(data.get("ignore")),
        severity={str(k): _level(v, f"{source}: severity {k}", allow_off=True) for k, v in sev.items()},
        fail_level=_level(fail, f"{source}: fail-level"),
        source=source,
    )


def read_config_file(path: Path) -> Config | None:
    """Settings in ``path`` (.cchc.yaml or pyproject.toml); None for a pyproject.toml without [tool.cchc]."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.name == "pyproject.toml":
            table = tomllib.loads(text).get("tool", {}).get("cchc")
            return from_mapping(table, str(path)) if isinstance(table, Mapping) else None
        data = safe_load(text) or {}
    except (OSError, ValueError, tomllib.TOMLDecodeError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: cannot read settings: {e}") from None
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: settings must be a mapping")
    return from_mapping(data, str(path))


CONFIG_NAMES = (".cchc.yaml", ".cchc.yml", "pyproject.toml")


class ConfigFinder:
    """Finds the nearest settings upwards from each file (first `.cchc.yaml`, then pyproject.toml)."""

    def __init__(self) -> None:
        self._cache: dict[Path, Config | None] = {}

    def for_file(self, path: Path) -> Config | None:
        start = path.resolve()
        return self._for_dir(start if start.is_dir() else start.parent)

    def _for_dir(self, d: Path) -> Config | None:
        if d in self._cache:
            return self._cache[d]
        found: Config | None = None
        for name in CONFIG_NAMES:
            f = d / name
            if f.is_file():
                found = read_config_file(f)
                if found is not None:
                    break
        if found is None and d.parent != d:
            found = self._for_dir(d.parent)
        self._cache[d] = found
        return found


@dataclass(frozen=True)
class Flags:
    """What was given on the command line; None/empty means 'not given'."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    fail_level: str | None = None


def make_flags(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
               severity: Iterable[str] | None = None, fail_level: str | None = None) -> Flags:
    return Flags(_split(select), _split(ignore), parse_severity_flags(severity or []),
                 _level(fail_level, "--fail-level") if fail_level else None)


def merge(base: Config | None, flags: Flags) -> Config:
    """Flags win: --select replaces the file's selection, --ignore adds to its ignores, severities merge."""
    cfg = base or Config()
    return replace(
        cfg,
        select=flags.select or cfg.select,
        ignore=(*cfg.ignore, *flags.ignore),
        severity={**cfg.severity, **flags.severity},
        fail_level=flags.fail_level or cfg.fail_level,
    )
