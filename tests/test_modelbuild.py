"""modelbuild.build: the parse path's models made without validation are the validated ones (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse import modelbuild
from cchc_parse.diagnostics import Diagnostic, Location, Severity
from cchc_parse.emit.serialize import dump
from cchc_parse.model import DocumentMeta, PlanDocument, Section, Task
from cchc_parse.normalise.deadlines import Deadline, parse_deadline
from cchc_parse.pipeline import parse_file, parse_text

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PARSED = sorted([*SAMPLES.glob("text/*.txt"), *SAMPLES.glob("docx/*.docx"),
                 *(p for p in SAMPLES.glob("pdf/*.pdf") if "scan" not in p.name and "garbled" not in p.name)])


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(modelbuild, "CHECK", True)


@pytest.mark.parametrize("path", PARSED, ids=lambda p: p.name)
def test_every_model_of_a_sample_is_the_validated_one(path: Path, checked: None) -> None:
    doc = parse_file(path).doc  # CHECK: each build compared with cls(**values)
    assert doc.document.source_format in ("txt", "docx", "pdf")


_LINE = st.sampled_from([
    "UỶ BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 12/KH-UBND", "Lào Cai, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH",
    "Cải cách hành chính năm 2026", "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
    "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Nâng cao chất lượng", "- Thời gian: Quý II/2026",
    "- Đơn vị chủ trì: Sở Nội vụ; phối hợp: các sở, ngành", "Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80%.",
    "Báo cáo định kỳ 6 tháng trước ngày 15/6", "Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A", "PHỤ LỤC I", "(Kèm theo Kế hoạch số 12/KH-UBND)", ""])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_LINE, min_size=1, max_size=25))
def test_every_model_of_generated_text_is_the_validated_one(checked: None, lines: list[str]) -> None:
    parse_text("\n".join(lines))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123456789/.-QuýIVXnămthángđếntrướcngày ,;", max_size=40),
       st.one_of(st.none(), st.integers(2000, 2040)))
def test_deadlines_are_the_validated_ones(checked: None, raw: str, year: int | None) -> None:
    parse_deadline(raw, year, context="báo cáo")


def test_build_gives_what_validation_gives() -> None:
    lead = ["Sở Nội vụ"]
    got = modelbuild.build(Task, id="1", lead=lead, content="x")
    want = Task(id="1", lead=lead, content="x")
    assert repr(got) == repr(want) and got.model_fields_set == want.model_fields_set == {"id", "lead", "content"}
    assert got.lead is not lead  # a container given is copied, as validation copies it
    lead.append("changed")
    assert got.lead == ["Sở Nội vụ"]
    assert got.support == [] and got.support is not modelbuild.build(Task, id="2").support  # a fresh default
    assert got.source == Location() and type(got.source) is Location  # a model default factory


def test_build_refuses_what_validation_refuses() -> None:
    with pytest.raises(TypeError, match="unknown field"):
        modelbuild.build(Section, id="1", kind="roman", colour="red")
    with pytest.raises(TypeError, match="missing field"):
        modelbuild.build(Section, id="1")


def test_check_mode_catches_a_value_validation_would_change(checked: None) -> None:
    with pytest.raises(AssertionError, match="differs"):
        modelbuild.build(Diagnostic, code="P001", severity="warning", message="m")  # validation: Severity.warning
    with pytest.raises(AssertionError, match="differs"):
        modelbuild.build(Deadline, raw="x", milestones=())  # validation: a list


def test_json_still_validates_and_round_trips() -> None:
    doc = parse_file(SAMPLES / "text" / "001-kh-svhttdl.txt").doc
    data = json.loads(dump(doc, "json"))
    assert PlanDocument.model_validate(data).model_dump(mode="json") == data
    assert DocumentMeta.model_validate(data["document"]).title == doc.document.title
    assert Diagnostic(code="P001", severity="warning", message="m").severity is Severity.warning


def test_a_parse_builds_no_validator() -> None:
    """The start-up saving: parsing and writing YAML of each format never builds a model's validator
    (a new process: another test may have validated something in this one)."""
    files = [next(iter(sorted(SAMPLES.glob(g)))) for g in ("text/*.txt", "docx/*.docx", "pdf/001*.pdf")]
    code = textwrap.dedent(f"""
        import sys
        from pydantic import BaseModel
        from cchc_parse.pipeline import parse_file
        from cchc_parse.emit.serialize import dump
        import cchc_parse.model as M, cchc_parse.diagnostics as D, cchc_parse.normalise.deadlines as DL
        for f in {[str(f) for f in files]!r}:
            dump(parse_file(f).doc, "yaml")
        built = sorted(k for m in (M, D, DL) for k, v in vars(m).items() if isinstance(v, type)
                       and issubclass(v, BaseModel) and v.__module__ == m.__name__ and v.__pydantic_complete__)
        print(built)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("path", PARSED, ids=lambda p: p.name)
def test_counts_from_the_models_are_those_of_the_data(path: Path) -> None:
    from cchc_parse.counts import counts_of, counts_of_doc
    from cchc_parse.emit.serialize import to_data

    doc = parse_file(path).doc
    assert counts_of_doc(doc) == counts_of(to_data(doc))


def test_build_refuses_a_class_with_code_of_its_own() -> None:
    from pydantic import BaseModel, field_validator

    class Checked(BaseModel):
        x: int = 0

        @field_validator("x")
        @classmethod
        def positive(cls, v: int) -> int:
            return abs(v)

    with pytest.raises(TypeError, match="validators"):
        modelbuild.build(Checked, x=-1)
