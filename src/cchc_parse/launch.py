"""The ``cchc`` console script (and ``python -m cchc_parse``): before anything heavy is imported, a
one-file ``cchc parse`` forks its guarded worker (prefork.py), then the command line is read and run
(cli.py). Kept tiny: everything imported here is on the critical path of every command."""

from __future__ import annotations

import gc
import os
import sys


def run() -> None:
    # No collections while the command's modules are imported (they live to the end: a collection
    # among them finds nothing); the forked worker inherits this and turns it back on after its own
    # imports (batch.worker.warm_up), this process once the command line framework is in, with what
    # it holds moved out of the collector's reach (gc.freeze): the first collection would otherwise
    # walk every object made meanwhile (~3 ms).
    gc.disable()
    # The command builds its models without pydantic plugins (they only observe validation), as typer
    # does for its option types: loading them scans every installed package's entry points (~9 ms).
    # A value the user set is kept; the library (import cchc_parse) leaves plugins to its caller.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from cchc_parse import prefork

    prefork.start(sys.argv[1:])
    from cchc_parse.cli import run as run_cli

    gc.freeze()
    gc.enable()
    run_cli()
