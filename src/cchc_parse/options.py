"""What a parse is asked to do (ParseOptions) and the check of a ``--units`` file: light, so the
command line can build them without importing the parser (start-up time, see prefork.py)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from cchc_parse.errors import InputError


@dataclass(frozen=True)
class ParseOptions:
    ocr: bool = False
    password: str | None = None
    units_file: Path | None = None  # a user's extra unit aliases (YAML)
    lint: bool = True  # run the lint rules and add their findings to diagnostics


def check_units(units: Path | None) -> None:
    """Load a ``--units`` file once (it is cached); InputError naming it when missing or malformed."""
    if units is None:
        return
    from cchc_parse.normalise.units import load_aliases

    try:
        load_aliases(Path(units))
    except OSError as e:
        raise InputError(units, f"cannot read the --units file: {e.strerror or e}") from None
    except (KeyError, TypeError, AttributeError) as e:
        raise InputError(units, "the --units file must hold 'units:', a list of entries with a 'name' "
                                f"(as in data/units.yaml): {type(e).__name__} {e}") from None
    except Exception as e:
        if isinstance(e, ValueError) or is_yaml_error(e):  # UnicodeDecodeError is a ValueError
            raise InputError(units, f"the --units file is not valid YAML: {' '.join(str(e).split())}") from None
        raise


def is_yaml_error(e: BaseException) -> bool:
    """A PyYAML error: only possible once PyYAML is imported, so it is not imported to ask
    (start-up time: a parse that writes YAML does not need it)."""
    yaml = sys.modules.get("yaml")
    return yaml is not None and isinstance(e, yaml.YAMLError)
