"""The published JSON Schema, generated from the models (``make schema``)."""

from __future__ import annotations

import json
from pathlib import Path

from cchc_parse.model import PlanDocument

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "schemas" / "plan.schema.json"


def schema_text() -> str:
    schema = PlanDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cchc.example/schemas/plan.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
