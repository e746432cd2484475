"""emit/yaml_fast writes, for any JSON-ready data it does not refuse, the bytes PyYAML with libyaml
writes (yaml_events.Dumper, as dump_yaml calls it); serialize._yaml_text is that dump for any data."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.emit import serialize, yaml_events, yaml_fast

from conftest import GOLDEN

KW = {"allow_unicode": True, "sort_keys": False, "width": 100}
pytestmark = pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="libyaml's bytes")


def _reference(data: object) -> str:
    return yaml.dump(data, Dumper=yaml_events.Dumper, **KW)


def _same(data: object) -> None:
    try:
        ref = _reference(data)
        ref.encode("utf-8")
    except (UnicodeEncodeError, yaml.YAMLError):  # PyYAML itself fails (lone surrogates): no bytes to match
        assert yaml_fast.write(data) is None
        return
    got = yaml_fast.write(data)
    if got is not None:
        assert got == ref
    assert serialize._yaml_text(data) == ref


VIET = "ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡéèẻẹẽêếềệểễúùủũụưựữửừứíìịỉĩýỳỷỵỹđĐƯƠÂÊÔĂẾỆỘỨ"
ODD = "\t\x00\x07\x1b\x7f\x9f\xa0\ufeff\ufffe\uffff\ue000\ud7ff😀\U0010fffd"  # double-quoted
REFUSED = "\r\x85\u2028\u2029"  # the other line breaks: the fast writer refuses them
PUNCT = " '\"#:,-?[]{}&*!|>%@`~=<.\\/"
WORDS = ["null", "Null", "NULL", "~", "yes", "Yes", "no", "on", "ON", "off", "y", "n", "true", "False",
         "1", "-1", "+1", "0x1F", "0o7", "017", "1_000", "1.5", ".5", "1e3", "1.0e+3", ".inf", "-.Inf",
         ".nan", "2024-01-02", "2024-01-02 10:00:00", "1:20", "12:30:45", "<<", "=", "---", "...",
         "- a", "? b", ": c", "a: b", "a #b", "a#b", "#c", "'q'", '"d"', "Số: 12/KH-UBND",
         "Điều 3. Tổ chức thực hiện", "Kế hoạch", "—", "…", "(1)", "a:", "-", "?", ":"]

_word = st.one_of(st.sampled_from(WORDS), st.text(alphabet=VIET + "abcXYZ019", min_size=1, max_size=12))
_sep = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", " \n", "\n ", "\t", ": ", " #", "'", ""])
_joined = st.lists(st.tuples(_word, _sep), max_size=40).map(lambda xs: "".join(a + b for a, b in xs))
TEXT_OK = st.one_of(  # texts the fast writer takes on
    _joined,
    st.text(alphabet=VIET + PUNCT + "\n" + ODD + "ab01", max_size=40),
    st.text(alphabet="a '\n", max_size=250),  # folding: long runs of words, single and double spaces
    st.builds(lambda a, t, b: a + t + b, st.sampled_from(["", " ", "  ", "\n", "'"]), _joined,
              st.sampled_from(["", " ", "  ", "\n", "\n\n", "'"])),
)
TEXT = st.one_of(TEXT_OK, st.text(alphabet=VIET + PUNCT + REFUSED + "ab", max_size=12),
                 st.text(max_size=8))  # any code point (lone surrogates too: refused, PyYAML decides)
_ONE_LINE = TEXT_OK.map(lambda t: t.replace("\n", " ")[:30])  # at most 120 bytes: a simple key
KEY = st.one_of(st.sampled_from(["id", "text", "line", "path", "title", "number"]), _ONE_LINE,
                st.text(alphabet="ab ", min_size=30, max_size=70))  # long keys push values right
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-10, 10**4),
                   st.floats(allow_nan=True, allow_infinity=True), TEXT_OK)
DATA = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                    st.dictionaries(KEY, inner, max_size=6)),
                    max_leaves=25)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.dictionaries(KEY, DATA, min_size=1, max_size=8), st.lists(DATA, min_size=1, max_size=8)))
def test_random_data_is_written_as_pyyaml_writes_it(data: object) -> None:
    _same(data)


@settings(max_examples=1000, deadline=None)
@given(TEXT, st.integers(0, 12), st.integers(0, 90))
def test_random_text_at_any_depth_and_column(text: str, depth: int, width: int) -> None:
    data: object = {"k" * (width + 1): text, "list": [text, [text]], "in": {"x": text}, text: 1}
    for i in range(depth):
        data = {"d": data} if i % 2 else [data, text]
    _same(data)


def test_deep_indent_past_the_width() -> None:
    text = "Thực hiện kế hoạch " * 12 + "a  b 'c' : d"
    data: object = {"t": text, "l": "x\n  y\n", "q": " " + text}
    for _ in range(60):
        data = {"nested": data, "seq": [text]}
    _same(data)


def test_edges() -> None:
    nan_list = [math.nan, math.inf, -math.inf, -0.0, 1e-9, 1e20, 0.5]
    for data in ({"a": "x\n\n", "b": "y"}, {"a": "x\n\n"}, [[], {}], {"a": [[1, "x\n"], []]}, ["x\n\n"],
                 {"a": "\n"}, {"": "a"}, {"k": ""}, {"k": " a\nb"}, {"k": "a \nb"}, {"k": "a\tb"}, {"x": nan_list},
                 {"k" * 129: 1}, {"a\nb": 1}, {"a": (1, 2)}, {"k": "x\ry"}, {"k": "a\u2028b"}, {1: "int key"}):
        _same(data)
    shared: dict = {"k": "v"}
    assert yaml_fast.write({"a": shared, "b": shared}) is None  # PyYAML writes an anchor: refused


@pytest.mark.parametrize("golden", sorted(GOLDEN.rglob("*.yaml")), ids=lambda p: p.name)
def test_goldens_are_written_by_the_fast_writer(golden) -> None:
    """The fast writer takes every golden document on (no fall-back) and writes it as it stands."""
    text = golden.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    assert yaml_fast.write(data) == text


@given(st.integers())
def test_an_int_text_reads_back_as_an_int(n: int) -> None:
    """yaml_fast writes ints without asking the resolver: their decimal text is always an int."""
    assert yaml.resolver.Resolver().resolve(yaml.ScalarNode, str(n), (True, False)) == "tag:yaml.org,2002:int"


_RESOLVER_ALPHABET = "0123456789-+._:eExXbToO tZ~yesnNulfarF<=!&*\n\tĐế"


@given(st.text(alphabet=_RESOLVER_ALPHABET, max_size=14) | st.text(max_size=14))
@settings(max_examples=3000, deadline=None)
def test_the_written_out_resolver_is_pyyamls(text: str) -> None:
    """emit/yaml_resolve.implicit_tag (so the writer need not import PyYAML) is the safe dumper's
    resolver, on every kind of text: numbers, dates, times, booleans, null, merge, value keys."""
    from cchc_parse.emit.yaml_resolve import implicit_tag

    assert implicit_tag(text) == yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))


@pytest.mark.parametrize("text", ["", "~", "null", "NULL", "yes", "Off", "0b101", "0o17", "017", "0x1F", "1_000",
                                  "190:20:30", "1.5", ".5", "1e5", "1.0e+5", "-.inf", ".NaN", "2023-01-01",
                                  "2023-1-1 10:20:30", "2001-12-14t21:59:43.10-05:00", "<<", "=", "!", "yes\n"])
def test_resolver_cases(text: str) -> None:
    from cchc_parse.emit.yaml_resolve import FIRSTS, implicit_tag

    assert implicit_tag(text) == yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
    assert frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k) == FIRSTS


def test_libyaml_is_told_without_importing_pyyaml() -> None:
    assert serialize.has_libyaml() == hasattr(yaml, "CSafeDumper")
