"""`cchc diff`: the done-when variant of issue 18 in every format, year rollover, deadlines, CLI exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from cchc_parse.compare.cli import diff_command
from cchc_parse.compare.diff import copied_dates, deadline_change, diff_plans
from cchc_parse.compare.items import Item
from cchc_parse.compare.render import render_diff
from cchc_parse.model import to_jsonable
from cchc_parse.normalise.deadlines import parse_deadline
from cchc_parse.pipeline import parse_file, parse_text

DATA = Path(__file__).resolve().parents[1] / "data" / "compare"
ROOT = DATA.parents[2]
SEED = ROOT / "samples/text/001-kh-svhttdl.txt"


@pytest.fixture(scope="module")
def v1():
    return diff_plans(parse_file(SEED).doc, parse_file(DATA / "001-v1.txt").doc)


def test_done_when_three_reworded_one_moved_one_dropped_one_added(v1) -> None:
    assert [t.id for t in v1.added] == ["6.5"]
    assert [t.id for t in v1.removed] == ["5.2"]
    changes = {
        c.old.id: [
            (
                f.field,
                f.old if f.field == "deadline" else None,
                f.new if f.field == "deadline" else None,
                f.detail,
            )
            for f in c.changes
        ]
        for c in v1.changed
    }
    assert changes == {
        "1.1": [("deadline", "Quý II/2023", "Quý III/2023", "later")],
        "1.2": [("content", None, None, None)],
        "2.2.b": [("content", None, None, None)],
        "6.1": [("content", None, None, None)],
    }
    assert not v1.metadata and not v1.sections_added and not v1.sections_removed and not v1.copied_dates


@pytest.mark.parametrize("fmt", ["human", "markdown", "html"])
def test_every_text_format_reports_exactly_those(v1, fmt: str) -> None:
    out = render_diff(v1, fmt)
    for needle in (
        "6.5",
        "5.2",
        "1.2",
        "2.2.b",
        "6.1",
        "Quý II/2023",
        "Quý III/2023",
        "later",
        "Triển khai phòng họp không giấy",
    ):
        assert needle in out, needle
    assert "1 added, 1 removed, 4 changed, 39 unchanged" in out


def test_json_format_is_the_model(v1) -> None:
    data = json.loads(render_diff(v1, "json"))
    assert [t["id"] for t in data["added"]] == ["6.5"] and len(data["changed"]) == 4
    assert data["changed"][0]["changes"][0] == {
        "field": "deadline",
        "old": "Quý II/2023",
        "new": "Quý III/2023",
        "detail": "later",
    }


def test_next_years_plan_reports_rewordings_moves_and_copied_dates() -> None:
    d = diff_plans(parse_file(SEED).doc, parse_file(DATA / "001-v2.txt").doc)
    truth = json.loads((DATA / "truth.json").read_text("utf-8"))["001-v2"]
    kinds: dict[str, list[str]] = {}
    for c in d.changed:
        for f in c.changes:
            kinds.setdefault(f.field, []).append(c.old.id)
    assert sorted(kinds["content"]) == truth["reworded"]
    assert sorted(kinds["deadline"]) == truth["deadline_moved"]
    assert kinds["place"] == truth["moved"] and set(kinds) == {"content", "deadline", "place"}
    assert {m.field for m in d.metadata} == {"date", "title", "year"}
    # the two rows left with 2023 dates, as in the old plan, and the rows whose 2022 dates became 2023
    assert {c.task.id for c in d.copied_dates if c.same_as_old} == {"2.1.a", "7.2"}


def test_deadline_is_read_against_each_plans_year() -> None:
    q2_23, q2_24 = parse_deadline("Quý II/2023", 2023), parse_deadline("Quý II/2024", 2024)
    assert deadline_change(q2_23, q2_24, 2023, 2024) is None
    assert deadline_change(parse_deadline("Quý II", 2023), q2_23, 2023, 2023) is None
    moved = deadline_change(q2_23, parse_deadline("Quý I/2023", 2023), 2023, 2023)
    assert moved is not None and moved.detail == "earlier"


def test_copied_dates_need_two_different_years() -> None:
    it = Item(id="1", kind="task", content="x", deadline=parse_deadline("Tháng 01/2023", 2024))
    assert [c.year for c in copied_dates(2023, 2024, [it], {})] == [2023]
    assert copied_dates(2023, 2023, [it], {}) == []


_PLAN = """KẾ HOẠCH

Cải cách hành chính năm 2023

II. NỘI DUNG

Stt\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tSản phẩm\tThời gian
1\tCải cách thể chế\t\t\t\t
1.1\tRà soát văn bản quy phạm pháp luật\tVăn phòng\tThanh tra Sở\tBáo cáo\tQuý II/2023
1.2\tTuyên truyền cải cách hành chính\tVăn phòng\tCác phòng\tTin bài\tCả năm
"""


def test_minimal_plans_lead_change_and_section_added() -> None:
    old = parse_text(_PLAN).doc
    new = parse_text(
        _PLAN.replace(
            "Tuyên truyền cải cách hành chính\tVăn phòng", "Tuyên truyền cải cách hành chính\tThanh tra Sở"
        )
        + "2\tCải cách tài chính công\t\t\t\t\n"
        "2.1\tThực hiện cơ chế tự chủ tài chính\tKế toán\t\t\tCả năm\n"
    ).doc
    d = diff_plans(old, new)
    assert [(c.old.id, [(f.field, f.old, f.new) for f in c.changes]) for c in d.changed] == [
        ("1.2", [("lead", ["Văn phòng"], ["Thanh tra Sở"])])
    ]
    assert [t.id for t in d.added] == ["2.1"]
    assert [s.title for s in d.sections_added] == ["Cải cách tài chính công"]


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("diff")(diff_command)
    app.command("other")(lambda: None)  # two commands: typer keeps the sub-command name
    return app


def test_cli_exit_codes_and_yaml_input(tmp_path: Path) -> None:
    plan = tmp_path / "seed.yaml"
    plan.write_text(yaml.safe_dump(to_jsonable(parse_file(SEED).doc), allow_unicode=True), "utf-8")
    r = CliRunner().invoke(_app(), ["diff", str(plan), str(SEED)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "d.md"
    r = CliRunner().invoke(
        _app(), ["diff", str(SEED), str(DATA / "001-v1.txt"), "-f", "markdown", "-o", str(out)]
    )
    assert r.exit_code == 1 and "## Tasks added (1)" in out.read_text("utf-8")
    r = CliRunner().invoke(_app(), ["diff", str(SEED), str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "no such file" in r.output
    r = CliRunner().invoke(_app(), ["diff", str(SEED), str(SEED), "-f", "pdf"])
    assert r.exit_code == 2
