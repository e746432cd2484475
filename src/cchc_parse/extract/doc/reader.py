"""Word 97-2003 binary document → .docx bytes, in pure Python (no LibreOffice).

OLE2 container → WordDocument stream's FIB → table stream (piece table, style sheet, font
table, PAPX/CHPX bin tables, footnote/endnote tables, lists) → paragraphs of the main text
[0, ccpText) with their notes → body items (paragraphs, tables) → a minimal .docx.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable

from cchc_parse.extract.doc.fib import Fib, FibError, parse_fib
from cchc_parse.extract.doc.fkp import chpx_map, papx_map
from cchc_parse.extract.doc.lists import numbering_xml
from cchc_parse.extract.doc.ole import OleError, OleFile
from cchc_parse.extract.doc.pieces import PieceError, PieceTable, parse_clx
from cchc_parse.extract.doc.styles import StyleSheet, font_names
from cchc_parse.extract.doc.tables import body_items
from cchc_parse.extract.doc.text import Para, Sources, read_paragraphs
from cchc_parse.extract.doc.to_docx import build_docx

MAX_CHARS = 20_000_000
MAX_NOTES = 10_000


class DocError(ValueError):
    """The .doc cannot be read; the message says why."""


class DocTimeout(DocError):
    """Reading took longer than allowed."""


class NotWordDocument(DocError):
    """A valid OLE2 container without a WordDocument stream (Excel, PowerPoint, Outlook .msg, …)."""


def _slice(stream: bytes, fc_lcb: tuple[int, int]) -> bytes:
    fc, lcb = fc_lcb
    if lcb == 0:
        return b""
    if fc + lcb > len(stream):
        raise DocError("a structure of the table stream lies beyond its end (truncated file?)")
    return stream[fc:fc + lcb]


def _note_refs(table: bytes, fib: Fib, ref: str, txt: str, story: int) -> list[tuple[int, int, int]]:
    """(reference CP, note start CP, note end CP) of each footnote or endnote."""
    refs, txts = _slice(table, fib.fclcb[ref]), _slice(table, fib.fclcb[txt])
    n = (len(refs) - 4) // 6 if len(refs) >= 10 else 0
    n = min(n, len(txts) // 4 - 1, MAX_NOTES)
    if n <= 0:
        return []
    ref_cps = struct.unpack_from(f"<{n}I", refs, 0)
    txt_cps = struct.unpack_from(f"<{n + 1}I", txts, 0)
    return [(ref_cps[i], story + txt_cps[i], story + txt_cps[i + 1]) for i in range(n)
            if txt_cps[i] <= txt_cps[i + 1]]


def _read_notes(src: Sources, table: bytes, fib: Fib) -> dict[int, list[Para]]:
    ccp = fib.ccp
    ftn = ccp["ccp_text"]
    edn = ftn + ccp["ccp_ftn"] + ccp["ccp_hdd"] + ccp["ccp_atn"]
    notes: dict[int, list[Para]] = {}
    for ref, txt, story in (("plcffnd_ref", "plcffnd_txt", ftn), ("plcfend_ref", "plcfend_txt", edn)):
        for cp, a, b in _note_refs(table, fib, ref, txt, story):
            if b <= src.pieces.cp_max and cp < ftn:
                notes[cp] = [p for p in read_paragraphs(src, a, b) if p.text.strip()]
    return notes


def doc_to_docx(data: bytes, timeout: float = 60.0) -> bytes:
    """The .docx equivalent of a .doc file's bytes. Raises DocError (DocTimeout on the time limit)."""
    deadline = time.monotonic() + timeout

    def tick() -> None:
        if time.monotonic() > deadline:
            raise DocTimeout(f"reading the .doc took more than {timeout:.0f} s")

    try:
        return _convert(data, tick)
    except (OleError, FibError, PieceError) as e:
        raise DocError(str(e)) from None
    except (struct.error, IndexError, KeyError, UnicodeDecodeError) as e:
        raise DocError(f"the .doc is corrupt or truncated ({type(e).__name__}: {e})") from None


def _convert(data: bytes, tick: Callable[[], None]) -> bytes:
    ole = OleFile(data)
    if not ole.exists("WordDocument"):
        raise NotWordDocument("the OLE2 file has no WordDocument stream: it is not a Word document")
    wd = ole.stream("WordDocument")
    fib = parse_fib(wd)
    if not ole.exists(fib.table):
        raise DocError(f"the table stream {fib.table!r} the FIB names is missing")
    table = ole.stream(fib.table)
    ccp_text = fib.ccp["ccp_text"]
    if ccp_text > MAX_CHARS:
        raise DocError(f"the FIB declares {ccp_text} characters of text (limit {MAX_CHARS})")
    pieces = PieceTable(parse_clx(_slice(table, fib.fclcb["clx"])), wd)
    src = Sources(pieces=pieces, styles=StyleSheet(_slice(table, fib.fclcb["stshf"])),
                  papx=papx_map(_slice(table, fib.fclcb["plcf_bte_papx"]), wd),
                  chpx=chpx_map(_slice(table, fib.fclcb["plcf_bte_chpx"]), wd),
                  data=ole.stream("Data") if ole.exists("Data") else b"", notes={}, tick=tick)
    src.notes = _read_notes(src, table, fib)
    paras = read_paragraphs(src, 0, ccp_text)
    tick()
    fc_lst, lcb_lst = fib.fclcb["plf_lst"]
    lfo = _slice(table, fib.fclcb["plf_lfo"])
    try:  # broken list tables cost the labels, not the text
        numbering = numbering_xml(table, fc_lst, lcb_lst, lfo) if lcb_lst else None
        lists = struct.unpack_from("<I", lfo, 0)[0] if numbering else 0
    except (struct.error, IndexError):
        numbering, lists = None, 0
    return build_docx(body_items(paras), font_names(_slice(table, fib.fclcb["sttbf_ffn"])), numbering, lists)
