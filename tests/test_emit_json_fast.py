"""emit/json_fast writes what json.dumps(data, ensure_ascii=False, indent=2) writes, or refuses;
serialize._json_text is that dump for any data (json.dumps itself where json_fast refuses)."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.emit import json_fast, serialize


def _reference(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


TEXT = st.one_of(st.text(), st.text(alphabet="ạảãàá ơướĐ\"\\/\n\t\r\x00\x1f\x7f\u2028\ud800😀", max_size=20))
KEY = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), TEXT)
DATA = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                    st.dictionaries(KEY, inner, max_size=5)), max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(DATA)
def test_random_data_is_written_as_json_dumps_writes_it(data: object) -> None:
    got = json_fast.write(data)
    assert got is not None  # plain JSON-ready data: never refused
    assert got == _reference(data)
    assert serialize._json_text(data) == _reference(data)


class _Colour(enum.IntEnum):
    RED = 1


def test_other_shapes_are_left_to_json() -> None:
    shared = {"k": [1, 2]}
    for data in ({"t": (1, 2)}, {"e": _Colour.RED}, {_Colour.RED: 1}, {"s": shared, "again": shared},
                 [math.nan, -math.inf, 1e300, -0.0], {}, [], "top", 5, None):
        assert serialize._json_text(data) == _reference(data)
    cycle: list = []
    cycle.append(cycle)
    assert json_fast.write(cycle) is None
    with pytest.raises(ValueError, match="Circular"):
        serialize._json_text(cycle)
    with pytest.raises(TypeError):
        serialize._json_text({(1, 2): "tuple key"})
