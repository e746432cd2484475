"""Word automatic numbering → the labels Word displays."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_factory import abstract, lvl, make_docx, num, numbering_xml, p, styles_xml, tbl, tc, tr, write
from lxml import etree

from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.docx.numbering import Numbering, format_number
from cchc_parse.extract.docx.reader import extract_docx
from cchc_parse.extract.docx.styles import Styles


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "decimal", "1"), (12, "decimal", "12"),
    (4, "upperRoman", "IV"), (9, "upperRoman", "IX"), (14, "lowerRoman", "xiv"),
    (1, "lowerLetter", "a"), (5, "lowerLetter", "e"), (6, "lowerLetter", "f"),  # Word: no "đ"
    (26, "lowerLetter", "z"), (27, "lowerLetter", "aa"), (28, "upperLetter", "BB"),
    (3, "decimalZero", "03"), (12, "decimalZero", "12"), (2, "none", ""),
    (2, "ordinal", "2nd"), (3, "decimalEnclosedParen", "(3)"), (7, "chineseCounting", "7"),
])
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def _numbering(xml: str, styles: str | None = None) -> Numbering:
    st = Styles(etree.fromstring(styles.encode()) if styles else None)
    return Numbering(etree.fromstring(xml.encode()), st)


PLAN = abstract(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "lowerLetter", "%3)"),
                lvl(3, "bullet", "•"), lvl(4, "bullet", "+"))


@pytest.mark.parametrize("seq, expected", [
    ([0, 1, 2, 2, 2, 2, 2, 1, 0, 1], ["I.", "1.", "a)", "b)", "c)", "d)", "e)", "2.", "II.", "1."]),
    ([1, 1], ["1.", "2."]),  # a level used before its parent shows the parent's start… only %2 here
    ([0, 3, 4, 3], ["I.", "-", "+", "-"]),
])
def test_levels_and_restart(seq: list[int], expected: list[str]) -> None:
    nb = _numbering(numbering_xml(PLAN, nums=num(5, 1)))
    assert [nb.label("5", il) for il in seq] == expected


def test_multilevel_text_and_islgl() -> None:
    a = abstract(2, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%1.%2."),
                 lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>"))
    nb = _numbering(numbering_xml(a, nums=num(1, 2)))
    assert [nb.label("1", il) for il in (0, 1, 1, 2)] == ["I.", "I.1.", "I.2.", "1.2.1"]


def test_start_and_start_override_and_shared_counter() -> None:
    a = abstract(3, lvl(0, "decimal", "%1.", start=3))
    nums = num(1, 3) + num(2, 3) + num(3, 3, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride>')
    nb = _numbering(numbering_xml(a, nums=nums))
    # num 1 and 2 share the abstract list; num 3 starts its own at 10
    assert [nb.label(n, 0) for n in ("1", "1", "2", "3", "3", "1")] == ["3.", "4.", "5.", "10.", "11.", "6."]


def test_level_override_replaces_the_level() -> None:
    a = abstract(4, lvl(0, "decimal", "%1."))
    ov = '<w:lvlOverride w:ilvl="0">' + lvl(0, "upperLetter", "%1/", start=2) + "</w:lvlOverride>"
    nb = _numbering(numbering_xml(a, nums=num(7, 4, ov)))
    assert [nb.label("7", 0), nb.label("7", 0)] == ["B/", "C/"]


def test_lvl_restart_zero_never_restarts() -> None:
    a = abstract(5, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>'))
    nb = _numbering(numbering_xml(a, nums=num(1, 5)))
    assert [nb.label("1", il) for il in (0, 1, 1, 0, 1)] == ["1.", "a)", "b)", "2.", "c)"]


def test_num_id_zero_unknown_and_missing_start() -> None:
    a = abstract(6, lvl(0, "decimal", "%1.", start=None))
    nb = _numbering(numbering_xml(a, nums=num(1, 6)))
    assert nb.label("0", 0) is None
    assert nb.label("99", 0) is None
    assert nb.label("1", 0) == "0."  # ECMA-376: no w:start means 0


def test_numbering_from_paragraph_style_with_based_on_chain(tmp_path: Path) -> None:
    numbering = numbering_xml(PLAN, nums=num(9, 1))
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
        '<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="MucCon"><w:name w:val="MucCon"/><w:basedOn w:val="Muc"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>')
    body = (p("MỤC ĐÍCH", style="Muc") + p("Mục đích", style="MucCon") + p("Typed, numbering off", style="MucCon",
            num=(0, 0)) + p("Yêu cầu", style="MucCon") + p("NHIỆM VỤ", style="Muc"))
    ex = extract_docx(write(tmp_path, make_docx(body, numbering=numbering, styles=styles)))
    got = [(b.label, b.text) for b in ex.blocks if isinstance(b, Line)]
    assert got == [("I.", "MỤC ĐÍCH"), ("1.", "Mục đích"), (None, "Typed, numbering off"),
                   ("2.", "Yêu cầu"), ("II.", "NHIỆM VỤ")]


def test_style_linked_level_by_pstyle(tmp_path: Path) -> None:
    a = abstract(1, lvl(0, "upperRoman", "%1.", extra='<w:pStyle w:val="H1"/>'),
                 lvl(1, "decimal", "%2.", extra='<w:pStyle w:val="H2"/>'))
    styles = styles_xml(
        '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/>'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>')
    body = p("A", style="H1") + p("B", style="H2") + p("C", style="H2") + p("D", style="H1")
    ex = extract_docx(write(tmp_path, make_docx(body, numbering=numbering_xml(a, nums=num(3, 1)), styles=styles)))
    lines = [b for b in ex.blocks if isinstance(b, Line)]
    assert [(b.label, b.style.heading) for b in lines] == [("I.", 1), ("1.", 2), ("2.", 2), ("II.", 1)]


def test_num_style_link(tmp_path: Path) -> None:
    real = abstract(1, lvl(0, "decimal", "%1."), extra='<w:styleLink w:val="DS"/>')
    link = abstract(2, extra='<w:numStyleLink w:val="DS"/>')
    styles = styles_xml('<w:style w:type="numbering" w:styleId="DS"><w:name w:val="DS"/>'
                        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    nb = _numbering(numbering_xml(real, link, nums=num(1, 1) + num(2, 2)), styles)
    assert [nb.label("2", 0), nb.label("2", 0)] == ["1.", "2."]


def test_auto_numbered_stt_cells_have_labels(tmp_path: Path) -> None:
    a = abstract(1, lvl(0, "decimal", "%1."))
    row = lambda t: tr(tc(p("", num=(1, 0))), tc(t), tc("Văn phòng"))  # noqa: E731
    body = tbl(tr(tc("TT"), tc("Nhiệm vụ"), tc("Người thực hiện")), row("Rà soát"), row("Kiểm tra"))
    ex = extract_docx(write(tmp_path, make_docx(body, numbering=numbering_xml(a, nums=num(1, 1)))))
    table = ex.blocks[0]
    assert isinstance(table, Table)
    stt = [r[0] for r in table.rows[1:]]
    assert [(c.label, c.text) for c in stt] == [("1.", ""), ("2.", "")]
    assert table.rows[1][1].text == "Rà soát" and table.rows[1][1].label is None


def test_mixed_typed_and_auto_numbers(tmp_path: Path) -> None:
    a = abstract(1, lvl(0, "decimal", "%1."))
    body = p("Thống nhất tổ chức Hội nghị", num=(1, 0)) + p("2. Đối với tiến độ") + p("a) Giao Trung tâm")
    ex = extract_docx(write(tmp_path, make_docx(body, numbering=numbering_xml(a, nums=num(1, 1)))))
    got = [(b.label, b.text) for b in ex.blocks if isinstance(b, Line)]
    assert got == [("1.", "Thống nhất tổ chức Hội nghị"), (None, "2. Đối với tiến độ"), (None, "a) Giao Trung tâm")]
