"""Single property modifiers (sprms, MS-DOC 2.6): walk a grpprl and apply the ones this reader uses.

A sprm is a 16-bit code whose top three bits (spra) give the operand size: 1, 1, 2, 4, 2, 2,
variable (first byte is the size), 3 bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
SPRM_T_DEF_TABLE = 0xD608
SPRM_P_CHG_TABS = 0xC615
SPRM_P_HUGE_PAPX = 0x6646
SPRM_T_VERT_MERGE = 0xD62B
# paragraph
_P_JC80, _P_JC, _P_IN_TABLE, _P_TTP = 0x2403, 0x2461, 0x2416, 0x2417
_P_ITAP, _P_INNER_CELL, _P_INNER_TTP, _P_OUTLVL = 0x6649, 0x244B, 0x244C, 0x2640
_P_ILVL, _P_ILFO = 0x260A, 0x460B
_JC = {0: "left", 1: "center", 2: "right", 3: "both", 4: "distribute"}
# character
_C_BOLD, _C_ITALIC, _C_CAPS, _C_VANISH = 0x0835, 0x0836, 0x083B, 0x083C
_C_HPS, _C_FTC0, _C_ISTD, _C_RMARK_DEL, _C_OLE2 = 0x4A43, 0x4A4F, 0x4A30, 0x0800, 0x080A
_C_SYMBOL = 0x6A09


def iter_sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """(sprm, operand) pairs; stops quietly at a truncated last sprm."""
    pos, n = 0, len(grpprl)
    while pos + 2 <= n:
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra != 6:
            size = _SIZE[spra]
        elif sprm == SPRM_T_DEF_TABLE:
            if pos + 2 > n:
                return
            size = struct.unpack_from("<H", grpprl, pos)[0] + 1  # cb counts itself minus one
        elif sprm == SPRM_P_CHG_TABS and pos < n and grpprl[pos] == 255:
            size = _chg_tabs_size(grpprl, pos)
        else:
            if pos >= n:
                return
            size = grpprl[pos] + 1
        if pos + size > n:
            return
        yield sprm, grpprl[pos:pos + size]
        pos += size


def _chg_tabs_size(b: bytes, pos: int) -> int:
    """sprmPChgTabs with cb 255: 1 + (cDel, 4 bytes each) + (cAdd, 3 bytes each)."""
    p = pos + 1
    n_del = b[p] if p < len(b) else 0
    p += 1 + 4 * n_del
    n_add = b[p] if p < len(b) else 0
    p += 1 + 3 * n_add
    return p - pos


@dataclass(frozen=True)
class Chp:
    """Character properties this reader keeps."""

    bold: bool = False
    italic: bool = False
    caps: bool = False
    vanish: bool = False
    deleted: bool = False  # revision-marked deletion: not shown
    ole2: bool = False
    hps: int = 20  # half-points
    ftc: int | None = None  # font index in SttbfFfn (ASCII)
    istd: int = 10  # character style; 10 = Default Paragraph Font
    symbol: int | None = None  # sprmCSymbol: the character a special "(" stands for (0xF0B7 …)


def _toggle(op: bytes, current: bool, style: bool) -> bool:
    v = op[0]
    if v in (0, 1):
        return bool(v)
    return style if v == 0x80 else (not style if v == 0x81 else current)


def apply_chp(grpprl: bytes, chp: Chp, style: Chp | None = None) -> Chp:
    """``chp`` with the character sprms of ``grpprl`` applied (toggles relative to ``style``)."""
    base = style or chp
    ch: dict[str, object] = {}
    for sprm, op in iter_sprms(grpprl):
        if sprm == _C_BOLD:
            ch["bold"] = _toggle(op, bool(ch.get("bold", chp.bold)), base.bold)
        elif sprm == _C_ITALIC:
            ch["italic"] = _toggle(op, bool(ch.get("italic", chp.italic)), base.italic)
        elif sprm == _C_CAPS:
            ch["caps"] = _toggle(op, bool(ch.get("caps", chp.caps)), base.caps)
        elif sprm == _C_VANISH:
            ch["vanish"] = _toggle(op, bool(ch.get("vanish", chp.vanish)), base.vanish)
        elif sprm == _C_RMARK_DEL:
            ch["deleted"] = bool(op[0])
        elif sprm == _C_OLE2:
            ch["ole2"] = bool(op[0])
        elif sprm == _C_HPS and len(op) == 2:
            ch["hps"] = struct.unpack("<H", op)[0]
        elif sprm == _C_FTC0 and len(op) == 2:
            ch["ftc"] = struct.unpack("<H", op)[0]
        elif sprm == _C_ISTD and len(op) == 2:
            ch["istd"] = struct.unpack("<H", op)[0]
        elif sprm == _C_SYMBOL and len(op) == 4:  # ftc, xchar
            ch["symbol"] = struct.unpack_from("<H", op, 2)[0]
    return replace(chp, **ch) if ch else chp  # type: ignore[arg-type]


@dataclass
class Pap:
    """Paragraph properties this reader keeps (mutable while a grpprl is applied)."""

    istd: int = 0
    jc: str | None = None
    in_table: bool = False
    ttp: bool = False
    itap: int = 0
    inner_cell: bool = False
    inner_ttp: bool = False
    outline: int | None = None
    ilfo: int = 0  # list (LFO, 1-based) the paragraph is numbered in; 0 = none
    ilvl: int = 0
    huge: int | None = None  # offset of a PrcData in the Data stream (sprmPHugePapx)
    tdef: bytes | None = None  # sprmTDefTable operand of a row end
    vmerge: dict[int, int] = field(default_factory=dict)  # sprmTVertMerge: cell → flag

    @property
    def depth(self) -> int:
        return max(self.itap, 1) if self.in_table else self.itap


def apply_pap(grpprl: bytes, pap: Pap) -> Pap:
    """Apply paragraph (and table) sprms of ``grpprl`` to ``pap`` in place; returns it."""
    for sprm, op in iter_sprms(grpprl):
        if sprm in (_P_JC80, _P_JC):
            pap.jc = _JC.get(op[0], pap.jc)
        elif sprm == _P_IN_TABLE:
            pap.in_table = bool(op[0])
        elif sprm == _P_TTP:
            pap.ttp = bool(op[0])
        elif sprm == _P_ITAP and len(op) == 4:
            pap.itap = max(0, min(struct.unpack("<i", op)[0], 64))
        elif sprm == _P_INNER_CELL:
            pap.inner_cell = bool(op[0])
        elif sprm == _P_INNER_TTP:
            pap.inner_ttp = bool(op[0])
        elif sprm == _P_OUTLVL:
            pap.outline = op[0]
        elif sprm == _P_ILFO and len(op) == 2:
            pap.ilfo = struct.unpack("<H", op)[0]
        elif sprm == _P_ILVL:
            pap.ilvl = min(op[0], 8)
        elif sprm == SPRM_P_HUGE_PAPX and len(op) == 4:
            pap.huge = struct.unpack("<I", op)[0]
        elif sprm == SPRM_T_DEF_TABLE:
            pap.tdef = op
        elif sprm == SPRM_T_VERT_MERGE and len(op) >= 3:
            pap.vmerge[op[1]] = op[2]
    return pap
