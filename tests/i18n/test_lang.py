"""Choosing the language, and diagnostics rendered again in either language from code + params."""

from __future__ import annotations

import re

import pytest

from cchc_parse import i18n
from cchc_parse.diagnostics import PARSE_CODES, Diagnostic, make, render, templates
from cchc_parse.validate.load import INPUT_CODES
from cchc_parse.validate.registry import load_rules

_LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "CCHC_LANG")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in _LOCALE:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_files_default_to_vietnamese_whatever_the_locale(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("LANG", "en_US.UTF-8")
    assert i18n.output_lang() == "vi"
    assert i18n.terminal_lang() == "en"
    clean_env.setenv("CCHC_LANG", "en")
    assert i18n.output_lang() == "en" and i18n.terminal_lang() == "en"


def test_terminal_follows_the_first_locale_variable_set(clean_env: pytest.MonkeyPatch) -> None:
    assert i18n.terminal_lang() == "en"  # no locale at all
    clean_env.setenv("LANG", "vi_VN.UTF-8")
    assert i18n.terminal_lang() == "vi"
    clean_env.setenv("LC_ALL", "C")  # LC_ALL wins over LANG
    assert i18n.terminal_lang() == "en"
    clean_env.setenv("CCHC_LANG", "vi")  # and CCHC_LANG (--lang) over the locale
    assert i18n.terminal_lang() == "vi"


def test_normalise() -> None:
    assert [i18n.normalise(v) for v in ("vi", "VI", "vi_VN.UTF-8", "vi-VN", "en_GB", "fr", "", None)] == \
        ["vi", "vi", "vi", "vi", "en", None, None, None]


def test_use_switches_underscore_for_the_block(clean_env: pytest.MonkeyPatch) -> None:
    assert i18n._("Tasks") == "Nhiệm vụ"  # the output language: Vietnamese
    with i18n.use("en"):
        assert i18n._("Tasks") == "Tasks"
        with i18n.use("vi"):
            assert i18n._("Tasks") == "Nhiệm vụ"
        assert i18n._("Tasks") == "Tasks"
    assert i18n.N_("Tasks") == "Tasks"
    with pytest.raises(ValueError, match="unknown language"), i18n.use("fr"):
        pass


def test_a_diagnostic_renders_in_both_languages_from_code_and_params(clean_env: pytest.MonkeyPatch) -> None:
    d = make("P022", params={"line": 12})
    assert d.params == {"line": 12}
    assert d.message == "bảng nhiệm vụ ở dòng 12 không có cột thời hạn: các nhiệm vụ của bảng không có thời hạn"
    assert render(d, "en") == "task table at line 12 has no deadline column: its tasks have no deadline"
    assert render(d, "vi") == d.message
    stamp = make("P017", params={"day": "05", "typed": "15"})  # the params' keys pick the template
    assert render(stamp, "en") == "stamp 05 over typed 15: the stamp was taken for the day"


def test_a_diagnostic_from_an_older_file_keeps_its_message() -> None:
    old = Diagnostic(code="P007", severity="info", message="3-row table header merged")  # no params
    assert render(old, "en") == render(old, "vi") == "3-row table header merged"
    fixed = Diagnostic(code="P005", severity="info",
                       message="no numbered structure: read as an article; its paragraphs are kept")
    assert render(fixed, "vi") == "không có cấu trúc đánh số: đọc như một bài viết; giữ nguyên các đoạn"


def _vietnamese(text: str) -> bool:
    """Translated, or nothing to translate ('{field}: {error}')."""
    words = re.sub(r"\{[^}]*\}", "", text)
    return i18n.gettext(text, "vi") != text or not any(c.isalpha() for c in words)


def test_every_diagnostic_code_speaks_both_languages() -> None:
    load_rules()
    codes = sorted({*PARSE_CODES, *INPUT_CODES})
    missing = [(c, t) for c in codes for t in templates(c) if not _vietnamese(t)]
    missing += [(c, v[2]) for c, v in INPUT_CODES.items() if not _vietnamese(v[2])]
    assert missing == []


def test_every_rule_speaks_both_languages() -> None:
    rules = load_rules()
    assert len(rules) >= 30
    missing = [(r.code, t) for r in rules.values() for t in (r.summary, r.doc, *r.messages) if not _vietnamese(t)]
    assert missing == []


def test_rule_messages_are_told_apart_by_their_params() -> None:
    from cchc_parse.diagnostics import fields

    for r in load_rules().values():
        keys = [fields(m) for m in r.messages]
        assert r.messages and len(set(keys)) == len(keys), r.code

