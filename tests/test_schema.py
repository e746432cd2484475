"""schemas/plan.schema.json is generated from the models and must not be stale."""

from __future__ import annotations

import json

from cchc_parse.emit.schema import SCHEMA_PATH, schema_text
from cchc_parse.model import SCHEMA_VERSION, PlanDocument
from cchc_parse.pipeline import parse_file

from conftest import SAMPLES


def test_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run `make schema`"


def test_output_round_trips_through_the_model() -> None:
    doc = parse_file(SAMPLES / "text/001-kh-svhttdl.txt").doc
    data = json.loads(doc.model_dump_json())
    again = PlanDocument.model_validate(data)
    assert again == doc
    assert data["schema_version"] == SCHEMA_VERSION and data["schema_name"] == "cchc.plan"
