"""Small .docx packages built in memory from WordprocessingML snippets (test fixtures)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def p(text: str = "", *, num: tuple[int, int] | None = None, style: str | None = None,
      rpr: str = "", ppr: str = "") -> str:
    """A paragraph with one run; ``num`` = (numId, ilvl)."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    run = f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{run}</w:p>"


def tc(*paras: str, span: int = 1, vmerge: str | None = None) -> str:
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    body = "".join(x if x.startswith("<") else p(x) for x in paras) or "<w:p/>"
    return f"<w:tc>{f'<w:tcPr>{pr}</w:tcPr>' if pr else ''}{body}</w:tc>"


def tr(*cells: str, header: bool = False) -> str:
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str, cols: int | None = None) -> str:
    grid = "<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * cols + "</w:tblGrid>" if cols else ""
    return f"<w:tbl><w:tblPr/>{grid}{''.join(rows)}</w:tbl>"


def numbering_xml(*abstracts: str, nums: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{"".join(abstracts)}{nums}</w:numbering>'


def lvl(ilvl: int, fmt: str, text: str, start: int | None = 1, extra: str = "") -> str:
    st = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}">{st}<w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def styles_xml(body: str, defaults: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{defaults}{body}</w:styles>'


def make_docx(body: str, *, numbering: str | None = None, styles: str | None = None,
              footnotes: str | None = None, document: str | None = None,
              extra: dict[str, bytes | str] | None = None) -> bytes:
    """A .docx with the given body XML (and optional parts)."""
    doc = document or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>")
    rels = []
    parts: dict[str, bytes | str] = {"[Content_Types].xml": _CT, "_rels/.rels": _ROOT_RELS,
                                     "word/document.xml": doc}
    for name, xml, typ in (("numbering.xml", numbering, "numbering"), ("styles.xml", styles, "styles"),
                           ("footnotes.xml", footnotes, "footnotes")):
        if xml is not None:
            parts[f"word/{name}"] = xml
            rels.append(f'<Relationship Id="r{typ}" Type="{_REL}/{typ}" Target="{name}"/>')
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>")
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def write(tmp: Path, data: bytes, name: str = "t.docx") -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path
