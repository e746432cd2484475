"""styles.xml → resolved paragraph and run properties (docDefaults → basedOn chain → direct).

Only what the block stream needs: bold, italic, size, fonts (legacy-encoding detection), all caps,
hidden text, alignment, outline level and the numbering a paragraph style carries.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex
from lxml import etree

from cchc_parse.extract.docx.stylechunks import style_chunks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TRUE_OFF = {"0", "false", "off", "none"}
# TCVN3 (".VnTime", ".VnTimeH", ".VnArial NarrowH") and VNI ("VNI-Times", "VNI Helve") fonts
LEGACY_FONT = regex.compile(r"^\s*(?:\.vn|vni[-\s_])", regex.I)
_HEADING_NAME = regex.compile(r"^heading\s*([1-9])$", regex.I)
_JC = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
       "both": "justify", "distribute": "justify", "lowKashida": "justify", "mediumKashida": "justify",
       "highKashida": "justify", "thaiDistribute": "justify"}


@dataclass(frozen=True, slots=True)
class RunProps:
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None  # points
    font: str | None = None
    caps: bool | None = None
    vanish: bool | None = None

    def over(self, other: RunProps | None) -> RunProps:
        """These properties with ``other``'s set values laid on top."""
        if other is None or other is _EMPTY_RUN:
            return self
        return RunProps(self.bold if other.bold is None else other.bold,
                        self.italic if other.italic is None else other.italic,
                        self.size if other.size is None else other.size,
                        self.font if other.font is None else other.font,
                        self.caps if other.caps is None else other.caps,
                        self.vanish if other.vanish is None else other.vanish)


_EMPTY_RUN = RunProps()


@dataclass(frozen=True, slots=True)
class ParaProps:
    align: str | None = None
    outline: int | None = None  # 0-based outline level (9 = body text)
    num_id: str | None = None
    ilvl: int | None = None

    def over(self, other: ParaProps | None) -> ParaProps:
        if other is None:
            return self
        return ParaProps(other.align if other.align is not None else self.align,
                         other.outline if other.outline is not None else self.outline,
                         other.num_id if other.num_id is not None else self.num_id,
                         other.ilvl if other.ilvl is not None else self.ilvl)


def child(el: etree._Element, tag: str) -> etree._Element | None:
    """First child with ``tag`` (a plain loop: several times faster than lxml's find)."""
    for ch in el:
        if ch.tag == tag:
            return ch
    return None


@functools.lru_cache(maxsize=1024)  # asked for every run and text; a document has a few fonts
def is_legacy_font(font: str | None) -> bool:
    return bool(font) and bool(LEGACY_FONT.match(font or ""))


_B, _I, _SZ, _FONTS, _CAPS, _VANISH, _SPECV = (W + "b", W + "i", W + "sz", W + "rFonts", W + "caps",
                                                W + "vanish", W + "specVanish")
_VAL, _ASCII, _HANSI, _RSTYLE = W + "val", W + "ascii", W + "hAnsi", W + "rStyle"
_ASCII_THEME, _HANSI_THEME = W + "asciiTheme", W + "hAnsiTheme"


def parse_rpr(rpr: etree._Element | None) -> RunProps:
    """A w:rPr element → RunProps (unset fields None)."""
    fields = scan_rpr(rpr)[1]
    return _EMPTY_RUN if fields is None else RunProps(*fields)


_NO_STYLE: tuple[bool, str | None] = (False, None)
RunFields = tuple[bool | None, bool | None, float | None, str | None, bool | None, bool | None]
# what scan_rpr does with each child it reads; the others (w:szCs, w:lang, w:color, …) it skips
_KIND = {_B: 1, _I: 2, _SZ: 3, _FONTS: 4, _CAPS: 5, _VANISH: 6, _SPECV: 6, _RSTYLE: 7}
# w:val of an on/off property as Word writes it → on (other spellings: ``v.lower() not in _TRUE_OFF``)
_ONOFF: dict[str | None, bool] = {None: True, "1": True, "true": True, "on": True,
                                  "0": False, "false": False, "off": False, "none": False}
_HALF_POINTS: dict[str, float] = {}  # w:sz values already read as a number → points


def scan_rpr(rpr: etree._Element | None) -> tuple[tuple[bool, str | None], RunFields | None]:
    """A w:rPr → ((has a w:rStyle, the first one's w:val), RunProps' fields or None when none is
    set), in one pass over the children: a run's rPr is read once, for its style and properties.
    The fields, not a RunProps: hashable as they are, the caller can cache what they make."""
    if rpr is None:
        return _NO_STYLE, None
    bold = italic = caps = vanish = None
    size = None
    font = None
    rstyle = _NO_STYLE
    kinds = _KIND
    onoff = _ONOFF
    for ch in rpr:
        kind = kinds.get(ch.tag)
        if kind is None:
            continue
        if kind == 3:  # (the kinds in the order of how often a run has them)
            half = ch.get(_VAL, "")
            pts = _HALF_POINTS.get(half)
            size = pts if pts is not None else _points(half, size)
        elif kind == 4:
            a, h = ch.get(_ASCII), ch.get(_HANSI)
            if a or h:
                font = _named_font(a, h)
            elif ch.get(_ASCII_THEME) or ch.get(_HANSI_THEME):
                font = ""  # a theme font: never a legacy encoding
        elif kind == 7:
            if rstyle is _NO_STYLE:
                rstyle = (True, ch.get(_VAL))
        else:  # w:b, w:i, w:caps, w:vanish: on unless w:val says off
            v = ch.get(_VAL) if ch.values() else None  # (most are <w:b/>: no attribute to look up)
            on = onoff.get(v)
            if on is None:
                on = str(v).lower() not in _TRUE_OFF  # (v is not None here: None is in _ONOFF)
            if kind == 1:
                bold = on
            elif kind == 2:
                italic = on
            elif kind == 5:
                caps = on
            else:
                vanish = on
    if bold is italic is caps is vanish is size is font is None:
        return rstyle, None
    return rstyle, (bold, italic, size, font, caps, vanish)


@functools.lru_cache(maxsize=1024)
def _named_font(a: str | None, h: str | None) -> str | None:
    """The font a w:rFonts with w:ascii ``a`` / w:hAnsi ``h`` names: a legacy-encoding one first."""
    if h and is_legacy_font(h):
        return h
    if a and is_legacy_font(a):
        return a
    return h or a


def _points(half_points: str, size: float | None) -> float | None:
    """w:sz's half-points in points; ``size`` as it was when the value is no number."""
    try:
        pts = int(half_points) / 2
    except ValueError:
        return size
    if len(_HALF_POINTS) < 4096:  # a document has a few sizes (a hostile one: not without bound)
        _HALF_POINTS[half_points] = pts
    return pts


def parse_ppr(ppr: etree._Element | None) -> ParaProps:
    """A w:pPr element → ParaProps (alignment, outline level, numPr)."""
    return scan_ppr(ppr)[1]


_EMPTY_PARA = ParaProps()
_JC_TAG, _OUTLINE, _NUMPR, _NUMID, _ILVL, _PSTYLE = (W + "jc", W + "outlineLvl", W + "numPr", W + "numId",
                                                    W + "ilvl", W + "pStyle")
_PKIND = {_JC_TAG: 1, _PSTYLE: 2, _OUTLINE: 3, _NUMPR: 4}  # what scan_ppr reads; the rest it skips
_PARA_PROPS: dict[tuple[str | None, int | None, str | None, int | None], ParaProps] = {}


def scan_ppr(ppr: etree._Element | None) -> tuple[str | None, ParaProps]:
    """A w:pPr → (the first w:pStyle's w:val, ParaProps), in one pass over the children."""
    if ppr is None:
        return None, _EMPTY_PARA
    align = outline = num_id = ilvl = None
    sid: str | None = None
    seen_style = False
    kinds = _PKIND
    for ch in ppr:
        kind = kinds.get(ch.tag)
        if kind is None:
            continue
        if kind == 1:
            align = _JC.get(ch.get(_VAL, ""))
        elif kind == 2:
            if not seen_style:
                seen_style, sid = True, ch.get(_VAL)
        elif kind == 3:
            outline = _int(ch.get(_VAL))
        else:
            for n in ch:
                if n.tag == _NUMID:
                    num_id = n.get(_VAL)
                elif n.tag == _ILVL:
                    ilvl = _int(n.get(_VAL))
    if align is outline is num_id is ilvl is None:
        return sid, _EMPTY_PARA
    key = (align, outline, num_id, ilvl)
    props = _PARA_PROPS.get(key)
    if props is None:  # ParaProps is frozen: one object serves every paragraph with the same ones
        if len(_PARA_PROPS) > 4096:
            _PARA_PROPS.clear()
        props = _PARA_PROPS[key] = ParaProps(*key)
    return sid, props


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


_W_DECL = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DEFAULTS_CHUNK = re.compile(rb"<w:docDefaults\b.*?</w:docDefaults>", re.S)
_ATTR = re.compile(rb'\bw:(styleId|type|default)="([^"]*)"')
_NAME = re.compile(rb'<w:name\s+w:val="([^"]*)"')


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Styles:
    """Resolved styles of one document; lookups are cached.

    ``from_bytes`` indexes styles.xml without parsing it all (Word templates carry hundreds of
    unused styles): each w:style is parsed the first time a paragraph or run uses it.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._raw: dict[str, bytes] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.names: dict[str, str] = {}
        self.default_run = _EMPTY_RUN
        self.default_ppr = ParaProps()
        self._pcache: dict[str | None, tuple[ParaProps, RunProps, int | None]] = {}
        # para() by the id asked for (what it gives for an id that will not change: looked up first)
        self.memo: dict[str | None, tuple[ParaProps, RunProps, int | None]] = {}
        self._rcache: dict[str | None, RunProps] = {}
        if root is None:
            return
        self._defaults(root.find(W + "docDefaults"))
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            self._styles[sid] = st
            name = st.find(W + "name")
            if name is not None:
                self.names[sid] = name.get(W + "val", "")
            self._mark_default(sid, st.get(W + "type"), st.get(W + "default"))

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Styles:
        """Index styles.xml bytes lazily; falls back to a full (safe) parse for unusual prefixes."""
        if not data:
            return cls(None)
        head = data[:4096]
        if _W_DECL not in head or b"<!DOCTYPE" in head or b"<!ENTITY" in data:
            return cls(etree.fromstring(data, _safe_parser()))
        self = cls(None)
        m = _DEFAULTS_CHUNK.search(data)
        if m:
            self._defaults(self._parse(m.group(0)))
        for start_tag, chunk in style_chunks(data):
            attrs = dict(_ATTR.findall(start_tag))  # (bytes: only what is used is decoded; the last one wins)
            sid_bytes = attrs.get(b"styleId")
            if not sid_bytes:
                continue
            sid = sid_bytes.decode("utf-8", "replace")
            self._raw[sid] = chunk
            nm = _NAME.search(chunk)
            if nm:
                self.names[sid] = nm.group(1).decode("utf-8", "replace")
            default = attrs.get(b"default")
            if default is not None:  # (_mark_default does nothing without one: most styles)
                typ = attrs.get(b"type")
                self._mark_default(sid, None if typ is None else typ.decode("utf-8", "replace"),
                                   default.decode("utf-8", "replace"))
        return self

    @staticmethod
    def _parse(chunk: bytes) -> etree._Element | None:
        try:
            wrapped = etree.fromstring(b"<w:x " + _W_DECL + b">" + chunk + b"</w:x>", _safe_parser())
        except etree.XMLSyntaxError:
            return None
        return wrapped[0] if len(wrapped) else None

    def _defaults(self, dd: etree._Element | None) -> None:
        if dd is not None:
            self.default_run = parse_rpr(dd.find(f"{W}rPrDefault/{W}rPr"))
            self.default_ppr = parse_ppr(dd.find(f"{W}pPrDefault/{W}pPr"))

    def _mark_default(self, sid: str, typ: str | None, default: str | None) -> None:
        if default in ("1", "true", "on"):
            if typ == "paragraph":
                self.default_para = sid
            elif typ == "character":
                self.default_char = sid

    def _get(self, sid: str | None) -> etree._Element | None:
        if not sid:
            return None
        el = self._styles.get(sid)
        if el is None and sid in self._raw:
            el = self._parse(self._raw.pop(sid))
            if el is not None:
                self._styles[sid] = el
        return el

    def element(self, sid: str | None) -> etree._Element | None:
        return self._get(sid)

    def _chain(self, sid: str | None) -> list[etree._Element]:
        """The style and its basedOn ancestors, root first (cycle-safe)."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        while sid and sid not in seen and len(seen) < 50:
            seen.add(sid)
            st = self._get(sid)
            if st is None:
                break
            out.append(st)
            b = st.find(W + "basedOn")
            sid = b.get(W + "val") if b is not None else None
        out.reverse()
        return out

    def para(self, sid: str | None) -> tuple[ParaProps, RunProps, int | None]:
        """(paragraph props, run props, heading level) of a paragraph style with docDefaults."""
        hit = self.memo.get(sid)
        if hit is not None:
            return hit
        key = self._para_key(sid)
        hit = self._pcache.get(key)
        if hit is None:
            hit = self._para(key)
        if self._para_key(sid) == key:  # (not for a style that failed to parse just now: next time
            self.memo[sid] = hit       # it is not there, and the default style stands in for it)
        return hit

    def _para_key(self, sid: str | None) -> str | None:
        return sid if sid and (sid in self._styles or sid in self._raw) else self.default_para

    def _para(self, key: str | None) -> tuple[ParaProps, RunProps, int | None]:
        pp, rp = self.default_ppr, self.default_run
        heading = None
        for st in self._chain(key):
            pp = pp.over(parse_ppr(st.find(W + "pPr")))
            rp = rp.over(parse_rpr(st.find(W + "rPr")))
            m = _HEADING_NAME.match(self.names.get(st.get(W + "styleId", ""), ""))
            if m:
                heading = int(m[1])
        if pp.outline is not None and 0 <= pp.outline < 9:
            heading = pp.outline + 1
        res = (pp, rp, heading)
        self._pcache[key] = res
        return res

    def char(self, sid: str | None) -> RunProps:
        """Run props contributed by a character style chain (not including docDefaults)."""
        hit = self._rcache.get(sid)
        if hit is not None:
            return hit
        rp = _EMPTY_RUN
        for st in self._chain(sid):
            rp = rp.over(parse_rpr(st.find(W + "rPr")))
        self._rcache[sid] = rp
        return rp

    def numbering_of(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style carries through its basedOn chain."""
        pp = self.para(sid)[0]
        return pp.num_id, pp.ilvl
