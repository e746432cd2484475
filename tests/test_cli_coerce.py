"""Issue 16, start-up: the command line's plain values are converted without pydantic (cli_coerce.py),
to what typer's own pydantic adapters give them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cchc_parse.cli  # noqa: F401  (installs the hook, as the command does)
from cchc_parse import cli_coerce

_coercion = pytest.importorskip("typer._coercion", reason="typer without the per-parameter adapters cli_coerce hooks")
from typer._click.exceptions import BadParameter  # noqa: E402
from typer.models import OptionInfo  # noqa: E402

PLAIN = [str, int, float, bool, Path, list[str], list[Path]]

# values as the command line gives them: words of digits, signs, points, exponents, spaces, letters,
# other scripts' digits, Vietnamese, NUL and lone surrogates (an undecodable argv); numbers and flags
# as defaults give them
_WORD = st.text(alphabet=st.sampled_from([*"0123456789-+._eE xđ٣\x00\t/", "\udcff", "ệ"]), max_size=12)
_VALUE = st.one_of(_WORD, st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.booleans())


def both(annotation: Any, value: Any) -> tuple[Any, Any]:
    """(plain result, typer's adapter result); each a value, or ("error", message)."""
    desc = _coercion.resolve_type_descriptor(annotation, OptionInfo())
    convert = cli_coerce.converter(desc.annotation)
    assert convert is not None and cli_coerce._is_plain(desc)
    out = []
    for param in (_plain_param(desc, convert), _coercion.build_runtime_param(desc)):
        try:
            out.append(param.coerce(value, param=_Param(), ctx=None))
        except BadParameter as e:
            out.append(("error", e.format_message()))
    return out[0], out[1]


class _Param:  # what the adapters read of the parameter (for messages)
    multiple = False
    nargs = 1
    name = "x"
    human_readable_name = "X"

    def get_error_hint(self, ctx: Any = None) -> str:
        return "'x'"


def _plain_param(desc: Any, convert: Any) -> Any:
    from typer import core

    p = object.__new__(core.TyperOption)
    p._runtime_param = None
    p.type_descriptor = desc
    got = p.get_runtime_param()
    assert type(got).__name__ == "PlainParam"
    return got


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (a == b or (isinstance(a, float) and a != a and b != b)) and \
        (not isinstance(a, list) or all(type(x) is type(y) for x, y in zip(a, b, strict=True)))


@pytest.mark.parametrize("annotation", PLAIN, ids=lambda a: getattr(a, "__name__", str(a)))
@settings(max_examples=150, deadline=None)
@given(value=st.one_of(_VALUE, st.lists(_WORD, max_size=3).map(tuple)))
def test_plain_conversion_gives_what_typer_gives(annotation: Any, value: Any) -> None:
    plain, typer_own = both(annotation, value)
    assert _same(plain, typer_own), (value, plain, typer_own)


@pytest.mark.parametrize(("annotation", "value", "want"), [
    (int, "12", 12), (int, "-3", -3), (int, "0", 0), (float, "2.5", 2.5), (float, "120", 120.0),
    (float, 120, 120.0), (str, "Hà Nội", "Hà Nội"), (Path, "kế hoạch.docx", Path("kế hoạch.docx")),
    (list[Path], ("a.txt", "b/"), [Path("a.txt"), Path("b")]), (bool, True, True),
])
def test_the_plain_values_are_converted_here(annotation: Any, value: Any, want: Any) -> None:
    desc = _coercion.resolve_type_descriptor(annotation, OptionInfo())
    assert cli_coerce.converter(desc.annotation)(value) == want
    assert _same(*both(annotation, value))


@pytest.mark.parametrize(("annotation", "value"), [(int, " 3"), (int, "007"), (int, "1e3"), (float, "inf"),
                                                    (Path, ""), (Path, "a\x00b"), (Path, "\udcff.txt"),
                                                    (str, b"bytes"), (bool, "yes"), (list[int], ("1", "1.0")),
                                                    (tuple[int, int], ("1", "2"))])
def test_other_values_are_typers(annotation: Any, value: Any) -> None:
    convert = cli_coerce.converter(annotation)
    assert convert is None or convert(value) is cli_coerce._UNSURE


def test_a_parameter_with_value_checks_is_typers() -> None:
    desc = _coercion.resolve_type_descriptor(int, OptionInfo(min=1))
    assert not cli_coerce._is_plain(desc)
    desc = _coercion.resolve_type_descriptor(Path, OptionInfo(exists=True))
    assert not cli_coerce._is_plain(desc)


def test_a_one_file_parse_reads_its_options_without_pydantic(tmp_path: Path) -> None:
    """The main process of `cchc parse FILE …` reads every option without importing pydantic (its
    worker does: prefork.py); the options arrive converted."""
    src = tmp_path / "kế hoạch.txt"
    src.write_text("KẾ HOẠCH\n", encoding="utf-8")
    code = textwrap.dedent("""
        import sys
        import cchc_parse.cli as cli
        got = {}
        cli.parse_one = lambda path, out, fmt, popts, opts: got.update(
            path=path, out=out, fmt=fmt, jobs=opts.jobs, timeout=opts.timeout, memory=opts.memory_mb,
            include=opts.include)
        sys.argv = ["cchc", "parse", sys.argv[1], "-o", "x.json", "-j", "3", "--timeout", "2.5",
                    "--max-memory", "700", "--include", "*.txt", "--quiet"]
        try:
            cli.main()
        except SystemExit:
            pass
        print("pydantic" in sys.modules, got)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (f"False {{'path': {src!r}, 'out': 'x.json', 'fmt': None, 'jobs': 3, "
                                  f"'timeout': 2.5, 'memory': 700, 'include': ['*.txt']}}")


@pytest.mark.parametrize(("args", "message"), [
    (["--jobs", "abc"], "Input should be a valid integer"),
    (["--timeout", "soon"], "Input should be a valid number"),
])
def test_a_bad_value_gets_typers_message(tmp_path: Path, args: list[str], message: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text("KẾ HOẠCH\n", encoding="utf-8")
    cchc = Path(sys.executable).with_name("cchc")
    out = subprocess.run([str(cchc), "parse", str(src), *args], capture_output=True, text=True)
    assert out.returncode == 2
    assert message in " ".join(out.stderr.split()) and out.stdout == ""
