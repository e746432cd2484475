"""The style sheet (STSH, MS-DOC 2.9.271) and the font table (SttbfFfn, 2.9.284) of a .doc.

Styles resolve through their ``istdBase`` chain into the paragraph and character properties a
paragraph in that style starts from; fonts are wanted only by name (legacy TCVN3/VNI detection).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

from cchc_parse.extract.doc.sprm import Chp, Pap, apply_chp, apply_pap

MAX_STYLES = 4096
_STK_PARA, _STK_CHAR = 1, 2


@dataclass(frozen=True)
class _Std:
    stk: int
    base: int
    sti: int
    papx: bytes
    chpx: bytes


class StyleSheet:
    """Resolved properties of paragraph and character styles (unknown istd → defaults)."""

    def __init__(self, stsh: bytes) -> None:
        self.stds: dict[int, _Std] = {}
        self.default = Chp()
        if len(stsh) >= 2:
            self._parse(stsh)
        self._para: dict[int, tuple[Pap, Chp, int | None]] = {}
        self._char: dict[int, bytes] = {}

    def _parse(self, b: bytes) -> None:
        cb_stshi = struct.unpack_from("<H", b, 0)[0]
        if cb_stshi < 18 or 2 + cb_stshi > len(b):
            return
        cstd, cb_base = struct.unpack_from("<HH", b, 2)
        self.default = Chp(ftc=struct.unpack_from("<H", b, 2 + 12)[0])
        pos = 2 + cb_stshi
        for istd in range(min(cstd, MAX_STYLES)):
            if pos + 2 > len(b):
                break
            cb = struct.unpack_from("<H", b, pos)[0]
            std = b[pos + 2:pos + 2 + cb]
            pos += 2 + cb
            if cb >= 10 and len(std) == cb:
                parsed = _parse_std(std, cb_base)
                if parsed is not None:
                    self.stds[istd] = parsed

    def _chain(self, istd: int) -> list[_Std]:
        out: list[_Std] = []
        seen: set[int] = set()
        while istd in self.stds and istd not in seen:
            seen.add(istd)
            std = self.stds[istd]
            out.append(std)
            istd = std.base
        out.reverse()
        return out

    def para(self, istd: int) -> tuple[Pap, Chp, int | None]:
        """(paragraph props, run props, heading level 1-9 or None) of a paragraph style."""
        hit = self._para.get(istd)
        if hit is None:
            pap, chp, heading = Pap(), self.default, None
            for std in self._chain(istd):
                apply_pap(std.papx, pap)
                chp = apply_chp(std.chpx, chp)
                heading = std.sti if 1 <= std.sti <= 9 else heading
            if pap.outline is not None and pap.outline < 9:
                heading = pap.outline + 1
            hit = self._para[istd] = (pap, chp, heading)
        pap, chp, heading = hit
        return replace(pap, istd=istd, vmerge={}), chp, heading

    def char(self, istd: int, chp: Chp) -> Chp:
        """``chp`` with the character style ``istd`` (and its bases) applied."""
        if istd not in self._char:
            self._char[istd] = b"".join(s.chpx for s in self._chain(istd) if s.stk == _STK_CHAR)
        return apply_chp(self._char[istd], chp) if self._char[istd] else chp


def _parse_std(std: bytes, cb_base: int) -> _Std | None:
    w0, w1 = struct.unpack_from("<HH", std, 0)
    sti, stk, base = w0 & 0x0FFF, w1 & 0x000F, w1 >> 4
    if stk not in (_STK_PARA, _STK_CHAR):
        return None
    pos = cb_base
    if pos + 2 > len(std):
        return None
    cch = struct.unpack_from("<H", std, pos)[0]
    pos += 2 + 2 * cch + 2  # xstzName and its terminating zero
    upx: list[bytes] = []
    for _ in range(2 if stk == _STK_PARA else 1):
        pos += pos & 1
        if pos + 2 > len(std):
            break
        cb = struct.unpack_from("<H", std, pos)[0]
        upx.append(std[pos + 2:pos + 2 + cb])
        pos += 2 + cb
    if stk == _STK_PARA:
        papx = upx[0][2:] if upx else b""  # UpxPapx starts with its istd
        chpx = upx[1] if len(upx) > 1 else b""
    else:
        papx, chpx = b"", upx[0] if upx else b""
    return _Std(stk, base, sti, papx, chpx)


def font_names(sttbf: bytes) -> list[str]:
    """Font names of a SttbfFfn, by font index."""
    names: list[str] = []
    if len(sttbf) < 4:
        return names
    count = struct.unpack_from("<H", sttbf, 0)[0]
    pos = 4
    for _ in range(count):
        if pos >= len(sttbf):
            break
        cb = sttbf[pos]
        ffn = sttbf[pos + 1:pos + 1 + cb]
        pos += 1 + cb
        raw = ffn[39:]
        names.append(raw[:len(raw) // 2 * 2].decode("utf-16-le", errors="replace").split("\0")[0])
    return names
