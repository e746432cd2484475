"""Pieces every `cchc` command shares: the lazily registering Typer, the stderr console, the error
and usage exits, and the run's state (--debug)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import typer

from cchc_parse.errors import CchcError

if TYPE_CHECKING:
    from rich.console import Console

STATE = {"debug": False}
OUT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
STDIN = "-"


class LazyTyper(typer.Typer):
    """A Typer whose heavier commands are registered on first use of its command list (``defer``):
    `cchc parse` then does not import the modules of `validate`, `diff`… (start-up time). ``main``
    drops them when the command line names a command registered at import."""

    def __init__(self, **kw: Any) -> None:
        self._deferred: list[Callable[[], None]] = []
        self._commands: list[Any] = []
        self._registering = 0  # inside ``command()``: its append must not run the deferred ones
        super().__init__(**kw)

    def defer(self, register: Callable[[], None]) -> None:
        self._deferred.append(register)

    def command(self, *args: Any, **kw: Any) -> Callable[[Any], Any]:
        decorate = super().command(*args, **kw)

        def registering(f: Any) -> Any:
            self._registering += 1
            try:
                return decorate(f)
            finally:
                self._registering -= 1

        return registering

    def drop_deferred_for(self, args: list[str]) -> None:
        """Skip the deferred commands when the first word of ``args`` is a command already here."""
        word = next((a for a in args if not a.startswith("-")), None)
        names = {c.name or c.callback.__name__.replace("_", "-") for c in self._commands if c.callback}
        if word in names:
            self._deferred.clear()

    @property
    def registered_commands(self) -> list[Any]:
        if self._registering:
            return self._commands
        pending, self._deferred = self._deferred, []
        for register in pending:  # in order; a nested read sees none pending
            register()
        return self._commands

    @registered_commands.setter
    def registered_commands(self, value: list[Any]) -> None:
        self._commands = value


@cache
def err() -> Console:
    """rich's Console on stderr, made on first use: a `cchc parse FILE` that succeeds writes nothing
    there and does not import rich (start-up time)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def value_hints() -> None:
    """Show value hints as words (FILE, N, GLOB), not Python types (<list[Path]>, <bool>)."""
    from typer import core

    def shown(self: Any, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) else self.metavar

    for cls in (core.TyperArgument, core.TyperOption):
        if hasattr(cls, "display_type_rich"):
            cls.display_type_rich = shown  # type: ignore[method-assign]  # typer's hook, patched on purpose


def fail(e: CchcError, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    from cchc_parse.error_text import error_line
    from cchc_parse.i18n import gettext, terminal_lang

    lang = terminal_lang()
    label = gettext("error:", lang)
    one_line = error_line(e, lang)[len(label):].strip()  # one line: reasons may quote multi-line parser errors
    err().print(f"[bold red]{escape(label)}[/] {escape(one_line)}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def usage(msg: str) -> typer.Exit:
    from cchc_parse.i18n import gettext, terminal_lang

    err().print(f"{gettext('error:', terminal_lang())} {gettext(msg, terminal_lang())}", markup=False,
              highlight=False, soft_wrap=True)
    return typer.Exit(2)
