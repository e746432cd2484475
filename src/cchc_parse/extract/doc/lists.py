"""Word 97 list definitions (PlfLst + LVLs, PlfLfo; MS-DOC 2.9.150, 2.9.131, 2.9.185) → numbering.xml.

Each LSTF becomes a w:abstractNum (its LVLs: iStartAt, nfc, the number text with level
placeholders, fNoRestart), each LFO a w:num (numId = the 1-based ilfo paragraphs carry) with its
start-at and whole-level overrides, so the .docx extractor counts and formats the labels.
"""

from __future__ import annotations

import struct

from lxml import etree

from cchc_parse.extract.doc.to_docx import NOT_XML

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MAX_LISTS = 10_000
# MSONFC → w:numFmt
_NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter",
        5: "ordinal", 22: "decimalZero", 23: "bullet", 255: "none"}


def _level(b: bytes, pos: int, parent: etree._Element, ilvl: int) -> int:
    """Write one LVL at ``pos`` as a w:lvl under ``parent``; returns the position after it."""
    start, nfc, flags = struct.unpack_from("<iBB", b, pos)
    nums = b[pos + 6:pos + 15]
    cb_chpx, cb_papx = b[pos + 24], b[pos + 25]
    restart_lim = b[pos + 26]
    pos += 28 + cb_papx + cb_chpx
    cch = struct.unpack_from("<H", b, pos)[0]
    xst = b[pos + 2:pos + 2 + 2 * cch].decode("utf-16-le", errors="replace")
    pos += 2 + 2 * cch
    chars = list(xst)
    for k in nums:  # 1-based positions of the level placeholders in the number text
        if 0 < k <= len(chars) and len(chars[k - 1]) == 1 and ord(chars[k - 1]) < 9:
            chars[k - 1] = f"%{ord(chars[k - 1]) + 1}"
    text = NOT_XML.sub("", "".join(c for c in chars if len(c) > 1 or ord(c) >= 9))
    lvl = etree.SubElement(parent, W + "lvl")
    lvl.set(W + "ilvl", str(ilvl))
    for tag, val in (("start", str(start)), ("numFmt", _NFC.get(nfc, "decimal")), ("lvlText", text)):
        etree.SubElement(lvl, W + tag).set(W + "val", val)
    if flags & 0x08:  # fNoRestart: restart only after level ilvlRestartLim (0: never)
        etree.SubElement(lvl, W + "lvlRestart").set(W + "val", str(restart_lim))
    if flags & 0x04:
        etree.SubElement(lvl, W + "isLgl")
    return pos


def numbering_xml(table: bytes, fc: int, lcb: int, lfo: bytes) -> bytes | None:
    """numbering.xml for the lists of a .doc (None when it has none). Raises struct.error if cut short."""
    if lcb < 2 or not lfo:
        return None
    root = etree.Element(W + "numbering", nsmap={"w": W_NS})
    n = min(struct.unpack_from("<h", table, fc)[0], MAX_LISTS)
    pos = fc + lcb  # the LVLs follow the PlfLst
    ids: dict[int, int] = {}
    for i in range(max(n, 0)):
        lsid = struct.unpack_from("<i", table, fc + 2 + 28 * i)[0]
        simple = table[fc + 2 + 28 * i + 26] & 1
        an = etree.SubElement(root, W + "abstractNum")
        an.set(W + "abstractNumId", str(i))
        ids[lsid] = i
        for ilvl in range(1 if simple else 9):
            pos = _level(table, pos, an, ilvl)
    count = min(struct.unpack_from("<I", lfo, 0)[0], MAX_LISTS)
    data = 4 + 16 * count
    for k in range(count):
        lsid = struct.unpack_from("<i", lfo, 4 + 16 * k)[0]
        nlvl = lfo[4 + 16 * k + 12]
        num = etree.SubElement(root, W + "num")
        num.set(W + "numId", str(k + 1))
        etree.SubElement(num, W + "abstractNumId").set(W + "val", str(ids.get(lsid, -1)))
        data += 4  # LFOData.cp
        for _ in range(min(nlvl, 9)):
            start_at, flags = struct.unpack_from("<iI", lfo, data)
            data += 8
            ov = etree.SubElement(num, W + "lvlOverride")
            ov.set(W + "ilvl", str(flags & 0x0F))
            if flags & 0x20:  # fFormatting: a whole LVL follows
                data = _level(lfo, data, ov, flags & 0x0F)
            elif flags & 0x10:  # fStartAt
                etree.SubElement(ov, W + "startOverride").set(W + "val", str(start_at))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
