"""The .docx reader's fast paths give what the general ones give: runs whose text is taken in
``TextReader._walk`` and the run-properties cache against ``_run``/``_items`` alone, the one-pass
rPr scan against a child-by-child reading, the early-out table classifier against the full one,
lists read when first used against all read at once."""

from __future__ import annotations

import contextlib
from pathlib import Path

import docx_factory as F
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cchc_parse.extract import layout_kind
from cchc_parse.extract.docx import tables, text
from cchc_parse.extract.docx.numbering import Numbering
from cchc_parse.extract.docx.pieces import Pieces
from cchc_parse.extract.docx.reader import extract_docx
from cchc_parse.extract.docx.styles import RunProps, Styles, is_legacy_font, scan_rpr

W = "{" + F.W_NS + "}"
TEXTS = st.sampled_from(["Kế hoạch", "a", " b ", "ĐIỀU 1", "1. Nội dung", "a) x", "", "  ", "Tæng c¸c", "x\u200by",
                         "*", "Số: 12/KH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận:", "STT", "Chủ trì"])
ONOFF = st.sampled_from(["", ' w:val="0"', ' w:val="false"', ' w:val="off"', ' w:val="1"', ' w:val="none"', ' w:val="On"'])
RPR_CHILD = st.one_of(
    st.tuples(st.sampled_from(["b", "i", "caps", "vanish", "specVanish"]), ONOFF).map(lambda t: f"<w:{t[0]}{t[1]}/>"),
    st.sampled_from(['<w:sz w:val="26"/>', '<w:sz w:val="x"/>', '<w:sz/>', '<w:szCs w:val="26"/>', '<w:lang/>',
                     '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Arial"/>', '<w:rFonts w:ascii=".VnTime"/>',
                     '<w:rFonts w:ascii="Arial" w:hAnsi="VNI-Times"/>', '<w:rFonts w:asciiTheme="minorHAnsi"/>',
                     "<w:rFonts/>", '<w:rStyle w:val="Strong"/>', '<w:rStyle w:val="Missing"/>', "<w:rStyle/>"]))
RPR = st.lists(RPR_CHILD, max_size=5).map(lambda xs: f"<w:rPr>{''.join(xs)}</w:rPr>" if xs else "")
ITEM = st.one_of(TEXTS.map(lambda t: f'<w:t xml:space="preserve">{t}</w:t>'), st.sampled_from([
    "<w:br/>", "<w:tab/>", "<w:noBreakHyphen/>", '<w:sym w:char="F0B7"/>', '<w:fldChar w:fldCharType="begin"/>',
    '<w:fldChar w:fldCharType="separate"/>', '<w:fldChar w:fldCharType="end"/>', "<w:instrText> PAGE </w:instrText>",
    '<w:footnoteReference w:id="1" w:customMarkFollows="1"/>', "<w:lastRenderedPageBreak/>", "<w:rPr><w:b/></w:rPr>"]))
RUN = st.tuples(RPR, st.lists(ITEM, max_size=4), st.booleans()).map(  # rPr first (as Word writes it) or last
    lambda x: f"<w:r>{x[0]}{''.join(x[1])}</w:r>" if x[2] else f"<w:r>{''.join(x[1])}{x[0]}</w:r>")
INLINE = st.one_of(RUN, RUN, st.lists(RUN, max_size=2).map(lambda rs: f"<w:hyperlink>{''.join(rs)}</w:hyperlink>"),
                   st.lists(RUN, max_size=2).map(lambda rs: f"<w:del>{''.join(rs)}</w:del>"))
PPR = st.lists(st.sampled_from(['<w:jc w:val="center"/>', '<w:pStyle w:val="Heading1"/>', '<w:pStyle w:val="Body"/>',
                                '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>']), max_size=2)
PARA = st.tuples(PPR, st.lists(INLINE, max_size=5)).map(
    lambda x: f"<w:p>{'<w:pPr>' + ''.join(x[0]) + '</w:pPr>' if x[0] else ''}{''.join(x[1])}</w:p>")
STYLES = F.styles_xml(
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:rPr><w:sz w:val="28"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr>'
    '</w:style><w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/><w:caps/>'
    "</w:rPr></w:style>")
NUMBERING = F.numbering_xml(F.abstract(1, F.lvl(0, "decimal", "%1.")), nums=F.num(1, 1))


def _general_walk(self: text.TextReader, el: etree._Element, base: RunProps, acc: Pieces) -> None:
    """TextReader._walk without its fast path: every run through _run, its properties not cached."""
    for ch in el:
        if ch.tag == text.R:
            self._props.clear()
            self._run(ch, base, acc)
        else:
            self._other(ch, ch.tag, base, acc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PARA, min_size=1, max_size=6))
def test_fast_runs_read_as_the_general_path(tmp_path: Path, paras: list[str]) -> None:
    path = F.write(tmp_path, F.make_docx("".join(paras), styles=STYLES, numbering=NUMBERING))
    fast = extract_docx(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(text.TextReader, "_walk", _general_walk)
        general = extract_docx(path)
    assert fast.blocks == general.blocks and fast.meta == general.meta


def _reference_rpr(rpr: etree._Element) -> tuple[tuple[bool, str | None], RunProps]:
    """The rStyle and run properties read child by child, as the reader did before scan_rpr."""
    rs = next((ch for ch in rpr if ch.tag == W + "rStyle"), None)
    fields: dict[str, object] = {}
    for ch in rpr:
        name = ch.tag[len(W):]
        v = ch.get(W + "val")
        on = v is None or v.lower() not in ("0", "false", "off", "none")
        if name in ("b", "i", "caps"):
            fields[{"b": "bold", "i": "italic", "caps": "caps"}[name]] = on
        elif name in ("vanish", "specVanish"):
            fields["vanish"] = on
        elif name == "sz":
            with contextlib.suppress(ValueError):
                fields["size"] = int(v or "") / 2
        elif name == "rFonts":
            a, h = ch.get(W + "ascii"), ch.get(W + "hAnsi")
            legacy = next((f for f in (h, a) if is_legacy_font(f)), None)
            if legacy or a or h:
                fields["font"] = legacy or h or a
            elif ch.get(W + "asciiTheme") or ch.get(W + "hAnsiTheme"):
                fields["font"] = ""
    return (rs is not None, rs.get(W + "val") if rs is not None else None), RunProps(**fields)  # type: ignore[arg-type]


@given(st.lists(RPR_CHILD, max_size=8))
def test_scan_rpr_reads_as_child_by_child(children: list[str]) -> None:
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{F.W_NS}">{"".join(children)}</w:rPr>')
    style, fields = scan_rpr(rpr)
    assert (style, RunProps(*fields) if fields else RunProps()) == _reference_rpr(rpr)


def _reference_classify(grid: tables.Grid) -> str | None:
    """classify as it was: every cell read, whatever the table's size (the patterns now in
    extract/layout_kind.py, which the text reader shares)."""
    filled = [[t for t in row if t] for row in tables._texts(grid)]
    rows = [r for r in filled if r]
    if not rows:
        return "box"
    ncols = max(len(r) for r in rows)
    small = len(rows) <= 6 and ncols <= 3
    cells = [t for r in rows for t in r]
    lines = [ln for t in cells for ln in t.split("\n")]
    if small and any(layout_kind._QH.search(t) for t in cells):
        return "front"
    if small and any(layout_kind._SO.match(ln) for ln in lines) and any(layout_kind._DATE.search(t) for t in cells):
        return "front"
    if small and any(layout_kind._RECIPIENTS.match(t) for t in cells):
        return "back"
    if small and layout_kind._KINH_GUI.match(cells[0]):
        return "box"
    if small and len(rows) <= 3 and any(layout_kind._AUTHORITY.match(ln) or layout_kind._SIGNER_TITLE.match(ln) for ln in lines):
        return "back"
    return "box" if len(rows) == 1 and ncols == 1 else None


CELL_TEXT = st.sampled_from(["", "", "x", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND",
                             "Hà Nội, ngày 5 tháng 6 năm 2024", "Nơi nhận:", "KT. GIÁM ĐỐC", "Kính gửi: Bộ", "STT",
                             "GIÁM ĐỐC\nNguyễn Văn A", "a\nSố: 3/QĐ-UBND"])


@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=5), min_size=1, max_size=9))
def test_classify_stops_early_as_the_full_reading_decides(rows: list[list[str]]) -> None:
    grid = tables.Grid(rows=[[tables.GCell(items=[(1, text.ParaInfo(text=t))]) for t in r] for r in rows], line=1)
    assert tables.classify(grid) == _reference_classify(grid)


def _labels(numbering_xml: str) -> tuple[list[str | None], int]:
    nb = Numbering(etree.fromstring(numbering_xml.encode()), Styles(None))
    return [nb.label("1", il) for il in (0, 0, 1, 1, 0, 1)], nb.over_start


def test_lists_read_when_used_count_every_start() -> None:
    used = F.abstract(1, F.lvl(0, "upperRoman", "%1."), F.lvl(1, "decimal", "%1.%2.", start=3))
    unused = F.abstract(2, F.lvl(0, "decimal", "%1.", start=40_000))  # over MAX_START, never used
    lazy, none = _labels(F.numbering_xml(used, nums=F.num(1, 1)))
    eager, over = _labels(F.numbering_xml(used, unused, nums=F.num(1, 1)))
    assert lazy == eager == ["I.", "II.", "II.3.", "II.4.", "III.", "III.3."]
    assert (none, over) == (0, 40_000)
