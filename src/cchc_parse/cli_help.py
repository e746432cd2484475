"""The CLI's help in the terminal's language: command and option help texts (English in the code),
and the words typer prints around them (Usage, Options, [default: …]). typer's own parse errors
("No such option") stay English: its copy of click has them written in."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from collections.abc import Iterator
from types import ModuleType, SimpleNamespace
from typing import Any

from cchc_parse.i18n import N_, gettext, retranslate

# typer.rich_utils constants (typer translates them with the global gettext domain: not ours)
_TYPER_WORDS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}

_USAGE = N_("Usage:")
_HELP = N_("Show this message and exit.")
_STATE = {"lang": "en"}


def commands(cmd: Any) -> Iterator[Any]:
    """``cmd`` and every subcommand under it."""
    yield cmd
    for sub in getattr(cmd, "commands", {}).values():
        yield from commands(sub)


def help_texts(cmd: Any) -> Iterator[str]:
    """Every help text of the command tree (what the catalog must translate)."""
    for c in commands(cmd):
        for text in (c.help, c.short_help, c.epilog):
            if text:
                yield text
        for p in c.params:
            if getattr(p, "help", None):
                yield p.help


def localise_command(cmd: Any, lang: str) -> Any:
    """Translate the help texts of ``cmd`` (a click command) in place, and typer's and click's words."""
    for c in commands(cmd):
        for attr in ("help", "short_help", "epilog"):
            if getattr(c, attr, None):
                setattr(c, attr, retranslate(getattr(c, attr), lang))
        for p in c.params:
            if getattr(p, "help", None):
                p.help = retranslate(p.help, lang)
        if getattr(c, "add_help_option", False):  # created on demand, and cached: create it now
            opt = c.get_help_option(SimpleNamespace(help_option_names=["--help"]))
            if opt is not None:
                opt.help = gettext(_HELP, lang)
    _localise_frameworks(lang)
    return cmd


def _set_typer_words(rich_utils: ModuleType) -> None:
    for name, msgid in _TYPER_WORDS.items():
        setattr(rich_utils, name, gettext(msgid, _STATE["lang"]))


class _WhenImported(importlib.abc.MetaPathFinder):
    """Sets typer's words when typer.rich_utils is imported (only for help and errors: it is slow to
    import, so a plain `cchc parse` does not pay for it)."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _set_typer_words(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _localise_frameworks(lang: str) -> None:
    _STATE["lang"] = lang
    if "typer.rich_utils" in sys.modules:
        _set_typer_words(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _WhenImported) for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported())
    # typer >= 0.20 carries its own copy of click, with "Usage: " written in it
    try:
        formatting = importlib.import_module("typer._click.formatting")
    except ImportError:
        formatting = importlib.import_module("click.formatting")
    cls = formatting.HelpFormatter
    if not getattr(cls.write_usage, "cchc_localised", False):
        original = cls.write_usage

        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            if prefix is None:
                prefix = gettext(_USAGE, _STATE["lang"]) + " "
            original(self, prog, args, prefix)

        write_usage.cchc_localised = True  # type: ignore[attr-defined]
        cls.write_usage = write_usage
