"""Translation of what cchc says and writes: English msgids, Vietnamese catalog (stdlib gettext).

Two languages matter, and they can differ:

* the **output language** — of everything cchc *writes* (diagnostic messages in YAML/JSON, exports,
  reports): ``--lang`` (the CLI puts it in ``CCHC_LANG``), else ``CCHC_LANG``, else Vietnamese. Never
  the locale, so the same input and options give the same bytes on any machine.
* the **terminal language** — of what cchc *prints* (help, errors, validate reports on the screen):
  ``--lang``/``CCHC_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``vi…`` → vi,
  anything else → en).

API (msgid in, str out; nothing changes the process locale):

* ``_(msgid)`` — translated into the *current* language: the one of the innermost ``use(lang)`` block,
  else the output language (so a string written into a file is deterministic by default).
* ``N_(msgid)`` — marks a string for extraction and returns it untranslated (module-level tables);
  translate it where it is shown with ``_()`` or ``gettext()``.
* ``gettext(msgid, lang)`` / ``ngettext(singular, plural, n, lang)`` — into a given language.
* ``use(lang)`` — context manager: ``_()`` uses ``lang`` inside (``with use(terminal_lang()): …`` around
  code that prints; ``with use(output_lang()): …`` around code that writes a file).
* ``output_lang()``, ``terminal_lang()``, ``current_lang()``; ``normalise(value)`` → "vi" | "en" | None.

Diagnostics are stored with a code and language-free ``params``; ``diagnostics.render(d, lang)``
writes their message again in either language. The CLI's help is translated by ``cli_help``, the
common error reasons by ``error_text``. Write msgids in English, format after translating
(``_("{n} tasks").format(n=n)``), and never call ``_()`` inside an f-string (Babel cannot see it).

Catalogs: ``cchc_parse/locale/<lang>/LC_MESSAGES/cchc.mo`` (domain ``cchc``), built by
``tools/i18n.py`` (Babel, a development tool only; ``make i18n``). English is the msgid itself.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "cchc"
LANGS = ("vi", "en")
DEFAULT_OUTPUT = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")

_current: ContextVar[str | None] = ContextVar("cchc_lang", default=None)


def normalise(value: str | None) -> str | None:
    """'vi', 'VI', 'vi_VN.UTF-8', 'vi-VN' → 'vi'; 'en', 'en_US' → 'en'; anything else → None."""
    v = (value or "").strip().lower().replace("-", "_")
    for lang in LANGS:
        if v == lang or v.startswith(lang + "_") or v.startswith(lang + "."):
            return lang
    return None


def output_lang() -> str:
    """Language of what cchc writes: CCHC_LANG (set by --lang), else Vietnamese."""
    return normalise(os.environ.get("CCHC_LANG")) or DEFAULT_OUTPUT


def terminal_lang() -> str:
    """Language of what cchc prints: CCHC_LANG (set by --lang), else the locale, else English."""
    chosen = normalise(os.environ.get("CCHC_LANG"))
    if chosen:
        return chosen
    for var in _LOCALE_VARS:
        value = os.environ.get(var)
        if value:  # the first one set decides, as for the C library
            return "vi" if normalise(value) == "vi" else "en"
    return "en"


def current_lang() -> str:
    return _current.get() or output_lang()


@contextmanager
def use(lang: str) -> Iterator[str]:
    """Within the block, ``_()`` translates into ``lang`` ('vi' or 'en')."""
    chosen = normalise(lang)
    if chosen is None:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


@cache
def translation(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` (English, or a missing catalog: the msgids themselves)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def gettext(msgid: str, lang: str | None = None) -> str:
    if not msgid:
        return msgid
    return translation(lang or current_lang()).gettext(msgid)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translation(lang or current_lang()).ngettext(singular, plural, n)


def _(msgid: str) -> str:
    return gettext(msgid)


def N_(msgid: str) -> str:
    return msgid


@cache
def reverse(lang: str) -> dict[str, str]:
    """Translation → msgid for ``lang``'s catalog (to show a text translated too early in another one)."""
    cat = translation(lang)
    table = getattr(cat, "_catalog", {})
    return {v: k for k, v in table.items() if isinstance(k, str) and k and isinstance(v, str)}


def retranslate(text: str, lang: str) -> str:
    """``text`` (an English msgid, or its translation in another language) in ``lang``."""
    for other in LANGS:
        if other != lang and other != "en":
            text = reverse(other).get(text, text)
    return gettext(text, lang)
