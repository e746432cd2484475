"""Tiny Word 97 binary documents (.doc) built in memory for tests: an OLE2 writer and a FIB/Clx/FKP writer.

``make_doc("Đoạn một\\r…")`` stores the text in pieces (8-bit where cp1252 holds it, else UTF-16),
gives every paragraph a PAPX (``para_sprms[i]`` = the i-th paragraph's grpprl), the CP ranges in
``bold`` a CHPX with sprmCFBold (``char_sprms``: any CHPX grpprl by CP range), and ``footnotes`` (reference CP → note text) a footnote story.
"""

from __future__ import annotations

import itertools
import struct

SECTOR = 512
END, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
TEXT_FC = 1024  # the main text starts here in the WordDocument stream


def ole(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` in the root storage (each padded to 4096+ bytes)."""
    names = list(streams)
    data = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    sizes = [max(len(streams[n]), 4096) for n in names]
    body, starts, fat = b"", [], []
    for d in data:
        d += b"\0" * (-len(d) % SECTOR)
        first = len(body) // SECTOR
        count = len(d) // SECTOR
        starts.append(first)
        fat.extend([*range(first + 1, first + count), END])
        body += d
    dir_sector = len(body) // SECTOR
    fat.append(END)
    n_fat = 1
    while len(fat) + n_fat > n_fat * (SECTOR // 4):
        n_fat += 1
    fat_first = len(fat)
    fat.extend([FATSECT] * n_fat)
    fat.extend([FREE] * (n_fat * SECTOR // 4 - len(fat)))
    entries = [_entry("Root Entry", 5, END, 0, child=1 if names else FREE)]
    for i, (n, size) in enumerate(zip(names, sizes, strict=True)):
        entries.append(_entry(n, 2, starts[i], size, right=i + 2 if i + 1 < len(names) else FREE))
    dirs = b"".join(entries)
    dirs += b"\0" * (-len(dirs) % SECTOR)
    body += dirs
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    body += fat_bytes
    header = bytearray(SECTOR)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, n_fat, dir_sector, 0, 4096, END, 0, END, 0)
    difat = list(range(fat_first, fat_first + n_fat)) + [FREE] * (109 - n_fat)
    struct.pack_into("<109I", header, 0x4C, *difat)
    return bytes(header) + body


def _entry(name: str, kind: int, start: int, size: int, child: int = FREE, right: int = FREE) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    e = bytearray(128)
    e[:len(raw)] = raw
    struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
    struct.pack_into("<III", e, 68, FREE, right, child)
    struct.pack_into("<II", e, 116, start, size)
    return bytes(e)


def _store(text: str, split: int) -> tuple[bytes, list[tuple[int, int, int, bool]]]:
    """Text bytes from TEXT_FC and pieces (cp, cp_end, fc, compressed), ``split`` characters a piece."""
    out = b""
    pieces = []
    for cp in range(0, len(text), split):
        chunk = text[cp:cp + split]
        try:
            raw, compressed = chunk.encode("cp1252"), True
        except UnicodeEncodeError:
            raw, compressed = chunk.encode("utf-16-le"), False
        pieces.append((cp, cp + len(chunk), TEXT_FC + len(out), compressed))
        out += raw
    return out, pieces


def _clx(pieces: list[tuple[int, int, int, bool]]) -> bytes:
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    pcds = b"".join(struct.pack("<HIH", 0, (fc * 2 | 0x40000000) if comp else fc, 0)
                    for _, _, fc, comp in pieces)
    plc = struct.pack(f"<{len(cps)}I", *cps) + pcds
    return b"\x02" + struct.pack("<I", len(plc)) + plc


def _fc_of(pieces: list[tuple[int, int, int, bool]], cp: int) -> int:
    for a, b, fc, comp in pieces:
        if a <= cp < b:
            return fc + (cp - a) * (1 if comp else 2)
    return pieces[-1][2] + (pieces[-1][1] - pieces[-1][0]) * (1 if pieces[-1][3] else 2)


def _fc_after(pieces: list[tuple[int, int, int, bool]], cp: int) -> int:
    """The FC just after the character at ``cp``."""
    comp = next(c for a, b, _, c in pieces if a <= cp < b)
    return _fc_of(pieces, cp) + (1 if comp else 2)


def _papx_page(runs: list[tuple[int, int, bytes]]) -> bytes:
    page = bytearray(SECTOR)
    n = len(runs)
    fcs = [r[0] for r in runs] + [runs[-1][1]]
    struct.pack_into(f"<{n + 1}I", page, 0, *fcs)
    top = SECTOR - 1
    for i, (_, _, grpprl) in enumerate(runs):
        body = b"\0\0" + grpprl  # istd 0
        rec = bytes([(len(body) + 1) // 2]) + body if len(body) % 2 else bytes([0, len(body) // 2]) + body
        top = (top - len(rec)) & ~1
        page[top:top + len(rec)] = rec
        page[4 * (n + 1) + 13 * i] = top // 2
    page[511] = n
    return bytes(page)


def _chpx_page(runs: list[tuple[int, int, bytes]]) -> bytes:
    page = bytearray(SECTOR)
    n = len(runs)
    struct.pack_into(f"<{n + 1}I", page, 0, *([r[0] for r in runs] + [runs[-1][1]]))
    top = SECTOR - 1
    for i, (_, _, grpprl) in enumerate(runs):
        if not grpprl:
            continue
        rec = bytes([len(grpprl)]) + grpprl
        top = (top - len(rec)) & ~1
        page[top:top + len(rec)] = rec
        page[4 * (n + 1) + i] = top // 2
    page[511] = n
    return bytes(page)


def lists(*levels: tuple[int, str]) -> tuple[bytes, bytes]:
    """(PlfLst with its LVLs, PlfLfo) for one list (lsid 7) whose levels are (nfc, number text);
    in the number text "%1".."%9" stand for the level placeholders. The LFO is ilfo 1."""
    lstf = struct.pack("<ii", 7, 0) + b"\xff\x0f" * 9 + b"\0\0"
    lvls = b""
    for k in range(9):
        nfc, text = levels[k] if k < len(levels) else (0, f"%{k + 1}.")
        xst, nums = "", []
        i = 0
        while i < len(text):
            if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                xst += chr(int(text[i + 1]) - 1)
                nums.append(len(xst))
                i += 2
            else:
                xst += text[i]
                i += 1
        rgbxch = bytes(nums + [0] * (9 - len(nums)))
        lvlf = struct.pack("<iBB", 1, nfc, 0) + rgbxch + b"\x01" + b"\0" * 8 + bytes([0, 0, 0, 0])
        lvls += lvlf + struct.pack("<H", len(xst)) + xst.encode("utf-16-le")
    plf_lst = struct.pack("<h", 1) + lstf
    plf_lfo = struct.pack("<I", 1) + struct.pack("<iiiBBBB", 7, 0, 0, 0, 0, 0, 0) + struct.pack("<I", 0)
    return plf_lst + lvls, plf_lfo


def numbered(ilfo: int, ilvl: int) -> bytes:
    """sprmPIlvl + sprmPIlfo (Word's order)."""
    return b"\x0a\x26" + bytes([ilvl]) + b"\x0b\x46" + struct.pack("<H", ilfo)


def make_doc(text: str, *, para_sprms: dict[int, bytes] | None = None, bold: list[tuple[int, int]] = (),
             footnotes: dict[int, str] | None = None, split: int = 7, flags: int = 0x0200,
             ccp_text: int | None = None, wident: int = 0xA5EC,
             list_def: tuple[bytes, bytes] | None = None,
             char_sprms: dict[tuple[int, int], bytes] | None = None) -> bytes:
    """A .doc (OLE2 bytes) whose main text is ``text`` (paragraphs end with "\\r" or "\\x07")."""
    story = text
    notes = footnotes or {}
    note_cps = [0]
    for ref in sorted(notes):
        story_note = "\x02 " + notes[ref] + "\r"
        note_cps.append(note_cps[-1] + len(story_note))
        story += story_note
    if notes:
        story += "\r"
    raw, pieces = _store(story, split)
    mark_cps = [i for i, c in enumerate(story) if c in "\r\x07"]
    para_runs, start = [], TEXT_FC
    for k, cp in enumerate(mark_cps):
        end = _fc_after(pieces, cp)
        para_runs.append((start, end, (para_sprms or {}).get(k, b"")))
        start = end
    spans = {**{r: b"\x35\x08\x01" for r in bold}, **(char_sprms or {})}
    bounds = sorted({0, len(story), *(x for r in spans for x in r)})
    chp_runs = []
    for a, b in itertools.pairwise(bounds):
        grpprl = b"".join(g for (x, y), g in spans.items() if x <= a and b <= y)
        chp_runs.append((_fc_of(pieces, a), _fc_after(pieces, b - 1), grpprl))
    text_end = TEXT_FC + len(raw)
    pn_papx = -(-text_end // SECTOR)
    wd = bytearray(pn_papx * SECTOR)
    wd[TEXT_FC:text_end] = raw
    wd += _papx_page(para_runs) + _chpx_page(chp_runs)
    table = b""
    fclcb: dict[int, tuple[int, int]] = {}

    def put(index: int, blob: bytes) -> None:
        nonlocal table
        fclcb[index] = (len(table), len(blob))
        table += blob

    put(33, _clx(pieces))
    put(13, struct.pack("<III", para_runs[0][0], para_runs[-1][1], pn_papx))
    put(12, struct.pack("<III", chp_runs[0][0], chp_runs[-1][1], pn_papx + 1))
    if list_def:
        lst_and_lvls, lfo = list_def
        put(73, lst_and_lvls[:2 + 28])  # lcbPlfLst covers the LSTFs; the LVLs follow it
        table += lst_and_lvls[2 + 28:]
        put(74, lfo)
    if notes:
        refs = sorted(notes)
        put(2, struct.pack(f"<{len(refs) + 1}I", *refs, len(text) - 1) + b"\1\0" * len(refs))
        put(3, struct.pack(f"<{len(note_cps) + 1}I", *note_cps, note_cps[-1] + 1))
    fib = bytearray(TEXT_FC)
    struct.pack_into("<HH", fib, 0, wident, 0xC1)
    struct.pack_into("<H", fib, 0x0A, flags)
    struct.pack_into("<H", fib, 0x20, 14)
    struct.pack_into("<H", fib, 0x3E, 22)
    struct.pack_into("<i", fib, 0x4C, len(text) if ccp_text is None else ccp_text)
    struct.pack_into("<i", fib, 0x50, note_cps[-1] + 1 if notes else 0)
    struct.pack_into("<H", fib, 0x98, 93)
    for index, (fc, lcb) in fclcb.items():
        struct.pack_into("<II", fib, 0x9A + 8 * index, fc, lcb)
    wd[:TEXT_FC] = fib
    return ole({"WordDocument": bytes(wd), "1Table": table})


IN_TABLE = b"\x16\x24\x01"  # sprmPFInTable
TTP = b"\x16\x24\x01\x17\x24\x01"  # sprmPFInTable + sprmPFTtp: a row end
CENTER = b"\x03\x24\x01"  # sprmPJc80 = centred


def tdef(*edges: int, vmerge: dict[int, int] | None = None) -> bytes:
    """sprmTDefTable for cells between ``edges`` (twips), vertMerge flags per cell index."""
    n = len(edges) - 1
    tcs = b"".join(struct.pack("<H", ((vmerge or {}).get(i, 0) & 3) << 5) + b"\0" * 18 for i in range(n))
    body = bytes([n]) + struct.pack(f"<{n + 1}h", *edges) + tcs
    return b"\x08\xd6" + struct.pack("<H", len(body) + 1) + body
