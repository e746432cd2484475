"""Extract: file → block stream. The format is sniffed from the bytes, not trusted from the name."""

from __future__ import annotations

from pathlib import Path

from cchc_parse.errors import InputError, UnsupportedFormat
from cchc_parse.extract.blocks import Extracted

MAX_TEXT_BYTES = 50 * 1024 * 1024


def sniff(head: bytes, name: str = "") -> str:
    """'pdf' | 'docx' | 'doc' | 'txt' | 'unknown' from the first bytes (and the name as a tie-break).

    The start of the file decides: a text that quotes "%PDF-1.4" in its first lines stays text; a
    PDF behind a few junk bytes (readers accept "%PDF-" within the first 1 KB) is one when the
    rest of its head is not text."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2: Word 97 .doc, or an encrypted .docx (told apart by the docx extractor)
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "txt"
    sample = head[:4096]
    if not sample:
        return "empty"
    text = _looks_text(sample)
    if b"%PDF-" in head[:1024] and not text:
        return "pdf"
    return "txt" if text else "unknown"


def _looks_text(sample: bytes) -> bool:
    """No NUL and at most 2 % control bytes (other than tab, newlines, form feed)."""
    if b"\x00" in sample:
        return False
    ctrl = len(sample) - len(sample.translate(None, _CONTROL))  # the bytes deleted: 1–8, 14–31
    return ctrl <= len(sample) * 0.02


_CONTROL = bytes([*range(9), *range(14, 32)])


def extract(path: Path, *, ocr: bool = False, password: str | None = None) -> Extracted:
    """Read ``path`` into a block stream with the extractor its bytes call for."""
    if not path.exists():
        raise InputError(path, "no such file")
    if not path.is_file():
        raise InputError(path, "not a regular file")
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None
    kind = sniff(head, path.name)
    if kind == "empty":
        raise InputError(path, "the file is empty")
    if kind == "pdf":
        from cchc_parse.extract.pdf.reader import extract_pdf

        return extract_pdf(path, ocr=ocr, password=password)
    if kind == "docx":
        from cchc_parse.extract.docx.reader import extract_docx

        return extract_docx(path)
    if kind == "doc":
        from cchc_parse.extract.doc.convert import extract_doc

        return extract_doc(path)
    if kind == "txt":
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise InputError(path, f"text file larger than {MAX_TEXT_BYTES // 2**20} MB")
        from cchc_parse.extract.txt.reader import extract_txt

        return extract_txt(path)
    raise UnsupportedFormat(path, "not a .txt, .docx, .doc or .pdf file (binary content of an unknown format)")
