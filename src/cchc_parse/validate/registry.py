"""Lint rules: each has a stable code, a name, a one-line rationale, a severity and a check.

A rule is a function ``check(doc) -> Iterable[Finding]`` decorated with ``@rule``; its docstring
is its documentation (first line: what it checks; then why it matters, and an example).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cchc_parse.diagnostics import Diagnostic, Location, Severity
from cchc_parse.model import PlanDocument


@dataclass(frozen=True)
class Finding:
    message: str
    location: Location


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Callable[[PlanDocument], Iterable[Finding]]
    example_fail: str = ""
    example_pass: str = ""

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity | str, summary: str, *, fail: str = "", ok: str = ""
         ) -> Callable[[Callable[[PlanDocument], Iterable[Finding]]], Callable[[PlanDocument], Iterable[Finding]]]:
    def deco(fn: Callable[[PlanDocument], Iterable[Finding]]) -> Callable[[PlanDocument], Iterable[Finding]]:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, name, Severity(severity), summary, fn, fail, ok)
        return fn

    return deco


def load_rules() -> dict[str, Rule]:
    from cchc_parse.validate import rules as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{mod.name}")
    return RULES


def selected(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """Rules whose code starts with one of ``select`` (all if None) and none of ``ignore``."""
    rules = load_rules()
    sel = [s.strip() for s in (select or []) if s.strip()]
    ign = [s.strip() for s in (ignore or []) if s.strip()]
    out = []
    for code in sorted(rules):
        r = rules[code]
        if sel and not any(code.startswith(s) or r.name == s for s in sel):
            continue
        if any(code.startswith(s) or r.name == s for s in ign):
            continue
        out.append(r)
    return out


def run_rules(doc: PlanDocument, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
              severity_overrides: dict[str, str] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    overrides = severity_overrides or {}
    for r in selected(select, ignore):
        sev = Severity(overrides.get(r.code, overrides.get(r.name, r.severity.value)))
        for f in r.check(doc):
            out.append(Diagnostic(code=r.code, severity=sev, message=f.message, location=f.location, name=r.name))
    return out
