"""Translation of what cchc says and writes (stub: English msgids returned as they are).

Mark every user-facing string with ``_()`` (translated now) or ``N_()`` (marked for extraction,
translated where it is shown). The real catalogs and language selection replace this stub."""

from __future__ import annotations


def _(msgid: str) -> str:
    return msgid


def N_(msgid: str) -> str:
    return msgid
