"""OCR of scanned PDF pages with Tesseract (`tesseract - - -l vie`), one page at a time."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess

from cchc_parse.errors import ExtractError, UnsupportedFormat

PACKAGES = "tesseract-ocr and tesseract-ocr-vie"


@functools.cache
def tesseract_ready() -> bool:
    """Tesseract is installed with the Vietnamese model."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in (out.stdout + out.stderr).split()


def require_tesseract(path: object) -> None:
    if not tesseract_ready():
        raise UnsupportedFormat(path, f"--ocr needs Tesseract with Vietnamese: install the Debian packages "
                                      f"{PACKAGES} (apt-get install {PACKAGES.replace(' and ', ' ')})")


def ocr_page(page: object, path: object, page_no: int, *, dpi: int = 300, timeout: float = 180.0) -> list[str]:
    """Render one pdfium page and read it with Tesseract; returns paragraphs (text blocks)."""
    image = page.render(scale=dpi / 72).to_pil()  # type: ignore[attr-defined]
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG")
    image.close()
    try:
        out = subprocess.run([shutil.which("tesseract") or "tesseract", "-", "-", "-l", "vie", "--psm", "3"],
                             input=buf.getvalue(), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ExtractError(path, f"OCR of page {page_no} took longer than {timeout:.0f} s") from None
    except OSError as e:
        raise ExtractError(path, f"OCR of page {page_no} failed: {e}") from None
    if out.returncode != 0:
        msg = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown error"]
        raise ExtractError(path, f"OCR of page {page_no} failed: {msg[0]}")
    text = out.stdout.decode("utf-8", "replace").replace("\f", "")
    paras = []
    for block in text.split("\n\n"):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines:
            paras.append(" ".join(lines))
    return paras
