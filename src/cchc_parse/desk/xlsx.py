"""A small, fast .xlsx writer: rows streamed straight into the sheet XML (about 10x openpyxl's write-only
mode, which spends microseconds per cell), inline strings, four cell styles (header, text, wrapped text,
date), frozen header row, autofilter, column widths. Fixed zip member dates: the same rows give the
same bytes. openpyxl reads the result back (the tests do).

A batch's sheets can be far larger than memory (a national archive has millions of task rows): it
streams their rows into a RowSpool, which numbers each row's XML as it comes and keeps it in
temporary files, one per Excel-sized part; the workbook then copies them into the zip."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header
XLSX_MAX_CELL = 32_767
DATE_FORMAT = "DD/MM/YYYY"  # the Vietnamese way of writing a date
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CHUNK_ROWS = 2000
SPOOL_MEMORY = 4 << 20  # bytes of a spooled sheet part kept in memory; past that, a temporary file
ZIP64_AT = 1 << 30  # a sheet part of this many bytes of XML or more gets a ZIP64 entry (past 2 GiB needs it)
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")  # 2023-06-30
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0
ROW_MARK = "\x00"  # the row number in row_xml's rows: never in a cell (_NOT_XML drops it from text)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
S_HEADER, S_TEXT, S_WRAP, S_DATE = 1, 2, 3, 4  # cellXfs indexes in STYLES
STYLES = HEAD + (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE4EE"/><bgColor indexed="64"/></patternFill>'
    '</fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyAlignment="1"><alignment vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


@dataclass
class XCol:
    header: str
    width: float
    kind: str = "text"  # text | wrap | date (an ISO date string or a date → a date cell) | number | bool
    labels: dict[str, str] = field(default_factory=dict)  # a stored value → the text shown


class RowSpool:
    """The XML of a sheet's rows as they come (row_xml's, with ROW_MARK), numbered at once and kept in
    temporary files: in memory up to ``memory`` bytes each, then on disk in ``folder`` (unnamed: nothing
    is left behind). One file per part of XLSX_MAX_ROWS rows, each part numbered from row 2, as
    split_long splits a sheet. ``close`` frees them."""

    def __init__(self, folder: Path | None = None, memory: int | None = None) -> None:
        self.folder, self.memory = folder, SPOOL_MEMORY if memory is None else memory
        self.n = 0
        self.parts: list[IO[bytes]] = []

    def add(self, made: list[str]) -> None:
        i = 0
        while i < len(made):
            part = self.n // XLSX_MAX_ROWS
            if part == len(self.parts):
                self.parts.append(tempfile.SpooledTemporaryFile(  # noqa: SIM115 — closed by close()
                    max_size=self.memory, dir=None if self.folder is None else str(self.folder)))
            take = min(len(made) - i, XLSX_MAX_ROWS * (part + 1) - self.n)
            first = self.n - XLSX_MAX_ROWS * part + 2
            self.parts[part].write("".join([t.replace(ROW_MARK, str(k))
                                            for k, t in enumerate(made[i:i + take], first)]).encode("utf-8"))
            self.n += take
            i += take

    def close(self) -> None:
        for f in self.parts:
            f.close()


@dataclass
class XSheet:
    name: str
    cols: list[XCol]
    rows: list[list[Any]]  # with ``made`` or ``spool``: its first rows (those the column widths look at) or all
    made: list[str] | None = None  # the rows' XML made ahead (row_xml), else made from ``rows``
    spool: RowSpool | None = None  # the rows' XML, numbered, of a sheet too large to hold (RowSpool)
    body: tuple[IO[bytes], int] | None = None  # one part of a spool and its row count (split_long)

    @property
    def n_rows(self) -> int:
        if self.body is not None:
            return self.body[1]
        if self.spool is not None:
            return self.spool.n
        return len(self.made) if self.made is not None else len(self.rows)

    def zip64(self) -> bool:
        """Whether its entry needs room for more than 2 GiB (decided from its rows: the same bytes)."""
        if self.body is not None:
            return self.body[0].tell() >= ZIP64_AT
        return self.made is not None and sum(map(len, self.made)) >= ZIP64_AT // 4


def letter(i: int) -> str:
    """0 → 'A', 27 → 'AB'."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_name(name: str, taken: set[str]) -> str:
    """A name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook (case-blind)."""
    base = _SHEET_BAD.sub("-", name).strip("'") or "Sheet"
    out, k = base[:31], 1
    while out.lower() in taken:
        k += 1
        out = f"{base[:31 - len(str(k)) - 3]} ({k})"
    taken.add(out.lower())
    return out


def iso_date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    m = _ISO.match(v) if isinstance(v, str) else None
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _esc(s: str) -> str:
    if _NOT_XML.search(s) is not None:
        s = _NOT_XML.sub("", s)
    if len(s) > XLSX_MAX_CELL:
        s = s[:XLSX_MAX_CELL]
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _text(ref: str, s: str, style: int) -> str:
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_esc(s)}</t></is></c>'


def _cell_writer(col: XCol) -> Callable[[str, Any], str]:
    """(cell reference, stored value) → the cell's XML ('' for an empty cell)."""
    style = S_WRAP if col.kind == "wrap" else S_TEXT
    labels, is_date = col.labels, col.kind == "date"
    head = f'" s="{style}" t="inlineStr"><is><t xml:space="preserve">'

    def cell(ref: str, v: Any) -> str:
        if v.__class__ is str and not is_date:  # most cells: a text, written at once
            if not v:
                return ""
            return f'<c r="{ref}{head}{_esc(labels.get(v, v) if labels else v)}</t></is></c>'
        if v is None or v == "":
            return ""
        if is_date and (d := iso_date(v)) is not None:
            return f'<c r="{ref}" s="{S_DATE}"><v>{(d - _EPOCH).days}</v></c>'
        if isinstance(v, bool):
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(v)}</v></c>'
        if isinstance(v, int) or (isinstance(v, float) and v == v and abs(v) != float("inf")):
            return f'<c r="{ref}" s="{style}"><v>{v!r}</v></c>'
        s = v if isinstance(v, str) else str(v)
        return _text(ref, labels.get(s, s), style)

    return cell


def row_xml(cols: list[XCol], rows: list[list[Any]]) -> list[str]:
    """Each row's XML with ROW_MARK for its row number (a batch worker makes them for its plan's rows,
    the workbook numbers them): ``t.replace(ROW_MARK, str(k))`` is row ``k`` as the sheet holds it."""
    writers = [_cell_writer(c) for c in cols]
    refs = [letter(i) + ROW_MARK for i in range(len(cols))]
    head = f'<row r="{ROW_MARK}">'
    return [head + "".join([w(x, v) for w, x, v in zip(writers, refs, row, strict=True)]) + "</row>"
            for row in rows]


def _sheet_xml(sheet: XSheet, first: bool) -> Iterator[str | IO[bytes]]:
    n, last = sheet.n_rows + 1, letter(max(len(sheet.cols) - 1, 0))
    letters = [letter(i) for i in range(len(sheet.cols))]
    selected = 'tabSelected="1" ' if first else ""
    yield (f'{HEAD}<worksheet {NS}><dimension ref="A1:{last}{n}"/><sheetViews><sheetView '
           f'{selected}workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
           '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
    yield "".join(f'<col min="{i + 1}" max="{i + 1}" width="{c.width:g}" customWidth="1"/>'
                  for i, c in enumerate(sheet.cols))
    yield '</cols><sheetData><row r="1">' + "".join(
        _text(f"{x}1", c.header, S_HEADER) for x, c in zip(letters, sheet.cols, strict=True)) + "</row>"
    if sheet.body is not None:  # a spooled part: its numbered rows, copied as they are
        yield sheet.body[0]
    for start in range(0, sheet.n_rows if sheet.body is None else 0, CHUNK_ROWS):
        rows = sheet.rows[start:start + CHUNK_ROWS]
        made = row_xml(sheet.cols, rows) if sheet.made is None else sheet.made[start:start + CHUNK_ROWS]
        yield "".join([t.replace(ROW_MARK, str(k)) for k, t in enumerate(made, start + 2)])
    yield f'</sheetData><autoFilter ref="A1:{last}{n}"/></worksheet>'


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _parts(sheets: list[XSheet]) -> dict[str, str]:
    """Every part but the sheets themselves."""
    m = len(sheets)
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    over = "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{ct}.worksheet+xml"/>'
                   for i in range(m))
    types = (f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
             f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>{over}</Types>')
    root = f'{rels}<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
    wrels = "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" '
                    f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(m))
    wrels += f'<Relationship Id="rId{m + 1}" Type="{rel}/styles" Target="styles.xml"/>'
    names = "".join(f'<sheet name="{_esc(s.name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                    for i, s in enumerate(sheets))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{_esc(_quoted(s.name))}!'
        f'$A$1:${letter(max(len(s.cols) - 1, 0))}${s.n_rows + 1}</definedName>'
        for i, s in enumerate(sheets))
    book = (f'{HEAD}<workbook {NS}><bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{names}</sheets><definedNames>{filters}</definedNames></workbook>')
    return {"[Content_Types].xml": types, "_rels/.rels": f"{root}</Relationships>", "xl/workbook.xml": book,
            "xl/_rels/workbook.xml.rels": f"{rels}{wrels}</Relationships>", "xl/styles.xml": STYLES}


def split_long(sheets: list[XSheet]) -> list[XSheet]:
    """A sheet past Excel's row limit goes on in 'Name (2)', 'Name (3)'…; names made valid and unique."""
    taken: set[str] = set()
    out = []
    for s in sheets:
        starts = range(0, s.n_rows, XLSX_MAX_ROWS) or range(1)
        if s.spool is not None:  # spooled: already split, each part numbered from row 2
            for k, i in enumerate(starts):
                body = (s.spool.parts[k], min(XLSX_MAX_ROWS, s.n_rows - i)) if s.spool.parts else None
                out.append(XSheet(sheet_name(s.name if k == 0 else f"{s.name} ({k + 1})", taken), s.cols,
                                  [], body=body))
            continue
        for k, i in enumerate(starts):
            made = None if s.made is None else s.made[i:i + XLSX_MAX_ROWS]
            out.append(XSheet(sheet_name(s.name if k == 0 else f"{s.name} ({k + 1})", taken), s.cols,
                              s.rows[i:i + XLSX_MAX_ROWS], made))
    return out


def _member(z: zipfile.ZipFile, name: str, zip64: bool = False) -> IO[bytes]:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
    return z.open(info, "w", force_zip64=zip64)


def write_xlsx(target: Path, sheets: list[XSheet]) -> None:
    """Write the workbook to ``target`` (the caller makes that atomic); the first sheet opens first."""
    sheets = split_long(sheets)
    with zipfile.ZipFile(target, "w") as z:
        for name, text in _parts(sheets).items():
            with _member(z, name) as f:
                f.write(text.encode("utf-8"))
        for i, s in enumerate(sheets):
            with _member(z, f"xl/worksheets/sheet{i + 1}.xml", s.zip64()) as f:
                for chunk in _sheet_xml(s, i == 0):
                    if isinstance(chunk, str):
                        f.write(chunk.encode("utf-8"))
                    else:
                        chunk.seek(0)
                        shutil.copyfileobj(chunk, f, 1 << 20)
