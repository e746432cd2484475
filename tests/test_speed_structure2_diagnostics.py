"""``diagnostics.make`` (issue 16: ``also`` passed and marked unset again, ``fields`` cached) gives the
Diagnostic the plain construction gave: the same fields, the same fields set, the same dumps."""

from __future__ import annotations

from string import Formatter

import pytest

from cchc_parse.diagnostics import MESSAGES, PARSE_CODES, Diagnostic, Location, fields, format_message, make
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.i18n import output_lang


def _make_before(code: str, src: SourceRef | None, params: dict) -> Diagnostic:
    name, sev, _ = PARSE_CODES[code]
    return Diagnostic(code=code, severity=sev, message=format_message(code, dict(params), output_lang()),
                      location=Location.of(src), name=name, params=dict(params))


CASES = [("P020", SourceRef(3), {"label": "PHỤ LỤC I", "kind": "appendix"}),
         ("P004", SourceRef(7, 2), {"end": "… của"}), ("P025", None, {"count": 4}),
         ("P019", SourceRef(1, None, 2, 3), {"paragraphs": 2, "text": "“Điều 4"})]


@pytest.mark.parametrize(("code", "src", "params"), CASES)
def test_make_is_the_plain_model(code: str, src: SourceRef | None, params: dict) -> None:
    got, want = make(code, src=src, params=params), _make_before(code, src, params)
    assert got == want
    assert got.model_fields_set == want.model_fields_set and "also" not in got.model_fields_set
    assert got.model_dump() == want.model_dump()
    assert got.model_dump(exclude_unset=True) == want.model_dump(exclude_unset=True)
    assert got.model_dump_json() == want.model_dump_json()
    got.also.append(Location(line=9))  # its own list, as a default copy was
    assert make(code, src=src, params=params).also == []


def test_fields_cached_is_fields() -> None:
    for code, texts in MESSAGES.items():
        for t in (*texts, PARSE_CODES.get(code, ("", "", ""))[2]):
            assert fields(t) == frozenset(f for _, f, _, _ in Formatter().parse(t) if f)
    with pytest.raises(ValueError):
        fields("{unclosed")


@pytest.mark.parametrize("src", [SourceRef(3), SourceRef(3, 2), SourceRef(1, None, 2, 3), SourceRef(0, 1, 1, 1)])
@pytest.mark.parametrize("path", [None, "tasks[0]"])
def test_location_of_is_the_validated_model(src: SourceRef, path: str | None) -> None:
    got = Location.of(src, path)
    want = Location(line=src.line, page=src.page, row=src.row, col=src.col, path=path)
    assert type(got) is Location and got == want and got.__dict__ == want.__dict__
    assert got.model_fields_set == want.model_fields_set
    assert got.__pydantic_extra__ == want.__pydantic_extra__ and got.__pydantic_private__ == want.__pydantic_private__
    assert got.model_dump_json() == want.model_dump_json() and repr(got) == repr(want)
    assert got.model_copy(update={"line": 5}).line == 5 and got.line == src.line
