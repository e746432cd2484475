"""Page image clean-up before recognition: the resolution the scan has, seal and signature colour
removed, skew corrected. (Binarising before Tesseract, which thresholds by itself, was measured:
no better confidence, and one handwritten number then read as a confident wrong one; not done.)

* Resolution: the page is rendered at the resolution of the scan it holds (a 200 dpi scan is not
  blown up to 300 dpi: that costs time and gains nothing), within MIN_DPI..MAX_DPI.
* Colour: red seals and blue signatures are drawn over the signer's name; the grey level taken is
  the brightest of the three channels, so saturated ink (red, blue) turns light and black text
  under it stays dark.
* Skew: the angle that makes the rows of ink sharpest (projection profile) on a small copy.
"""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium

MIN_DPI, MAX_DPI, DEFAULT_DPI = 200, 300, 300
MAX_SKEW = 3.0  # degrees searched either way
SKEW_STEP = 0.1
MIN_SKEW = 0.15  # smaller angles are left alone


def scan_dpi(page: pdfium.PdfPage) -> int:
    """Resolution of the page's largest image (the scan), in MIN_DPI..MAX_DPI; DEFAULT_DPI without one."""
    best: tuple[float, int] | None = None
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        x0, _, x1, _ = obj.get_bounds()
        try:
            w, _h = obj.get_px_size()
        except Exception:  # an image pdfium cannot size: ignore it
            continue
        if x1 - x0 > 1 and w:
            area = x1 - x0
            if best is None or area > best[0]:
                best = (area, round(w * 72 / (x1 - x0)))
    if best is None:
        return DEFAULT_DPI
    return max(MIN_DPI, min(MAX_DPI, best[1]))


def render(page: pdfium.PdfPage, dpi: int) -> Any:
    """The page as an RGB PIL image at ``dpi``, without its form widgets (an e-signature stamp
    there is read from the annotation itself, not by OCR)."""
    return page.render(scale=dpi / 72, may_draw_forms=False, draw_annots=False).to_pil().convert("RGB")


def drop_colour(image: Any) -> Any:
    """RGB → grey where red and blue ink (seals, signatures) are near white: the brightest channel."""
    from PIL import ImageChops

    r, g, b = image.split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b)


def skew_angle(grey: Any) -> float:
    """Degrees to rotate ``grey`` (counter-clockwise) so that its text rows are level."""
    import numpy as np

    small = grey.reduce(4) if min(grey.size) > 800 else grey
    ink = small.point(lambda v: 255 if v < 140 else 0)
    best, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / SKEW_STEP)
    for k in range(-steps, steps + 1):
        angle = k * SKEW_STEP
        rows = np.asarray(ink.rotate(angle, fillcolor=0), dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def deskew(grey: Any) -> tuple[Any, float]:
    angle = skew_angle(grey)
    if abs(angle) < MIN_SKEW:
        return grey, 0.0
    return grey.rotate(angle, fillcolor=255, resample=3), angle
