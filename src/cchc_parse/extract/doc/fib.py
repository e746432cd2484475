"""The File Information Block at the start of a Word 97-2003 WordDocument stream (MS-DOC 2.5).

Gives the table stream's name, the character counts of the main text and its sub-documents, and
the (fc, lcb) pairs locating the structures this reader uses in the table stream.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

WIDENT = 0xA5EC
MIN_NFIB = 0xC0  # Word 97 is 0xC1 (a few writers put 0xC0); Word 6/95 (nFib 0x65-0x69) has another layout
F_ENCRYPTED = 0x0100
F_WHICH_TBL = 0x0200
F_OBFUSCATED = 0x8000

# index of each (fc, lcb) pair in FibRgFcLcb97
_FCLCB = {"stshf": 1, "plcffnd_ref": 2, "plcffnd_txt": 3, "plcf_bte_chpx": 12, "plcf_bte_papx": 13,
          "sttbf_ffn": 15, "clx": 33, "plcfend_ref": 46, "plcfend_txt": 47,
          "plf_lst": 73, "plf_lfo": 74}
# ccp* counts in FibRgLw97 (index of the 32-bit value)
_CCP = ("ccp_text", "ccp_ftn", "ccp_hdd", None, "ccp_atn", "ccp_edn", "ccp_txbx", "ccp_hdr_txbx")


class FibError(ValueError):
    """The FIB is missing, truncated or of a format this reader does not handle."""


@dataclass(frozen=True)
class Fib:
    nfib: int
    table: str  # "1Table" or "0Table"
    ccp: dict[str, int]
    fclcb: dict[str, tuple[int, int]]


def parse_fib(wd: bytes) -> Fib:
    """Read the FIB of a WordDocument stream. Raises FibError (encrypted files included)."""
    if len(wd) < 0x22:
        raise FibError("the WordDocument stream is too short to hold a FIB")
    ident, nfib = struct.unpack_from("<HH", wd, 0)
    if ident != WIDENT:
        raise FibError(f"the WordDocument stream does not start with a Word FIB (wIdent {ident:#06x})")
    flags = struct.unpack_from("<H", wd, 0x0A)[0]
    if flags & F_ENCRYPTED:
        raise FibError("the document is password-protected (encrypted); save it without a password")
    if flags & F_OBFUSCATED:
        raise FibError("the document is obfuscated (XOR-protected); save it without protection")
    if nfib < MIN_NFIB:
        raise FibError(f"Word 6/95 format (nFib {nfib:#x}) is not supported by the built-in reader")
    pos = 0x20
    csw = _u16(wd, pos)
    pos += 2 + 2 * csw
    cslw = _u16(wd, pos)
    lw = pos + 2
    if cslw < 22:
        raise FibError(f"the FIB's FibRgLw97 is too short ({cslw} values)")
    ccp = {name: _i32(wd, lw + 12 + 4 * i) for i, name in enumerate(_CCP) if name}
    pos = lw + 4 * cslw
    cb = _u16(wd, pos)
    base = pos + 2
    if cb < 93 or base + 8 * 93 > len(wd):  # FibRgFcLcb97 has 93 pairs
        raise FibError(f"the FIB's FibRgFcLcb97 is too short or truncated ({cb} pairs)")
    fclcb = {name: struct.unpack_from("<II", wd, base + 8 * i) for name, i in _FCLCB.items()}
    if any(v < 0 for v in ccp.values()):
        raise FibError("the FIB gives a negative character count")
    return Fib(nfib, "1Table" if flags & F_WHICH_TBL else "0Table", ccp, fclcb)


def _u16(b: bytes, pos: int) -> int:
    if pos + 2 > len(b):
        raise FibError("the FIB is truncated")
    return struct.unpack_from("<H", b, pos)[0]


def _i32(b: bytes, pos: int) -> int:
    if pos + 4 > len(b):
        raise FibError("the FIB is truncated")
    return struct.unpack_from("<i", b, pos)[0]
