"""A YAML writer for JSON-ready data (dict/list/str/int/float/bool/None) that writes the bytes
libyaml's emitter writes for ``yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
sort_keys=False, width=100, default_flow_style=False)``, with ``"|"`` asked for every text that
holds a line break — without a node, an event or a call into C per scalar.

It follows libyaml's emitter (emitter.c: analyze_scalar, select_scalar_style, the plain, quoted and
literal writers, write_indent) for the cases it takes on, and refuses (``None``) whatever it cannot
prove it writes the same: the same list or dict twice (PyYAML writes an anchor), another type, a
key that is not a short one-line text, the line breaks other than "\\n" (\\r, NEL, LS, PS) and lone
surrogates. The caller then writes the document the old way. tests/test_emit_yaml_fast.py holds
the proof: random data and texts against PyYAML."""

from __future__ import annotations

import re
from typing import Any

from cchc_parse.emit.yaml_resolve import FIRSTS as _FIRSTS
from cchc_parse.emit.yaml_resolve import STR as _STR
from cchc_parse.emit.yaml_resolve import implicit_tag

WIDTH = 100  # the dump's width=100: a space past this column breaks a plain or quoted line

# not printable for libyaml (IS_PRINTABLE: \n, 20-7E, A0-D7FF, E000-FFFD but FEFF; nothing past FFFF).
# Written as the complement's positive class, not "[^\n\x20-\x7e\xa0-\ud7ff…]": sre fills a 64K
# bitmap one code point at a time for the negated class's wide ranges (3 ms at import each), while a
# range past U+FFFF stays a range (tests/test_speed_docx_yaml_classes.py: the same characters)
_SPECIAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe-\U0010ffff]")
_REFUSED = re.compile("[\r\x85\u2028\u2029\ud800-\udfff]")  # breaks it does not write; no UTF-8
# either of those two
_ODD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe-\U0010ffff]")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")  # analyze_scalar: at the start, always an indicator
_SPACED_INDICATORS = frozenset("-?:")  # at the start, an indicator before a space or the end
_FOLD = re.compile(r"(?<! ) (?! )")  # a space libyaml may break a line at: no space either side
_ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}


class Refused(Exception):
    """The data has a shape or a text this writer does not prove it writes as libyaml does."""


def _is_str(text: str) -> bool:
    """Would the plain form read back as a string? (The resolver, asked only when it could say no.)"""
    if text and text[0] not in _FIRSTS:
        return True
    return implicit_tag(text) == _STR


def _indicated(s: str) -> bool:
    """A block indicator in a non-empty text without breaks or special characters (analyze_scalar):
    the plain style would not read back, so libyaml quotes the text."""
    first = s[0]
    if first in _FIRST_INDICATORS or s.startswith(("---", "...")):
        return True
    if first in _SPACED_INDICATORS and (len(s) == 1 or s[1] == " "):
        return True
    return ": " in s or " #" in s or s[-1] == ":"


def _plain_ok(s: str) -> bool:
    """libyaml's block_plain_allowed and plain_implicit, for a text without breaks or specials."""
    return bool(s) and s[0] != " " and s[-1] != " " and not _indicated(s) and _is_str(s)


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _fold(e: str, col: int, indent: int, lo: int, hi: int) -> str:
    """``e`` written from column ``col`` by the plain/single-quoted writer with breaks allowed: the
    first single space (index in [lo, hi)) found past column WIDTH becomes a line break and indent."""
    parts: list[str] = []
    start, pos = 0, max(lo, WIDTH + 1 - col)
    pad = "\n" + " " * indent
    while True:
        m = _FOLD.search(e, pos)
        if m is None or m.start() >= hi:
            break
        i = m.start()
        parts += (e[start:i], pad)
        start = i + 1
        pos = max(start + WIDTH + 1 - indent, start)
    if not parts:
        return e
    parts.append(e[start:])
    return "".join(parts)


def _escape(ch: str) -> str:
    short = _ESCAPES.get(ch)
    if short is not None:
        return "\\" + short
    o = ord(ch)
    return f"\\x{o:02X}" if o <= 0xFF else f"\\u{o:04X}" if o <= 0xFFFF else f"\\U{o:08X}"


def _double(s: str, col: int, indent: int, breaks: bool) -> str:
    """write_double_quoted_scalar from column ``col`` (where the opening quote goes)."""
    out, column, spaces, last = ['"'], col + 1, False, len(s) - 1
    for i, ch in enumerate(s):
        if ch in _ESCAPES or ch == "\ufeff" or _SPECIAL.match(ch):
            esc = _escape(ch)
            out.append(esc)
            column += len(esc)
            spaces = False
        elif ch == " ":
            if breaks and not spaces and column > WIDTH and 0 < i < last:
                out.append("\n" + " " * indent)
                column = indent
                if s[i + 1] == " ":
                    out.append("\\")
                    column += 1
            else:
                out.append(" ")
                column += 1
            spaces = True
        else:
            out.append(ch)
            column += 1
            spaces = False
    out.append('"')
    return "".join(out)


def _literal(s: str, indent: int) -> tuple[str, bool]:
    """' |' with its hints and the indented lines, less the last line break (the next line's indent
    writes it: the same bytes); and whether the chomping is '+' (the document then ends in '...')."""
    hint = "2" if s[0] in " \n" else ""
    keep = s[-1] == "\n" and (len(s) == 1 or s[-2] == "\n")
    chomp = "+" if keep else "" if s[-1] == "\n" else "-"
    pad = " " * indent
    lines = [pad + line if line else "" for line in s.split("\n")]
    if s[-1] == "\n":
        lines.pop()
    return " |" + hint + chomp + "\n" + "\n".join(lines), keep


# what a Writer works out once a key, text or int, kept from one document to the next (pure functions
# of them; a batch writes the same field names, kinds, codes and line numbers again and again)
_KEY_LINES: dict[int, dict[str, str]] = {}  # Writer.key's lines
_KEY_LINES_MAX = 4096  # keys are the schema's field names: only odd data fills it
_BODIES: dict[str, str] = {}  # Writer.body of a short text
_BODY_SHORT = 64  # characters: a longer text is kept for its document only
_INTS: dict[int, str] = {}  # Writer.other of an int
_KEPT_MAX = 1 << 16


class Writer:
    """One document. ``self.keep`` follows libyaml's open_ended: a '+' literal that no later literal
    followed makes the stream end with '...'."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.keep = False
        self.seen: set[int] = set()
        if sum(map(len, _KEY_LINES.values())) > _KEY_LINES_MAX:
            _KEY_LINES.clear()
        if len(_BODIES) > _KEPT_MAX:
            _BODIES.clear()
        if len(_INTS) > _KEPT_MAX:
            _INTS.clear()
        self.bodies = _BODIES  # short text → ' ' + its plain or quoted form; '' if not that
        self.long_bodies: dict[str, str] = {}  # the same for this document's longer texts
        self.keys = _KEY_LINES  # indent → key → '\n', indent, key, ':'
        self.ints = _INTS  # int → ' ' + its text

    def body(self, s: str) -> str:
        """' ' + the text as libyaml writes it when no line of it gets broken; '' for a literal or a
        double-quoted text (written each time: they depend on the indent)."""
        short = len(s) <= _BODY_SHORT
        if not short:
            b = self.long_bodies.get(s)
            if b is not None:
                return b
        if _ODD.search(s):
            if _REFUSED.search(s):
                raise Refused
            b = ""
        else:
            b = "" if "\n" in s else " " + (s if _plain_ok(s) else _quote(s))
        (self.bodies if short else self.long_bodies)[s] = b
        return b

    def text(self, s: str, col: int, indent: int) -> str:
        """A text value from column ``col`` (after its separating space) at scalar indent ``indent``:
        the styles select_scalar_style picks for a block value, breaking long lines as it does."""
        if "\n" in s and not _SPECIAL.search(s) and s[-1] != " " and " \n" not in s:
            text, keep = _literal(s, indent)
            self.keep = keep
            return text
        if _SPECIAL.search(s) or "\n" in s:
            return " " + _double(s, col, indent, True)
        if _plain_ok(s):
            return " " + _fold(s, col, indent, 0, len(s))
        e = s.replace("'", "''")
        return " '" + _fold(e, col + 1, indent, 1, len(e) - 1) + "'"

    def value(self, s: str, col: int, indent: int) -> str:
        """A text value from column ``col`` at scalar indent ``indent``, as written after its key or dash:
        its one-line body when it fits, else ``long`` or ``text``. (mapping and sequence, and yaml_model's
        two loops over fields and items, write this inline: it runs for every text of a document.)"""
        b = self.bodies.get(s)
        if b is None:
            b = self.body(s)
        if not b:
            return self.text(s, col, indent)
        return b if len(b) + col <= WIDTH + 2 else self.long(s, b, col, indent)

    def long(self, s: str, b: str, col: int, indent: int) -> str:
        """``text(s, col, indent)`` for a text whose ``body`` ``b`` is not '' but too long for one line: a
        text without breaks or special characters (body would be ''), plain when ``b`` is ' ' + ``s``,
        else ``b`` is ' ' + the single-quoted form. The checks body made are not made again."""
        if len(b) == len(s) + 1:
            return " " + _fold(s, col, indent, 0, len(s))
        e = b[2:-1]
        return " '" + _fold(e, col + 1, indent, 1, len(e) - 1) + "'"

    def key(self, k: Any, indent: int) -> str:
        """'\\n' + indent + the key as a simple key (no breaks) + ':'; refuses what is no simple key."""
        if type(k) is not str or _REFUSED.search(k) or "\n" in k or len(k.encode("utf-8")) > 128:
            raise Refused  # PyYAML: '? ' complex keys, or not a text
        form = _double(k, indent, indent, False) if _SPECIAL.search(k) else k if _plain_ok(k) else _quote(k)
        line = self.keys.setdefault(indent, {})[k] = "\n" + " " * indent + form + ":"
        return line

    def other(self, x: Any) -> str:
        """' ' + an int, float, bool or None: the representer's text, plain when it reads back so."""
        if x is None:
            return " null"
        t = type(x)
        if t is bool:
            return " true" if x else " false"
        if t is int:
            # "-12", "0", "4711": the int resolver's decimal form, and no resolver before it takes
            # digits without '.' or ':' (test_emit_yaml_fast checks it): plain, no resolver asked
            text = self.ints[x] = " " + str(x)
            return text
        if t is float:
            text, tag = float_text(x), "tag:yaml.org,2002:float"
        else:
            raise Refused
        if implicit_tag(text) != tag or _indicated(text):
            raise Refused
        return " " + text

    def mapping(self, d: dict, indent: int) -> None:
        """A non-empty mapping whose keys go at ``indent``, each on a line of its own (a caller that
        has the cursor there already takes the first line's break and indent off)."""
        seen = self.seen
        if id(d) in seen:  # the same dict twice: PyYAML would write an anchor and an alias
            raise Refused
        seen.add(id(d))
        out, keys = self.out, self.keys.get(indent)
        if keys is None:
            keys = self.keys[indent] = {}
        bodies, ints, deeper = self.bodies, self.ints, indent + 2
        for k, v in d.items():
            line = keys.get(k)
            if line is None:
                line = self.key(k, indent)
            out.append(line)
            t = type(v)
            if t is str:
                b = bodies.get(v)
                if b is None:
                    b = self.body(v)
                col = len(line)
                out.append((b if len(b) + col <= WIDTH + 2 else self.long(v, b, col, deeper)) if b
                           else self.text(v, col, deeper))
            elif v is None:
                out.append(" null")
            elif t is int and v in ints:
                out.append(ints[v])
            elif (t is dict or t is list) and not v:
                if id(v) in seen:
                    raise Refused
                seen.add(id(v))
                out.append(" {}" if t is dict else " []")
            elif t is dict:
                self.mapping(v, deeper)
            elif t is list:
                self.sequence(v, indent)
            else:
                out.append(self.other(v))

    def sequence(self, items: list, indent: int) -> None:
        """A non-empty block sequence whose dashes go at ``indent``, each on a line of its own."""
        seen = self.seen
        if id(items) in seen:  # as in mapping
            raise Refused
        seen.add(id(items))
        out, bodies, deeper = self.out, self.bodies, indent + 2
        dash = "\n" + " " * indent + "-"
        for v in items:
            out.append(dash)
            t = type(v)
            if t is str:
                b = bodies.get(v)
                if b is None:
                    b = self.body(v)
                out.append((b if len(b) + deeper <= WIDTH + 2 else self.long(v, b, deeper, deeper)) if b
                           else self.text(v, deeper, deeper))
            elif (t is dict or t is list) and v:
                at = len(out)  # "- key: …" / "- - …": the first line goes on after the dash
                if t is dict:
                    self.mapping(v, deeper)
                else:
                    self.sequence(v, deeper)
                out[at] = " " + out[at][deeper + 1:]
            elif t is dict or t is list:
                if id(v) in seen:
                    raise Refused
                seen.add(id(v))
                out.append(" {}" if t is dict else " []")
            else:
                out.append(self.other(v))


def float_text(x: float) -> str:
    """SafeRepresenter.represent_float's text."""
    if x != x:
        return ".nan"
    if x in (float("inf"), float("-inf")):
        return ".inf" if x > 0 else "-.inf"
    value = repr(x).lower()
    return value.replace("e", ".0e", 1) if "." not in value and "e" in value else value


def write(data: Any) -> str | None:
    """The document libyaml writes for ``data`` (a non-empty dict or list at the root), or None when
    this writer cannot prove it writes the same bytes."""
    w = Writer()
    try:
        if type(data) is dict and data:
            w.mapping(data, 0)
        elif type(data) is list and data:
            w.sequence(data, 0)
        else:
            return None
    except Refused:
        return None
    w.out[0] = w.out[0][1:]  # the document starts at the first key or dash, not on a new line
    w.out.append("\n...\n" if w.keep else "\n")
    return "".join(w.out)
