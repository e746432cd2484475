"""Large runs: byte-identical files parsed once (copies), the batch's per-file work on a Dask cluster
(dask_exec), and columnar exports for analysis engines (parquet). The last two need optional
extras: ``pip install 'cchc-parse[dask]'``, ``pip install 'cchc-parse[parquet]'``; they are
imported only when asked for."""

from __future__ import annotations

import importlib.util

from cchc_parse.errors import CchcError
from cchc_parse.i18n import _


def require(module: str, extra: str, what: str) -> None:
    """Raise a CchcError naming the pip line when ``module`` is not installed (nothing is imported)."""
    if importlib.util.find_spec(module) is None:
        msg = _("{what} needs the optional package {module}: pip install 'cchc-parse[{extra}]'")
        raise CchcError(None, msg.format(what=what, module=module, extra=extra))


def check_scale(executor: str, parquet: bool) -> None:
    """The executor is known, and the optional packages it and --parquet need are installed."""
    if executor not in ("local", "dask"):
        raise CchcError(None, _("--executor must be local or dask, not {value}").format(value=repr(executor)))
    if executor == "dask":
        require("distributed", "dask", "--executor dask")
    if parquet:
        require("pyarrow", "parquet", "--parquet")
