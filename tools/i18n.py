"""Message catalogs of cchc: extract (code → cchc.pot), update (pot → vi .po), compile (.po → .mo), check.

    python tools/i18n.py all        # extract, update and compile (what `make i18n` runs)
    python tools/i18n.py extract --pot /tmp/x.pot
    python tools/i18n.py check      # exit 1 when a msgid has no Vietnamese translation or the pot is stale

Messages come from Babel's extraction of ``_``/``N_``/``ngettext``/``_usage`` calls (babel.cfg) and from
the registries the code builds at run time: the CLI's help texts, the lint rules' summaries,
explanations and examples, and the descriptions and templates of every diagnostic code.
Babel is a development tool here; cchc reads the compiled .mo with the standard library's gettext.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
LOCALE = SRC / "cchc_parse" / "locale"
POT = LOCALE / "cchc.pot"
LANGS = ("vi",)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "_usage": None}
FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)  # the files do not change with the day they are built
HEADER = "Messages of cchc (Vietnamese administrative-reform plans). Built by tools/i18n.py."


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "cchc.po"


def _code_messages() -> Iterator[str | tuple[str, str]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(ROOT), method_map, options_map,
                                                              keywords=KEYWORDS, strip_comment_tags=True):
        if isinstance(msg, tuple):
            if msg[0] and msg[1]:
                yield (msg[0], msg[1])
            elif msg[0]:
                yield msg[0]
        elif msg:
            yield msg


def _runtime_messages() -> Iterator[str]:
    """Texts the code holds in tables, docstrings and decorators rather than in _() calls."""
    sys.path.insert(0, str(SRC))
    import typer

    from cchc_parse import cli, diagnostics
    from cchc_parse.cli_help import help_texts
    from cchc_parse.i18n import retranslate
    from cchc_parse.validate.load import INPUT_CODES
    from cchc_parse.validate.registry import load_rules

    # a help text written as help=_("…") was translated when its module was imported: back to its msgid
    yield from (retranslate(text, "en") for text in help_texts(typer.main.get_command(cli.app)))
    for r in load_rules().values():
        yield from (x for x in (r.summary, r.doc, r.example_fail, r.example_pass) if x)
    for code in sorted({**diagnostics.PARSE_CODES, **INPUT_CODES}):
        yield from diagnostics.templates(code)
    for _name, _sev, text in INPUT_CODES.values():
        yield text


def build_pot() -> Catalog:
    cat = Catalog(project="cchc", header_comment=f"# {HEADER}", creation_date=FIXED_DATE,
                  revision_date=FIXED_DATE, charset="utf-8", fuzzy=False)
    for msg in [*_code_messages(), *_runtime_messages()]:
        if isinstance(msg, str) and re.fullmatch(r"\{\w*\}", msg):
            continue  # "{reason}": nothing to translate
        cat.add(msg)
    return cat


def write_catalog(cat: Catalog, path: Path) -> None:
    buf = io.BytesIO()
    write_po(buf, cat, width=110, omit_header=False, sort_output=True, no_location=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def msgids(cat: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def extract(pot: Path = POT) -> Catalog:
    cat = build_pot()
    write_catalog(cat, pot)
    return cat


def update(pot: Path = POT) -> None:
    template = read(pot)
    for lang in LANGS:
        path = _po(lang)
        if path.exists():
            cat = read(path, lang)
        else:
            cat = Catalog(locale=lang, project="cchc", creation_date=FIXED_DATE, revision_date=FIXED_DATE)
        cat.update(template, no_fuzzy_matching=True, update_creation_date=False)
        cat.revision_date = FIXED_DATE
        cat.fuzzy = False
        cat.obsolete.clear()
        write_catalog(cat, path)


def compile_mo() -> None:
    for lang in LANGS:
        cat = read(_po(lang), lang)
        buf = io.BytesIO()
        write_mo(buf, cat, use_fuzzy=False)
        _po(lang).with_suffix(".mo").write_bytes(buf.getvalue())


def untranslated(lang: str) -> list[str]:
    cat = read(_po(lang), lang)
    out = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return sorted(out)


def check() -> int:
    fresh = msgids(build_pot())
    stale = fresh ^ msgids(read(POT))
    missing = {lang: untranslated(lang) for lang in LANGS}
    for m in sorted(stale):
        print(f"stale cchc.pot: {m!r}")
    for lang, ms in missing.items():
        for m in ms:
            print(f"{lang}: no translation for {m!r}")
    return 1 if stale or any(missing.values()) else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("extract", "update", "compile", "all", "check"))
    ap.add_argument("--pot", type=Path, default=POT, help="where extract writes the template")
    a = ap.parse_args()
    if a.action in ("extract", "all"):
        extract(a.pot)
    if a.action in ("update", "all"):
        update(a.pot)
    if a.action in ("compile", "all"):
        compile_mo()
    return check() if a.action == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
