"""Body items read from a .doc → a minimal .docx package (bytes) for the shared .docx extractor.

Writes what that extractor reads: paragraphs (w:jc, w:outlineLvl, w:numPr), runs (w:rFonts, w:b, w:i,
w:caps, w:vanish, w:sz; "\\n" → w:br, "\\t" → w:tab), tables (w:tblGrid from the cell boundaries,
w:gridSpan, empty leading cells, w:hMerge, w:vMerge), footnotes (w:footnoteReference +
footnotes.xml) and lists (numbering.xml).
"""

from __future__ import annotations

import io
import itertools
import zipfile
from bisect import bisect_left

import regex
from lxml import etree

from cchc_parse.extract.doc.sprm import Chp
from cchc_parse.extract.doc.tables import Cell, Row, Table
from cchc_parse.extract.doc.text import Para

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NOT_XML = regex.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SNAP = 15  # twips: cell boundaries closer than this are one grid line
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.wordprocessingml.document.main+xml"/>'
       '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.wordprocessingml.footnotes+xml"/>'
       '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.wordprocessingml.numbering+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
         '</Relationships>')
_DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{_REL}/footnotes" Target="footnotes.xml"/>'
             f'<Relationship Id="rId2" Type="{_REL}/numbering" Target="numbering.xml"/>'
             '</Relationships>')


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, W + tag)
    for k, v in attrs.items():
        el.set(W + k, v)
    return el


class _Writer:
    def __init__(self, fonts: list[str], lists: int) -> None:
        self.fonts = fonts
        self.lists = lists  # number of list instances (LFOs) numbering.xml defines
        self.footnotes = etree.Element(W + "footnotes", nsmap={"w": W_NS})
        self.next_note = 1

    def rpr(self, r: etree._Element, chp: Chp) -> None:
        rpr = _sub(r, "rPr")
        if chp.ftc is not None and chp.ftc < len(self.fonts) and self.fonts[chp.ftc]:
            name = NOT_XML.sub("", self.fonts[chp.ftc])
            _sub(rpr, "rFonts", ascii=name, hAnsi=name)
        for flag in ("bold", "italic", "caps", "vanish"):
            if getattr(chp, flag):
                _sub(rpr, {"bold": "b", "italic": "i"}.get(flag, flag))
        _sub(rpr, "sz", val=str(chp.hps))

    def run(self, p: etree._Element, text: str, chp: Chp) -> None:
        r = _sub(p, "r")
        self.rpr(r, chp)
        for piece in regex.split(r"([\n\t])", NOT_XML.sub("", text)):
            if piece == "\n":
                _sub(r, "br")
            elif piece == "\t":
                _sub(r, "tab")
            elif piece:
                t = _sub(r, "t")
                t.text = piece
                t.set(_XML_SPACE, "preserve")

    def para(self, parent: etree._Element, para: Para) -> None:
        p = _sub(parent, "p")
        ppr = _sub(p, "pPr")
        if 0 < para.pap.ilfo <= self.lists:
            numpr = _sub(ppr, "numPr")
            _sub(numpr, "ilvl", val=str(para.pap.ilvl))
            _sub(numpr, "numId", val=str(para.pap.ilfo))
        if para.heading is not None:
            _sub(ppr, "outlineLvl", val=str(para.heading - 1))
        if para.pap.jc:
            _sub(ppr, "jc", val=para.pap.jc)
        for text, chp in para.runs:
            self.run(p, text, chp)
        for note in para.notes:
            nid = str(self.next_note)
            self.next_note += 1
            fn = _sub(self.footnotes, "footnote", id=nid)
            for q in note:
                self.para(fn, q)
            _sub(_sub(p, "r"), "footnoteReference", id=nid)

    def items(self, parent: etree._Element, items: list[Para | Table]) -> None:
        for it in items:
            if isinstance(it, Table):
                self.table(parent, it)
            else:
                self.para(parent, it)

    def table(self, parent: etree._Element, t: Table) -> None:
        tbl = _sub(parent, "tbl")
        grid = _grid(t)
        g = _sub(tbl, "tblGrid")
        for a, b in itertools.pairwise(grid):
            _sub(g, "gridCol", w=str(max(b - a, 0)))
        for row in t.rows:
            tr = _sub(tbl, "tr")
            before, spans = _spans(row, grid)
            for _ in range(before):  # as LibreOffice writes a row indented past the grid's start
                _sub(_sub(tr, "tc"), "p")
            for cell, span in zip(row.cells, spans, strict=True):
                self.cell(tr, cell, span)

    def cell(self, tr: etree._Element, c: Cell, span: int) -> None:
        tc = _sub(tr, "tc")
        pr = _sub(tc, "tcPr")
        if span > 1:
            _sub(pr, "gridSpan", val=str(span))
        if c.hmerge:
            _sub(pr, "hMerge", val="restart" if c.hmerge == 1 else "continue")
        if c.vmerge:
            _sub(pr, "vMerge", val="restart" if c.vmerge == 3 else "continue")
        self.items(tc, c.items)
        if not c.items or isinstance(c.items[-1], Table):
            _sub(tc, "p")


def _grid(t: Table) -> list[int]:
    """Grid lines: every cell boundary of the table, near-equal ones merged."""
    xs = sorted({x for r in t.rows for c in r.cells for x in (c.left, c.right) if x is not None})
    out: list[int] = []
    for x in xs:
        if not out or x - out[-1] >= SNAP:
            out.append(x)
    return out


def _spans(row: Row, grid: list[int]) -> tuple[int, list[int]]:
    """(grid columns before the first cell, grid columns each cell spans)."""
    def line(x: int | None) -> int | None:
        if x is None or not grid:
            return None
        i = bisect_left(grid, x - SNAP + 1)
        return min(i, len(grid) - 1)
    first = line(row.cells[0].left) if row.cells else None
    spans = []
    for c in row.cells:
        a, b = line(c.left), line(c.right)
        spans.append(b - a if a is not None and b is not None and b > a else 1)
    return first or 0, spans


def build_docx(items: list[Para | Table], fonts: list[str], numbering: bytes | None = None,
               lists: int = 0) -> bytes:
    """A .docx package holding ``items``, their footnotes and the list definitions (numbering.xml)."""
    w = _Writer(fonts, lists if numbering else 0)
    doc = etree.Element(W + "document", nsmap={"w": W_NS})
    body = _sub(doc, "body")
    w.items(body, items)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", etree.tostring(doc, xml_declaration=True, encoding="UTF-8",
                                                       standalone=True))
        z.writestr("word/footnotes.xml", etree.tostring(w.footnotes, xml_declaration=True,
                                                        encoding="UTF-8", standalone=True))
        if numbering:
            z.writestr("word/numbering.xml", numbering)
    return buf.getvalue()
