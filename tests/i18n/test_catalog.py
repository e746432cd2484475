"""The message catalogs: every msgid the code uses has a Vietnamese translation, the committed
catalog is not stale, the compiled .mo matches the .po, and translations keep the placeholders."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path
from string import Formatter
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("babel", reason="Babel (a test requirement: pip install babel) extracts the messages")

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "cchc_parse" / "locale"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cchc_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _tool()


@pytest.fixture(scope="module")
def fresh(tool: ModuleType) -> Any:
    """The catalog extracted from the code as it is now."""
    return tool.build_pot()


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in Formatter().parse(text) if f is not None}


def test_every_message_has_a_vietnamese_translation(tool: ModuleType, fresh: Any) -> None:
    po = tool.read(LOCALE / "vi" / "LC_MESSAGES" / "cchc.po", "vi")
    missing = sorted(tool.msgids(fresh) - {m for m in tool.msgids(po) if m not in tool.untranslated("vi")})
    assert missing == [], "no Vietnamese for these (run `make i18n`, then translate in cchc.po):\n" + \
        "\n".join(map(repr, missing))


def test_catalog_is_not_stale(tool: ModuleType, fresh: Any, tmp_path: Path) -> None:
    pot = tmp_path / "cchc.pot"
    tool.write_catalog(fresh, pot)
    now, committed = tool.msgids(tool.read(pot)), tool.msgids(tool.read(LOCALE / "cchc.pot"))
    assert sorted(now - committed) == [], "new messages not in cchc.pot: run `make i18n`"
    assert sorted(committed - now) == [], "cchc.pot has messages the code no longer uses: run `make i18n`"


def test_compiled_catalog_matches_the_po(tool: ModuleType) -> None:
    po = tool.read(LOCALE / "vi" / "LC_MESSAGES" / "cchc.po", "vi")
    with (LOCALE / "vi" / "LC_MESSAGES" / "cchc.mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    for m in po:
        if not m.id or not m.string or m.string == ("",):
            continue  # untranslated: the test above reports it
        if isinstance(m.id, tuple):
            assert mo.ngettext(m.id[0], m.id[1], 1) == m.string[0], m.id
        else:
            assert mo.gettext(m.id) == m.string, f"cchc.mo is older than cchc.po ({m.id!r}): run `make i18n`"


def test_translations_keep_the_placeholders(tool: ModuleType) -> None:
    po = tool.read(LOCALE / "vi" / "LC_MESSAGES" / "cchc.po", "vi")
    bad = []
    for m in po:
        if not m.id or "{" not in str(m.id):
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        bad += [m.id for s in strings if s and _fields(s) != _fields(ids[0])]
    assert bad == []


def test_no_translation_call_inside_an_f_string() -> None:
    """Babel cannot see ``f"{_('x')}"`` (an f-string is one token): it would stay untranslated."""
    import io
    import re
    import tokenize

    call = re.compile(r"\{[^{}]*\b(?:_|N_|ngettext)\(")
    found = []
    for path in sorted((ROOT / "src" / "cchc_parse").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            prefix = tok.string[:2].lower()
            if tok.type == tokenize.STRING and "f" in prefix and call.search(tok.string):
                found.append(f"{path.relative_to(ROOT)}:{tok.start[0]}")
    assert found == [], "take the _() out of the f-string: " + ", ".join(found)
