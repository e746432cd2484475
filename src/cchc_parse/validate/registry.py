"""Lint rules: each has a stable code, a name, a one-line rationale, a severity and a check.

A rule is a function ``check(doc) -> Iterable[Finding]`` decorated with ``@rule``; its docstring
is its documentation (first line: what it checks; then why it matters, and an example). Its
``messages`` are English templates (translated by the catalog); a Finding gives only language-free
params, and the template whose placeholders are exactly the params' keys is its message.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import Any

from cchc_parse.diagnostics import EXTRA_MESSAGES, Diagnostic, Location, Severity, fields, format_message
from cchc_parse.i18n import output_lang
from cchc_parse.model import PlanDocument
from cchc_parse.modelbuild import build
from cchc_parse.validate.lintrun import sections_walked_once


@dataclass(frozen=True)
class Finding:
    """Where a rule found something, and the values its message is made of (``template`` is set by
    the registry from the rule's messages)."""

    location: Location
    params: dict[str, Any] = field(default_factory=dict)
    template: str = ""

    @property
    def message(self) -> str:
        """The English message (tests, logs); ``Rule.diagnostic`` renders it in the output language."""
        return self.template.format(**self.params)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Callable[[PlanDocument], Iterable[Finding]]
    example_fail: str = ""
    example_pass: str = ""
    messages: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    def diagnostic(self, f: Finding, severity: Severity | None = None) -> Diagnostic:
        """The finding as a diagnostic, its message in the output language."""
        return build(Diagnostic, code=self.code, severity=severity or self.severity, location=f.location,
                     name=self.name, params=dict(f.params), message=format_message(self.code, f.params, output_lang()))


RULES: dict[str, Rule] = {}


CheckFn = Callable[[PlanDocument], Iterable[Finding]]


def rule(code: str, name: str, severity: Severity | str, summary: str, *, messages: Sequence[str],
         fail: str = "", ok: str = "") -> Callable[[CheckFn], CheckFn]:
    """Register a rule. ``messages``: its English templates (wrapped in ``N_``), each with its own set of
    placeholders, so that the params of a finding pick one."""
    keys = [fields(m) for m in messages]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{code}: two messages take the same placeholders")

    def deco(fn: CheckFn) -> CheckFn:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")

        @wraps(fn)
        def check(doc: PlanDocument) -> Iterator[Finding]:
            for f in fn(doc):
                template = next((m for m, k in zip(messages, keys, strict=True) if k == frozenset(f.params)),
                                None)
                if template is None:
                    raise ValueError(f"{code}: no message takes {sorted(f.params)}")
                yield replace(f, template=template)

        RULES[code] = Rule(code, name, Severity(severity), summary, check, fail, ok, tuple(messages))
        EXTRA_MESSAGES[code] = tuple(messages)
        return check

    return deco


def load_rules() -> dict[str, Rule]:
    global _loaded
    if not _loaded:  # listing the package's directory once, not for each document linted
        from cchc_parse.validate import rules as pkg

        for mod in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")
        _loaded = True
    return RULES


_loaded = False


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
    with sections_walked_once(doc):  # no rule changes a section
        for r in selected(select, ignore):
            sev = Severity(overrides.get(r.code, overrides.get(r.name, r.severity.value)))
            out.extend(r.diagnostic(f, sev) for f in r.check(doc))
    return out
