"""Closed vocabularies of the back block, and letter-for-digit confusions, for OCR'd lines only.

* A signer's post is one of a short list (ND30: "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "THỨ TRƯỞNG" …). A
  column part of a line in capitals, after an optional authority prefix ("KT."), that is within a
  small edit distance of exactly one post is that post: a signature stroke across "TỊCH" reads
  "PHÓ CHỦ TIC".
* The recipients head "Nơi nhận:" opens the left column of the back block. A line whose first two
  words are within one letter of "Nơi nhận" (diacritics and case aside) and not read as sure,
  valid words is that head; the doubtful words after it in its column part (a handwritten initial
  glued to it: "Nơi nHỆN MU") are dropped as unreadable (counted in the line's P033).
* A recipient's purpose tag is one of a few ("(b/c)" báo cáo, "(t/h)", "(p/h)" …): a tag within one
  letter of exactly one of them is that tag ("(b/e);" → "(b/c);"), and "Luu:" (no syllable) is "Lưu:".
* In a token that is otherwise a number or a number with a symbol, the letters l, I, O, o are the
  digits 1 and 0 they look like ("l6" → "16", "2O25" → "2025"; "QH15", "ĐT741" keep their letters).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex

from cchc_parse.extract.ocr.engine import Word
from cchc_parse.extract.pdf.textlayer import is_syllable

POSTS = ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC",
         "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
         "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG",
         "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "BÍ THƯ", "PHÓ BÍ THƯ",
         "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")
POST_CHARS_PER_EDIT = 5  # one edit allowed per this many letters of the post ("PHÓ CHỦ TỊCH": 2)
SURE = 90.0
# an authority prefix before the post: "KT.", "TM.", "TL.", "TUQ.", "Q.", "K/T"
_AUTHORITY = regex.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?$")
# a run of digits and look-alike letters standing alone in a token: "l6" in "l6/2026/NĐ-CP", "2O25"
_NUMBER_RUN = regex.compile(r"(?<![\p{L}\d])[\dlIOo]*\d[\dlIOo]*(?![\p{L}\d])")
_DIGIT_OF = str.maketrans("lIOo", "1100")


def distance(a: str, b: str) -> int:
    """Levenshtein distance of two strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def closest_post(text: str) -> str | None:
    """The one post ``text`` (in capitals) is a misreading of, or None (none near, two near, or
    already exact)."""
    if not text.isupper() or text in POSTS:
        return None
    near = [p for p in POSTS if distance(text, p) <= len(p.replace(" ", "")) // POST_CHARS_PER_EDIT]
    return near[0] if len(near) == 1 else None


def _spread_text(words: Sequence[Word], text: str) -> list[Word]:
    """``text``'s words laid over the box of ``words``, shared out by letters."""
    x0, x1 = words[0].box[0], words[-1].box[2]
    top, bottom = min(w.box[1] for w in words), max(w.box[3] for w in words)
    conf = min(w.conf for w in words)
    parts, out, at = text.split(), [], x0
    total = sum(len(p) for p in parts) + len(parts) - 1
    for p in parts:
        end = at + round((x1 - x0) * len(p) / total)
        box = (at, top, end, bottom)
        out.append(Word(p, conf, box, box))
        at = end + round((x1 - x0) / total)
    return out


def fix_post(words: Sequence[Word]) -> list[Word]:
    """A column part in capitals that is a misread post ("KT." "PHÓ" "CHỦ" "TIC" → … "TỊCH")."""
    lead = 1 if words and _AUTHORITY.match(words[0].text) else 0
    rest = words[lead:]
    post = closest_post(" ".join(w.text for w in rest)) if rest else None
    return list(words) if post is None else [*words[:lead], *_spread_text(rest, post)]


def _bare(text: str) -> str:
    """Lower case without diacritics or punctuation: "nHỆN:" → "nhen"."""
    nfd = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in nfd if c.isalpha() and c.isascii())


def _sure(w: Word) -> bool:
    core = w.text.strip(".,;:")
    return w.conf >= SURE and core.isalpha() and is_syllable(core)


def recipients_head(words: Sequence[Word]) -> tuple[list[Word], int] | None:
    """The part's words with "Nơi nhận:" for a misread head and without the doubtful words after
    it, and the number of words dropped; None when the part does not open with a misread head."""
    if len(words) < 2:
        return None
    first, second = words[0], words[1]
    if (first.text, second.text.rstrip(":")) == ("Nơi", "nhận") or _sure(second):
        return None  # read right, or a real word ("Nơi nhanh")
    if distance(_bare(first.text), "noi") > 1 or distance(_bare(second.text), "nhan") > 1:
        return None
    kept = [w for w in words[2:] if _sure(w)]
    return [*_spread_text(words[:2], "Nơi nhận:"), *kept], len(words) - 2 - len(kept)


TAGS = ("b/c", "t/h", "p/h", "c/đ", "t/d", "đ/b")
# a purpose tag in brackets, with the punctuation after it: "(b/e);", "(t/h)."
_TAG = regex.compile(r"^\((?P<tag>\w{1,2}/\w{1,2})\)(?P<end>[;,.]?)$")


def fix_back_word(text: str) -> str:
    """A misread purpose tag or "Lưu:" put right; other words as they are."""
    m = _TAG.match(text)
    if m and m["tag"] not in TAGS:
        near = [t for t in TAGS if distance(m["tag"], t) <= 1]
        return f"({near[0]}){m['end']}" if len(near) == 1 else text
    if text.endswith(":") and _bare(text) == "luu" and not is_syllable(text[:-1]):
        return "Lưu:"
    return text


def fix_digits(text: str) -> str:
    """"l6" → "16", "l6/2026/NĐ-CP" → "16/2026/NĐ-CP": look-alike letters in a number run."""
    if not any(c.isdigit() for c in text):
        return text
    return _NUMBER_RUN.sub(lambda m: m.group().translate(_DIGIT_OF), text)
