"""`cchc report`: the figures, the page (offline, escaped, deterministic), the command."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cchc_parse.desk.cli import run_report
from cchc_parse.desk.load import Plan, Source, load_file, load_source
from cchc_parse.desk.report import build_report
from cchc_parse.desk.report.figures import compute, timeline
from cchc_parse.errors import InputError

AS_OF = date(2023, 7, 1)


def _plan(pid: str, tasks: list[dict], province: str = "Bình Dương", number: str = "12") -> Plan:
    data = {"schema_name": "cchc.plan", "tasks": tasks, "diagnostics": [],
            "document": {"province": province, "issuer": f"Ủy ban nhân dân tỉnh {province}",
                         "number": number, "symbol": "KH-UBND",
                         "date": {"year": 2023, "month": 1, "day": 5, "iso": "2023-01-05"}}}
    return Plan(pid, {"path": pid, "status": "ok", "output": pid + ".yaml"}, data)


def _task(tid: str, end: str | None, lead: str = "SNV", canon: str | None = "Sở Nội vụ tỉnh Bình Dương",
          kind: str = "quarter") -> dict:
    dl = {"raw": "x", "kind": kind, "start": "2023-01-01", "end": end} if end else None
    return {"id": tid, "content": f"<b>Nhiệm vụ {tid}</b>", "lead": [lead], "lead_canonical": [canon],
            "deadline": dl, "area": {"code": "tthc", "by": "heading"}}


TASKS = [_task("1", "2023-03-31"), _task("2", "2023-07-20"), _task("3", "2023-12-31", "Văn phòng", None),
         _task("4", None), _task("5", "2023-12-31", kind="recurring"),
         {"id": "G", "is_group": True, "content": "g"}]


class Figures(HTMLParser):
    """The data-figure values on a page, with the data-key of the row they are in."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str | None, str, str]] = []
        self.key: str | None = None
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            self.key = a.get("data-key")
        if "data-figure" in a:
            self.open = a["data-figure"]

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.found.append((self.key, self.open, data.strip()))
            self.open = None


def figures_of(html: str) -> list[tuple[str | None, str, str]]:
    p = Figures()
    p.feed(html)
    return p.found


def test_figures_count_each_plan_once() -> None:
    plans = [_plan("a.docx", TASKS), _plan("b.pdf", TASKS), _plan("c.txt", TASKS[:1], "Tây Ninh", "7")]
    source = Source(Path("out"), plans, None)
    from cchc_parse.desk.load import _link_duplicates

    _link_duplicates(plans)  # a.docx and b.pdf: same number, symbol, date and issuer
    assert [p.duplicate_of for p in plans] == [None, "a.docx", None]
    f = compute(source.plans, AS_OF)
    assert (f.files, f.plans, f.duplicates, f.tasks) == (3, 2, 1, 6)  # group rows are not tasks
    assert f.task_statuses == {"overdue": 2, "due_soon": 1, "ongoing": 2, "upcoming": 0, "unknown": 0,
                               "no_deadline": 1}
    assert f.by_province == [("Bình Dương", 1, 5), ("Tây Ninh", 1, 1)]
    assert f.by_lead == [("Sở Nội vụ tỉnh Bình Dương", 5), ("Văn phòng", 1)]  # canonical, else as written
    assert f.by_area == [("Cải cách thủ tục hành chính", 6)]
    assert [v.task["id"] for v in f.overdue] == ["1", "1"] and [v.task["id"] for v in f.due_soon] == ["2"]
    assert f.timeline[0] == ("2023-03", 2) and f.timeline[-1] == ("2023-12", 2) and len(f.timeline) == 10


def test_timeline_goes_by_quarter_then_year_over_long_spans() -> None:
    assert timeline([date(2021, 1, 5), date(2025, 6, 1)])[1] == "quarter"
    got, unit = timeline([date(2021, 1, 5), date(2035, 6, 1)])
    assert unit == "year" and got[0] == ("2021", 1) and len(got) == 15


def test_page_is_offline_escaped_and_deterministic() -> None:
    source = Source(Path("out"), [_plan("a.docx", TASKS)], None)
    html, _f = build_report(source, AS_OF)
    assert html == build_report(source, AS_OF)[0]
    assert "<b>Nhiệm vụ 1</b>" not in html and "&lt;b&gt;Nhiệm vụ 1&lt;/b&gt;" in html
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'(?:src|href)="(?!#)', html)  # only links inside the page
    got = {(k, n): v for k, n, v in figures_of(html)}
    assert got[(None, "tasks")] == "5" and got[(None, "overdue")] == "1"
    assert got[(None, "as_of")] == "01/07/2023"
    assert got[("Sở Nội vụ tỉnh Bình Dương", "tasks")] == "4" and got[("overdue", "tasks")] == "1"
    assert html.count("<svg") == 3


def test_seed_overdue_matches_the_hand_count(batch: Path) -> None:
    """Seed 001 as of 1 July 2023: Tháng 01/2022, Tháng 1/2022, Quý I/2022, Tháng 01/2023 (twice),
    Tháng 2/2023, Quý II/2023 and Quý II (plan year 2023) have passed: 8 tasks."""
    source = load_file(batch / "001-kh-svhttdl.txt.yaml")
    f = compute(source.plans, AS_OF)
    assert f.task_statuses["overdue"] == 8
    assert sorted(v.task["id"] for v in f.overdue) == [
        "1.1", "1.2", "1.3", "2.1.a", "2.1.b", "4.3.a", "7.1", "7.2"]


def test_report_command(batch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert run_report(batch, out, "2023-07-01") == 0
    html = out.read_text(encoding="utf-8")
    assert "001-ban-sao.txt" in html and html.count('class="plan"') == 8  # the copy has its page
    assert run_report(batch, tmp_path / "r2.html", "2023-07-01") == 0
    assert (tmp_path / "r2.html").read_bytes() == out.read_bytes()
    assert run_report(batch / "001-kh-svhttdl.txt.yaml", None, "2023-07-01") == 0  # one plan: stdout
    assert "<!DOCTYPE html>" in capsys.readouterr().out
    assert run_report(batch, tmp_path / "x.html", "1/7/2023") == 2 and not (tmp_path / "x.html").exists()
    assert "--as-of" in capsys.readouterr().err
    assert run_report(tmp_path, None, "2023-07-01") == 2  # no index.json
    with pytest.raises(InputError, match="not a cchc plan"):
        (tmp_path / "p.yaml").write_text("a: 1\n", encoding="utf-8")
        load_source(tmp_path / "p.yaml")
