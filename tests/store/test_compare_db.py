"""`cchc coverage --db` and `cchc diff --db`: the plans of a batch read through its database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cchc_parse.compare.cli import coverage_command, diff_command
from cchc_parse.compare.load import CompareInputError, db_children, load_db_plan
from cchc_parse.store import sync

from .conftest import COVERAGE, SEED, make_input, parse_batch

# the verdicts of tests/compare/test_coverage.py, hand-checked there
EXPECTED = {
    "001-kh-svhttdl.txt": {
        "1.1": "covered",
        "1.2": "covered",
        "2.1": "covered",
        "2.2": "covered_late",
        "3.1": "covered",
        "4.1": "missing",
    },
    "stp-binhduong.txt": {"1.1": "covered", "1.2": "covered", "2.1": "covered", "3.1": "covered"},
    "snv-binhduong.txt": {
        "1.1": "missing",
        "1.2": "missing",
        "2.1": "covered",
        "2.2": "missing",
        "3.1": "covered",
        "3.2": "covered",
    },
}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of a batch: the province's plan, three department plans and a copy of one."""
    base = tmp_path_factory.mktemp("province")
    files = {p.name: p for p in COVERAGE.glob("*.txt")}
    src = make_input(base / "in", {**files, "001-kh-svhttdl.txt": SEED, "copies/001-again.txt": SEED})
    assert parse_batch(src, base / "out") == 0
    return sync(base / "out")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("coverage")(coverage_command)
    app.command("diff")(diff_command)
    return app


def test_coverage_of_every_unit_of_the_database(province: Path) -> None:
    assert db_children(province, "ubnd-binhduong.txt") == sorted(EXPECTED)  # the copy counted once
    r = CliRunner().invoke(
        _app(), ["coverage", "--db", str(province), "--parent", "ubnd-binhduong.txt", "-f", "json"]
    )
    assert r.exit_code == 1, r.output
    got = json.loads(r.stdout)
    reports = got["children"] if isinstance(got, dict) else got
    verdicts = {c["file"]: {a["task"]["id"]: a["verdict"] for a in c["assignments"]} for c in reports}
    assert verdicts == EXPECTED


def test_children_by_plan_id_and_the_output_path(province: Path) -> None:
    r = CliRunner().invoke(
        _app(),
        [
            "coverage",
            "--db",
            str(province),
            "--parent",
            "ubnd-binhduong.txt.yaml",
            "stp-binhduong.txt",
            "-f",
            "json",
        ],
    )
    assert r.exit_code == 0, r.output  # the Sở Tư pháp covers all its tasks in time
    assert "snv-binhduong" not in r.stdout


def test_diff_by_plan_id(province: Path) -> None:
    r = CliRunner().invoke(
        _app(), ["diff", "--db", str(province), "001-kh-svhttdl.txt", "copies/001-again.txt"]
    )
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        _app(), ["diff", "--db", str(province), "001-kh-svhttdl.txt", "snv-binhduong.txt", "-f", "json"]
    )
    assert r.exit_code == 1 and json.loads(r.stdout)["added"]


def test_unknown_plan_and_missing_database(province: Path, tmp_path: Path) -> None:
    with pytest.raises(CompareInputError, match=r"no plan 'nope\.txt'"):
        load_db_plan(province, "nope.txt")
    r = CliRunner().invoke(_app(), ["coverage", "--db", str(tmp_path / "x.sqlite"), "--parent", "a"])
    assert r.exit_code == 2 and "no such database" in r.output
    r = CliRunner().invoke(_app(), ["coverage", "--db", str(province)])
    assert r.exit_code == 2 and "--parent" in r.output
    assert load_db_plan(province, "stp-binhduong.txt").document.issuer == "Sở Tư pháp tỉnh Bình Dương"
