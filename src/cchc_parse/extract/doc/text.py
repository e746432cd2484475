"""Main-document CPs → paragraphs of formatted runs, as Word shows them (MS-DOC 2.4.1 and 2.8.25).

- paragraphs end at "\\r", at a cell mark "\\x07", and at a section mark "\\x0c" that closes a PAPX
  run; any other "\\x0c" (page break) and "\\x0e" (column break) read as a space;
- fields "\\x13 instruction \\x14 result \\x15" show their result only (nested, bounded depth);
- "\\x0b" is a manual line break ("\\n"), "\\x1e" a non-breaking hyphen ("-"), "\\x1f" an optional
  hyphen (nothing); objects ("\\x01", "\\x08") and other control characters are dropped;
- a "(" with sprmCSymbol is an inserted symbol (Symbol/Wingdings bullet …), rendered as w:sym is;
- "\\x02" in the main text is a footnote or endnote reference: the note's text goes to the
  paragraph's notes; revision-marked deletions are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cchc_parse.extract.doc.fkp import FcMap
from cchc_parse.extract.doc.pieces import PieceTable
from cchc_parse.extract.doc.sprm import Chp, Pap, apply_chp, apply_pap
from cchc_parse.extract.doc.styles import StyleSheet
from cchc_parse.extract.docx.text import _symbol as docx_symbol

MAX_FIELD_DEPTH = 64
_DROP = frozenset(chr(c) for c in range(0x20)) - {"\t", "\n"}
_SPACE = {"\x0c": " ", "\x0e": " ", "\x0b": "\n", "\x1e": "-", "\x1f": ""}


@dataclass
class Para:
    runs: list[tuple[str, Chp]] = field(default_factory=list)
    pap: Pap = field(default_factory=Pap)
    heading: int | None = None
    cell_end: bool = False  # ended by a cell mark "\x07"
    notes: list[list[Para]] = field(default_factory=list)  # footnotes/endnotes referenced here

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class Sources:
    """Everything the paragraph reader looks up."""

    pieces: PieceTable
    styles: StyleSheet
    papx: FcMap
    chpx: FcMap
    data: bytes  # the Data stream (sprmPHugePapx)
    notes: dict[int, list[Para]]  # CP of a note reference → the note's paragraphs
    tick: Callable[[], None] = lambda: None


class _Chars:
    """Character properties by FC, caching the current CHPX run and paragraph style."""

    def __init__(self, src: Sources) -> None:
        self.src = src
        self._key: tuple[Chp, bytes, bytes] | None = None
        self._chp = Chp()

    def chp(self, fc: int, para_chp: Chp, piece_grpprl: bytes) -> Chp:
        hit = self.src.chpx.at(fc)
        grpprl = hit[1] if hit else b""
        key = (para_chp, grpprl, piece_grpprl)
        if key != self._key:
            chp = apply_chp(grpprl, Chp(istd=10))
            base = self.src.styles.char(chp.istd, para_chp) if chp.istd != 10 else para_chp
            chp = apply_chp(grpprl, base, style=base)
            self._chp = apply_chp(piece_grpprl, chp, style=base) if piece_grpprl else chp
            self._key = key
        return self._chp


def read_paragraphs(src: Sources, start: int, end: int) -> list[Para]:
    """The paragraphs of CPs [start, end) in order."""
    text = src.pieces.text(start, end)
    chars = _Chars(src)
    paras: list[Para] = []
    para_start = start
    fields: list[bool] = []
    for cp in range(start, end):
        c = text[cp - start]
        if c in ("\r", "\x07") or (c == "\x0c" and _closes_papx(src, cp)):
            paras.append(_paragraph(src, chars, text, start, para_start, cp, fields))
            para_start = cp + 1
            if len(paras) % 500 == 0:
                src.tick()
        elif cp - para_start > 0 and (cp - para_start) % 100_000 == 0:
            src.tick()
    if para_start < end:
        paras.append(_paragraph(src, chars, text, start, para_start, end - 1, fields, closed=False))
    return paras


def _closes_papx(src: Sources, cp: int) -> bool:
    """A section mark ends its paragraph; a page break inside a paragraph does not."""
    p = src.pieces.piece_at(cp)
    return p is not None and src.papx.ends_after(p.fc_of(cp), 1 if p.compressed else 2)


def _pap(src: Sources, cp: int) -> tuple[Pap, Chp, int | None]:
    """Paragraph properties of the paragraph whose mark is at ``cp`` (style, PAPX, piece Prm)."""
    piece = src.pieces.piece_at(cp)
    hit = src.papx.at(piece.fc_of(cp)) if piece else None
    istd, grpprl = hit if hit else (0, b"")
    pap, chp, heading = src.styles.para(istd)
    apply_pap(grpprl, pap)
    if pap.huge is not None and pap.huge + 2 <= len(src.data):
        cb = int.from_bytes(src.data[pap.huge:pap.huge + 2], "little")
        apply_pap(src.data[pap.huge + 2:pap.huge + 2 + cb], pap)
    if piece and piece.grpprl:
        apply_pap(piece.grpprl, pap)
    if pap.outline is not None:
        heading = pap.outline + 1 if pap.outline < 9 else None
    return pap, chp, heading


def _paragraph(src: Sources, chars: _Chars, text: str, base: int, lo: int, mark: int,
               fields: list[bool], closed: bool = True) -> Para:
    pap, para_chp, heading = _pap(src, mark)
    para = Para(pap=pap, heading=heading, cell_end=closed and text[mark - base] == "\x07")
    buf: list[str] = []
    cur: Chp | None = None
    hi = mark if closed else mark + 1
    for cp in range(lo, hi):
        c = text[cp - base]
        if c == "\x13":
            if len(fields) < MAX_FIELD_DEPTH:
                fields.append(False)
            continue
        if c == "\x14":
            if fields:
                fields[-1] = True
            continue
        if c == "\x15":
            if fields:
                fields.pop()
            continue
        if not all(fields):
            continue
        piece = src.pieces.piece_at(cp)
        chp = chars.chp(piece.fc_of(cp), para_chp, piece.grpprl) if piece else para_chp
        if chp.deleted:
            continue
        if c == "\x02" and cp in src.notes:
            para.notes.append(src.notes[cp])
            continue
        if c == "(" and chp.symbol is not None:  # Insert → Symbol: render as w:sym does
            c = docx_symbol(f"{chp.symbol:04X}")
        c = _SPACE.get(c, c)
        if c in _DROP or (chp.ole2 and c == "\x01"):
            continue
        if chp != cur and buf:
            para.runs.append(("".join(buf), cur))  # type: ignore[arg-type]
            buf = []
        cur = chp
        buf.append(c)
    if buf and cur is not None:
        para.runs.append(("".join(buf), cur))
    return para
