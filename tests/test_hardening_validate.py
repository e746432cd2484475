"""Issue 13, items 6 and 11 and the validate first-run traps: alias bombs, huge integers and
duplicate keys in plans; unknown settings; --ocr/--password/--units; "today" in Vietnam."""

from __future__ import annotations

import json
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_parse.cli import app
from cchc_parse.validate.rules import dates

ROOT = Path(__file__).resolve().parents[1]
PLAN_OK = ROOT / "tests" / "validate" / "data" / "plan-ok.yaml"
ENC_PDF = ROOT / "tests" / "data" / "pdf" / "plan-small-enc.pdf"
runner = CliRunner()

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + \
    "schema_name: cchc.plan\ntasks: *i\n"


def validate(*args: str | Path) -> tuple[int, dict]:
    r = runner.invoke(app, ["validate", "--isolated", "-f", "json", *map(str, args)])
    return r.exit_code, json.loads(r.stdout) if r.stdout.strip().startswith("{") else {"raw": r.output}


def by_name(report: dict) -> dict[str, dict]:
    return {Path(f["file"]).name: f for f in report["files"]}


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 1000  # 9**9 = 387 million values once expanded
    t0 = time.monotonic()
    code, report = validate(bomb, PLAN_OK)
    assert time.monotonic() - t0 < 10
    assert code == 2
    files = by_name(report)
    assert "aliases are expanded" in files["bomb.yaml"]["error"]
    assert files["plan-ok.yaml"]["error"] is None  # the other file is still checked


def test_too_many_aliases(tmp_path: Path) -> None:
    many = tmp_path / "many.yaml"
    refs = ", ".join(["*a"] * 1500)
    many.write_text(f"schema_name: cchc.plan\nx: &a 1\nrefs: [{refs}]\n", encoding="utf-8")
    code, report = validate(many)
    assert code == 2 and "more than 1,000 aliases" in by_name(report)["many.yaml"]["error"]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_huge_integer_is_an_error_for_that_file_only(tmp_path: Path, suffix: str) -> None:
    big = tmp_path / f"big{suffix}"
    number = "9" * 5000
    big.write_text(f'{{"schema_name": "cchc.plan", "tasks": [], "x": {number}}}\n', encoding="utf-8")
    code, report = validate(big, PLAN_OK)
    assert code == 2
    files = by_name(report)
    assert "digits" in files[big.name]["error"]
    assert files["plan-ok.yaml"]["error"] is None


def test_duplicate_tasks_key_is_reported(tmp_path: Path) -> None:
    text = PLAN_OK.read_text(encoding="utf-8")
    dup = tmp_path / "dup.yaml"
    dup.write_text(text + "tasks: []\n", encoding="utf-8")
    code, report = validate(dup)
    assert code == 1
    found = [f for f in by_name(report)["dup.yaml"]["findings"] if f["code"] == "V005"]
    assert len(found) == 1 and "'tasks'" in found[0]["message"]
    assert found[0]["line"] == len(text.splitlines()) + 1


def test_duplicate_key_in_json_is_reported(tmp_path: Path) -> None:
    dup = tmp_path / "dup.json"
    dup.write_text('{"schema_name": "cchc.plan",\n "tasks": [],\n "tasks": []}\n', encoding="utf-8")
    code, report = validate(dup)
    found = [f for f in by_name(report)["dup.json"]["findings"] if f["code"] == "V005"]
    assert code == 1 and len(found) == 1 and found[0]["line"] == 3


def test_unknown_setting_is_rejected(tmp_path: Path) -> None:
    shutil.copy(PLAN_OK, tmp_path / "plan.yaml")
    (tmp_path / ".cchc.yaml").write_text("selct: [S]\n", encoding="utf-8")
    r = runner.invoke(app, ["validate", str(tmp_path / "plan.yaml")])
    assert r.exit_code == 2
    assert "unknown setting 'selct'" in r.output and "did you mean 'select'" in r.output


def test_settings_alias_bomb_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copy(PLAN_OK, tmp_path / "plan.yaml")
    (tmp_path / ".cchc.yaml").write_text(BOMB.replace("schema_name: cchc.plan\ntasks: *i", "select: *i"),
                                         encoding="utf-8")
    t0 = time.monotonic()
    r = runner.invoke(app, ["validate", str(tmp_path / "plan.yaml")])
    assert r.exit_code == 2 and time.monotonic() - t0 < 10 and "cannot read settings" in r.output


def test_validate_password_ocr_and_units(tmp_path: Path) -> None:
    enc = Path(shutil.copy(ENC_PDF, tmp_path / "enc.pdf"))
    code, report = validate(enc)
    assert code == 2 and "password" in by_name(report)["enc.pdf"]["error"]
    code, report = validate(enc, "--password", "secret")
    assert code in (0, 1) and by_name(report)["enc.pdf"]["error"] is None
    r = runner.invoke(app, ["validate", "--isolated", str(enc), "--units", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 2 and "--units" in r.output and "nope.yaml" in r.output
    r = runner.invoke(app, ["validate", "--help"])
    assert "--ocr" in r.output and "--password" in r.output


def test_today_is_the_day_in_vietnam(monkeypatch: pytest.MonkeyPatch) -> None:
    """20:00 UTC on 31 March is already 1 April in Hà Nội, whatever TZ the machine runs in."""
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            utc = datetime(2024, 3, 31, 20, 0, tzinfo=UTC)
            return utc.astimezone(tz) if tz else utc.replace(tzinfo=None)

    monkeypatch.delenv("CCHC_TODAY", raising=False)
    monkeypatch.setenv("TZ", "America/New_York")
    monkeypatch.setattr(dates, "datetime", Clock)
    monkeypatch.setattr(dates, "date", type("D", (), {"today": staticmethod(lambda: Clock.now().date()),
                                                      "fromisoformat": dates.date.fromisoformat}))
    assert str(dates.today()) == "2024-04-01"
    monkeypatch.setenv("CCHC_TODAY", "2023-05-06")
    assert str(dates.today()) == "2023-05-06"
