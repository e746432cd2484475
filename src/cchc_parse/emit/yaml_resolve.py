"""The tag YAML 1.1 gives a plain scalar (PyYAML's implicit resolvers of ``yaml.resolver.Resolver``,
the safe dumper's): what yaml_fast asks to know whether a text written plain reads back as a text.
Written out here so the writer does not import PyYAML (about 13 ms of a one-page ``cchc parse``).
tests/test_emit_yaml_fast.py checks it against PyYAML's resolver on random and crafted texts."""

from __future__ import annotations

import re

STR = "tag:yaml.org,2002:str"

_BOOL = ("tag:yaml.org,2002:bool", re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"))
_FLOAT = ("tag:yaml.org,2002:float", re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"))
_INT = ("tag:yaml.org,2002:int", re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"))
_MERGE = ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"))
_NULL = ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"))
_TIMESTAMP = ("tag:yaml.org,2002:timestamp", re.compile(
    r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
    r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
    r"(?:[Tt]|[ \t]+)[0-9][0-9]?"
    r":[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"))
_VALUE = ("tag:yaml.org,2002:value", re.compile(r"^(?:=)$"))
_YAML = ("tag:yaml.org,2002:yaml", re.compile(r"^(?:!|&|\*)$"))

# first character → the resolvers tried, in PyYAML's order of registration
RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _firsts in ((_BOOL, "yYnNtTfFoO"), (_FLOAT, "-+0123456789."), (_INT, "-+0123456789"),
                      (_MERGE, "<"), (_NULL, ["~", "n", "N", ""]), (_TIMESTAMP, "0123456789"),
                      (_VALUE, "="), (_YAML, "!&*")):
    for _ch in _firsts:
        RESOLVERS.setdefault(_ch, []).append(_tag)
FIRSTS = frozenset(k for k in RESOLVERS if k)
# first characters of only words and signs: bool, null, merge, value, yaml; no text of theirs is longer
# than "false" (and "$" may take a last "\n"): a longer text is a str, no pattern asked
_WORDY = FIRSTS - frozenset("-+0123456789.")
_WORDY_MAX = 6


def implicit_tag(text: str) -> str:
    """The tag PyYAML's Resolver().resolve(ScalarNode, text, (True, False)) gives ``text``."""
    if len(text) > _WORDY_MAX and text[0] in _WORDY:  # "Thực hiện …", "Nghị định …": most texts
        return STR
    for tag, regexp in RESOLVERS.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return STR
