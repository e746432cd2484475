"""python -m cchc_parse → the cchc command."""

from cchc_parse.cli import run

run()
