"""`cchc coverage`: a provincial plan against three department plans (tests/data/compare/coverage/)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from cchc_parse.compare.cli import coverage_command
from cchc_parse.compare.coverage import assigned_by, coverage, unit_tier
from cchc_parse.compare.items import Item
from cchc_parse.pipeline import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "compare" / "coverage"
ROOT = DATA.parents[3]
PARENT = DATA / "ubnd-binhduong.txt"
VHTTDL = ROOT / "samples/text/001-kh-svhttdl.txt"

# Hand-checked: each parent task given to the unit (by name or as one of "Các sở, ban, ngành") → verdict.
EXPECTED = {
    VHTTDL: {
        "1.1": "covered",
        "1.2": "covered",
        "2.1": "covered",
        "2.2": "covered_late",
        "3.1": "covered",
        "4.1": "missing",
    },
    DATA / "stp-binhduong.txt": {"1.1": "covered", "1.2": "covered", "2.1": "covered", "3.1": "covered"},
    DATA / "snv-binhduong.txt": {
        "1.1": "missing",
        "1.2": "missing",
        "2.1": "covered",
        "2.2": "missing",
        "3.1": "covered",
        "3.2": "covered",
    },
}


@pytest.mark.parametrize("child", sorted(EXPECTED), ids=lambda p: p.name)
def test_verdict_of_every_assigned_task(child: Path) -> None:
    res = coverage(parse_file(PARENT).doc, parse_file(child).doc)
    assert {a.task.id: a.verdict for a in res.assignments} == EXPECTED[child]


def test_late_names_both_deadlines_and_the_match() -> None:
    res = coverage(parse_file(PARENT).doc, parse_file(VHTTDL).doc)
    late = next(a for a in res.assignments if a.verdict == "covered_late")
    assert (late.match.id, late.role, late.via) == ("7.8", "lead", "Sở VHTTDL")
    assert late.note == "child's deadline 2023-12-31 is after the parent's 2023-06-30"


def _item(lead: list[str], support: Sequence[str] = ()) -> Item:
    return Item(id="1", kind="task", content="x", lead=lead, support=list(support))


def test_group_names_assign_to_every_unit_of_the_group() -> None:
    dept, commune = "Sở Tư pháp tỉnh Bình Dương", "Ủy ban nhân dân xã Tân Uyên"
    assert assigned_by(_item(["Các sở, ban, ngành"]), "Bình Dương", dept, "department") == (
        "lead",
        "Các sở, ban, ngành",
    )
    assert assigned_by(_item(["Sở Nội vụ"], ["UBND các xã, phường"]), "Bình Dương", commune, "commune") == (
        "support",
        "UBND các xã, phường",
    )
    assert assigned_by(_item(["UBND các xã, phường"]), "Bình Dương", dept, "department") is None
    assert assigned_by(_item(["Sở TP"]), "Bình Dương", dept, "department") == ("lead", "Sở TP")


def test_unit_tier() -> None:
    assert unit_tier("Ủy ban nhân dân phường Phú Lợi") == "commune"
    assert unit_tier("Ủy ban nhân dân thành phố Thủ Dầu Một") == "district"
    assert unit_tier("Ủy ban nhân dân tỉnh Bình Dương") == "province"
    assert unit_tier("Sở Tư pháp tỉnh Tây Ninh") == "department"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("coverage")(coverage_command)
    app.command("other")(lambda: None)
    return app


def test_folder_of_children_gives_the_matrix_as_csv_and_xlsx(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["coverage", str(PARENT), str(VHTTDL), str(DATA), "-f", "csv"])
    assert r.exit_code == 1, r.output  # gaps
    rows = list(csv.reader(StringIO(r.stdout)))
    assert rows[0] == ["unit", "1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "3.2"]
    assert rows[1][:7] == [
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương",
        "covered",
        "covered",
        "covered",
        "covered late",
        "covered",
        "missing",
    ]
    assert [r[0] for r in rows[1:]] == [
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương",
        "Sở Nội vụ tỉnh Bình Dương",
        "Sở Tư pháp tỉnh Bình Dương",
    ]  # the parent in the folder is skipped
    out = tmp_path / "m.xlsx"
    r = CliRunner().invoke(_app(), ["coverage", str(PARENT), str(DATA), "-f", "xlsx", "-o", str(out)])
    ws = load_workbook(out).active
    assert ws["A3"].value == "Sở Nội vụ tỉnh Bình Dương" and ws["B3"].value == "missing"
    r = CliRunner().invoke(_app(), ["coverage", str(PARENT), str(DATA), "-f", "xlsx"])
    assert r.exit_code == 2


@pytest.mark.parametrize(
    "fmt,needle",
    [
        ("human", "covered late"),
        ("markdown", "| covered late |"),
        ("html", "<h2>Matrix</h2>"),
        ("json", '"verdict": "covered_late"'),
    ],
)
def test_report_formats(fmt: str, needle: str) -> None:
    r = CliRunner().invoke(
        _app(), ["coverage", str(PARENT), str(VHTTDL), str(DATA / "snv-binhduong.txt"), "-f", fmt]
    )
    assert r.exit_code == 1 and needle in r.stdout


def test_thresholds_are_options() -> None:
    r = CliRunner().invoke(_app(), ["coverage", str(PARENT), str(VHTTDL), "--covered-at", "101"])
    assert r.exit_code == 2
    r = CliRunner().invoke(
        _app(),
        ["coverage", str(PARENT), str(VHTTDL), "--covered-at", "99", "--partly-at", "99", "-f", "json"],
    )
    counts = json.loads(r.stdout)["children"][0]["counts"]
    assert counts == {"covered": 1, "covered_late": 1, "partly_covered": 0, "missing": 4}
