"""Technical standards and regulations cited in running text: "QCVN 40:2025/BTNMT", "TCVN ISO 9001:2015".

A standard's code is not a document number (it has no "số" and its year follows a colon), but its
tail "2025/BTNMT" looks like one: ``find_citations`` masks these spans before it looks for numbers.
"""

from __future__ import annotations

import regex

from cchc_parse import rx

# The families used in Vietnam: national (TCVN, QCVN), local (QCĐP), sector (TCN, TCXDVN),
# company (TCCS) standards, and international ones (ISO, IEC) cited on their own or as "TCVN ISO …".
_KIND = r"QCVN|TCVN|QCĐP|TCXDVN|TCXD|TCCS|TCN|ISO|IEC"
_ANY_KIND = rx.lazy(_KIND)  # a quick test before the full pattern: "QCVN"
STANDARD = rx.lazy(
    r"(?<![\p{L}\d])(?P<kind>" + _KIND + r")"
    # "TCVN ISO 9001", "TCVN ISO/IEC 17025", "ISO/IEC 27001"
    r"(?P<sub>(?:\s?/\s?IEC|\s*(?:ISO|IEC)(?:\s?/\s?IEC)?)?)\s*"
    # "40", "04-05", "5574", "6909", "9001"; then ":2015", ": 2022" (the issue year)
    r"(?P<no>\d{1,5}(?:\s?-\s?\d{1,4})*(?:\s?-\s?[\p{Lu}]{1,3}\d{0,3})?)"
    r"(?:\s?(?P<sep>[:/])\s?(?P<year>(?:19|20)\d{2}))?"  # "QCVN 26/2010/BTNMT": an older way to write 26:2010
    # "/BTNMT", "/BGTVT" (the ministry that issues a QCVN)
    r"(?:\s?/\s?(?P<issuer>[\p{Lu}Đ][\p{Lu}Đ&]+))?"
    r"(?![\p{L}\d])"
)


_SLASH, _HYPHEN = rx.lazy(r"\s*/\s*"), rx.lazy(r"\s*-\s*")


def _code(m: regex.Match) -> str:
    """'QCVN122:2024/BGTVT' → 'QCVN 122:2024/BGTVT'; 'TCVN ISO 9001 : 2015' → 'TCVN ISO 9001:2015'."""
    sub = " ".join(_SLASH.sub("/", m["sub"]).split())
    no = _HYPHEN.sub("-", m["no"])
    head = m["kind"] + sub if sub.startswith("/") else f"{m['kind']} {sub}".rstrip()
    code = f"{head} {no}"
    if m["year"]:
        code += f"{m['sep']}{m['year']}"
    if m["issuer"]:
        code += f"/{m['issuer']}"
    return code


def find_standards(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, code, start, end) of every standard cited in ``text``.

    "theo QCVN 40:2025/BTNMT" → [("QCVN", "QCVN 40:2025/BTNMT", 5, 23)]; "TCVN ISO 9001:2015" is one
    standard of kind "TCVN". A bare family name ("các tiêu chuẩn ISO") is not a citation.
    """
    out: list[tuple[str, str, int, int]] = []
    # every family name holds "TC", "QC", "ISO" or "IEC": substring tests are cheaper than the alternation
    if not ("TC" in text or "QC" in text or "ISO" in text or "IEC" in text) or not _ANY_KIND.search(text):
        return out
    for m in STANDARD.finditer(text):
        out.append((m["kind"], _code(m), m.start(), m.end()))
    return out
