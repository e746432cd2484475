"""A small reader for OLE2 compound files (MS-CFB): the root storage's streams, by name.

Only what a Word 97 reader needs: the header, the FAT (with DIFAT), the directory, the mini
stream. Every chain is bounded by the file's sector count, so a looping or truncated chain is a
``OleError``, never a hang.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF
MAX_STREAM = 200 * 1024 * 1024


class OleError(ValueError):
    """The compound file is malformed (bad header, broken chain, truncated sector)."""


class OleFile:
    """The streams of an OLE2 compound file held in memory."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(MAGIC):
            raise OleError("not an OLE2 compound file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise OleError(f"unsupported sector size 2^{shift}")
        self.ssize = 1 << shift
        self.nsect = -(-(len(data) - self.ssize) // self.ssize)  # a short last sector still counts
        (n_fat, first_dir, _tsig, self.cutoff, first_minifat, _n_minifat,
         first_difat, n_difat) = struct.unpack_from("<IIIIIIII", data, 0x2C)
        self.fat = self._read_fat(n_fat, first_difat, n_difat)
        dir_bytes = self.chain_bytes(first_dir, self.fat, self._sector)
        self.entries = [dir_bytes[i:i + 128] for i in range(0, len(dir_bytes) - 127, 128)]
        if not self.entries or self.entries[0][66] != 5:
            raise OleError("the directory has no root entry")
        root_start, root_size = _start_size(self.entries[0], self.ssize)
        self.ministream = self.chain_bytes(root_start, self.fat, self._sector)[:root_size]
        mf = self.chain_bytes(first_minifat, self.fat, self._sector)
        self.minifat = list(struct.unpack(f"<{len(mf) // 4}I", mf[:len(mf) // 4 * 4]))
        self.names = self._root_children()

    def _sector(self, n: int) -> bytes:
        if n >= self.nsect:
            raise OleError(f"sector {n} is beyond the end of the file (truncated?)")
        off = (n + 1) * self.ssize  # the header fills sector -1
        return self.data[off:off + self.ssize]

    def _mini(self, n: int) -> bytes:
        if n * 64 >= len(self.ministream):
            raise OleError(f"mini sector {n} is beyond the mini stream")
        return self.ministream[n * 64:n * 64 + 64]

    def _read_fat(self, n_fat: int, first_difat: int, n_difat: int) -> list[int]:
        ids = list(struct.unpack_from("<109I", self.data, 0x4C))
        per = self.ssize // 4 - 1
        nxt, seen = first_difat, 0
        while nxt not in (ENDOFCHAIN, FREESECT) and seen < n_difat:
            sec = self._sector(nxt)
            if len(sec) < self.ssize:
                raise OleError("the DIFAT is cut short (truncated file?)")
            vals = struct.unpack(f"<{per + 1}I", sec)
            ids.extend(vals[:per])
            nxt = vals[per]
            seen += 1
        ids = [i for i in ids if i != FREESECT][:n_fat]
        if len(ids) < n_fat or n_fat > self.nsect:
            raise OleError("the FAT is incomplete (truncated file?)")
        fat: list[int] = []
        for i in ids:
            sec = self._sector(i)
            if len(sec) < self.ssize:
                raise OleError("the FAT is cut short (truncated file?)")
            fat.extend(struct.unpack(f"<{self.ssize // 4}I", sec))
        return fat

    @staticmethod
    def chain_bytes(start: int, fat: list[int], read: Callable[[int], bytes]) -> bytes:
        """The sectors of the chain that begins at ``start`` (bounded: a loop raises OleError)."""
        out: list[bytes] = []
        n = start
        limit = len(fat)
        while n != ENDOFCHAIN:
            if n >= len(fat) or len(out) > limit:
                raise OleError("a sector chain is broken or loops")
            out.append(read(n))
            n = fat[n]
        return b"".join(out)

    def _root_children(self) -> dict[str, int]:
        """Stream names directly under the root storage → directory index (red-black tree walk)."""
        names: dict[str, int] = {}
        stack = [struct.unpack_from("<I", self.entries[0], 76)[0]]
        seen: set[int] = set()
        while stack:
            i = stack.pop()
            if i == NOSTREAM or i in seen or i >= len(self.entries):
                continue
            seen.add(i)
            e = self.entries[i]
            ln = min(struct.unpack_from("<H", e, 64)[0], 64)
            name = e[:max(ln - 2, 0)].decode("utf-16-le", "replace")
            if e[66] == 2:
                names[name] = i
            stack.extend(struct.unpack_from("<II", e, 68))
        return names

    def exists(self, name: str) -> bool:
        return name in self.names

    def stream(self, name: str) -> bytes:
        """The bytes of a stream of the root storage; KeyError if there is none of that name."""
        e = self.entries[self.names[name]]
        start, size = _start_size(e, self.ssize)
        if size == 0:
            return b""
        if size > MAX_STREAM:
            raise OleError(f"stream {name!r} declares {size} bytes")
        if size < self.cutoff:
            data = self.chain_bytes(start, self.minifat, self._mini)
        else:
            data = self.chain_bytes(start, self.fat, self._sector)
        if len(data) < size:
            raise OleError(f"stream {name!r} is truncated")
        return data[:size]


def _start_size(entry: bytes, ssize: int) -> tuple[int, int]:
    start, lo, hi = struct.unpack_from("<III", entry, 116)
    return start, lo if ssize == 512 else lo | (hi << 32)
