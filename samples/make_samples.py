#!/usr/bin/env python3
"""Build samples/docx/001-kh-svhttdl-word.docx: seed 001 as Word would hold it.

Reads samples/text/001-kh-svhttdl.txt (the repo copy of the seed) and writes a .docx with:
- a header layout table (agency | Quốc hiệu, Tiêu ngữ; "Số: /KH-SVHTTDL" | place and date);
- KẾ HOẠCH, the title, the Căn cứ paragraph;
- sections I/II/III with Word AUTOMATIC numbering (upperRoman "%1.", decimal "%2.",
  lowerLetter "%3)"): Word shows "e)" where the typist wrote "đ)" — expected;
- the task table with a two-row merged header (Stt, Nội dung, "Tổ chức thực hiện" spanning
  "Đơn vị chủ trì" / "Đơn vị phối hợp", Sản phẩm, Thời gian; vMerge on the one-row cells; both
  header rows repeat on every page), rows as in the seed, a row the seed shows broken by a page
  break being one row here;
- the back layout table (Nơi nhận list | GIÁM ĐỐC / name).

Deterministic: fixed core-property dates and zip timestamps, so a rebuild gives the same bytes.
Usage: python samples/make_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
SEED = HERE / "text" / "001-kh-svhttdl.txt"
OUT_NAME = "001-kh-svhttdl-word.docx"
FIXED = dt.datetime(2023, 1, 5, 8, 0, 0)
NUM_ID = 42

_ROMAN = re.compile(r"^(?P<lab>[IVX]+)\.\s+(?P<rest>.+)$")
_DEC = re.compile(r"^(?P<lab>\d{1,2})\.\s+(?P<rest>.+)$")
_LET = re.compile(r"^(?P<lab>[a-zđ])\)\s+(?P<rest>.+)$")
_TERMINAL = re.compile(r"[.;:!?…)\]”\"'/]\s*$")

ABSTRACT = f"""<w:abstractNum {nsdecls('w')} w:abstractNumId="{NUM_ID}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>
    <w:rPr><w:b/></w:rPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>
    <w:rPr><w:b/></w:rPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>'


def read_seed(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def split_seed(lines: list[str]) -> dict[str, object]:
    """Seed text → header facts, body paragraphs (with levels), table rows, back matter."""
    text = [ln.rstrip() for ln in lines]
    nonblank = [ln for ln in text if ln.strip()]
    so = next(ln for ln in nonblank if ln.startswith("Số:"))
    date = next(ln for ln in nonblank if ", ngày" in ln)
    i_type = nonblank.index("KẾ HOẠCH")
    title = nonblank[i_type + 1]
    i_recip = nonblank.index("Nơi nhận:")
    body_src = nonblank[i_type + 2:i_recip]
    back = nonblank[i_recip + 1:]
    # body: paragraphs and the table (tab-separated rows)
    paras: list[tuple[int | None, str]] = []
    rows: list[list[str]] = []
    table_at = None
    for ln in body_src:
        if "\t" in ln:
            cells = [c.strip() for c in ln.split("\t")]
            cells += [""] * (6 - len(cells))
            if table_at is None:
                table_at = len(paras)
            if rows and not cells[0] and len(rows) > 2:  # a row the page break cut in two
                rows[-1] = [f"{a} {b}".strip() if b else a for a, b in zip(rows[-1], cells, strict=True)]
            else:
                rows.append(cells)
            continue
        for rx, lvl in ((_ROMAN, 0), (_DEC, 1), (_LET, 2)):
            m = rx.match(ln)
            if m:
                paras.append((lvl, m["rest"]))
                break
        else:
            prev = paras[-1] if paras else None
            if prev and prev[1] and not _TERMINAL.search(prev[1]) and ln[:1].islower():
                paras[-1] = (prev[0], f"{prev[1]} {ln}")  # the seed's page break inside a paragraph
            else:
                paras.append((None, ln))
    recipients = [ln for ln in back if ln.startswith("-")]
    signer = [ln for ln in back if not ln.startswith("-")]
    return {"so": so, "date": date, "title": title, "paras": paras, "rows": rows,
            "table_at": table_at, "recipients": recipients, "signer": signer}


def _font(run, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic


def _para(container, text: str, *, size: float = 14, bold: bool = False, italic: bool = False,
          align=None, first_line: float | None = None, space_after: float = 0):
    p = container.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold, italic)
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_after = Pt(space_after)
    pf.space_before = Pt(0)
    if first_line is not None:
        pf.first_line_indent = Cm(first_line)
    return p


def _cell_para(cell, text: str, **kw):
    """Write into a cell: reuse its first empty paragraph, then add more."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs \
            and not getattr(cell, "_used", False):
        p = cell.paragraphs[0]
        cell._used = True
        if text:
            _font(p.add_run(text), kw.get("size", 14), kw.get("bold", False), kw.get("italic", False))
        if kw.get("align") is not None:
            p.alignment = kw["align"]
        return p
    cell._used = True
    return _para(cell, text, **kw)


def _numbered(doc, level: int, text: str, bold: bool) -> None:
    p = _para(doc, text, bold=bold, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                            f'<w:numId w:val="{NUM_ID}"/></w:numPr>'))


def _no_borders(table) -> None:
    tblPr = table._tbl.tblPr
    tblPr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))


def _header_row(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def build(seed: Path) -> bytes:
    s = split_seed(read_seed(seed))
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(parse_xml(ABSTRACT))
    else:
        numbering.append(parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))

    # header layout table
    head = doc.add_table(rows=2, cols=2)
    _no_borders(head)
    c = WD_ALIGN_PARAGRAPH.CENTER
    _cell_para(head.cell(0, 0), "UBND TỈNH BÌNH DƯƠNG", size=13, align=c)
    _cell_para(head.cell(0, 0), "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", size=13, bold=True, align=c)
    _cell_para(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=c)
    _cell_para(head.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", bold=True, align=c)
    _cell_para(head.cell(1, 0), str(s["so"]), align=c)
    _cell_para(head.cell(1, 1), str(s["date"]), italic=True, align=c)
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(9.5)

    _para(doc, "")
    _para(doc, "KẾ HOẠCH", bold=True, align=c)
    _para(doc, str(s["title"]), bold=True, align=c, space_after=12)

    paras: list[tuple[int | None, str]] = s["paras"]  # type: ignore[assignment]
    table_at = s["table_at"]
    for k, (lvl, text) in enumerate(paras):
        if k == table_at:
            _task_table(doc, s["rows"])  # type: ignore[arg-type]
        if lvl is None:
            _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1.0, space_after=6)
        else:
            _numbered(doc, lvl, text, bold=lvl < 2)
    if table_at is not None and table_at >= len(paras):
        _task_table(doc, s["rows"])  # type: ignore[arg-type]

    # back layout table
    _para(doc, "")
    back = doc.add_table(rows=1, cols=2)
    _no_borders(back)
    left, right = back.cell(0, 0), back.cell(0, 1)
    _cell_para(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for r in s["recipients"]:  # type: ignore[union-attr]
        _cell_para(left, str(r), size=11)
    signer: list[str] = s["signer"]  # type: ignore[assignment]
    _cell_para(right, signer[0], bold=True, align=c)
    for _ in range(3):
        _cell_para(right, "", align=c)
    for name in signer[1:]:
        _cell_para(right, name, bold=True, align=c)
    left.width, right.width = Cm(7.5), Cm(8.5)

    cp = doc.core_properties
    cp.author = cp.last_modified_by = "Sở Văn hóa, Thể thao và Du lịch"
    cp.title = str(s["title"])
    cp.created = cp.modified = cp.last_printed = FIXED
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _task_table(doc, rows: list[list[str]]) -> None:
    header, body = rows[:2], rows[2:]
    t = doc.add_table(rows=len(rows), cols=6)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(1.1), Cm(5.0), Cm(2.4), Cm(2.8), Cm(2.4), Cm(2.3)]
    # two-row header: vMerge on the one-row cells, gridSpan over the two unit columns
    for col in (0, 1, 4, 5):
        t.cell(0, col).merge(t.cell(1, col))
    t.cell(0, 2).merge(t.cell(0, 3))
    labels = {0: header[0][0], 1: header[0][1], 2: header[0][2], 4: header[0][4], 5: header[0][5]}
    for col, text in labels.items():
        _cell_para(t.cell(0, col), text, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_para(t.cell(1, 2), header[1][2], size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_para(t.cell(1, 3), header[1][3], size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _header_row(t.rows[0])
    _header_row(t.rows[1])
    for r, cells in enumerate(body, start=2):
        area = bool(cells[0]) and "." not in cells[0] and cells[0].isdigit()
        for col, text in enumerate(cells):
            _cell_para(t.cell(r, col), text, size=12, bold=area,
                       align=WD_ALIGN_PARAGRAPH.CENTER if col in (0, 5) else None)
    for row in t.rows:
        for col, cell in enumerate(row.cells):
            cell.width = widths[col]


def _fixed_zip(data: bytes) -> bytes:
    """Same members, fixed timestamps and order: identical bytes on every rebuild."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2023, 1, 5, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "docx", help="output folder (default samples/docx)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / OUT_NAME
    target.write_bytes(build(SEED))
    print(target)


if __name__ == "__main__":
    main()
