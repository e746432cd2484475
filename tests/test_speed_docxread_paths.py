"""The .docx reader's fast paths of this round against what they replace: clean_text's shortcuts and
memo against extract.clean.clean_text, the shared ParaProps against a fresh one, the paragraph-style
lookup remembered by the id asked for against the lookup without the memo (a style that fails to
parse included), the w:gridCol count against ElementPath, the w:sz memo against int()."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cchc_parse.extract.clean import clean_text as reference_clean
from cchc_parse.extract.docx import fastclean, styles, tables
from cchc_parse.extract.docx.reader import _read_notes
from cchc_parse.extract.docx.styles import ParaProps, Styles, scan_ppr, scan_rpr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples" / "docx").glob("*.docx"))

# every character class clean_text treats apart, letters that NFC composes, and plain text
_ODD = ("\x00\x01\x02\x03\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\u00a0\u00ad\u061c\u2000\u200a\u200b\u200d\u200e"
        "\u200f\u2028\u202a\u202e\u202f\u205f\u2060\u2066\u2069\u3000\ufeff\ue000\U0001f600 ")
TEXT = st.lists(st.sampled_from([*_ODD, "a", "Z", "1", ".", "ệ", "Đ", "e\u0302", "\u0301", "\u0323", "ơ", "Ư",
                                 "ﬁ", "Å", "Ω", "  ", "a b"]), max_size=40).map("".join)


@given(TEXT)
def test_clean_text_fast_paths_and_memo_match_the_reference(s: str) -> None:
    assert fastclean.clean_uncached(s) == reference_clean(s)
    assert fastclean.clean_text(s) == reference_clean(s)
    assert fastclean.clean_text(s) == reference_clean(s)  # the second time from the memo


def test_clean_text_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastclean, "MEMO_SIZE", 3)
    monkeypatch.setattr(fastclean, "_MEMO", {})
    for s in ("a ", " b", "c\u00a0d", "e  f", " a "):
        assert fastclean.clean_text(s) == reference_clean(s)
    assert len(fastclean._MEMO) <= 3
    long = "x  " * 40
    assert fastclean.clean_text(long) == reference_clean(long) and long not in fastclean._MEMO


PPR_CHILD = st.sampled_from(['<w:jc w:val="center"/>', '<w:jc w:val="both"/>', '<w:jc w:val="odd"/>', "<w:jc/>",
                             '<w:pStyle w:val="H1"/>', '<w:pStyle w:val="H2"/>', '<w:outlineLvl w:val="2"/>',
                             '<w:outlineLvl w:val="x"/>', '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>',
                             '<w:numPr><w:numId w:val="0"/></w:numPr>', '<w:spacing w:after="0"/>',
                             "<w:rPr><w:b/></w:rPr>"])


def _reference_ppr(ppr: etree._Element) -> tuple[str | None, ParaProps]:
    """scan_ppr's reading with a new ParaProps every time (before they were shared)."""
    align = outline = num_id = ilvl = None
    sid = next((ch.get(W + "val") for ch in ppr if ch.tag == W + "pStyle"), None)
    for ch in ppr:
        if ch.tag == W + "jc":
            align = styles._JC.get(ch.get(W + "val", ""))
        elif ch.tag == W + "outlineLvl":
            outline = styles._int(ch.get(W + "val"))
        elif ch.tag == W + "numPr":
            for n in ch:
                if n.tag == W + "numId":
                    num_id = n.get(W + "val")
                elif n.tag == W + "ilvl":
                    ilvl = styles._int(n.get(W + "val"))
    return sid, ParaProps(align, outline, num_id, ilvl)


@given(st.lists(PPR_CHILD, max_size=6))
def test_shared_para_props_read_as_new_ones(children: list[str]) -> None:
    ppr = etree.fromstring(f'<w:pPr xmlns:w="{W_NS}">{"".join(children)}</w:pPr>')
    assert scan_ppr(ppr) == _reference_ppr(ppr)
    assert scan_ppr(ppr) == _reference_ppr(ppr)


@given(st.lists(st.sampled_from(['<w:sz w:val="26"/>', '<w:sz w:val="x"/>', "<w:sz/>", '<w:sz w:val=" 7"/>',
                                 '<w:sz w:val="-3"/>', '<w:b w:val="TRUE"/>', '<w:i w:val="Off"/>']), max_size=4))
def test_remembered_sizes_read_as_int(children: list[str]) -> None:
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W_NS}">{"".join(children)}</w:rPr>')
    size = None
    for ch in rpr:
        if ch.tag == W + "sz":
            with contextlib.suppress(ValueError):
                size = int(ch.get(W + "val", "")) / 2
    fields = scan_rpr(rpr)[1]
    assert (fields[2] if fields else None) == size
    assert scan_rpr(rpr) == scan_rpr(rpr)


def _styles_xml(*chunks: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">{"".join(chunks)}'
            "</w:styles>").encode()


STYLES = _styles_xml(
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Broken"/>'
    '<w:rPr><w:i/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="Broken"><w:name w:val="Broken"/><w:rPr><w:b></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>')


class _Forgetful(dict):  # type: ignore[type-arg]
    """A memo that keeps nothing: Styles.para as it was without the lookup by the id asked for."""

    def __setitem__(self, key: object, value: object) -> None:
        return None


@settings(max_examples=200)
@given(st.lists(st.sampled_from([None, "", "Normal", "H1", "Broken", "Body", "Missing"]), min_size=1, max_size=8))
def test_para_lookup_remembered_by_id_as_without(order: list[str | None]) -> None:
    fast, slow = Styles.from_bytes(STYLES), Styles.from_bytes(STYLES)
    slow.memo = _Forgetful()
    assert [fast.para(s) for s in order] == [slow.para(s) for s in order]
    assert [fast.para(s) for s in order] == [slow.para(s) for s in order]


GRID = st.lists(st.one_of(st.just("<w:tblGrid>" + "<w:gridCol/>" * 3 + "</w:tblGrid>"),
                          st.integers(0, 4).map(lambda n: "<w:tblGrid>" + '<w:gridCol w:w="1"/><w:x/>' * n
                                                + "</w:tblGrid>"),
                          st.just("<w:tr/>"), st.just("<w:gridCol/>")), max_size=4)


@given(GRID, st.integers(1, 6))
def test_grid_cols_count_as_elementpath(children: list[str], limit: int) -> None:
    tbl = etree.fromstring(f'<w:tbl xmlns:w="{W_NS}">{"".join(children)}</w:tbl>')
    expected = 0
    for _ in tbl.iterfind(f"{W}tblGrid/{W}gridCol"):
        expected += 1
        if expected >= limit:
            break
    assert tables._grid_cols(tbl, limit) == expected


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_texts_clean_as_the_reference(path: Path) -> None:
    """Every paragraph and note text of the samples (what the reader cleans) through both."""
    from cchc_parse.extract.docx.numbering import Numbering
    from cchc_parse.extract.docx.package import Package
    from cchc_parse.extract.docx.text import TextReader

    with Package(path) as pkg:
        part = pkg.related("styles")
        st_ = Styles.from_bytes(pkg.read(part) if part else None)
        _read_notes(pkg, st_)
        reader = TextReader(st_, Numbering(None, st_))
        root = pkg.xml(pkg.document_part)
        assert root is not None
        for p in root.iter(W + "p"):
            text = reader.paragraph(p).text
            for s in [text, *text.split("\n")]:
                assert fastclean.clean_text(s) == reference_clean(s)


def test_block_fields_keep_the_order_the_reader_builds_them_in() -> None:
    """reader.py builds Line, SourceRef and Cell with positional arguments in its hot loops."""
    from dataclasses import fields

    from cchc_parse.extract.blocks import Cell, Line, SourceRef

    assert [f.name for f in fields(Line)][:6] == ["text", "src", "label", "style", "zone", "notes"]
    assert [f.name for f in fields(SourceRef)][:4] == ["line", "page", "row", "col"]
    assert [f.name for f in fields(Cell)][:4] == ["text", "src", "label", "colspan"]


DECL_PART = st.sampled_from(["<?xml", " version=\"1.0\"", " encoding=", "encoding", "'", '"', "utf-8", "windows-1258",
                             "UTF-16", "?>", ">", " ", "\t", "\n", "\x0b", "\x1c", "\x85", "\xa0", "=", "x", "_",
                             "é", "<a/>", "standalone='yes'"])


@given(st.lists(DECL_PART, max_size=12).map(lambda xs: "".join(xs).encode("utf-8")))
def test_declaration_read_with_re_as_with_regex(data: bytes) -> None:
    import regex

    from cchc_parse.extract.docx import package

    slow = regex.compile(package._DECL_PATTERN)
    fast_m, slow_m = package._DECL.match(data), slow.match(data)
    assert (fast_m and fast_m.group(0, 1)) == (slow_m and slow_m.group(0, 1))
    assert package._DECL.sub(b"", data, count=1) == slow.sub(b"", data, count=1)


ROW_CHILD = st.recursive(
    st.sampled_from(['<w:tc><w:p/></w:tc>', '<w:trPr><w:tblHeader/></w:trPr>', '<w:trPr/>', "<w:tblPrEx/>", "<w:x/>"]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: f"<w:sdt><w:sdtPr/><w:sdtContent>{''.join(xs)}</w:sdtContent></w:sdt>"),
        st.lists(inner, max_size=3).map(lambda xs: f"<w:customXml>{''.join(xs)}</w:customXml>"),
        st.lists(inner, max_size=3).map(lambda xs: f"<w:sdt>{''.join(xs)}</w:sdt>")), max_leaves=8)


@given(st.lists(ROW_CHILD, max_size=6))
def test_row_in_one_pass_as_child_and_unwrap(children: list[str]) -> None:
    tr = etree.fromstring(f'<w:tr xmlns:w="{W_NS}">{"".join(children)}</w:tr>')
    trpr, cells = tables._row(tr)
    assert trpr is styles.child(tr, W + "trPr")
    assert cells == list(tables._unwrap(tr, W + "tc"))
