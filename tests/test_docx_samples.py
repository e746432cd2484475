"""Real documents (samples/docx, samples/doc) and the Word rendition of seed 001."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from cchc_parse.errors import UnsupportedFormat
from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.doc import convert as doc_convert
from cchc_parse.extract.docx.reader import extract_docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DOCX = sorted((SAMPLES / "docx").glob("*.docx"))
SEED_DOCX = SAMPLES / "docx" / "001-kh-svhttdl-word.docx"


def _lines(ex):  # type: ignore[no-untyped-def]
    return [b for b in ex.blocks if isinstance(b, Line)]


@pytest.mark.parametrize("path", DOCX, ids=lambda p: p.name)
def test_every_sample_parses_with_front_and_back(path: Path) -> None:
    ex = extract_docx(path)
    zones = {b.zone for b in _lines(ex)}
    assert {"front", "back"} <= zones
    assert all(b.text == b.text.strip() for b in _lines(ex))


def test_kh2242_auto_numbered_stt_column() -> None:
    ex = extract_docx(SAMPLES / "docx" / "laocai-sct-kh2242-kiemtra-vlncn.docx")
    table = next(b for b in ex.blocks if isinstance(b, Table))
    assert [c.label for c in (r[0] for r in table.rows[1:])] == [f"{i}." for i in range(1, 10)]
    assert all(r[0].text == "" for r in table.rows[1:])
    front = [b.text for b in _lines(ex) if b.zone == "front" and b.text]
    assert front[0] == "UBND TỈNH LÀO CAI" and "Số: /KH-SCT" in front


def test_yenha_numbering_off_and_footnote() -> None:
    ex = extract_docx(SAMPLES / "docx" / "laocai-sct-tb-thamdinh-yenha.docx")
    lines = _lines(ex)
    labelled = [(b.label, b.text) for b in lines if b.label]
    assert labelled == [("1.", "Văn bản pháp lý"), ("1.", "Phạm vi, cơ sở thực hiện thẩm định")]
    assert sum(len(b.notes) for b in lines) == 1


def test_nfd_header_is_recognised() -> None:
    ex = extract_docx(SAMPLES / "docx" / "lamdong-ubnd-tbkl-pci.docx")
    front = [b.text for b in _lines(ex) if b.zone == "front" and b.text]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in front and "Số: /TB-UBND" in front


def test_unicode_typed_over_vntime_style_is_kept() -> None:
    ex = extract_docx(SAMPLES / "docx" / "laocai-ubnd-bc-vlncn-2025.docx")
    assert any(b.text == "1. Tình hình quản lý, sử dụng VLNCN, TCTN" for b in _lines(ex))


def test_seed_001_word_rendition() -> None:
    ex = extract_docx(SEED_DOCX)
    lines = _lines(ex)
    labelled = [(b.label, b.text[:20]) for b in lines if b.label]
    assert labelled[:3] == [("I.", "MỤC ĐÍCH, YÊU CẦU"), ("1.", "Mục đích"), ("a)", "Triển khai toàn diện")]
    assert [lab for lab, _ in labelled].count("e)") == 1  # Word's fifth letter (typed "đ)")
    assert [lab for lab, _ in labelled if lab.endswith(".") and lab[:-1].isalpha()] == ["I.", "II.", "III."]
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    t = tables[0]
    assert t.header_rows == 2 and len(t.rows) == 2 + 56
    assert t.rows[0][2].text == "Tổ chức thực hiện" and t.rows[0][2].colspan == 2
    row_b = next(r for r in t.rows if r[1].text.startswith("Thanh tra hành chính"))
    assert row_b[3].text == "Phòng VH và TT; đơn vị trực thuộc"
    assert row_b[5].text == "Theo KH được Giám đốc Sở phê duyệt"
    assert [b.text for b in lines if b.zone == "back" and b.text][-1] == "Nguyễn Khoa Hải"
    joined = next(b.text for b in lines if b.label == "c)" and "sự chỉ đạo" in b.text)
    assert "sự chỉ đạo của cấp trên; phối hợp" in joined


def test_make_samples_is_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    one, two = mod.build(mod.SEED), mod.build(mod.SEED)
    assert one == two
    assert one == SEED_DOCX.read_bytes(), "samples/docx/001-kh-svhttdl-word.docx is stale: run make samples"


def test_doc_without_soffice_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_DOC_READER", "soffice")  # the default built-in reader needs no LibreOffice
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: None)
    with pytest.raises(UnsupportedFormat, match="libreoffice-writer-nogui"):
        doc_convert.extract_doc(SAMPLES / "doc" / "lamdong-vp-giao-danhgia-cchc.doc")


@pytest.mark.needs_soffice
def test_doc_is_converted_and_parsed() -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    os.environ["CCHC_DOC_READER"] = "soffice"
    try:
        ex = doc_convert.extract_doc(SAMPLES / "doc" / "lamdong-vp-giao-danhgia-cchc.doc")
    finally:
        del os.environ["CCHC_DOC_READER"]
    assert ex.diagnostics[0].code == "P013" and ex.meta["converted_from"] == "doc"
    assert ex.meta["doc_reader"] == "soffice"
    lines = _lines(ex)
    assert "Số: /UBND-NC" in [b.text for b in lines if b.zone == "front"]
    assert "Nguyễn Nhân Bản" in [b.text for b in lines if b.zone == "back"]
