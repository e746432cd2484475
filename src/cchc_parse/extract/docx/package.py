"""Safe access to a .docx zip package: size limits, OLE2/encryption sniffing, XML without entities.

Every failure becomes an ``ExtractError`` (or ``LimitExceeded``) naming the reason; nothing from
``zipfile``, ``zlib`` or ``lxml`` escapes.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from cchc_parse.errors import ExtractError, InputError, LimitExceeded, UnsupportedFormat

MAX_MEMBERS = 10_000
MAX_TOTAL = 200 * 1024 * 1024  # declared uncompressed bytes of all members
MAX_MEMBER = 100 * 1024 * 1024  # declared (and actual) uncompressed bytes of one member

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "/officeDocument"


# an XML declaration and the encoding it names: <?xml version="1.0" encoding="windows-1252"?>
# (``re``: on bytes it reads the pattern as ``regex`` does — ASCII classes — with less to set up on
# each of the few calls per package; tests/test_speed_docxread_paths.py compares the two)
_DECL_PATTERN = rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["'][^>]*\?>"""
_DECL = re.compile(_DECL_PATTERN)
_UTF = ("utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "ucs-2")


def _declared_encoding(data: bytes) -> str:
    """The encoding an XML part's declaration names (lower case), "utf-8" without one."""
    m = _DECL.match(data[:300])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parser() -> etree.XMLParser:
    # no entity expansion, no DTD loading, no network: a hostile DOCTYPE stays inert
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


class Package:
    """An opened .docx: member names and a reader for XML parts, all within the safety limits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open("rb") as fh:
                head = fh.read(8)
        except FileNotFoundError:
            raise InputError(path, "file not found") from None
        except OSError as e:
            raise InputError(path, f"cannot read file: {e.strerror or e}") from None
        if not head:
            raise InputError(path, "file is empty")
        if head == OLE2_MAGIC:
            data = path.read_bytes()
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise ExtractError(path, "the .docx is password-protected (encrypted OLE2 container); "
                                         "save it without a password and try again")
            raise UnsupportedFormat(path, "this is an OLE2 compound file (Word 97-2003 .doc), not a .docx")
        try:
            self.zf = zipfile.ZipFile(path)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
            raise ExtractError(path, f"not a valid .docx (corrupt or truncated zip: {e})") from None
        if len(infos) > MAX_MEMBERS:
            raise LimitExceeded(path, f"zip has {len(infos)} members (limit {MAX_MEMBERS})")
        total = 0
        self.sizes: dict[str, int] = {}
        for info in infos:
            if info.file_size > MAX_MEMBER:
                raise LimitExceeded(path, f"zip member {info.filename!r} declares {info.file_size} bytes "
                                          f"(limit {MAX_MEMBER})")
            total += info.file_size
            self.sizes[info.filename] = info.file_size
        if total > MAX_TOTAL:
            raise LimitExceeded(path, f"zip declares {total} uncompressed bytes (limit {MAX_TOTAL})")
        self._rels: dict[str, etree._Element | None] = {}
        self.diagnostics: list[Any] = []  # Diagnostic: parts whose XML declaration lies (P030)
        self.document_part = self._find_document_part()

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def has(self, name: str) -> bool:
        return name in self.sizes

    def read(self, name: str) -> bytes:
        """Bytes of one member, never more than MAX_MEMBER whatever the header claims."""
        try:
            with self.zf.open(name) as fh:
                data = fh.read(MAX_MEMBER + 1)
        except KeyError:
            raise ExtractError(self.path, f"zip member {name!r} is missing") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
                NotImplementedError, RuntimeError) as e:
            # RuntimeError: zipfile's "encrypted, password required"
            raise ExtractError(self.path, f"cannot read {name!r} (corrupt or truncated .docx: {e})") from None
        if len(data) > MAX_MEMBER:
            raise LimitExceeded(self.path, f"zip member {name!r} inflates beyond {MAX_MEMBER} bytes")
        return data

    def xml(self, name: str, required: bool = False) -> etree._Element | None:
        """Parse a member as XML (no entity expansion); None if absent and not required."""
        if not self.has(name):
            if required:
                raise ExtractError(self.path, f"not a Word document: {name!r} is missing from the package")
            return None
        data = self.read(name)
        if _STRICT_W_NS in data[:4096] or _STRICT_W_NS in data:
            data = data.replace(_STRICT_W_NS, W_NS.encode())
        declared = _declared_encoding(data)
        if declared not in _UTF and not data.isascii() and _is_utf8(data):
            data = self._reencoded(name, data, declared, "UTF-8", data.decode("utf-8"))
        try:
            root = etree.fromstring(data, _parser())
        except (etree.XMLSyntaxError, ValueError) as e:
            if declared != "utf-8" or _is_utf8(data):
                raise ExtractError(self.path, f"{name!r} is not well-formed XML: {e}") from None
            data = self._reencoded(name, data, "UTF-8", "windows-1258", data.decode("cp1258", "replace"))
            try:
                root = etree.fromstring(data, _parser())
            except (etree.XMLSyntaxError, ValueError):
                raise ExtractError(self.path, f"{name!r} is not well-formed XML: {e}") from None
        if root is None:
            raise ExtractError(self.path, f"{name!r} is empty")
        return root

    def _reencoded(self, name: str, data: bytes, declared: str, actual: str, text: str) -> bytes:
        """``text`` as UTF-8 bytes with a UTF-8 declaration; the lie is reported (P030)."""
        from cchc_parse.diagnostics import make

        self.diagnostics.append(make("P030", params={"part": name, "declared": declared, "actual": actual}))
        return _DECL.sub(b"", text.encode("utf-8"), count=1)

    def _find_document_part(self) -> str:
        rels = self.xml("_rels/.rels") if self.has("_rels/.rels") else None
        if rels is not None:
            for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
                if str(rel.get("Type", "")).endswith(_OFFICE_DOC):
                    target = str(rel.get("Target", "")).lstrip("/")
                    target = posixpath.normpath(target)
                    if self.has(target):
                        return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise ExtractError(self.path, "not a Word document: word/document.xml is missing from the package")

    def target(self, rid: str) -> str | None:
        """The package part the main document's relationship ``rid`` points to (None if absent/external)."""
        base = posixpath.dirname(self.document_part)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(self.document_part) + ".rels")
        if not self.has(rels_name):
            return None
        if rels_name not in self._rels:
            self._rels[rels_name] = self.xml(rels_name)
        rels = self._rels[rels_name]
        for rel in rels.iter(f"{{{_REL_NS}}}Relationship") if rels is not None else ():
            if rel.get("Id") == rid and rel.get("TargetMode") != "External":
                target = str(rel.get("Target", ""))
                name = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                          else posixpath.join(base, target))
                return name if self.has(name) else None
        return None

    def related(self, rel_type_suffix: str) -> str | None:
        """The part the main document links to with a relationship type ending in the suffix."""
        base = posixpath.dirname(self.document_part)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(self.document_part) + ".rels")
        default = posixpath.join(base, rel_type_suffix.strip("/") + ".xml")
        if not self.has(rels_name):
            return default if self.has(default) else None
        if rels_name not in self._rels:
            self._rels[rels_name] = self.xml(rels_name)
        rels = self._rels[rels_name]
        if rels is not None:
            for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
                if str(rel.get("Type", "")).endswith("/" + rel_type_suffix.strip("/")):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = str(rel.get("Target", ""))
                    name = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                              else posixpath.join(base, target))
                    if self.has(name):
                        return name
        return default if self.has(default) else None
