"""The YAML tables shipped in ``cchc_parse/data``, read with libyaml when PyYAML has it (start-up time)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same data as safe_load, several times faster


def packaged_yaml(name: str) -> Any:
    """The parsed data of ``cchc_parse/data/<name>`` ("provinces.yaml")."""
    return yaml.load(resources.files("cchc_parse.data").joinpath(name).read_text("utf-8"), Loader=_LOADER)
