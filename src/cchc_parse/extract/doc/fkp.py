"""Formatted disk pages (MS-DOC 2.9.62/2.9.63 PlcBtePapx/PlcBteChpx, 2.9.64/2.9.65 FKPs).

A bin table lists 512-byte pages of the WordDocument stream; each page maps FC ranges (byte
offsets of text) to a grpprl: paragraph properties (PAPX, with the style index) or character
properties (CHPX). ``FcMap.at(fc)`` gives the properties that cover one byte offset.
"""

from __future__ import annotations

import struct
from bisect import bisect_right

PAGE = 512


class FcMap:
    """Sorted FC ranges → (istd, grpprl); istd is 0 for character runs."""

    def __init__(self, ranges: list[tuple[int, int, int, bytes]]) -> None:
        ranges.sort(key=lambda r: r[0])
        self.ranges = ranges
        self.starts = [r[0] for r in ranges]

    def at(self, fc: int) -> tuple[int, bytes] | None:
        """(istd, grpprl) of the range holding ``fc``."""
        r = self._range(fc)
        return (r[2], r[3]) if r else None

    def ends_after(self, fc: int, size: int) -> bool:
        """True when the range holding ``fc`` ends right after the character there."""
        r = self._range(fc)
        return r is not None and r[1] == fc + size

    def _range(self, fc: int) -> tuple[int, int, int, bytes] | None:
        i = bisect_right(self.starts, fc) - 1
        if i < 0:
            return None
        r = self.ranges[i]
        return r if r[0] <= fc < r[1] else None


def _pages(plc: bytes, wd: bytes) -> list[bytes]:
    if len(plc) < 12 or (len(plc) - 4) % 8:
        return []
    n = (len(plc) - 4) // 8
    pns = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1))
    out = []
    for pn in pns:
        off = (pn & 0x3FFFFF) * PAGE
        if off + PAGE <= len(wd):
            out.append(wd[off:off + PAGE])
    return out


def _rgfc(page: bytes) -> tuple[int, tuple[int, ...]]:
    crun = min(page[511], 101)
    return crun, struct.unpack_from(f"<{crun + 1}I", page, 0)


def chpx_map(plc: bytes, wd: bytes) -> FcMap:
    """Character runs of the whole document from its PlcBteChpx."""
    ranges: list[tuple[int, int, int, bytes]] = []
    for page in _pages(plc, wd):
        crun, fcs = _rgfc(page)
        for i in range(crun):
            off = page[4 * (crun + 1) + i] * 2
            grpprl = page[off + 1:off + 1 + page[off]] if 0 < off < PAGE - 1 else b""
            ranges.append((fcs[i], fcs[i + 1], 0, grpprl))
    return FcMap(ranges)


def papx_map(plc: bytes, wd: bytes) -> FcMap:
    """Paragraph runs (istd, grpprl) of the whole document from its PlcBtePapx."""
    ranges: list[tuple[int, int, int, bytes]] = []
    for page in _pages(plc, wd):
        crun, fcs = _rgfc(page)
        if 4 * (crun + 1) + 13 * crun > PAGE - 1:
            continue
        for i in range(crun):
            off = page[4 * (crun + 1) + 13 * i] * 2
            if not 0 < off < PAGE - 1:
                ranges.append((fcs[i], fcs[i + 1], 0, b""))
                continue
            cb = page[off]
            if cb == 0:
                size, start = 2 * page[off + 1], off + 2
            else:
                size, start = 2 * cb - 1, off + 1
            body = page[start:start + size]
            istd = struct.unpack_from("<H", body, 0)[0] if len(body) >= 2 else 0
            ranges.append((fcs[i], fcs[i + 1], istd, body[2:]))
    return FcMap(ranges)
