"""`cchc serve OUT`: the store brought up to date, then Datasette on it (the optional extra ``[web]``)."""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from cchc_parse.errors import CchcError
from cchc_parse.i18n import _, terminal_lang, use

__all__ = ["METADATA", "datasette_args", "serve_command"]

METADATA = "datasette.yaml"
INSTALL_HINT = "pip install 'cchc-parse[web]'"


def _error(msg: str, code: int = 2) -> typer.Exit:
    with use(terminal_lang()):
        typer.echo(_("error: {msg}").format(msg=msg), err=True)
    return typer.Exit(code)


def datasette_args(db: Path, metadata: Path, host: str, port: int) -> list[str]:
    """The command line that serves ``db`` (Python's ``-m datasette``: the one of this environment)."""
    return [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "default_page_size", "100"]


def _database(out: Path, as_of: date | None) -> Path:
    """OUT/cchc.sqlite, synced first when OUT holds a batch manifest (a database alone is served as is)."""
    from cchc_parse.batch.files import MANIFEST
    from cchc_parse.store.schema import DB_NAME
    from cchc_parse.store.update import connect, set_as_of, sync

    if out.is_file() and out.suffix in (".sqlite", ".db"):
        db = out
    elif (out / MANIFEST).is_file():
        return sync(out, as_of=as_of)
    else:
        db = out / DB_NAME
    if not db.is_file():
        raise CchcError(out, _("no cchc database here: run `cchc parse INPUT -o OUT` first"))
    if as_of is not None:
        con = connect(db)
        try:
            if set_as_of(con, as_of.isoformat()):
                con.commit()
        finally:
            con.close()
    return db


def serve_command(
    out: Annotated[Path, typer.Argument(help=_("The output folder of `cchc parse` (or its cchc.sqlite)."),
                                        show_default=False)],
    port: Annotated[int, typer.Option("--port", "-p", metavar="N", help=_("Port to listen on."))] = 8001,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS", help=_("Address to listen on (0.0.0.0: all)."))] = "127.0.0.1",
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help=_(
        "Date the task status views count from (default: CCHC_TODAY, else today)."))] = None,
) -> None:
    """Browse the plans, tasks and deadlines of a batch in the web browser (Datasette on OUT/cchc.sqlite)."""
    with use(terminal_lang()):
        _serve(out, port, host, as_of)


def _serve(out: Path, port: int, host: str, as_of: str | None) -> None:
    if importlib.util.find_spec("datasette") is None:
        hint = _("the web UI needs Datasette, which is not installed: {hint}")
        raise _error(hint.format(hint=INSTALL_HINT))
    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise _error(_("--as-of must be a date YYYY-MM-DD, not {value!r}").format(value=as_of)) from None
    try:
        db = _database(out, day)
    except (CchcError, ValueError) as e:
        raise _error(str(e), 1) from None
    typer.echo(_("serving {db} on http://{host}:{port}/ (Ctrl-C stops)").format(db=db, host=host, port=port),
               err=True)
    meta = resources.files("cchc_parse.store").joinpath(METADATA)
    if not isinstance(meta, Path):  # installed in a zip: no file to hand to Datasette
        raise _error(_("cannot find {name} in the installed package").format(name=METADATA), 1)
    sys.stdout.flush()
    sys.stderr.flush()
    # Datasette replaces this process: Ctrl-C and SIGTERM reach the server itself
    os.execv(sys.executable, datasette_args(db, meta, host, port))
