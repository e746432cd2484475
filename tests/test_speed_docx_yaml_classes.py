"""emit/yaml_fast's character classes, written as positive classes that compile fast, match exactly
the characters of the negated classes they replace (libyaml's IS_PRINTABLE and its complement),
over every code point."""

from __future__ import annotations

import re

import pytest

from cchc_parse.emit import yaml_fast

# the classes as first written: everything libyaml prints, negated
OLD = {
    "_SPECIAL": "[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]",
    "_ODD": "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]",
}


def _matched(pattern: re.Pattern[str]) -> bytes:
    """One byte per code point 0..0x10FFFF: 1 where ``pattern`` matches that character."""
    match = pattern.match
    return bytes(1 if match(chr(c)) else 0 for c in range(0x110000))


@pytest.mark.parametrize("name", sorted(OLD))
def test_same_characters_as_the_negated_class(name: str) -> None:
    new = getattr(yaml_fast, name)
    old = re.compile(OLD[name])
    assert new.flags == old.flags
    assert _matched(new) == _matched(old)


def test_odd_is_special_or_refused() -> None:
    special, refused, odd = (_matched(getattr(yaml_fast, n)) for n in ("_SPECIAL", "_REFUSED", "_ODD"))
    assert odd == bytes(a | b for a, b in zip(special, refused, strict=True))
