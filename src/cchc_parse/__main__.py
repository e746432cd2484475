"""python -m cchc_parse → the cchc command."""

from cchc_parse.launch import run

run()
