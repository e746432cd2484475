"""The shortcuts of this round against what they stand in for: reader._cell (a content-table cell →
Cell) and tables.GCell.plain (a cell's text for classify) for one-paragraph cells, on every cell of
the samples and on generated cells (blank, multi-line, labelled, with text boxes, with nested grids);
styles.xml's index reading each w:style's attributes as bytes, against decoding them all first."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cchc_parse.extract.blocks import Cell, SourceRef
from cchc_parse.extract.docx.package import Package
from cchc_parse.extract.docx.reader import W, _cell, _cell_parts, _Extractor
from cchc_parse.extract.docx.stylechunks import style_chunks
from cchc_parse.extract.docx.styles import _ATTR, _NAME, Styles
from cchc_parse.extract.docx.tables import GCell, Grid, is_content_table, read_grid
from cchc_parse.extract.docx.text import ParaInfo

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples" / "docx").glob("*.docx"))


def _reference_cell(c: GCell, r: int, k: int) -> tuple[Cell, list[Grid]]:
    """reader._cell as it was before its one-paragraph shortcut (the general loop only)."""
    src = SourceRef(c.line, None, r, k)
    if c.covered:
        return Cell(text="", src=src, covered=True), []
    if c.merged_above:
        return Cell(text="", src=src, colspan=c.colspan, merged_above=True), []
    label: str | None = None
    lines: list[str] = []
    own: list[Grid] = []
    first = True
    for it in c.items:
        if isinstance(it, Grid):
            if is_content_table(it):
                own.append(it)
                continue
            for _, p in GCell(items=[it]).paragraphs():
                lines.extend(_cell_parts(p, with_label=True))
            first = first and not lines
            continue
        _, p = it
        if first and (p.text.strip() or p.label):
            label = p.label
            lines.extend(_cell_parts(p, with_label=False))
            first = False
        else:
            lines.extend(_cell_parts(p, with_label=True))
    return Cell("\n".join([s for s in lines if s]), src, label, c.colspan), own


def _reference_plain(c: GCell) -> str:
    """GCell.plain before its one-line shortcut."""
    out: list[str] = []
    for it in c.items:
        if isinstance(it, Grid):
            out.extend(s for _, p in GCell(items=[it]).paragraphs() for s in p.lines() if s)
        else:
            out.extend([s for s in it[1].lines() if s])
    return "\n".join(out)


def _check(c: GCell, r: int = 1, k: int = 1) -> None:
    assert _cell(c, r, k) == _reference_cell(c, r, k)
    assert c.plain() == _reference_plain(c)


def _cells(grid: Grid) -> list[GCell]:
    out = []
    for row in grid.rows:
        for c in row:
            out.append(c)
            out.extend(cc for it in c.items if isinstance(it, Grid) for cc in _cells(it))
    return out


def test_cells_of_the_samples_match_the_reference() -> None:
    n = 0
    for path in SAMPLES:
        with Package(path) as pkg:
            ex = _Extractor(pkg, float("inf"))
            root = pkg.xml(pkg.document_part, required=True)
            assert root is not None
            for tbl in root.iter(W + "tbl"):
                for c in _cells(read_grid(tbl, ex._read_para, ex._check)):
                    _check(c)
                    n += 1
    assert n > 1000


TEXTS = st.sampled_from(["", " ", "\u00a0", "a", " a ", "Họ và tên", "a\nb", "a\n\nb", "\n", " \n ", "x\t y",
                         "  two  spaces  ", "e\u0302"])
LABELS = st.sampled_from([None, "", "1.", "-", "a)"])
PARAS = st.builds(ParaInfo, text=TEXTS, label=LABELS,
                  boxes=st.lists(st.builds(ParaInfo, text=TEXTS, label=LABELS), max_size=2))


@given(st.lists(PARAS, min_size=0, max_size=3), st.booleans(), st.integers(1, 3))
def test_generated_cells_match_the_reference(paras: list[ParaInfo], nested: bool, span: int) -> None:
    items: list[tuple[int, ParaInfo] | Grid] = [(i + 1, p) for i, p in enumerate(paras)]
    if nested:
        inner = GCell(items=[(9, ParaInfo("inner"))], line=9)
        items.insert(len(items) // 2, Grid(rows=[[inner]], line=9))
    _check(GCell(items=items, line=1, colspan=span), 2, 3)
    if items:
        _check(GCell(items=items[:1], line=1, colspan=span))


# -- styles.xml's index: the attributes of each w:style start tag read as bytes ------------------------

def _reference_index(data: bytes) -> tuple[dict[str, bytes], dict[str, str], str | None, str | None]:
    """Styles.from_bytes' index as it was: every attribute decoded into a dict first."""
    ref = Styles(None)
    for start_tag, chunk in style_chunks(data):
        attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(start_tag)}
        sid = attrs.get("styleId")
        if not sid:
            continue
        ref._raw[sid] = chunk
        nm = _NAME.search(chunk)
        if nm:
            ref.names[sid] = nm.group(1).decode("utf-8", "replace")
        ref._mark_default(sid, attrs.get("type"), attrs.get("default"))
    return ref._raw, ref.names, ref.default_para, ref.default_char


def _index(data: bytes) -> tuple[dict[str, bytes], dict[str, str], str | None, str | None]:
    got = Styles.from_bytes(data)
    return got._raw, got.names, got.default_para, got.default_char


_DECL = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


def test_styles_index_of_the_samples_matches_the_reference() -> None:
    for path in SAMPLES:
        with Package(path) as pkg:
            part = pkg.related("styles")
            data = pkg.read(part) if part else b""
        if data and b"<!ENTITY" not in data:
            assert _index(data) == _reference_index(data)


ATTR = st.sampled_from([b'w:styleId="A"', b'w:styleId="B"', b'w:styleId=""', b'w:styleId="\xff\xfe"',
                        b'w:type="paragraph"', b'w:type="character"', b'w:type=""', b'w:type="\xc3"',
                        b'w:default="1"', b'w:default="on"', b'w:default="0"', b'w:default=""',
                        b'xw:default="1"', b'w:customStyle="1"'])


@given(st.lists(st.lists(ATTR, max_size=5), max_size=6))
def test_styles_index_matches_the_reference_on_odd_start_tags(styles: list[list[bytes]]) -> None:
    body = b"".join(b"<w:style " + b" ".join(attrs) + b'><w:name w:val="n"/></w:style>' for attrs in styles)
    data = _DECL + body + b"</w:styles>"
    assert _index(data) == _reference_index(data)
