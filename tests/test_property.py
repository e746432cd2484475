"""Property tests (hypothesis): arbitrary text never makes the text pipeline, a normaliser or a
structure helper raise; a few algebraic properties (roman numerals, keys, determinism).

The budgets are small so `make test` stays quick; tests/test_fuzz.py runs the long version.
"""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.emit.serialize import dump_json, dump_yaml
from cchc_parse.errors import CchcError
from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.extract.txt.reader import extract_txt_bytes, text_to_blocks
from cchc_parse.normalise import areas, citations, deadlines, encodings, keys, provinces, targets, units
from cchc_parse.pipeline import ParseOptions, parse_bytes, parse_text
from cchc_parse.structure import boilerplate, front, markers, tables
from cchc_parse.structure.document import structure

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words and shapes plans are made of, so generated text reaches deep into the parsers.
WORDS = [
    "KẾ HOẠCH", "Cải cách hành chính", "năm 2025", "Số:", "/KH-UBND", "Quyết định số", "61/2018/NĐ-CP",
    "ngày", "tháng", "Trước ngày 30/6/2025", "Quý II", "hằng tháng", "định kỳ 6 tháng", "trước 15/12",
    "Sở Nội vụ", "UBND các huyện, thị xã, thành phố", "chủ trì", "phối hợp", "các sở, ban, ngành",
    "đạt tối thiểu 95%", "100%", "trở lên", "I.", "II.", "1.", "1.1.", "a)", "đ)", "-", "+", "•", "Điều 1.",
    "Phần thứ nhất", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lào Cai",
    "tỉnh Bình Dương", "TP. Hồ Chí Minh", "Nguyễn Văn A", "\t", "\n", "\r\n", " ", ";", ",", ".", ":",
    "(", ")", "“", "”", "…", "\u00a0", "\u200b", "\ufeff", "STT", "Nội dung", "Thời gian", "Đơn vị",
    "Sản phẩm", "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Thông tư 01/2006/TT-NHNN", "Nghị quyết số 76/NQ-CP", "Chỉ thị", "giai đoạn 2021-2030", "XIV", "IX",
]
vn_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), vn_text)


# --- the text pipeline


@FAST
@given(any_text)
def test_parse_text_never_raises(text: str) -> None:
    try:
        res = parse_text(text)
    except CchcError:
        return
    dump_yaml(res.doc)
    dump_json(res.doc)


@FAST
@given(st.binary(max_size=600))
def test_parse_bytes_never_raises_other_than_cchc(data: bytes) -> None:
    with contextlib.suppress(CchcError):
        parse_bytes(data, "fuzz.txt", ParseOptions(lint=True))


@FAST
@given(vn_text)
def test_parse_text_is_deterministic(text: str) -> None:
    try:
        a = dump_json(parse_text(text).doc)
    except CchcError:
        return
    assert dump_json(parse_text(text).doc) == a


@FAST
@given(st.text(max_size=300))
def test_text_to_blocks_keeps_every_line(text: str) -> None:
    blocks = text_to_blocks(text)
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert len(blocks) <= n_lines
    assert all(b.src.line is None or 1 <= b.src.line <= n_lines for b in blocks)


@FAST
@given(st.binary(max_size=400))
def test_decode_text_bytes_total(data: bytes) -> None:
    text, enc, _notes = encodings.decode_text_bytes(data)
    assert isinstance(text, str) and isinstance(enc, str)
    extract_txt_bytes(data)


# --- every normaliser: arbitrary text in, no exception out


@FAST
@given(any_text, st.one_of(st.none(), st.integers(1900, 2100)), st.one_of(st.none(), any_text))
def test_parse_deadline(text: str, year: int | None, context: str | None) -> None:
    d = deadlines.parse_deadline(text, year, context=context)
    d.model_dump(mode="json")  # a model: it must serialise


@FAST
@given(any_text, st.one_of(st.none(), st.integers(1900, 2100)))
def test_find_report_deadlines(text: str, year: int | None) -> None:
    for d in deadlines.find_report_deadlines(text, year):
        d.model_dump(mode="json")


@FAST
@given(st.one_of(st.none(), any_text), st.sampled_from(["unit", "output", "lead", "support"]))
def test_split_units(text: str | None, kind: str) -> None:
    parts = units.split_units(text, kind)
    assert all(isinstance(p, str) and p for p in parts)


@FAST
@given(any_text, st.one_of(st.none(), st.sampled_from(["Lào Cai", "Bình Dương", "Hà Nội"])))
def test_unit_helpers(text: str, province: str | None) -> None:
    units.canonical_unit(text, province)
    units.agency_case(text)
    units.issuer_name(text or None, text)


@FAST
@given(any_text)
def test_find_citations(text: str) -> None:
    for c in citations.find_citations(text):
        assert c is not None
    citations.issuing_body(text)
    citations.type_from_symbol(text)


@FAST
@given(any_text, st.one_of(st.none(), st.integers(1900, 2100)))
def test_find_targets(text: str, year: int | None) -> None:
    for t in targets.find_targets(text, year):
        assert t.comparator in ("=", ">=", "<=", ">")


@FAST
@given(any_text, st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2035, 12, 31))))
def test_provinces(text: str, on: date | None) -> None:
    provinces.find_provinces(text)
    provinces.canonical_province(text)
    provinces.province_type(text)
    provinces.province_after_merger(text, on)
    provinces.province_code(text, on)


@FAST
@given(any_text)
def test_keys(text: str) -> None:
    k = keys.match_key(text)
    assert keys.match_key(k) == k  # idempotent
    f = keys.fold_key(text)
    assert isinstance(f, str)


@FAST
@given(any_text, any_text)
def test_classify_area(heading: str, text: str) -> None:
    res = areas.classify_area(heading, text)
    assert res is None or areas.area_label(res[0]) is not None or isinstance(res[0], str)


@FAST
@given(any_text)
def test_encodings(text: str) -> None:
    encodings.detect_legacy(text)
    encodings.repair_mojibake(text)
    encodings.tcvn3_to_unicode(text)
    encodings.vni_to_unicode(text)
    encodings.vietnamese_score(text)


# --- structure helpers


@given(st.integers(1, 89))
def test_roman_round_trip(n: int) -> None:
    assert markers.roman_value(markers.to_roman(n)) == n


@FAST
@given(any_text)
def test_marker_and_front_helpers(text: str) -> None:
    markers.match_text(text)
    markers.match_marker(Line(text=text, src=SourceRef(line=1)))
    markers.roman_value(text)
    if text:
        markers.letter_value(text[0])
    front.is_upper_line(text)
    front.parse_number(text)
    front.type_from_symbol(text)
    tables.header_role(text)
    boilerplate.split_byline([text])


@FAST
@given(st.lists(vn_text, max_size=25), st.booleans())
def test_structure_of_arbitrary_lines(texts: list[str], split_rows: bool) -> None:
    blocks = [Line(text=t, src=SourceRef(line=i + 1)) for i, t in enumerate(texts)]
    structure(blocks, split_rows=split_rows)


@pytest.mark.parametrize("text", ["", "\n", "I.\nII.\n1.\na)\n", "\t\t\n\t\n", "Số:\nNơi nhận:\n"])
def test_edge_texts(text: str) -> None:
    with contextlib.suppress(CchcError):
        parse_text(text)


def test_parse_table_without_stt_column() -> None:
    from cchc_parse.extract.blocks import Cell, Table

    rows = [["STT Nội dung", "Chủ trì", "Thời gian"], ["Rà soát thủ tục", "Sở Nội vụ", "Quý II"]]
    table = Table(rows=tuple(tuple(Cell(text=x, src=SourceRef(line=i + 1, row=i + 1, col=j + 1))
                                   for j, x in enumerate(r)) for i, r in enumerate(rows)), src=SourceRef(line=1))
    tables.parse_table(table, None, None, True, [])
