"""`cchc validate` / `cchc rules` through typer's CliRunner: formats, exit codes, positions, settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from typer.testing import CliRunner

from cchc_parse.cli import app
from cchc_parse.validate import load
from cchc_parse.validate.registry import load_rules

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "text" / "001-kh-svhttdl.txt"
DATA = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    r = runner.invoke(app, ["validate", "--isolated", *map(str, args)])
    return r.exit_code, r.stdout


def findings(out: str) -> list[dict]:
    return [f for file in json.loads(out)["files"] for f in file["findings"]]


@pytest.fixture(scope="module")
def seed_json() -> list[dict]:
    code, out = run(SEED, "-f", "json")
    assert code == 0
    return findings(out)


# ------------------------------------------------------------------------------------------ seed 001
def test_seed_numbering_gap_at_3_3(seed_json: list[dict]) -> None:
    gap = [f for f in seed_json if f["code"] == "S101"]
    assert [(f["line"], f["message"]) for f in gap] == [
        (78, "task numbering gap: 3.3 missing between 3.2 and 3.4 (3.4)")]


def test_seed_four_2022_deadlines(seed_json: list[dict]) -> None:
    t203 = [f for f in seed_json if f["code"] == "T203"]
    assert [f["line"] for f in t203] == [45, 46, 48, 101]
    assert all("in 2022, not the plan year 2023" in f["message"] for f in t203)


def test_human_groups_by_file() -> None:
    code, out = run(SEED, DATA / "plan-ok.yaml")
    assert code == 0
    assert str(SEED) in out
    assert "S101" in out and "3.3 missing" in out
    for line in ("45", "46", "48", "101"):
        assert any(row.strip().startswith(line) and "T203" in row for row in out.splitlines())
    assert "2 files checked" in out


def test_github_annotations() -> None:
    code, out = run(SEED, "-f", "github")
    assert code == 0
    assert f"::warning file={SEED},line=78,title=S101::task numbering gap: 3.3" in out
    assert sum(1 for line in out.splitlines() if "title=T203::" in line) == 4
    assert all(line.startswith(("::warning ", "::error ", "::notice ")) for line in out.splitlines())


def test_junit_failures_at_fail_level(tmp_path: Path) -> None:
    report = tmp_path / "cchc.xml"
    r = runner.invoke(app, ["validate", "--isolated", str(SEED), str(DATA / "plan-ok.yaml"), "-f", "junit",
                            "--fail-level", "warning", "-o", str(report)])
    assert r.exit_code == 1
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    seed = suites[str(SEED)]
    assert int(seed.get("failures")) == len(seed.findall("testcase/failure")) > 0
    assert {f.get("type") for f in seed.iter("failure")} >= {"S101", "T203"}
    assert suites[str(DATA / "plan-ok.yaml")].get("failures") == "0"


def test_junit_warnings_below_fail_level_are_not_failures() -> None:
    code, out = run(SEED, "-f", "junit")
    assert code == 0
    root = ET.fromstring(out.split("\n", 1)[1])
    assert root.get("failures") == "0" and int(root.get("tests")) > 1


# -------------------------------------------------------------------------------------- exit codes
def test_exit_0_clean() -> None:
    code, out = run(DATA / "plan-ok.yaml")
    assert code == 0
    assert "no findings" in out


def test_exit_1_at_fail_level() -> None:
    assert run(SEED, "--fail-level", "warning")[0] == 1
    assert run(SEED, "--severity", "S101=error")[0] == 1


@pytest.mark.parametrize("args", [
    ["missing.yaml"],
    ["-f", "xml", "PLAN"],
    ["--severity", "S101", "PLAN"],
    ["--severity", "S101=fatal", "PLAN"],
    ["--fail-level", "loud", "PLAN"],
])
def test_exit_2_usage_and_input_errors(args: list[str], tmp_path: Path) -> None:
    args = [str(DATA / "plan-ok.yaml") if a == "PLAN" else str(tmp_path / a) if a.endswith(".yaml") else a
            for a in args]
    assert run(*args)[0] == 2


def test_exit_2_bad_yaml_reports_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_name: cchc.plan\ntasks: [\n  - id: 1\n", encoding="utf-8")
    code, out = run(bad, "-f", "json")
    assert code == 2
    f = json.loads(out)["files"][0]
    assert f["status"] == "error" and "bad YAML at line" in f["error"]


def test_exit_2_bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"tasks": [1, }', encoding="utf-8")
    code, out = run(bad, "-f", "github")
    assert code == 2
    assert out.startswith(f"::error file={bad},title=cchc::cannot check: bad JSON at line 1")


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [", encoding="utf-8")
    code, out = run(bad, DATA / "plan-wrong-type.yaml", "-f", "json")
    assert code == 2
    files = json.loads(out)["files"]
    assert [f["status"] for f in files] == ["error", "findings"]


# ------------------------------------------------------------------------------ schema and positions
def test_wrong_type_reports_task_line_and_column() -> None:
    code, out = run(DATA / "plan-wrong-type.yaml", "-f", "json")
    assert code == 1
    v = [(f["line"], f["col"], f["message"]) for f in findings(out) if f["code"] == "V001"]
    assert v == [
        (10, 9, "tasks[0].lead (task 1.1): Input should be a valid list, got 5"),
        (15, 13, "tasks[1].deadline (task 1.2): Input should be a valid dictionary or instance of Deadline, got 7"),
    ]


def test_wrong_type_rest_of_plan_still_linted() -> None:
    _code, out = run(DATA / "plan-wrong-type.yaml", "-f", "json")
    got = {(f["code"], f["line"]) for f in findings(out)}
    assert ("T203", 16) in got  # task 1.3, mapped to its line in the YAML file
    assert not any(c == "T201" for c, _ in got)  # the bad lead is reported once, as V001


def test_wrong_type_in_json_reports_line_and_column() -> None:
    code, out = run(DATA / "plan-wrong-type.json", "-f", "github")
    assert code == 1
    assert "::error file=" in out and ",line=9,col=15,title=V001::tasks[1].lead (task 1.2)" in out


def test_all_errors_not_only_the_first(tmp_path: Path) -> None:
    p = tmp_path / "many.yaml"
    p.write_text("tasks:\n- {id: a, lead: 1}\n- {id: b, lead: 2}\n- {id: c, content: 3, bogus: x}\n", encoding="utf-8")
    code, out = run(p, "-f", "json")
    assert code == 1
    v = [(f["line"], f["message"].split(":")[0]) for f in findings(out) if f["code"] == "V001"]
    assert v == [(2, "tasks[0].lead (task a)"), (3, "tasks[1].lead (task b)"),
                 (4, "tasks[2].content (task c)"), (4, "tasks[2].bogus (task c)")]


def _plan_with_version(tmp_path: Path, version: str) -> Path:
    text = (DATA / "plan-ok.yaml").read_text(encoding="utf-8").replace("schema_version: 1.0.0",
                                                                         f"schema_version: {version}")
    p = tmp_path / "plan.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_newer_major_schema_is_refused(tmp_path: Path) -> None:
    code, out = run(_plan_with_version(tmp_path, "2.0.0"))
    assert code == 2
    assert "written for schema 2.0.0" in out and "upgrade cchc" in out


@pytest.mark.parametrize("version", ["1.0", "1.0.0", "1", "'1.0.0'"])
def test_same_major_is_accepted(tmp_path: Path, version: str) -> None:
    assert run(_plan_with_version(tmp_path, version))[0] == 0


def test_older_minor_accepted_newer_minor_warned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "SCHEMA_VERSION", "1.2.0")
    code, out = run(_plan_with_version(tmp_path, "1.1.0"), "-f", "json")
    assert (code, findings(out)) == (0, [])
    code, out = run(_plan_with_version(tmp_path, "1.3.0"), "-f", "json")
    assert code == 0
    assert [(f["code"], f["line"]) for f in findings(out)] == [("V002", 2)]


def test_not_a_plan_is_skipped_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "workflow.yml"
    p.write_text("on: push\njobs: {}\n", encoding="utf-8")
    code, out = run(p, "-f", "json")
    assert code == 0
    f = json.loads(out)["files"][0]
    assert f["status"] == "skipped" and f["findings"][0]["code"] == "V003"


def test_parsed_plan_round_trips(tmp_path: Path) -> None:
    """`cchc parse` output validates, with the same findings on the lines of the YAML file."""
    out = tmp_path / "001.yaml"
    assert runner.invoke(app, ["parse", str(SEED), "-o", str(out)]).exit_code == 0
    code, text = run(out, "-f", "json")
    assert code == 0
    got = findings(text)
    assert not [f for f in got if f["code"].startswith("V")]
    t203 = [f for f in got if f["code"] == "T203"]
    assert [f["source"]["line"] for f in t203] == [45, 46, 48, 101]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(lines[f["line"] - 1].lstrip("- ").startswith("id:") for f in t203)


# ------------------------------------------------------------------------------------- folders
def test_folder_is_walked_sorted(tmp_path: Path) -> None:
    shutil.copy(DATA / "plan-ok.yaml", tmp_path / "b.yaml")
    shutil.copy(DATA / "plan-wrong-type.json", tmp_path / "a.json")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.yaml").write_text("a: [", encoding="utf-8")
    code, out = run(tmp_path, "-f", "json")
    assert [Path(f["file"]).name for f in json.loads(out)["files"]] == ["a.json", "b.yaml"]
    assert code == 1


# ------------------------------------------------------------------------------------- settings
def test_cchc_yaml_found_upwards(tmp_path: Path) -> None:
    (tmp_path / ".cchc.yaml").write_text("ignore: [T203]\nseverity: {S101: error}\n", encoding="utf-8")
    sub = tmp_path / "plans" / "2023"
    sub.mkdir(parents=True)
    shutil.copy(SEED, sub / "001.txt")
    r = runner.invoke(app, ["validate", str(sub / "001.txt"), "-f", "json"])
    assert r.exit_code == 1  # S101 raised to error
    got = findings(r.stdout)
    assert not [f for f in got if f["code"] == "T203"]
    assert [f["severity"] for f in got if f["code"] == "S101"] == ["error"]


def test_pyproject_tool_cchc_and_flags_win(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cchc]\nselect = ["S"]\nfail-level = "warning"\n',
                                             encoding="utf-8")
    shutil.copy(SEED, tmp_path / "001.txt")
    r = runner.invoke(app, ["validate", str(tmp_path / "001.txt"), "-f", "json"])
    assert r.exit_code == 1
    assert {f["code"] for f in findings(r.stdout)} == {"S101"}
    r = runner.invoke(app, ["validate", str(tmp_path / "001.txt"), "-f", "json", "--select", "T203",
                            "--fail-level", "error"])
    assert r.exit_code == 0
    assert {f["code"] for f in findings(r.stdout)} == {"T203"}


def test_severity_off_and_ignore_by_name() -> None:
    _code, out = run(SEED, "-f", "json", "--severity", "T203=off", "--ignore", "numbering-gap")
    codes = {f["code"] for f in findings(out)}
    assert "T203" not in codes and "S101" not in codes and "T201" in codes


def test_min_level_info_shows_parser_notes() -> None:
    _, out = run(SEED, "-f", "json", "--min-level", "info")
    assert any(f["code"] == "P006" for f in findings(out))
    _, out = run(SEED, "-f", "json")
    assert not any(f["severity"] == "info" for f in findings(out))


def test_bad_config_file_is_a_usage_error(tmp_path: Path) -> None:
    cfg = tmp_path / ".cchc.yaml"
    cfg.write_text("fail-level: sometimes\n", encoding="utf-8")
    r = runner.invoke(app, ["validate", "--config", str(cfg), str(DATA / "plan-ok.yaml")])
    assert r.exit_code == 2


# ------------------------------------------------------------------------------------------ rules
def test_rules_lists_every_rule() -> None:
    r = runner.invoke(app, ["rules", "-f", "json"])
    assert r.exit_code == 0
    assert [x["code"] for x in json.loads(r.stdout)] == sorted(load_rules())
    r = runner.invoke(app, ["rules"])
    assert r.exit_code == 0 and "numbering-gap" in r.stdout


@pytest.mark.parametrize("code", ["S101", "numbering-gap", "r402"])
def test_rules_explains_one(code: str) -> None:
    r = runner.invoke(app, ["rules", code])
    assert r.exit_code == 0
    assert "Reported:" in r.stdout and "Fine:" in r.stdout


def test_rules_explains_input_and_parser_codes() -> None:
    assert "schema-error" in runner.invoke(app, ["rules", "V001"]).stdout
    assert "table-row-merged" in runner.invoke(app, ["rules", "P006"]).stdout
    assert runner.invoke(app, ["rules", "X999"]).exit_code == 2


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "cchc-validate")
    assert hook["entry"] == "cchc validate" and hook["language"] == "python"
    assert hook["files"] == r"\.(ya?ml|json)$"
