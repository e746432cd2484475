"""One w:p → the text a reader sees, its numbering label, style, footnotes and text boxes.

- runs inside hyperlinks, content controls (w:sdt), smart tags, w:ins and w:moveTo are kept;
  w:del, w:moveFrom, w:delText and w:instrText are dropped; hidden (w:vanish) runs are dropped;
- fields (w:fldChar begin/separate/end, w:fldSimple) show their displayed result only;
- w:br / w:cr become "\\n" (the caller decides what a manual line break means), w:tab "\\t",
  w:noBreakHyphen "-", w:softHyphen nothing; all-caps runs (w:caps) are upper-cased;
- footnote/endnote references → the note's text in ``notes`` (not inline);
- text boxes (w:txbxContent in w:drawing / w:pict; only the mc:Choice branch of
  mc:AlternateContent, the Fallback is a copy) → ``boxes`` for the caller;
- runs in a TCVN3 (".Vn*") or VNI ("VNI-*") font go through ``normalise.encodings.convert_run``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from cchc_parse.extract.blocks import Style
from cchc_parse.extract.docx.numbering import Numbering
from cchc_parse.extract.docx.styles import RunProps, Styles, child, is_legacy_font, parse_ppr, parse_rpr

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

R, T, P = W + "r", W + "t", W + "p"
_TAB = W + "tab"
_PTAB = W + "ptab"
_BR = W + "br"
_CR = W + "cr"
_NOBREAKHYPHEN = W + "noBreakHyphen"
_SYM = W + "sym"
_FOOTNOTEREFERENCE = W + "footnoteReference"
_ENDNOTEREFERENCE = W + "endnoteReference"
_DRAWING = W + "drawing"
_PICT = W + "pict"
_FLDCHAR = W + "fldChar"
_SDT = W + "sdt"
_SDTCONTENT = W + "sdtContent"
_RPR = W + "rPr"
_PPR = W + "pPr"
_PSTYLE = W + "pStyle"
_RSTYLE = W + "rStyle"
_TXBXCONTENT = W + "txbxContent"
RSTYLE = _RSTYLE
_ALT = MC + "AlternateContent"
_FLDTYPE = W + "fldCharType"
_TYPE = W + "type"
_CONTAINERS = {W + "hyperlink", W + "ins", W + "moveTo", W + "smartTag", W + "customXml",
               W + "fldSimple", W + "dir", W + "bdo"}
_DROPPED = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "proofErr", W + "bookmarkStart",
            W + "bookmarkEnd", W + "commentRangeStart", W + "commentRangeEnd", W + "permStart",
            W + "permEnd"}
_SYMBOLS = {0xF0B7: "•", 0xF02D: "-", 0xF0A7: "§", 0xF0D8: "Ø", 0xF0FC: "✓", 0xF02B: "+"}
MAX_BOX_DEPTH = 5


@dataclass
class ParaInfo:
    """What one paragraph shows."""

    text: str  # raw visible text: "\n" for manual line breaks, "\t" for tabs, not yet cleaned
    label: str | None = None
    style: Style = field(default_factory=Style)
    notes: list[str] = field(default_factory=list)
    boxes: list[ParaInfo] = field(default_factory=list)  # paragraphs of text boxes anchored here


def _convert_run(text: str, font: str | None) -> str:
    try:
        from cchc_parse.normalise.encodings import convert_run
    except ImportError:  # the encodings module is not there yet: leave the text as stored
        return text
    return convert_run(text, font)


class TextReader:
    """Reads paragraphs of one document; keeps state that runs across paragraphs (fields, lists)."""

    def __init__(self, styles: Styles, numbering: Numbering, notes: dict[str, str] | None = None,
                 convert: Callable[[str, str | None], str] = _convert_run) -> None:
        self.styles = styles
        self.numbering = numbering
        self.notes = notes or {}
        self.convert = convert
        self.fields: list[bool] = []  # per open field: True once its result (separate) started
        self.legacy_fonts: set[str] = set()
        self._box_depth = 0

    # -- paragraph ---------------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> ParaInfo:
        ppr_el = child(p, _PPR)
        direct = parse_ppr(ppr_el)
        sid = None
        if ppr_el is not None:
            ps = child(ppr_el, _PSTYLE)
            if ps is not None:
                sid = ps.get(W + "val")
        pprops, base_run, heading = self.styles.para(sid)
        align = direct.align if direct.align is not None else pprops.align
        if direct.outline is not None:
            heading = direct.outline + 1 if 0 <= direct.outline < 9 else None
        label = self._label(direct.num_id, direct.ilvl, pprops.num_id, pprops.ilvl, sid)
        acc = _Acc()
        self._walk(p, base_run, acc)
        text = "".join(acc.parts)
        if acc.fonts:
            converted = "".join(acc.alt)
            if _prefer_converted(text, converted):
                text = converted
                self.legacy_fonts |= acc.fonts
        style = acc.style(align, heading)
        return ParaInfo(text=text, label=label, style=style, notes=acc.notes, boxes=acc.boxes)

    def _label(self, d_num: str | None, d_ilvl: int | None, s_num: str | None, s_ilvl: int | None,
               sid: str | None) -> str | None:
        num_id = d_num if d_num is not None else s_num
        if not num_id or num_id == "0":
            return None
        ilvl = d_ilvl if d_ilvl is not None else s_ilvl
        if ilvl is None and d_num is None:
            ilvl = self.numbering.level_for_style(num_id, sid)
        return self.numbering.label(num_id, ilvl)

    # -- inline content ----------------------------------------------------------------------------

    def _walk(self, el: etree._Element, base: RunProps, acc: _Acc) -> None:
        for ch in el:
            tag = ch.tag
            if tag == R:
                self._run(ch, base, acc)
            elif tag in _CONTAINERS:
                self._walk(ch, base, acc)
            elif tag in _DROPPED or not isinstance(tag, str):
                continue
            elif tag == _SDT:
                content = child(ch, _SDTCONTENT)
                if content is not None:
                    self._walk(content, base, acc)
            elif tag == _ALT:
                branch = _branch(ch)
                if branch is not None:
                    self._walk(branch, base, acc)
            elif (tag == M + "oMath" or tag == M + "oMathPara") and self._visible():
                acc.add("".join(t.text or "" for t in ch.iter(M + "t")), base)

    def _visible(self) -> bool:
        return all(self.fields)

    def _run(self, r: etree._Element, base: RunProps, acc: _Acc) -> None:
        rpr = child(r, _RPR)
        props = base
        if rpr is not None:
            rs = child(rpr, RSTYLE)
            if rs is not None:
                props = props.over(self.styles.char(rs.get(W + "val")))
            props = props.over(parse_rpr(rpr))
        elif self.styles.default_char:
            props = props.over(self.styles.char(self.styles.default_char))
        self._items(r, props, acc)

    def _items(self, r: etree._Element, props: RunProps, acc: _Acc) -> None:
        hidden = bool(props.vanish)
        mark_follows = False  # a footnote's own mark typed after its reference ("*", "1"): not body text
        for ch in r:
            tag = ch.tag
            if tag == T:
                if hidden or not self._visible() or mark_follows:
                    mark_follows = False
                    continue
                s = ch.text or ""
                conv = None
                if s and is_legacy_font(props.font) and _legacy_surface(s):
                    conv = self.convert(s, props.font)
                    if conv == s:
                        conv = None
                    else:
                        acc.fonts.add(props.font or "")
                if props.caps:
                    s = s.upper()
                    conv = conv.upper() if conv is not None else None
                acc.add(s, props, conv)
            elif tag == _FLDCHAR:
                kind = ch.get(_FLDTYPE)
                if kind == "begin":
                    if len(self.fields) < 64:
                        self.fields.append(False)
                elif kind == "separate":
                    if self.fields:
                        self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif hidden or not self._visible():
                continue
            elif tag in (_TAB, _PTAB):
                acc.add("\t", None)
            elif tag == _BR:
                acc.add(" " if ch.get(_TYPE) in ("page", "column") else "\n", None)
            elif tag == _CR:
                acc.add("\n", None)
            elif tag == _NOBREAKHYPHEN:
                acc.add("-", props)
            elif tag == _SYM:
                acc.add(_symbol(ch.get(W + "char")), props)
            elif tag in (_FOOTNOTEREFERENCE, _ENDNOTEREFERENCE):
                kind = "f" if tag == _FOOTNOTEREFERENCE else "e"
                note = self.notes.get(f"{kind}{ch.get(W + 'id')}")
                if note:
                    acc.notes.append(note)
                mark_follows = ch.get(W + "customMarkFollows") in ("1", "true", "on")
            elif tag in (_DRAWING, _PICT):
                self._boxes(ch, acc)
            elif tag == _ALT:
                branch = _branch(ch)
                if branch is not None:
                    self._items(branch, props, acc)

    def _boxes(self, el: etree._Element, acc: _Acc) -> None:
        if self._box_depth >= MAX_BOX_DEPTH:
            return
        self._box_depth += 1
        try:
            for box in el.iter(_TXBXCONTENT):
                if _nested_box(box, el):
                    continue
                for p in _box_paragraphs(box):
                    acc.boxes.append(self.paragraph(p))
        finally:
            self._box_depth -= 1


def _branch(alt: etree._Element) -> etree._Element | None:
    """The mc:Choice of an mc:AlternateContent (mc:Fallback only when there is no Choice)."""
    ch = alt.find(MC + "Choice")
    return ch if ch is not None else alt.find(MC + "Fallback")


_CP1252_EXTRA = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


def _legacy_surface(s: str) -> bool:
    """Text a legacy 8-bit font can hold: Latin-1/cp1252 only. "quản lý" (ả) is Unicode already."""
    return all(ord(c) < 256 or c in _CP1252_EXTRA for c in s)


def _prefer_converted(raw: str, converted: str) -> bool:
    """Use the converted paragraph only when it reads better as Vietnamese than the stored text.

    A Normal style in ".VnTime" with Unicode text typed over it ("Tình hình") must stay as it is.
    """
    try:
        from cchc_parse.normalise.encodings import vietnamese_score
    except ImportError:
        return True
    g0, b0 = vietnamese_score(raw)
    g1, b1 = vietnamese_score(converted)
    if g0 == b0 == 0:  # nothing but ASCII words: converting only re-cases ".VnTimeH" runs
        return True
    return (g1 - 2 * b1) > (g0 - 2 * b0)


def _nested_box(box: etree._Element, top: etree._Element) -> bool:
    """True when the text box sits inside another text box below ``top`` (read with that one)."""
    a = box.getparent()
    while a is not None and a is not top:
        if a.tag == _TXBXCONTENT:
            return True
        a = a.getparent()
    return False


def _box_paragraphs(box: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for ch in box:
        if ch.tag == P:
            out.append(ch)
        elif ch.tag == W + "tbl":
            out.extend(q for q in ch.iter(P) if not _nested_box(q, ch))
        elif ch.tag == _SDT:
            c = child(ch, _SDTCONTENT)
            if c is not None:
                out.extend(_box_paragraphs(c))
    return out


def _symbol(code: str | None) -> str:
    try:
        n = int(code or "", 16)
    except ValueError:
        return ""
    if n in _SYMBOLS:
        return _SYMBOLS[n]
    if 0x20 <= n < 0xF000:
        return chr(n)
    return ""


class _Acc:
    """Text pieces of one paragraph and character counts for the style majority."""

    __slots__ = ("alt", "bold", "boxes", "fonts", "italic", "notes", "parts", "sizes", "total")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.alt: list[str] = []  # the same pieces with legacy-font runs converted
        self.fonts: set[str] = set()
        self.notes: list[str] = []
        self.boxes: list[ParaInfo] = []
        self.total = self.bold = self.italic = 0
        self.sizes: dict[float, int] = {}

    def add(self, s: str, props: RunProps | None, converted: str | None = None) -> None:
        if not s:
            return
        self.parts.append(s)
        self.alt.append(s if converted is None else converted)
        if props is None:
            return
        n = len(s) - s.count(" ")
        if n <= 0:
            return
        self.total += n
        if props.bold:
            self.bold += n
        if props.italic:
            self.italic += n
        if props.size:
            self.sizes[props.size] = self.sizes.get(props.size, 0) + n

    def style(self, align: str | None, heading: int | None) -> Style:
        size = max(self.sizes.items(), key=lambda kv: (kv[1], kv[0]))[0] if self.sizes else None
        half = self.total / 2
        return Style(bold=self.total > 0 and self.bold > half, italic=self.total > 0 and self.italic > half,
                     size=size, align=align, heading=heading)
