"""Recognised lines → positioned characters, the kind the PDF text layer gives (``Char``).

Every word is cut into letters of equal width inside its box, with a real space between words;
all letters of a line sit on the line's baseline with the line's font size, so the PDF path's
line grouping, zoning (header columns, Nơi nhận | signer) and tables work on them unchanged.
The font size is estimated from the x-height (Times: 0.45 em; capitals 0.66 em) and snapped to
the page's usual size when close to it, so that the noise of the estimate does not start new
paragraphs.

A word that is not read with confidence becomes one "…" character (font ``UNREADABLE``): not a
Vietnamese syllable and below MIN_CONF (MIN_CONF_DIGITS for a word with a digit: a wrong digit is
silently wrong data), or made
of signs that do not occur in Vietnamese text ("á§", "†"), or with a digit glued to a vowel with
a diacritic ("0Â": a handwritten "02"). "…" is what the header patterns read as a blank, so a
handwritten number or day comes out null, never as garbage.

Post-correction, each rule general and checked with the syllable validator (textlayer.py) and
the page's own lower-case text as a lexicon (words read with confidence, valid):
* a number glued to a syllable is its own word, judged on its own ("ngày23" → "ngày" "23");
* a capital syllable split off its last letter is joined ("TRƯƠN G" → "TRƯƠNG");
* "3," opening a line before a capital is the point "3.";
* a colon after the first word of a heading in capitals is a speck ("QUYẾT: ĐỊNH" → "QUYẾT ĐỊNH");
* the circumflex Tesseract drops under a tone on capitals is put back when the word is invalid
  ("QUYÉT") or when the page writes only the hatted form ("ĐÓC" with "đốc" → "ĐỐC");
* a doubtful lower-case word without its tone over a circumflex or horn gets the tone the page
  uses many times ("sô" → "số").
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from cchc_parse.extract.ocr.context import fix_lines
from cchc_parse.extract.ocr.engine import TextLine, Word
from cchc_parse.extract.ocr.vocab import fix_back_word, fix_digits, fix_post, recipients_head
from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.textlayer import is_syllable

MIN_CONF = 40.0
COLUMN_GAP_IN = 0.6  # inches between two words: a gap between columns, not between words
MIN_CONF_DIGITS = 60.0
X_HEIGHT_EM = 0.45
CAP_HEIGHT_EM = 0.66
CAP_RATIO = 1.25
SNAP = 0.25  # a line size within 25% of the page's usual size is that size
FONT = "ocr"
UNREADABLE = "ocr-unreadable"
MARK = "…"

# the letters and signs of Vietnamese administrative text; others are misread shapes ("§", "†", "Ð")
_TEXT = regex.compile(r"^[\p{L}\d.,;:!?()\[\]{}\"'\u201c\u201d\u2018\u2019/\\\-\u2013\u2014"
                      r"%&+*=…°º<>#@_|~^$€·]+$")
_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")  # tones, circumflex, breve, horn
# a digit next to a vowel with a diacritic: "0Â", "2ố" (codes like "QĐ-15", "ĐT741" have plain letters)
_DIGIT_MARKED = regex.compile(r"\d[^\W\d_]|[^\W\d_]\d")
_SAME_SHAPE = frozenset("cosvwxz")  # lower case looks like upper case, only the height differs
_EDGE = "\"'()[]{}<>.,;:!?…*-_/\u201c\u201d\u2018\u2019"  # punctuation around a word


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A line with words left out: its baseline (points) and its text with "…" in their place."""

    top: float
    text: str
    words: int


def plausible(text: str) -> bool:
    """Could this be a word of a Vietnamese document as printed?"""
    if not _TEXT.match(text):
        return False
    for m in _DIGIT_MARKED.finditer(text):
        letter = m.group()[1] if m.group()[0].isdigit() else m.group()[0]
        if any(c in _MARKS for c in unicodedata.normalize("NFD", letter)) or letter in "đĐ":
            return False
    return all(_vietnamese_letter(ch) for ch in text if ch.isalpha())


def _vietnamese_letter(ch: str) -> bool:
    """A Latin letter with at most Vietnamese marks ("ế", "ư", "đ"); not "Ð", "Ø", "æ"."""
    nfd = unicodedata.normalize("NFD", ch)
    return (nfd[0].isascii() or nfd[0] in "đĐ") and all(c in _MARKS for c in nfd[1:])


_PUNCT_WORDS = frozenset(["-", "\u2013", "\u2014", ".", ",", ";", ":", "(", ")", '"', "'", "\u201c", "\u201d",
                          "...", "…", "/", "&"])
_HAT = {"A": "Â", "E": "Ê", "O": "Ô"}
_SYMBOL_TAIL = regex.compile(r"/[A-ZĐ][A-Za-zĐđ\d]*(?:-[A-Za-zĐđ\d]+)*$")  # "/QĐ-TTg", "/BC-UBND"
_RULE = regex.compile(r"^(?:_+|[-\u2013\u2014_=~.]{3,})$")  # "_", "———", "-----", "____"


def fix_hat(text: str) -> str:
    """A word in capitals that is no Vietnamese syllable, and is one once a vowel gets the
    circumflex Tesseract often drops on capitals with a tone mark: "QUYÉT" → "QUYẾT"."""
    core = text.strip(_EDGE)
    if not core or not core.isalpha() or not core.isupper() or is_syllable(core):
        return text
    nfd = unicodedata.normalize("NFD", core)
    for i, c in enumerate(nfd):
        if c in _HAT and i + 1 < len(nfd) and nfd[i + 1] in "\u0300\u0301\u0303\u0309\u0323":
            cand = unicodedata.normalize("NFC", nfd[:i] + _HAT[c] + nfd[i + 1:])
            if is_syllable(cand):
                return text.replace(core, cand)
    return text


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
VOCAB_MIN = 1  # the page's lower-case text must hold the hatted word this often …
VOCAB_RATIO = 3  # … and this many times more often than the word as read


def vocabulary(lines: Sequence[TextLine]) -> Counter[str]:
    """The page's lower-case words read with confidence and valid (the page's own lexicon)."""
    out: Counter[str] = Counter()
    for ln in lines:
        for w in ln.words:
            core = w.text.strip(_EDGE)
            if w.conf >= 90 and core.isalpha() and core.islower() and is_syllable(core):
                out[core] += 1
    return out


def fix_hat_by_vocabulary(text: str, vocab: Counter[str]) -> str:
    """A word in capitals, valid as read, that the page writes in lower case with a circumflex (and
    never, or rarely, as read): Tesseract drops the circumflex under a tone mark on capitals
    ("GIÁM ĐÓC" on a page saying "Giám đốc" → "ĐỐC"; "CHÁP THUẬN" with "chấp thuận" → "CHẤP")."""
    core = text.strip(_EDGE)
    if len(core) < 2 or not core.isalpha() or not core.isupper():
        return text
    nfd = unicodedata.normalize("NFD", core)
    seen = vocab[core.lower()]
    for i, c in enumerate(nfd):
        if c in _HAT and i + 1 < len(nfd) and nfd[i + 1] in _TONE_MARKS:
            cand = unicodedata.normalize("NFC", nfd[:i] + _HAT[c] + nfd[i + 1:])
            n = vocab[cand.lower()]
            if n >= VOCAB_MIN and n > VOCAB_RATIO * seen and is_syllable(cand):
                return text.replace(core, cand)
    return text


_HATTED = frozenset("\u0302\u031b")  # circumflex, horn: the marks a dropped tone sat on ("sô" for "số")
TONE_MIN = 3  # the toned word must be this frequent on the page to replace one read without its tone


def fix_tone_by_vocabulary(w: Word, vocab: Counter[str]) -> str:
    """A lower-case word read without confidence and without a tone over its circumflex or horn,
    that the page writes with a tone many times ("sô" on a page with "số" 15 times → "số")."""
    core = w.text.strip(_EDGE)
    if w.conf >= 90 or not core.isalpha() or not core.islower():
        return w.text
    nfd = unicodedata.normalize("NFD", core)
    if any(c in _TONE_MARKS for c in nfd):
        return w.text
    seen, best, best_n = vocab[core], None, 0
    for i, c in enumerate(nfd):
        if c in _HATTED:
            for tone in _TONE_MARKS:
                cand = unicodedata.normalize("NFC", nfd[:i + 1] + tone + nfd[i + 1:])
                if vocab[cand] > best_n:
                    best, best_n = cand, vocab[cand]
    if best and best_n >= TONE_MIN and best_n > VOCAB_RATIO * seen:
        return w.text.replace(core, best)
    return w.text


def _join_split(words: Sequence[Word], vocab: Counter[str]) -> list[Word]:
    """"TRƯƠN" "G" → "TRƯƠNG": a word in capitals and the single capital letter Tesseract cut off
    after it, when together they are a syllable and the word alone is none, or is rarer on the
    page than the joined one."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        joined = prev.text + w.text if prev is not None else ""
        if prev is not None and len(w.text) == 1 and w.text.isupper() and prev.text.isalpha() \
                and prev.text.isupper() and is_syllable(joined) \
                and (not is_syllable(prev.text) or vocab[joined.lower()] > vocab[prev.text.lower()]):
            box = (prev.box[0], min(prev.box[1], w.box[1]), w.box[2], max(prev.box[3], w.box[3]))
            out[-1] = replace(prev, text=joined, conf=min(prev.conf, w.conf), box=box)
            continue
        out.append(w)
    return out


# "3," opening a numbered point ("3, Điều chỉnh giảm …"): the full stop read as a comma
_NUM_COMMA = regex.compile(r"^\d{1,2},$")


def _closed_word(w: Word) -> Word:
    """The word with its eth, look-alike digits and back-block vocabulary put right; a word
    matched to a closed vocabulary ("(b/e);" → "(b/c);") is read with confidence enough."""
    text = fix_digits(_eth(w.text))
    fixed = fix_back_word(text)
    return replace(w, text=fixed, conf=max(w.conf, MIN_CONF) if fixed != text else w.conf)


def _closed_words(words: Sequence[Word], gap: float) -> tuple[list[Word], int]:
    """Each column part of a line (cut at gaps of ``gap`` pixels) with its misread post or
    recipients head put right (vocab.py), and the number of words dropped after the head."""
    parts: list[list[Word]] = []
    for k, w in enumerate(words):
        if not parts or w.box[0] - words[k - 1].box[2] >= gap:
            parts.append([])
        parts[-1].append(w)
    out: list[Word] = []
    dropped = 0
    for k, part in enumerate(parts):
        head = recipients_head(part) if k == 0 else None
        if head:
            part, dropped = head
        out += fix_post(part)
    return out, dropped


def _repair_line(words: Sequence[Word], vocab: Counter[str]) -> list[Word]:
    """Line-level repairs: split letters joined again, a point's number closed by a comma, a stray
    colon after the first word of a heading in capitals ("QUYẾT: ĐỊNH CHẤP THUẬN …")."""
    ws = _join_split(words, vocab)
    if len(ws) >= 2 and _NUM_COMMA.match(ws[0].text) and ws[1].text[:1].isupper():
        ws[0] = replace(ws[0], text=ws[0].text[:-1] + ".")
    letters = [w.text.strip(_EDGE) for w in ws]
    if len(ws) >= 3 and ws[0].text.endswith(":") and all(t.isupper() for t in letters if t.isalpha()) \
            and is_syllable(letters[0]) and letters[1].isalpha() and is_syllable(letters[1]):
        ws[0] = replace(ws[0], text=ws[0].text[:-1])
    return ws


def readable(w: Word) -> bool:
    """Kept as read: a Vietnamese syllable whatever its confidence (a real word, even next to a
    handwritten blot: "ngày"), other words above MIN_CONF (MIN_CONF_DIGITS with a digit)."""
    if not plausible(w.text):
        return False
    if not any(c.isalnum() for c in w.text):
        return w.text in _PUNCT_WORDS  # a lone "+" or "†" between words is a misread mark
    core = w.text.strip(_EDGE)
    if core.isalpha() and is_syllable(core):
        return True
    return w.conf >= (MIN_CONF_DIGITS if any(c.isdigit() for c in w.text) else MIN_CONF)


def _without_rules(ln: TextLine) -> TextLine:
    """The line without "words" that are a drawn rule read as text ("_", "———", "-----"), and
    without any word when none of them is readable (a stain, a seal's edge: no line of "…")."""
    words = tuple(w for w in ln.words if not _RULE.match(w.text))
    if not any(readable(w) for w in words):
        words = ()
    return ln if len(words) == len(ln.words) else replace(ln, words=words)


# a word glued to a number with no space: "ngày23", "Số:280" (a number written by hand into the blank
# after the typed word; codes such as "PC04", "QH15" are no syllable before their digits)
_GLUED_NUMBER = regex.compile(r"^(?P<word>\p{L}+:?)(?P<num>\d[\d.,/]*)$")


def split_glued(w: Word) -> list[Word]:
    """"ngày23" → "ngày", "23": a syllable and the number glued to it, each judged on its own
    (the box is shared out by letters)."""
    m = _GLUED_NUMBER.match(w.text)
    if not m or not is_syllable(m["word"].rstrip(":")):
        return [w]
    x0, top, x1, bottom = w.box
    cut = x0 + round((x1 - x0) * len(m["word"]) / len(w.text))
    return [replace(w, text=m["word"], box=(x0, top, cut, bottom)),
            replace(w, text=m["num"], box=(cut, top, x1, bottom), lead=(cut, top, x1, bottom))]


def _eth(text: str) -> str:
    """Tesseract's "Ð" (Icelandic eth) is "Đ", and its "QĐÐ" one "Đ" read twice."""
    if "Ð" not in text and "ð" not in text:
        return text
    return regex.sub("Đ{2,}", "Đ", text.replace("Ð", "Đ").replace("ð", "đ"))


def _spread(words: Sequence[Word], ok: list[bool], gap: float = float("inf")) -> list[bool]:
    """Handwriting is read as several fragments: a short fragment (a digit, two letters) next to an
    unreadable word is unreadable too ("Số: 4§ 46 /QĐ-UBND" → "Số: … /QĐ-UBND"); not across a gap
    of ``gap`` pixels between columns ("Điều 3;" | a signature)."""
    out = list(ok)
    joined = [i > 0 and words[i].box[0] - words[i - 1].box[2] < gap for i in range(len(words))]
    changed = True
    while changed:
        changed = False
        for i, w in enumerate(words):
            core = w.text.strip(_EDGE)
            short = any(c.isdigit() for c in core) or (len(core) <= 2 and not is_syllable(core or "-"))
            near = (joined[i] and not out[i - 1]) or (i + 1 < len(words) and joined[i + 1] and not out[i + 1])
            if out[i] and short and near and "/" not in w.text:
                out[i], changed = False, True
    return out


def _typed_symbol(text: str) -> str:
    """The typed document symbol after an unreadable number ("93λ/QĐ-TTg" → "/QĐ-TTg"), or ""."""
    m = _SYMBOL_TAIL.search(text)
    return m.group() if m and m.start() > 0 and plausible(m.group()) else ""


def noise(ln: TextLine) -> bool:
    """A "line" of specks and strokes (a rule, a seal's edge, diacritics split off): no word has two
    letters or digits together."""
    return not any(sum(c.isalnum() for c in w.text) >= 2 for w in ln.words)


def fix_case(w: Word, x_height: float) -> str:
    """"số:" at the start of a line whose "s" is as tall as a capital → "Số:"."""
    t = w.text
    if t[:1] in _SAME_SHAPE and x_height > 0 and (w.lead[3] - w.lead[1]) > 1.3 * x_height:
        return t[0].upper() + t[1:]
    return t


def page_sizes(lines: Sequence[TextLine], scale: float) -> tuple[list[float], float]:
    """Each line's font size (points, to 0.5), snapped to the page's most common size when within
    SNAP of it; and that size. Tesseract's "x-height" of a line is now the x-height, now the height
    of the capitals (bimodal on one page): a value CAP_RATIO above the page's low quartile is a
    cap height."""
    xs = sorted(ln.x_height for ln in lines for _ in ln.words if ln.x_height > 0)
    low = xs[len(xs) // 4] if xs else 0.0
    raw = []
    for ln in lines:
        em = CAP_HEIGHT_EM if ln.x_height > CAP_RATIO * low else X_HEIGHT_EM
        raw.append(round(ln.x_height * scale / em * 2) / 2 if ln.x_height > 0 else 0.0)
    counts = Counter(s for s, ln in zip(raw, lines, strict=True) for _ in ln.words if s > 0)
    usual = counts.most_common(1)[0][0] if counts else 13.0
    return [usual if s <= 0 or abs(s - usual) <= SNAP * usual else s for s in raw], usual


def to_chars(lines: Sequence[TextLine], scale: float, bold: Sequence[bool] | None = None
             ) -> tuple[list[Char], list[Unreadable]]:
    """Characters in points (``scale`` = points per pixel) and the lines with unreadable words;
    ``bold`` says which of ``lines`` are set in bold (none when not given)."""
    chars: list[Char] = []
    bad: list[Unreadable] = []
    flags = list(bold) if bold is not None else [False] * len(lines)
    kept = [(ln, b) for ln, b in zip((_without_rules(ln) for ln in lines), flags, strict=True)
            if ln.words and not noise(ln)]
    lines, flags = [ln for ln, _ in kept], [b for _, b in kept]
    raw_vocab = vocabulary(lines)
    lines = [replace(ln, words=tuple(_repair_line([p for w in ln.words for p in split_glued(_closed_word(w))],
                                                  raw_vocab)))
             for ln in lines]
    closed = [_closed_words(ln.words, COLUMN_GAP_IN * 72 / scale) for ln in lines]
    fixed, _ = fix_lines([ws for ws, _ in closed])
    lines = [replace(ln, words=tuple(ws)) for ln, ws in zip(lines, fixed, strict=True)]
    sizes, usual = page_sizes(lines, scale)
    vocab = vocabulary(lines)
    for ln, size, heavy, (_, dropped) in zip(lines, sizes, flags, closed, strict=True):
        # the letters' boxes are never taller than the page's usual type: a size read too large
        # must not make a line swallow the one above it
        height = min(size, usual)
        texts: list[str] = []
        words = 0
        prev_x1: float | None = None
        oks = _spread(ln.words, [readable(w) for w in ln.words], COLUMN_GAP_IN * 72 / scale)
        for k, w in enumerate(ln.words):
            ok = oks[k]
            typed = "" if ok else _typed_symbol(w.text)
            if typed:  # "93λ/QĐ-TTg": a handwritten number on the typed symbol
                ok, w = True, replace(w, text=MARK + typed)
            if not ok and texts and texts[-1] == MARK:
                last = chars[-1]  # one "…" for a run of unreadable words
                last.x1 = w.box[2] * scale
                words += 1
                continue
            if ok:
                w = replace(w, text=fix_tone_by_vocabulary(w, vocab))
            text = fix_hat_by_vocabulary(fix_hat(fix_case(w, ln.x_height) if k == 0 else w.text), vocab) \
                if ok else MARK
            words += not ok
            base = ln.base_y((w.box[0] + w.box[2]) / 2) * scale
            top, bottom = base - 0.9 * height, base + 0.25 * height
            x0, x1 = w.box[0] * scale, w.box[2] * scale
            if prev_x1 is not None:  # overlapping boxes ("QUYẾT:" over "Đ"): never interleave letters
                x0 = max(x0, prev_x1)
                x1 = max(x1, x0 + 0.1 * len(text))
                chars.append(Char(" ", prev_x1, max(prev_x1, x0), top, bottom, size, FONT, heavy, False))
            step = (x1 - x0) / len(text)
            font = FONT if ok else UNREADABLE
            chars += [Char(c, x0 + i * step, x0 + (i + 1) * step, top, bottom, size, font, heavy, False)
                      for i, c in enumerate(text)]
            texts.append(text)
            prev_x1 = x1
        if dropped:  # left out of the text, not shown as "…": see vocab.recipients_head
            texts.insert(1 if texts else 0, MARK)
            words += dropped
        if words:
            bad.append(Unreadable(ln.base_y(ln.box[0]) * scale, " ".join(texts), words))
    return chars, bad
