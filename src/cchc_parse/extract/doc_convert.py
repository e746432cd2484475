"""Word 97-2003 .doc → .docx through LibreOffice (``soffice --headless --convert-to docx``).

Runs in a private temporary directory with its own LibreOffice profile
(``-env:UserInstallation=file:///tmp/…``) so parallel runs do not clash, under a time limit.
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
from cchc_parse.extract.docx_package import OLE2_MAGIC

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
DOC_TIMEOUT = 120.0


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
        raise ExtractError(path, f"LibreOffice could not convert the .doc (exit {proc.returncode}){': ' + err if err else ''}")
    src.unlink(missing_ok=True)
    return result


def extract_doc(path: Path, *, timeout: float = DOC_TIMEOUT) -> Extracted:
    """Convert a .doc to .docx in a temporary directory and extract that; adds a P013 diagnostic."""
    from cchc_parse.extract.docx import extract_docx

    with tempfile.TemporaryDirectory(prefix="cchc-doc-") as tmp:
        docx = convert_doc_to_docx(path, Path(tmp), timeout=timeout)
        ex = extract_docx(docx)
    ex.meta["converted_from"] = "doc"
    ex.diagnostics.insert(0, make("P013", "the .doc was converted to .docx with LibreOffice before parsing"))
    return ex
