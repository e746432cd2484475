"""w:altChunk: a whole file embedded in the body (HTML pasted from a web portal, plain text, RTF, …).

Word renders the chunk in place. HTML and plain-text chunks are read here into Lines and Tables;
any other format (RTF, another .docx, MHT) is reported as dropped (P029), never lost silently.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from lxml import etree
from lxml import html as lxml_html

from cchc_parse.extract.blocks import Block, Cell, Line, SourceRef, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.normalise.encodings import decode_text_bytes

_BLOCK = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd",
                    "caption", "address", "section", "article", "ul", "ol", "dl", "body", "center"})
Counter = Callable[[], int]  # the next paragraph ordinal of the document


def chunk_kind(name: str, data: bytes) -> str:
    """'html' | 'text' | the part's extension (or 'unknown') for a format that is not read."""
    ext = posixpath.splitext(name)[1].lower().lstrip(".")
    head = data[:512].lstrip().lower()
    if ext in ("htm", "html", "xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if ext == "txt":
        return "text"
    return ext or "unknown"


def chunk_blocks(kind: str, data: bytes, next_line: Counter) -> list[Block]:
    """The chunk's Lines and Tables (``kind`` is 'html' or 'text')."""
    if kind == "text":
        text = decode_text_bytes(data)[0]
        return [Line(text=clean_text(s), src=SourceRef(line=next_line())) for s in text.splitlines()]
    try:
        root = lxml_html.document_fromstring(_utf8_or_bytes(data))
    except ValueError:  # a str with an encoding declaration: let lxml read the bytes
        root = None
    try:
        root = root if root is not None else lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    out: list[Block] = []
    body = root.find("body")
    _walk(body if body is not None else root, out, next_line)
    return out


def _utf8_or_bytes(data: bytes) -> str | bytes:
    """UTF-8 HTML as text (lxml would guess Latin-1 without a meta charset); other bytes as they are."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data


def _walk(el: lxml_html.HtmlElement, out: list[Block], next_line: Counter) -> None:
    for ch in el:
        tag = ch.tag if isinstance(ch.tag, str) else ""
        if tag == "table":
            table = _table(ch, next_line)
            if table is not None:
                out.append(table)
        elif tag in _BLOCK and any(isinstance(d.tag, str) and (d.tag in _BLOCK or d.tag == "table")
                                   for d in ch.iterdescendants()):
            _walk(ch, out, next_line)
        elif tag in _BLOCK:
            for part in _text(ch).split("\n"):
                out.append(Line(text=clean_text(part), src=SourceRef(line=next_line())))


def _text(el: lxml_html.HtmlElement) -> str:
    """Text content with <br> as a line break."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return el.text_content()


def _cell_text(td: etree._Element) -> str:
    return "\n".join(s for s in (clean_text(x) for x in _text(td).split("\n")) if s)


def _table(el: etree._Element, next_line: Counter) -> Table | None:
    rows: list[tuple[Cell, ...]] = []
    first = next_line()
    for r, tr in enumerate(el.iter("tr"), start=1):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        rows.append(tuple(Cell(text=_cell_text(c), src=SourceRef(line=first, row=r, col=k))
                          for k, c in enumerate(cells, start=1)))
    width = max((len(r) for r in rows), default=0)
    if not width:
        return None
    rows = [r + tuple(Cell(text="", src=SourceRef(line=first, row=i, col=k))
                      for k in range(len(r) + 1, width + 1)) for i, r in enumerate(rows, start=1)]
    return Table(rows=tuple(rows), src=SourceRef(line=first))
