"""Decompression bombs inside a PDF, found before pdfium inflates them.

A 1.5 MB FlateDecode stream can inflate to 1.5 GB (zlib's ratio is about 1000:1), and pdfium
inflates a page's content streams whole when it reads the page. Every zlib stream of the file is
inflated here in bounded chunks (nothing is kept) and counted; one that grows past
MAX_STREAM_BYTES stops the parse with a LimitExceeded. Streams that are not zlib (JPEG images,
encrypted streams) are skipped.

A stream that starts in the file's last ``limit / MAX_RATIO`` bytes (about 250 KB) is not
inflated: deflate expands at most 1032:1 (a 258-byte match coded in two bits) and pdfium never
reads a stream's data beyond the end of the file, so it cannot pass the limit. (A stream cannot
be stopped early the same way: ISA-L's inflater holds input it has taken but not yet written
out, so the bytes still to come are not known.)
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path
from types import ModuleType

from cchc_parse.errors import LimitExceeded


def _inflater() -> ModuleType:
    """ISA-L's zlib (the same output, inflated about 1.6x faster: this check reads every stream of
    the file) when the isal package is installed, else the standard zlib."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib
    return isal_zlib


_ZLIB = _inflater()

MAX_STREAM_BYTES = 256 * 1024 * 1024  # one inflated stream: a 9,000 x 9,000 RGB image
MAX_RATIO = 1040  # deflate's 1032:1 at most, with a margin
_SLACK = 1 << 16  # inflated bytes beyond the ratio: the zlib header, a first literal, a pending match
_CHUNK = 1 << 20  # inflated bytes per step
_IN_CHUNK = 1 << 16  # compressed bytes per step
# the keyword that opens a stream's data: "…/Filter /FlateDecode >>\nstream\r\n" (the standard re:
# about a third faster than the regex module on this plain pattern, the same matches)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")


def check_streams(path: Path, limit: int = MAX_STREAM_BYTES) -> None:
    """LimitExceeded when a zlib stream of the PDF inflates to more than ``limit`` bytes."""
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file: nothing to check
            return
    with data:
        end = len(data)
        for m in _STREAM.finditer(data):
            start = m.end()
            if (end - start) * MAX_RATIO + _SLACK <= limit:
                return  # this stream and every later one: too few bytes left to pass the limit
            if _is_zlib(data[start:start + 2]) and _exceeds(data, start, limit):
                raise LimitExceeded(path, f"a compressed stream at byte {start} inflates to more than "
                                          f"{limit // 2**20} MB (a decompression bomb)")


def _is_zlib(head: bytes) -> bool:
    """A zlib header: deflate method, a 32 KB window at most, and the check bits ("x\\x9c", "x\\xda")."""
    return len(head) == 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


def _exceeds(data: mmap.mmap | bytes, start: int, limit: int) -> bool:
    """Whether the zlib stream at ``start`` inflates to more than ``limit`` bytes.

    Inflated in bounded steps and counted (nothing kept) until the stream ends or the count
    passes the limit. The input is fed in small zero-copy views: a copied 1 MB slice per stream (and the copy of its
    unread rest that zlib keeps as ``unused_data``) cost more than the inflating on files of
    many small streams."""
    d = _ZLIB.decompressobj()
    size = 0
    pos = start
    end = len(data)
    with memoryview(data) as view:
        try:
            while not d.eof and size <= limit:
                if d.unconsumed_tail:
                    out = d.decompress(d.unconsumed_tail, _CHUNK)
                elif pos < end:
                    out = d.decompress(view[pos:pos + _IN_CHUNK], _CHUNK)
                    pos += _IN_CHUNK
                else:  # all the input is in: what the inflater took but has not written out yet
                    out = d.decompress(b"", _CHUNK)  # (ISA-L may hold some when the last step filled up)
                    if not out:
                        break
                size += len(out)
        except _ZLIB.error:
            pass  # damaged or not really zlib: pdfium decides what to do with it
    return size > limit
