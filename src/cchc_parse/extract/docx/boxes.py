"""The paragraphs of a text box (w:txbxContent), for text.TextReader: a box's own paragraphs, those of
its tables and content controls, without the ones of boxes nested in it (read with those)."""

from __future__ import annotations

from lxml import etree

from cchc_parse.extract.docx.styles import child

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TXBXCONTENT = W + "txbxContent"
_P, _TBL, _SDT, _SDTCONTENT = W + "p", W + "tbl", W + "sdt", W + "sdtContent"


def nested_box(box: etree._Element, top: etree._Element) -> bool:
    """True when the text box sits inside another text box below ``top`` (read with that one)."""
    a = box.getparent()
    while a is not None and a is not top:
        if a.tag == TXBXCONTENT:
            return True
        a = a.getparent()
    return False


def box_paragraphs(box: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for ch in box:
        if ch.tag == _P:
            out.append(ch)
        elif ch.tag == _TBL:
            out.extend(q for q in ch.iter(_P) if not nested_box(q, ch))
        elif ch.tag == _SDT:
            c = child(ch, _SDTCONTENT)
            if c is not None:
                out.extend(box_paragraphs(c))
    return out
