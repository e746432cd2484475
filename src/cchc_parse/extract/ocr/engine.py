"""Tesseract in-process (tesserocr): one page image → text lines of words with boxes and confidences.

One ``PyTessBaseAPI`` per thread (the API is not thread-safe, and it releases the GIL while it
recognises, so threads run pages in parallel). LSTM only; page segmentation "auto" (psm 3) for a
page, "single line" (psm 7) for a region read again (columns.py).
"""

from __future__ import annotations

import functools
import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LANG = "vie"
# where Debian (tesseract-ocr-vie), Fedora, Homebrew and /usr/local builds put the language data
_TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
             "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in image pixels


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # NFC
    conf: float  # 0-100
    box: Box
    lead: Box  # the box of the word's first letter (its height tells "S" from "s")


@dataclass(frozen=True, slots=True)
class TextLine:
    words: tuple[Word, ...]
    box: Box
    baseline: tuple[tuple[int, int], tuple[int, int]]  # two points on the baseline
    x_height: float  # pixels

    @property
    def conf(self) -> float:
        """The line's confidence: the mean of its words', weighted by their length."""
        n = sum(len(w.text) for w in self.words)
        return sum(w.conf * len(w.text) for w in self.words) / n if n else 0.0

    def base_y(self, x: float) -> float:
        (x1, y1), (x2, y2) = self.baseline
        return y1 if x2 == x1 else y1 + (y2 - y1) * (x - x1) / (x2 - x1)


@functools.cache
def tessdata() -> str | None:
    """The folder holding ``vie.traineddata``, or None."""
    env = os.environ.get("TESSDATA_PREFIX")
    for d in ([env, str(Path(env) / "tessdata")] if env else []) + list(_TESSDATA):
        if d and (Path(d) / f"{LANG}.traineddata").is_file():
            return d
    return None


@functools.cache
def engine_ready() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return tessdata() is not None


_local = threading.local()


def _api(psm_name: str = "AUTO") -> Any:
    """This thread's Tesseract: page segmentation "auto" for pages, "single line" for re-reading
    a small region."""
    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    api = apis.get(psm_name)
    if api is None:
        import tesserocr

        api = tesserocr.PyTessBaseAPI(path=tessdata(), lang=LANG, psm=getattr(tesserocr.PSM, psm_name),
                                      oem=tesserocr.OEM.LSTM_ONLY)
        api.SetVariable("tessedit_do_invert", "0")  # no white-on-black text in these documents
        apis[psm_name] = api
    return api


def recognise(image: Any, dpi: int) -> list[TextLine]:
    """Text lines of a page image (PIL, mode "L" or "1"), top to bottom as Tesseract reads them."""
    return _read(_api(), image, dpi, (0, 0))


def reread(image: Any, dpi: int, box: Box) -> list[TextLine]:
    """The text lines inside ``box`` of the page image read on their own (as one line), in page
    pixels: a column Tesseract ran into its neighbour's lines, a name under a seal's edge."""
    return _read(_api("SINGLE_LINE"), image.crop(box), dpi, (box[0], box[1]))


def _shift(b: Box, dx: int, dy: int) -> Box:
    return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)


def _read(api: Any, image: Any, dpi: int, at: tuple[int, int]) -> list[TextLine]:
    from tesserocr import RIL

    dx, dy = at
    api.SetImage(image)
    api.SetSourceResolution(dpi)
    api.Recognize()
    it = api.GetIterator()
    lines: list[TextLine] = []
    words: list[Word] = []
    head: tuple[Box, Any, float] | None = None
    if it is None or it.Empty(RIL.WORD):
        return lines
    while True:
        if it.IsAtBeginningOf(RIL.TEXTLINE):
            if head and words:
                lines.append(TextLine(tuple(words), *head))
            words = []
            ra = it.RowAttributes()
            lb = it.BoundingBox(RIL.TEXTLINE)
            (bx0, by0), (bx1, by1) = it.Baseline(RIL.TEXTLINE) or ((lb[0], lb[3]), (lb[2], lb[3]))
            base = ((bx0 + dx, by0 + dy), (bx1 + dx, by1 + dy))
            head = (_shift(lb, dx, dy), base, float(ra["row_height"] - ra["ascenders"] + ra["descenders"]))
        text = unicodedata.normalize("NFC", (it.GetUTF8Text(RIL.WORD) or "").strip())
        box = it.BoundingBox(RIL.WORD)
        if text and box:
            lead = it.BoundingBox(RIL.SYMBOL) or box
            conf = float(it.Confidence(RIL.WORD))
            words.append(Word(text, conf, _shift(box, dx, dy), _shift(lead, dx, dy)))
        if not it.Next(RIL.WORD):
            break
    if head and words:
        lines.append(TextLine(tuple(words), *head))
    return lines
