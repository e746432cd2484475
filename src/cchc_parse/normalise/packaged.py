"""The tables shipped in ``cchc_parse/data``: edited as YAML, read from their JSON copies
(tools/build_data.py writes them), so a parse does not import PyYAML (start-up time)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import PurePosixPath
from typing import Any


def packaged_yaml(name: str) -> Any:
    """The parsed data of ``cchc_parse/data/<name>`` ("provinces.yaml"), read from its JSON copy."""
    copy = PurePosixPath(name).with_suffix(".json").name
    return json.loads(resources.files("cchc_parse.data").joinpath(copy).read_text("utf-8"))
