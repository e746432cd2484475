"""Export the Word rendition of seed 001 to PDF with LibreOffice (the task table runs over pages).

    .venv/bin/python samples/make_pdf_samples.py

Reads samples/docx/001-kh-svhttdl-word.docx (made by samples/make_samples.py; this script waits
up to --wait seconds for it) and writes samples/pdf/001-kh-svhttdl-word.pdf.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "docx" / "001-kh-svhttdl-word.docx"
OUT = ROOT / "pdf"


def export(src: Path, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=300)
    return outdir / (src.stem + ".pdf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--wait", type=float, default=0, help="seconds to wait for the .docx to appear")
    args = ap.parse_args()
    deadline = time.monotonic() + args.wait
    while not SRC.exists() and time.monotonic() < deadline:
        time.sleep(2)
    if not SRC.exists():
        sys.exit(f"{SRC} does not exist: run samples/make_samples.py first")
    print("wrote", export(SRC, OUT))


if __name__ == "__main__":
    main()
