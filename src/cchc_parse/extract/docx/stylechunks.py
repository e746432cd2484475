"""The <w:style> elements of styles.xml bytes, found without parsing the part (Word templates carry
hundreds of styles a document never uses: styles.Styles parses each one the first time it is used)."""

from __future__ import annotations


def style_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(start tag, whole element) of every <w:style> in styles.xml bytes (plain find: fast)."""
    out = []
    i = data.find(b"<w:style")
    while i != -1:
        nxt = data[i + 8:i + 9]
        if nxt not in (b" ", b">", b"\t", b"\n", b"\r", b"/"):
            i = data.find(b"<w:style", i + 8)
            continue
        gt = data.find(b">", i)
        if gt == -1:
            break
        if data[gt - 1:gt] == b"/":
            end = gt + 1
        else:
            close = data.find(b"</w:style>", gt)
            if close == -1:
                break
            end = close + len(b"</w:style>")
        out.append((data[i:gt + 1], data[i:end]))
        i = data.find(b"<w:style", end)
    return out
