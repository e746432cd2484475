"""Issue 13, item 10 (and 4): the library raises only CchcError subclasses, with one clear reason —
long paths, unencodable names, missing or malformed --units files, memory errors inside an
extractor, bugs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc_parse import errors
from cchc_parse.errors import CchcError, InputError, InternalError, OutOfMemory
from cchc_parse.pipeline import ParseOptions, check_units, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
TXT = ROOT / "samples" / "text" / "001-kh-svhttdl.txt"
DOCX = ROOT / "samples" / "docx" / "lamdong-ubnd-tbkl-pci.docx"
PDF = ROOT / "samples" / "pdf" / "bnv-cv8151-cchc.pdf"


def test_path_over_255_bytes_is_an_input_error(tmp_path: Path) -> None:
    name = "kế hoạch cải cách hành chính " * 10 + ".txt"  # ~370 bytes in UTF-8
    with pytest.raises(InputError, match="file name too long"):
        parse_file(tmp_path / name)


def test_unencodable_name_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        parse_file(str(tmp_path / "\ud800.txt"))
    with pytest.raises(InputError, match="cannot be encoded"):
        parse_text("KẾ HOẠCH \ud800")


@pytest.mark.parametrize(("content", "words"), [
    (None, "cannot read the --units file"),
    ("units: [\n", "not valid YAML"),
    ("units: [{aliases: [x]}]\n", "'name'"),
    (b"\xff\xfe\x00junk", "not valid YAML"),
])
def test_units_file_problems_name_the_units_file(tmp_path: Path, content: str | bytes | None,
                                                 words: str) -> None:
    units = tmp_path / "my-units.yaml"
    if isinstance(content, bytes):
        units.write_bytes(content)
    elif content is not None:
        units.write_text(content, encoding="utf-8")
    for call in (lambda: check_units(units), lambda: parse_file(TXT, ParseOptions(units_file=units)),
                 lambda: parse_text("KẾ HOẠCH", opts=ParseOptions(units_file=units))):
        with pytest.raises(InputError) as e:
            call()
        assert e.value.path == str(units) and words in e.value.reason


def test_a_good_units_file_is_used(tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text("units:\n  - name: Ban Chỉ đạo thử nghiệm\n    aliases: [BCĐTN]\n", encoding="utf-8")
    check_units(units)  # no error
    assert parse_file(TXT, ParseOptions(units_file=units)).doc.tasks


@pytest.mark.parametrize(("src", "target"), [(DOCX, "cchc_parse.extract.docx.reader._Extractor.run"),
                                             (PDF, "cchc_parse.extract.pdf.reader._extract")])
def test_memory_error_inside_an_extractor_is_out_of_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           src: Path, target: str) -> None:
    """The extractors turn every exception into an ExtractError; a MemoryError must stay one."""
    def boom(*a: object, **k: object) -> None:
        raise MemoryError

    monkeypatch.setattr(target, boom)
    copy = Path(shutil.copy(src, tmp_path / src.name))
    with pytest.raises(OutOfMemory, match="ran out of memory"):
        parse_file(copy)


def test_a_bug_is_an_internal_error_with_its_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*a: object, **k: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("cchc_parse.pipeline.structure", bug)
    with pytest.raises(InternalError, match="ZeroDivisionError") as e:
        parse_file(TXT)
    assert isinstance(e.value.__cause__, ZeroDivisionError)
    assert issubclass(InternalError, CchcError) and issubclass(OutOfMemory, errors.LimitExceeded)


def test_a_folder_and_a_missing_file_are_input_errors(tmp_path: Path) -> None:
    for p in (tmp_path, tmp_path / "missing.docx"):
        with pytest.raises(InputError):
            parse_file(p)
