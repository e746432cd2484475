"""The YAML of a PlanDocument written from its models, without ``model_dump``: the bytes yaml_fast writes
for ``doc.model_dump(mode="json")``, with no dict tree built and freed (a ~10^4-node tree, about a
fifth of a .docx's YAML, issue 16).

A model is written as the dump's mapping of its fields, in the order of the class, read from its
``__dict__``. The dump makes a fresh dict or list of every model and container, so the same object
twice is written twice here (no anchor: yaml_fast's identity check is for plain data only). What the
dump would turn into something else, or might (a tuple, a subclass of a model or of str, a float
that is not finite, a model class not listed here), is refused: ``None``, and the caller dumps the
model the old way. tests/test_speed_model2_yaml.py compares both ways on the samples and generated
documents."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel

from cchc_parse.diagnostics import Diagnostic, Location, Severity
from cchc_parse.emit.yaml_fast import WIDTH, Refused, Writer
from cchc_parse.model import (
    Area,
    Attachment,
    DateParts,
    DocumentMeta,
    Paragraph,
    PlanDocument,
    Reference,
    ReportDeadline,
    Section,
    Signer,
    Standard,
    Target,
    Task,
)
from cchc_parse.normalise.deadlines import Deadline, Milestone, Recurrence

# every model class of the schema → its fields in the dump's order (each has some: none dumps as {})
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(cls.model_fields)
    for cls in (PlanDocument, DocumentMeta, DateParts, Signer, Reference, Area, Section, Task, Standard, Target,
                ReportDeadline, Paragraph, Attachment, Location, Diagnostic, Deadline, Milestone, Recurrence)
}

_LOC_ORDER = ("line", "page", "row", "col", "path")  # ModelWriter.location writes them in this order
_PAIRS: dict[tuple[type, int], tuple[tuple[str, str, str, str], ...]] = {}  # ModelWriter._pairs
_LOC_LINES: dict[int, tuple[str, str, int]] = {}  # indent → ModelWriter._location_lines (pure functions of it)


class ModelWriter(Writer):
    """yaml_fast's Writer, taking the schema's models where the dump would have their dicts."""

    def model(self, obj: BaseModel, indent: int) -> None:
        """The dump's mapping of ``obj``, its keys at ``indent`` (as Writer.mapping writes a dict)."""
        d, cls = obj.__dict__, type(obj)
        pairs = _PAIRS.get((cls, indent))
        if pairs is None:
            pairs = self._pairs(cls, indent)
        if len(d) != len(pairs):  # a field missing (or more than the fields)
            raise Refused
        out, bodies, ints, deeper = self.out, self.bodies, self.ints, indent + 2
        for k, line, null, empty in pairs:
            v = d[k]
            if v is None:  # the commonest value, then an empty list: key and value in one piece
                out.append(null)
                continue
            t = type(v)
            if t is list and not v:
                out.append(empty)
                continue
            out.append(line)
            if t is str:
                b = bodies.get(v)
                if b is None:
                    b = self.body(v)
                col = len(line)
                out.append((b if len(b) + col <= WIDTH + 2 else self.long(v, b, col, deeper)) if b
                           else self.text(v, col, deeper))
            elif t is int and v in ints:
                out.append(ints[v])
            elif t is Location:
                self.location(v, deeper)
            elif t in _FIELDS:
                self.model(v, deeper)
            elif t is list:
                self.items(v, indent)
            elif t is dict:
                if v:
                    self.plain(v, deeper)
                else:
                    out.append(" {}")
            else:
                out.append(self.scalar(v, len(line), deeper))

    def _pairs(self, cls: type, indent: int) -> tuple[tuple[str, str, str, str], ...]:
        """(field, its key line at ``indent``, that line with a null, with an empty list) of a model class, in
        the dump's order."""
        if len(_PAIRS) > 4096:  # a class and an indent: only a tree thousands deep fills it
            _PAIRS.clear()
        lines = [(k, self.key(k, indent)) for k in _FIELDS[cls]]
        pairs = _PAIRS[(cls, indent)] = tuple((k, line, line + " null", line + " []") for k, line in lines)
        return pairs

    def location(self, loc: Location, indent: int) -> None:
        """``model(loc, indent)`` for a Location (thousands a document): a line number, no page, row or column
        and a short path (a .docx's) in four pieces, from lines made once an indent; else the long way."""
        d = loc.__dict__
        line, path = d.get("line"), d.get("path")
        if type(line) is not int or d.get("page") is not None or d.get("row") is not None \
                or d.get("col") is not None or len(d) != 5 or not (path is None or type(path) is str):
            self.model(loc, indent)
            return
        lines = _LOC_LINES.get(indent)
        if lines is None:
            if len(_LOC_LINES) > 1024:  # only a tree hundreds deep fills it
                _LOC_LINES.clear()
            lines = _LOC_LINES[indent] = self._location_lines(indent)
        at_line, nulls, col = lines
        num = self.ints.get(line)
        if num is None:
            num = self.other(line)
        tail = " null" if path is None else self.value(path, col, indent + 2)
        self.out += (at_line, num, nulls, tail)

    def _location_lines(self, indent: int) -> tuple[str, str, int]:
        """The 'line:' key line; the null page, row and col lines with the 'path:' key line; the column of
        the path (after its key line)."""
        k = [self.key(name, indent) for name in _LOC_ORDER]
        return k[0], f"{k[1]} null{k[2]} null{k[3]} null{k[4]}", len(k[4])

    def plain(self, d: dict, indent: int) -> None:
        """A non-empty dict field (``sources``, a diagnostic's ``params``): Writer.mapping, its values
        models or plain data, none of it checked for identity (the dump copies it)."""
        out, deeper = self.out, indent + 2
        keys = self.keys.setdefault(indent, {})
        for k, v in d.items():
            line = keys.get(k)
            if line is None:
                line = self.key(k, indent)
            out.append(line)
            t = type(v)
            if t is str:
                out.append(self.value(v, len(line), deeper))
            elif t is Location:
                self.location(v, deeper)
            elif t in _FIELDS:
                self.model(v, deeper)
            elif (t is dict or t is list) and not v:
                out.append(" {}" if t is dict else " []")
            elif t is dict:
                self.plain(v, deeper)
            elif t is list:
                self.items(v, indent)
            else:
                out.append(self.scalar(v, len(line), deeper))

    def items(self, items: list, indent: int) -> None:
        """A non-empty list: Writer.sequence, its items models or plain data (no identity check). Its text
        branch, and model's, are Writer.value written inline (every text of a document passes here)."""
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
            elif t is Location:  # cited_at, also: as below, its first line after the dash
                at = len(out)
                self.location(v, deeper)
                out[at] = " " + out[at][deeper + 1:]
            elif t in _FIELDS or ((t is dict or t is list) and v):
                at = len(out)  # "- key: …" / "- - …": the first line goes on after the dash
                if t is dict:
                    self.plain(v, deeper)
                elif t is list:
                    self.items(v, deeper)
                else:
                    self.model(v, deeper)
                out[at] = " " + out[at][deeper + 1:]
            elif t is dict or t is list:
                out.append(" {}" if t is dict else " []")
            else:
                out.append(self.scalar(v, deeper, deeper))

    def scalar(self, x: Any, col: int, indent: int) -> str:
        """Writer.other of what the dump gives for ``x`` (from column ``col``, at scalar indent ``indent``): a
        severity's value; no float that is not finite (the JSON dump's inf_nan setting decides those)."""
        t = type(x)
        if t is Severity:  # dumped as its value, a str
            return self.value(x.value, col, indent)
        if t is float and not math.isfinite(x):
            raise Refused
        return self.other(x)


if _FIELDS[Location] != _LOC_ORDER:  # pragma: no cover - a Location of other fields: the general way
    ModelWriter.location = ModelWriter.model  # type: ignore[method-assign,assignment]


def write(doc: PlanDocument) -> str | None:
    """yaml_fast.write(doc.model_dump(mode="json")), or None when this writer does not take the document."""
    if type(doc) is not PlanDocument:
        return None
    w = ModelWriter()
    try:
        w.model(doc, 0)
    except (Refused, KeyError, RecursionError):
        return None
    w.out[0] = w.out[0][1:]  # the document starts at the first key, not on a new line
    w.out.append("\n...\n" if w.keep else "\n")
    return "".join(w.out)
