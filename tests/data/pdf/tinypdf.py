"""A tiny PDF writer for PDF test fixtures: text at given positions in one simple font (the
base-14 Times-Roman, not embedded, with a ToUnicode map so Vietnamese letters extract exactly),
and widget annotations whose appearance stream (/AP /N) draws text, as e-office signing systems
stamp the number and the day into a signed document.

Coordinates are points from the top-left corner (``top`` is the text's top edge), like the
extractor's. Every glyph advances ``width(ch) * size / 1000``; ``widths`` overrides a letter's
advance, ``glyphs`` its glyph name (to draw a real outline wider than the advance).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_W, PAGE_H = 595.0, 842.0
DEFAULT_WIDTH = {" ": 250, ".": 250, ",": 250, ":": 278, ";": 278, "/": 278, "-": 333, "(": 333, ")": 333,
                 "i": 278, "l": 278, "t": 278, "I": 333, "f": 333, "r": 333, "m": 778, "M": 889, "W": 944}


@dataclass
class Font:
    widths: dict[str, int] = field(default_factory=dict)
    glyphs: dict[str, str] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # non-ASCII letter → code 128…255

    def width(self, ch: str) -> int:
        return self.widths.get(ch, DEFAULT_WIDTH.get(ch, 500))

    def code(self, ch: str) -> int:
        if ch in self.glyphs and ch not in self.codes:
            self.codes[ch] = 128 + len(self.codes)
        if " " <= ch <= "~" and ch not in self.codes:
            return ord(ch)
        if ch not in self.codes:
            self.codes[ch] = 128 + len(self.codes)
        return self.codes[ch]

    def encode(self, s: str) -> str:
        return "<" + "".join(f"{self.code(ch):02X}" for ch in s) + ">"

    def advance(self, s: str, size: float) -> float:
        return sum(self.width(ch) for ch in s) * size / 1000


@dataclass
class Stamp:
    """A signature widget: its /Rect (x0, top, x1, bottom) and the text its appearance draws (lines
    split at "\n"), the last line at (dx, dy) from the rect's lower-left corner."""

    rect: tuple[float, float, float, float]
    text: str
    dx: float = 1.0
    dy: float = 4.4
    size: float = 13.0


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)


class TinyPdf:
    def __init__(self, **font: dict) -> None:
        self.font = Font(**font)
        self.pages: list[Page] = []

    def page(self) -> Page:
        self.pages.append(Page())
        return self.pages[-1]

    def text(self, page: Page, x: float, top: float, s: str, size: float = 13.0) -> float:
        """Draw ``s`` with its top at ``top``; returns the x where its advance ends."""
        y = PAGE_H - top - 0.8 * size
        page.ops.append(f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td {self.font.encode(s)} Tj ET")
        return x + self.font.advance(s, size)

    def justify(self, page: Page, x0: float, x1: float, top: float, s: str, size: float = 13.0) -> None:
        """Draw the words of ``s`` spread over x0…x1 (a justified line: no space glyphs drawn)."""
        words = s.split()
        room = (x1 - x0 - sum(self.font.advance(w, size) for w in words)) / max(len(words) - 1, 1)
        x = x0
        for w in words:
            x = self.text(page, x, top, w, size) + room

    def stamp(self, page: Page, stamp: Stamp) -> None:
        page.stamps.append(stamp)

    def build(self) -> bytes:
        objs: list[bytes] = []

        def add(body: bytes) -> int:
            objs.append(body)
            return len(objs)

        def stream(dict_body: str, data: str) -> bytes:
            raw = data.encode("latin-1")
            return f"<< {dict_body} /Length {len(raw)} >>\nstream\n".encode() + raw + b"\nendstream"

        catalog = add(b"")
        pages_id = add(b"")
        streams = [(p, "\n".join(p.ops)) for p in self.pages]  # encode all text before the font
        aps = [[(s, self._stamp_ops(s)) for s in p.stamps] for p in self.pages]
        font_id = add(self._font_dict(add(stream("", self._to_unicode()))).encode())
        kids: list[int] = []
        fields: list[int] = []
        for (_page, ops), page_aps in zip(streams, aps, strict=True):
            content = add(stream("", ops))
            page_id = add(b"")
            annots = []
            for k, (st, ap_ops) in enumerate(page_aps):
                x0, top, x1, bottom = st.rect
                w, h = x1 - x0, bottom - top
                ap = add(stream(f"/Type /XObject /Subtype /Form /BBox [0 0 {w:g} {h:g}] "
                                f"/Resources << /Font << /F1 {font_id} 0 R >> >>", ap_ops))
                annot = add((f"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sig{page_id}_{k}) /F 132 "
                             f"/Rect [{x0:g} {PAGE_H - bottom:g} {x1:g} {PAGE_H - top:g}] /P {page_id} 0 R "
                             f"/AP << /N {ap} 0 R >> >>").encode())
                annots.append(annot)
                fields.append(annot)
            annot_ref = f" /Annots [{' '.join(f'{a} 0 R' for a in annots)}]" if annots else ""
            objs[page_id - 1] = (f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] "
                                 f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content} 0 R"
                                 f"{annot_ref} >>").encode()
            kids.append(page_id)
        form = f" /AcroForm << /Fields [{' '.join(f'{a} 0 R' for a in fields)}] /SigFlags 3 >>" if fields else ""
        objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R{form} >>".encode()
        objs[pages_id - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                              f"/Count {len(kids)} >>").encode()
        out = bytearray(b"%PDF-1.7\n")
        offsets = []
        for i, body in enumerate(objs, start=1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
        out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
        out += f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)

    def _stamp_ops(self, s: Stamp) -> str:
        rows = s.text.split("\n")
        return "\n".join(f"BT /F1 {s.size:g} Tf {s.dx:g} {s.dy + (len(rows) - 1 - k) * 1.2 * s.size:.2f} Td "
                         f"{self.font.encode(row)} Tj ET" for k, row in enumerate(rows))

    def _font_dict(self, tounicode: int) -> str:
        f = self.font
        widths = [f.width(chr(c)) if c < 128 else 500 for c in range(32, 256)]
        diffs = []
        for ch, code in sorted(f.codes.items(), key=lambda it: it[1]):
            widths[code - 32] = f.width(ch)
            diffs.append(f"{code} /{f.glyphs.get(ch, f'uni{ord(ch):04X}')}")
        return (f"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /FirstChar 32 /LastChar 255 "
                f"/Widths [{' '.join(map(str, widths))}] "
                f"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{' '.join(diffs)}] >> "
                f"/ToUnicode {tounicode} 0 R >>")

    def _to_unicode(self) -> str:
        pairs = [(c, c) for c in range(32, 127)] + [(code, ord(ch)) for ch, code in self.font.codes.items()]
        lines = [f"<{c:02X}> <{u:04X}>" for c, u in pairs]
        chunks = [lines[i:i + 100] for i in range(0, len(lines), 100)]
        body = "".join(f"{len(ch)} beginbfchar\n" + "\n".join(ch) + "\nendbfchar\n" for ch in chunks)
        return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
                f"{body}endcmap CMapName currentdict /CMapResource defineresource pop end end")
