"""Hostile and broken inputs: only CchcError subclasses may come out, with a clear reason."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from docx_factory import NS, make_docx, p, write

from cchc_parse.errors import CchcError, ExtractError, InputError, LimitExceeded, UnsupportedFormat
from cchc_parse.extract.blocks import Line
from cchc_parse.extract.docx import package as docx_package
from cchc_parse.extract.docx.reader import extract_docx

GOOD = make_docx(p("Nội dung"))


def test_corrupt_zip(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="corrupt or truncated"):
        extract_docx(write(tmp_path, b"PK\x03\x04 this is not really a zip"))


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.98])
def test_truncated_file(tmp_path: Path, keep: float) -> None:
    data = GOOD[: int(len(GOOD) * keep)]
    with pytest.raises(ExtractError):
        extract_docx(write(tmp_path, data))


def test_flipped_bytes_in_compressed_data(tmp_path: Path) -> None:
    data = bytearray(GOOD)
    for i in range(60, min(len(data) - 200, 600), 7):
        data[i] ^= 0x5A
    with pytest.raises(CchcError):
        extract_docx(write(tmp_path, bytes(data)))


def test_zip_without_document_xml(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<x/>")
    with pytest.raises(ExtractError, match=r"document\.xml is missing"):
        extract_docx(write(tmp_path, buf.getvalue()))


def _ole(names: list[str]) -> bytes:
    """A minimal OLE2 header followed by directory-entry names (UTF-16LE), as in real files."""
    head = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504
    return head + b"".join(n.encode("utf-16-le") + b"\0\0" for n in names) + b"\0" * 512


def test_encrypted_ole_container(tmp_path: Path) -> None:
    data = _ole(["Root Entry", "EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(ExtractError, match="password-protected"):
        extract_docx(write(tmp_path, data))


def test_plain_ole_is_a_doc_not_a_docx(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat, match=r"\.doc"):
        extract_docx(write(tmp_path, _ole(["Root Entry", "WordDocument"])))


def test_empty_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        extract_docx(write(tmp_path, b""))
    with pytest.raises(InputError):
        extract_docx(tmp_path / "nope.docx")


def _patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a zip's central directory declares for one member."""
    out = bytearray(data)
    name = member.encode()
    i = out.find(b"PK\x01\x02" + b"")
    while i != -1:
        n = struct.unpack_from("<H", out, i + 28)[0]
        if out[i + 46:i + 46 + n] == name:
            struct.pack_into("<I", out, i + 24, size)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


def test_declared_member_size_over_limit(tmp_path: Path) -> None:
    data = _patch_declared_size(GOOD, "word/document.xml", docx_package.MAX_MEMBER + 1)
    with pytest.raises(LimitExceeded, match="declares"):
        extract_docx(write(tmp_path, data))


def test_total_declared_size_over_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_TOTAL", 100)
    with pytest.raises(LimitExceeded, match="uncompressed"):
        extract_docx(write(tmp_path, GOOD))


def test_member_inflating_beyond_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = make_docx(p("x" * 5000))
    monkeypatch.setattr(docx_package, "MAX_MEMBER", 2000)
    # the declared size is honest here, so the declared check fires first; lie about it:
    data = _patch_declared_size(big, "word/document.xml", 100)
    with pytest.raises(CchcError):
        extract_docx(write(tmp_path, data))


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_MEMBERS", 3)
    with pytest.raises(LimitExceeded, match="members"):
        extract_docx(write(tmp_path, GOOD))


def test_doctype_entities_are_not_expanded(tmp_path: Path) -> None:
    doc = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
           '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
           f"<w:document {NS}><w:body><w:p><w:r><w:t>x&c;&ext;y</w:t></w:r></w:p></w:body></w:document>")
    try:
        ex = extract_docx(write(tmp_path, make_docx("", document=doc)))
    except CchcError:
        return  # refusing the file is fine too
    text = " ".join(b.text for b in ex.blocks if isinstance(b, Line))
    assert "AAAA" not in text and "root:" not in text


def test_malformed_xml(tmp_path: Path) -> None:
    doc = f"<w:document {NS}><w:body><w:p><w:r><w:t>unclosed</w:body>"
    with pytest.raises(ExtractError, match="not well-formed"):
        extract_docx(write(tmp_path, make_docx("", document=doc)))


def test_garbage_numbering_and_styles_do_not_crash(tmp_path: Path) -> None:
    numbering = (f'<w:numbering {NS}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="x">'
                 '<w:start w:val="abc"/><w:lvlText w:val="%9%1"/></w:lvl><w:lvl w:ilvl="0"><w:start w:val="-5"/>'
                 '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1.%7"/><w:lvlRestart w:val="zz"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="404"/></w:num></w:numbering>')
    styles = (f'<w:styles {NS}><w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/><w:rPr><w:sz w:val="big"/>'
              "</w:rPr></w:style></w:styles>")
    body = p("một", num=(1, 0), style="A") + p("hai", num=(2, 3)) + p("ba", num=(1, 99))
    ex = extract_docx(write(tmp_path, make_docx(body, numbering=numbering, styles=styles)))
    assert [b.text for b in ex.blocks if isinstance(b, Line)] == ["một", "hai", "ba"]


def test_time_limit(tmp_path: Path) -> None:
    body = "".join(p(f"đoạn {i}") for i in range(450))
    with pytest.raises(LimitExceeded, match="time limit"):
        extract_docx(write(tmp_path, make_docx(body)), timeout=-1)


def test_encrypted_docx_sent_to_the_doc_path(tmp_path: Path) -> None:
    from cchc_parse.extract.doc.convert import extract_doc

    with pytest.raises(ExtractError, match="password-protected"):
        extract_doc(write(tmp_path, _ole(["Root Entry", "EncryptedPackage"]), "secret.docx"))
