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

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from cchc_parse.extract.blocks import Style
from cchc_parse.extract.docx.boxes import box_paragraphs, nested_box
from cchc_parse.extract.docx.fastclean import clean_text
from cchc_parse.extract.docx.numbering import Numbering
from cchc_parse.extract.docx.pieces import Pieces
from cchc_parse.extract.docx.styles import RunFields, RunProps, Styles, child, is_legacy_font, scan_ppr, scan_rpr

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
# what scan_rpr gives for a run's rPr; (the run's props, text taken as it stands, all caps)
_RprKey = tuple[tuple[bool, str | None], RunFields | None]
_RunInfo = tuple[RunProps, bool, bool]


@dataclass(slots=True)  # one per paragraph/cell: slots make them quicker to build
class ParaInfo:
    """What one paragraph shows."""

    text: str  # raw visible text: "\n" for manual line breaks, "\t" for tabs, not yet cleaned
    label: str | None = None
    style: Style = field(default_factory=Style)
    notes: Sequence[str] = ()
    boxes: Sequence[ParaInfo] = ()  # paragraphs of text boxes anchored here
    _lines: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def lines(self) -> list[str]:
        """clean_text of each "\\n"-separated part of ``text`` (empty ones kept), worked out once: a
        table cell's paragraphs are read for the table's kind and again for its cells."""
        if self._lines is None:
            text = self.text
            self._lines = [clean_text(s) for s in text.split("\n")] if "\n" in text else [clean_text(text)]
        return self._lines


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
        self._pending = 0  # fields in ``fields`` whose result has not started: text is hidden
        # id of a paragraph's run props → (those props, {scan_rpr's result: the run's _RunInfo}): a
        # document has a few hundred distinct rPr among thousands of runs
        self._props: dict[int, tuple[RunProps, dict[_RprKey, _RunInfo]]] = {}
        self.legacy_fonts: set[str] = set()
        self._box_depth = 0

    # -- paragraph ---------------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> ParaInfo:
        it = iter(p)  # w:pPr comes first: read it, and walk the children after it (the walk drops it anyway)
        first, kids = next(it, None), it
        if first is None or first.tag != _PPR:
            first, kids = child(p, _PPR), iter(p)
        sid, direct = scan_ppr(first)
        # (Styles.para's memo looked up here: this runs for every paragraph)
        pprops, base_run, heading = self.styles.memo.get(sid) or self.styles.para(sid)
        align = direct.align if direct.align is not None else pprops.align
        if direct.outline is not None:
            heading = direct.outline + 1 if 0 <= direct.outline < 9 else None
        label = None
        if direct.num_id is not None or pprops.num_id is not None:
            label = self._label(direct.num_id, direct.ilvl, pprops.num_id, pprops.ilvl, sid)
        acc = Pieces()
        self._walk(kids, base_run, acc)
        text = "".join(acc.parts)
        if acc.fonts and acc.alt is not None:
            converted = "".join(acc.alt)
            if _prefer_converted(text, converted):
                text = converted
                self.legacy_fonts |= acc.fonts
        style = acc.style(align, heading)
        return ParaInfo(text, label, style, acc.notes, acc.boxes)

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

    def _walk(self, el: Iterable[etree._Element], base: RunProps, acc: Pieces) -> None:
        """The inline content of ``el`` in document order. A run whose w:rPr comes first, shown in
        plain properties (not hidden, no legacy font) and holding only w:t has its text taken here
        (most runs); any other run, or the rest of one from its first other item, goes through
        ``_run`` / ``_items``, which take every case."""
        parts = acc.parts
        entry = self._props.get(id(base))  # self._cache(base), without a call
        cache = entry[1] if entry is not None and entry[0] is base else self._cache(base)
        for ch in el:
            tag = ch.tag
            if tag != R:
                if tag not in _DROPPED:  # bookmarks, proofing marks: what _other drops, without a call
                    self._other(ch, tag, base, acc)
                continue
            kids = iter(ch)
            first = next(kids, None)
            if first is None or first.tag != _RPR:
                self._run(ch, base, acc)
                continue
            key = scan_rpr(first)
            hit = cache.get(key)
            if hit is None:
                hit = self._run_props(base, key, cache)
            props = hit[0]
            if not hit[1] or self._pending or acc.alt is not None:
                self._items(kids, props, acc)
                continue
            counted = 0
            for x in kids:
                if x.tag != T:
                    self._items(itertools.chain((x,), kids), props, acc)
                    break
                text = x.text
                if text:
                    if hit[2]:
                        text = text.upper()
                    parts.append(text)
                    counted += len(text) - text.count(" ")
            if counted:  # acc.count(props, counted), without a call: the most frequent case
                acc.total += counted
                if props.bold:
                    acc.bold += counted
                if props.italic:
                    acc.italic += counted
                if props.size:
                    acc.sizes[props.size] = acc.sizes.get(props.size, 0) + counted

    def _other(self, ch: etree._Element, tag: str, base: RunProps, acc: Pieces) -> None:
        """Inline content other than a run: containers, content controls, math; the rest dropped."""
        if tag in _CONTAINERS:
            self._walk(ch, base, acc)
        elif tag in _DROPPED or not isinstance(tag, str):
            return
        elif tag == _SDT:
            content = child(ch, _SDTCONTENT)
            if content is not None:
                self._walk(content, base, acc)
        elif tag == _ALT:
            branch = _branch(ch)
            if branch is not None:
                self._walk(branch, base, acc)
        elif (tag == M + "oMath" or tag == M + "oMathPara") and self._visible():
            s = "".join(t.text or "" for t in ch.iter(M + "t"))
            acc.add(s)
            if len(s) - s.count(" ") > 0:
                acc.count(base, len(s) - s.count(" "))

    def _visible(self) -> bool:
        return not self._pending  # every open field is showing its result

    def _run(self, r: etree._Element, base: RunProps, acc: Pieces) -> None:
        rpr = child(r, _RPR)
        if rpr is not None:
            props = self._run_props(base, scan_rpr(rpr), self._cache(base))[0]
        else:
            props = base
            if self.styles.default_char:
                props = props.over(self.styles.char(self.styles.default_char))
        self._items(r, props, acc)

    def _cache(self, base: RunProps) -> dict[_RprKey, _RunInfo]:
        """The runs' properties made on ``base`` so far."""
        entry = self._props.get(id(base))
        if entry is None or entry[0] is not base:  # not seen, or the id of another (freed) base
            entry = self._props[id(base)] = (base, {})
        return entry[1]

    def _run_props(self, base: RunProps, key: _RprKey, cache: dict[_RprKey, _RunInfo]) -> _RunInfo:
        """A run's properties — the paragraph's, its character style's, its own rPr on top — and
        whether its text can be taken as it stands (shown, no legacy font) and is all caps."""
        hit = cache.get(key)
        if hit is not None:
            return hit
        rstyle, fields = key
        props = base
        if rstyle[0]:
            props = props.over(self.styles.char(rstyle[1]))
        if fields is not None:
            props = props.over(RunProps(*fields))
        plain = not props.vanish and not (props.font and is_legacy_font(props.font))
        info = cache[key] = (props, plain, bool(props.caps))
        return info

    def _field(self, kind: str | None) -> None:
        """A w:fldChar: 'begin' opens a field (its code hidden), 'separate' shows its result."""
        fields = self.fields
        if kind == "begin":
            if len(fields) < 64:
                fields.append(False)
                self._pending += 1
        elif kind == "separate":
            if fields:
                if not fields[-1]:
                    self._pending -= 1
                fields[-1] = True
        elif kind == "end" and fields and not fields.pop():
            self._pending -= 1

    def _items(self, r: Iterable[etree._Element], props: RunProps, acc: Pieces) -> None:
        """A run's children (after its rPr) in ``props``."""
        hidden = bool(props.vanish)
        font = props.font
        legacy = bool(font) and is_legacy_font(font)
        parts = acc.parts
        counted = 0  # characters (not spaces) shown in this run's props: the paragraph's style majority
        mark_follows = False  # a footnote's own mark typed after its reference ("*", "1"): not body text
        for ch in r:
            tag = ch.tag
            if tag == T:
                if hidden or self._pending or mark_follows:
                    mark_follows = False
                    continue
                s = ch.text
                if not s:
                    continue
                if legacy and _legacy_surface(s):
                    conv = self.convert(s, font)
                    if conv != s:
                        acc.font(font or "")
                        if props.caps:
                            s, conv = s.upper(), conv.upper()
                        acc.add(s, conv)
                        counted += len(s) - s.count(" ")
                        continue
                if props.caps:
                    s = s.upper()
                parts.append(s)
                if acc.alt is not None:
                    acc.alt.append(s)
                counted += len(s) - s.count(" ")
            elif tag == _RPR:
                continue
            elif tag == _FLDCHAR:
                self._field(ch.get(_FLDTYPE))
            elif hidden or self._pending:
                continue
            elif tag in (_FOOTNOTEREFERENCE, _ENDNOTEREFERENCE):
                kind = "f" if tag == _FOOTNOTEREFERENCE else "e"
                note = self.notes.get(f"{kind}{ch.get(W + 'id')}")
                if note:
                    acc.note(note)
                mark_follows = ch.get(W + "customMarkFollows") in ("1", "true", "on")
            else:
                counted += self._item(ch, tag, props, acc)
        if counted:
            acc.count(props, counted)

    def _item(self, ch: etree._Element, tag: str, props: RunProps, acc: Pieces) -> int:
        """A visible run item other than text; the characters it shows in ``props``."""
        if tag in (_TAB, _PTAB):
            acc.add("\t")
        elif tag == _BR:
            acc.add(" " if ch.get(_TYPE) in ("page", "column") else "\n")
        elif tag == _CR:
            acc.add("\n")
        elif tag == _NOBREAKHYPHEN:
            acc.add("-")
            return 1
        elif tag == _SYM:
            sym = _symbol(ch.get(W + "char"))
            acc.add(sym)
            return len(sym) - sym.count(" ")
        elif tag in (_DRAWING, _PICT):
            self._boxes(ch, acc)
        elif tag == _ALT:
            branch = _branch(ch)
            if branch is not None:
                self._items(branch, props, acc)
        return 0

    def _boxes(self, el: etree._Element, acc: Pieces) -> None:
        if self._box_depth >= MAX_BOX_DEPTH:
            return
        self._box_depth += 1
        try:
            for box in el.iter(_TXBXCONTENT):
                if nested_box(box, el):
                    continue
                for p in box_paragraphs(box):
                    acc.box(self.paragraph(p))
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
