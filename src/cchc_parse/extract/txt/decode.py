"""A text file's bytes → text: whole-file decoding, or line by line when only a few lines are bad.

A UTF-8 file with one stray byte (a copy-paste from a legacy document, a truncated character) must
not be read as cp1258 as a whole: when the file's other non-ASCII lines are valid UTF-8, only the
bad lines are decoded on their own — the stray bytes become U+FFFD when the line is otherwise
UTF-8, or the whole line is read in the legacy encoding that fits it (a pasted TCVN3 paragraph).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_parse.normalise.encodings import decode_text_bytes

REPLACED = "utf-8+U+FFFD"  # the "encoding" of a UTF-8 line whose invalid bytes became U+FFFD


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str]
    bad_lines: dict[str, list[int]] = field(default_factory=dict)  # how they were decoded → 1-based lines


def decode(data: bytes) -> Decoded:
    """Decode a text file (see the module doc); ``bad_lines`` is empty unless decoded line by line."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _utf8(data):
        return Decoded(*decode_text_bytes(data))
    lines = data.split(b"\n")
    bad = [i for i, ln in enumerate(lines) if not _utf8(ln)]
    good_non_ascii = sum(1 for ln in lines if not ln.isascii()) - len(bad)
    if good_non_ascii <= len(bad):  # mostly another encoding: decode the file as a whole
        return Decoded(*decode_text_bytes(data))
    bad_set = set(bad)
    out = ["" if i in bad_set else ln.decode("utf-8") for i, ln in enumerate(lines)]
    how: dict[str, list[int]] = {}
    for i in bad:
        out[i], enc = _decode_line(lines[i])
        how.setdefault(enc, []).append(i + 1)
    text, enc, notes = decode_text_bytes("\n".join(out).encode("utf-8", "surrogatepass"))
    return Decoded(text, enc, notes, how)


def _utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_line(line: bytes) -> tuple[str, str]:
    """One bad line: UTF-8 with U+FFFD when it holds more valid multi-byte characters than bad
    bytes ("Kế hoạch\\xff"), else the legacy decoding that scores best for it."""
    soft = line.decode("utf-8", "replace")
    bad = soft.count("\ufffd")
    if sum(1 for c in soft if ord(c) > 127) - bad >= bad:
        return soft, REPLACED
    text, enc, _notes = decode_text_bytes(line)
    return text, enc
