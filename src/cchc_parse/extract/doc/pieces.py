"""The piece table (Clx → Pcdt → PlcPcd, MS-DOC 2.9.38): where each character of the text is stored.

A piece maps a CP range to bytes of the WordDocument stream: 8-bit cp1252 at ``fc / 2`` when bit
30 of its FcCompressed is set, UTF-16LE at ``fc`` otherwise. Pieces may carry a property
modifier (Prm) pointing into the Clx's list of grpprls (Prc).
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass

MAX_PIECES = 1_000_000


class PieceError(ValueError):
    """The Clx is missing or inconsistent with the WordDocument stream."""


@dataclass(frozen=True)
class Piece:
    cp: int  # first CP
    cp_end: int
    fc: int  # byte offset of the first character in the WordDocument stream
    compressed: bool
    grpprl: bytes  # sprms the piece's Prm applies (b"" if none)

    def fc_of(self, cp: int) -> int:
        return self.fc + (cp - self.cp) * (1 if self.compressed else 2)


# 8-bit pieces are cp1252: Latin-1 but for 0x80-0x9F (the five bytes cp1252 leaves undefined stay)
_TRANS = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


def parse_clx(clx: bytes) -> list[Piece]:
    """Pieces in CP order from the Clx bytes (Prc entries, then one Pcdt)."""
    prc: list[bytes] = []
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:
        if pos + 3 > len(clx):
            raise PieceError("the Clx is truncated")
        cb = struct.unpack_from("<h", clx, pos + 1)[0]
        if cb < 0 or pos + 3 + cb > len(clx):
            raise PieceError("a Prc entry of the Clx runs past its end")
        prc.append(clx[pos + 3:pos + 3 + cb])
        pos += 3 + cb
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise PieceError("the Clx has no piece table (Pcdt)")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    if len(plc) < lcb or lcb < 16 or (lcb - 4) % 12:
        raise PieceError("the piece table is truncated or has a bad size")
    n = (lcb - 4) // 12
    if n > MAX_PIECES:
        raise PieceError(f"the piece table has {n} pieces")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out: list[Piece] = []
    for i in range(n):
        _flags, fcc, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * i)
        compressed = bool(fcc & 0x40000000)
        fc = fcc & 0x3FFFFFFF
        if compressed:
            fc //= 2
        grpprl = b""
        if prm & 1 and (prm >> 1) < len(prc):
            grpprl = prc[prm >> 1]
        if cps[i + 1] < cps[i]:
            raise PieceError("the piece table's CPs are not in order")
        out.append(Piece(cps[i], cps[i + 1], fc, compressed, grpprl))
    return out


class PieceTable:
    """Text and FCs of a CP range."""

    def __init__(self, pieces: list[Piece], wd: bytes) -> None:
        self.pieces = pieces
        self.wd = wd
        self._starts = [p.cp for p in pieces]
        self.cp_max = pieces[-1].cp_end if pieces else 0

    def piece_at(self, cp: int) -> Piece | None:
        i = bisect_right(self._starts, cp) - 1
        if i < 0 or cp >= self.pieces[i].cp_end:
            return None
        return self.pieces[i]

    def text(self, start: int, end: int) -> str:
        """Characters of CPs [start, end) (PieceError when the range is not all stored)."""
        if end > self.cp_max:
            raise PieceError(f"the text ends at CP {self.cp_max}, the FIB needs {end}")
        out: list[str] = []
        for p in self.pieces:
            lo, hi = max(start, p.cp), min(end, p.cp_end)
            if lo >= hi:
                continue
            a = p.fc_of(lo)
            b = p.fc_of(hi)
            if b > len(self.wd):
                raise PieceError("a piece of text lies beyond the end of the WordDocument stream")
            raw = self.wd[a:b]
            out.append(raw.decode("latin-1").translate(_TRANS) if p.compressed
                       else raw.decode("utf-16-le", errors="replace"))
        return "".join(out)

