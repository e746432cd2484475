"""Paragraphs → body items: paragraphs and (nested) tables (MS-DOC 2.4.3 "Overview of Tables").

A paragraph at table depth d ≥ 1 (sprmPFInTable, sprmPItap) belongs to a table of that depth. At
depth 1 a cell ends with a cell mark ("\\x07") and a row with a paragraph that has sprmPFTtp; deeper
cells end with sprmPFInnerTableCell and rows with sprmPFInnerTtp. The row-end paragraph carries
the row's cell boundaries and merge flags (sprmTDefTable, sprmTVertMerge); it is not content.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from cchc_parse.extract.doc.text import Para

MAX_CELLS = 64


@dataclass
class Cell:
    items: list[Para | Table] = field(default_factory=list)
    left: int | None = None
    right: int | None = None
    hmerge: int = 0  # 0 none, 1 first of a horizontal merge, 2 merged into the one on the left
    vmerge: int = 0  # 0 none, 1 merged into the one above, 3 first of a vertical merge


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)


def _end_row(row: Row, pap_tdef: bytes | None, vmerge: dict[int, int]) -> None:
    """Cell boundaries and merge flags of a row from its TDefTable operand and sprmTVertMerge."""
    if pap_tdef and len(pap_tdef) >= 3:
        n = min(pap_tdef[2], MAX_CELLS)
        xs_end = 3 + 2 * (n + 1)
        if len(pap_tdef) >= xs_end:
            xs = struct.unpack_from(f"<{n + 1}h", pap_tdef, 3)
            for i, c in enumerate(row.cells[:n]):
                c.left, c.right = xs[i], xs[i + 1]
                tc = xs_end + 20 * i
                if tc + 2 <= len(pap_tdef):
                    grf = struct.unpack_from("<H", pap_tdef, tc)[0]
                    c.hmerge = min(grf & 0x3, 2)
                    c.vmerge = (grf >> 5) & 0x3
    for i, flag in vmerge.items():
        if i < len(row.cells):
            row.cells[i].vmerge = flag


class _Builder:
    def __init__(self) -> None:
        self.body: list[Para | Table] = []
        self.stack: list[tuple[Table, Row, Cell]] = []

    def _container(self) -> list[Para | Table]:
        return self.stack[-1][2].items if self.stack else self.body

    def _close(self) -> None:
        table, row, cell = self.stack.pop()
        if cell.items:
            row.cells.append(cell)
        if row.cells:
            table.rows.append(row)
        if table.rows:
            self._container().append(table)

    def add(self, p: Para) -> None:
        d = min(p.pap.depth, MAX_CELLS)
        while len(self.stack) > d:
            self._close()
        while len(self.stack) < d:
            self.stack.append((Table(), Row(), Cell()))
        if d == 0:
            self.body.append(p)
            return
        table, row, cell = self.stack[-1]
        if (p.pap.ttp if d == 1 else p.pap.inner_ttp):
            if cell.items:
                row.cells.append(cell)
            _end_row(row, p.pap.tdef, p.pap.vmerge)
            table.rows.append(row)
            self.stack[-1] = (table, Row(), Cell())
            return
        cell.items.append(p)
        if (p.cell_end if d == 1 else p.pap.inner_cell):
            row.cells.append(cell)
            self.stack[-1] = (table, row, Cell())

    def finish(self) -> list[Para | Table]:
        while self.stack:
            self._close()
        return self.body


def body_items(paras: list[Para]) -> list[Para | Table]:
    """Group paragraphs into the body's paragraphs and tables."""
    b = _Builder()
    for p in paras:
        b.add(p)
    return b.finish()
