"""Word 97-2003 .doc → .docx, then the .docx extractor.

Two readers:

- LibreOffice (``soffice --headless --convert-to docx``), used when it is installed (the
  reference rendering: drawings, text boxes, Word 6/95 files). Runs in a private temporary
  directory with its own profile (``-env:UserInstallation=file:///tmp/…``) so parallel runs do
  not clash, under a time limit;
- the built-in pure-Python reader (``extract.doc``) otherwise, or when LibreOffice fails.

``CCHC_DOC_READER=builtin`` or ``=soffice`` forces one. The P013 diagnostic names the reader used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cchc_parse.diagnostics import make
from cchc_parse.errors import ExtractError, InputError, LimitExceeded, UnsupportedFormat
from cchc_parse.extract.blocks import Extracted
from cchc_parse.extract.docx.package import OLE2_MAGIC

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
DOC_TIMEOUT = 120.0
READER_ENV = "CCHC_DOC_READER"


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_doc_to_docx(path: Path, out_dir: Path | None = None, *, timeout: float = DOC_TIMEOUT) -> Path:
    """Convert a .doc with LibreOffice; the .docx lands in ``out_dir`` (a new temp dir if None).

    Raises UnsupportedFormat when soffice is missing, LimitExceeded on timeout, ExtractError when
    LibreOffice fails or writes nothing.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(path, f"cannot read file: {e.strerror or e}") from None
    if data.startswith(OLE2_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        raise ExtractError(path, "the document is password-protected (encrypted OLE2 container); "
                                 "save it without a password and try again")
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormat(path, "reading .doc needs LibreOffice: install the Debian package "
                                      f"'{DEBIAN_PACKAGE}' (apt-get install {DEBIAN_PACKAGE})")
    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="cchc-doc-"))
    out.mkdir(parents=True, exist_ok=True)
    # soffice names its output after the input's stem: copy under a safe name first
    src = out / "input.doc"
    shutil.copyfile(path, src)
    with tempfile.TemporaryDirectory(prefix="cchc-lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        env = dict(os.environ, HOME=profile)
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                                  env=env, check=False, start_new_session=True)
        except subprocess.TimeoutExpired:
            raise LimitExceeded(path, f"LibreOffice did not convert the .doc within {timeout:.0f} s") from None
        except OSError as e:
            raise ExtractError(path, f"cannot run LibreOffice: {e}") from None
    result = out / "input.docx"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        err = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
        detail = f": {err}" if err else ""
        raise ExtractError(path, f"LibreOffice could not convert the .doc (exit {proc.returncode}){detail}")
    src.unlink(missing_ok=True)
    return result


def builtin_doc_to_docx(path: Path, out_dir: Path, *, timeout: float = DOC_TIMEOUT) -> Path:
    """Convert a .doc with the built-in Word 97 reader; the .docx lands in ``out_dir``."""
    from cchc_parse.extract.doc import DocError, DocTimeout, NotWordDocument, doc_to_docx

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as e:
        raise InputError(path, f"cannot read file: {e.strerror or e}") from None
    if data.startswith(OLE2_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        raise ExtractError(path, "the document is password-protected (encrypted OLE2 container); "
                                 "save it without a password and try again")
    try:
        docx = doc_to_docx(data, timeout=timeout)
    except DocTimeout as e:
        raise LimitExceeded(path, str(e)) from None
    except NotWordDocument as e:  # LibreOffice would turn it into garbage text: never fall back
        raise UnsupportedFormat(path, f"not a .doc: {e} (an Excel, PowerPoint or Outlook file?)") from None
    except DocError as e:
        raise ExtractError(path, f"cannot read the .doc: {e}") from None
    result = Path(out_dir) / "input.docx"
    result.write_bytes(docx)
    return result


def choose_reader() -> str:
    """'builtin' or 'soffice': the CCHC_DOC_READER override, else the built-in reader.

    The built-in Word 97 reader is the default: it needs nothing installed and gives the same bytes on
    every machine (LibreOffice's output changes with its version). LibreOffice is the fallback for what the
    built-in reader refuses (Word 6/95 files), or on request.
    """
    forced = os.environ.get(READER_ENV, "").strip().lower()
    return forced if forced in ("builtin", "soffice") else "builtin"


def extract_doc(path: Path, *, timeout: float = DOC_TIMEOUT) -> Extracted:
    """Convert a .doc to .docx in a temporary directory and extract that; adds a P013 diagnostic.

    A file the built-in reader refuses (not a time-out) is converted with LibreOffice when it is
    installed, unless CCHC_DOC_READER forces the built-in reader.
    """
    from cchc_parse.extract.docx.reader import extract_docx

    reader = choose_reader()
    forced = os.environ.get(READER_ENV, "").strip().lower() in ("builtin", "soffice")
    note = ""
    with tempfile.TemporaryDirectory(prefix="cchc-doc-") as tmp:
        if reader == "builtin":
            try:
                docx = builtin_doc_to_docx(path, Path(tmp), timeout=timeout)
            except LimitExceeded:
                raise
            except ExtractError as e:
                if forced or find_soffice() is None:
                    raise
                reader, note = "soffice", e.reason
        if reader == "soffice":
            docx = convert_doc_to_docx(path, Path(tmp), timeout=timeout)
        ex = extract_docx(docx)
    ex.format = "doc"
    ex.meta["converted_from"] = "doc"
    ex.meta["doc_reader"] = reader
    how = ({"reader": "Word 97"} if reader == "builtin"
           else {"tool": "LibreOffice", **({"reason": note} if note else {})})
    ex.diagnostics.insert(0, make("P013", params=how))
    return ex
