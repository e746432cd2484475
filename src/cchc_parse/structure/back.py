"""Back matter: the closing paragraph, the "Nơi nhận:" list and the signer block."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse import rx
from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.structure import patterns as P
from cchc_parse.structure.patterns import is_upper_line

# a signer's name: "Nguyễn Khoa Hải", "TS. Lê Văn A"; never a heading word ("Chương I", "Phụ lục II", "Mẫu số")
_NAME = rx.lazy(r"^(?!(?:Chương|Điều|Phần|Mục|Phụ\s+lục|Mẫu|Biểu)\b)"
                r"(?:(?:TS|ThS|PGS|GS|BS|KS|CN|Ths)\.?\s*(?:TS\.?)?\s+)?"
                r"[\p{Lu}][\p{Ll}]+(?:\s+[\p{Lu}][\p{Ll}]*){1,5}$")
# a military or police rank set before the name: "Thiếu tướng Trương Minh Đương", "Đại tá Nguyễn Văn A"
_RANK = rx.lazy(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+(?=\p{Lu})")
# the deputy's post under "KT. THỐNG ĐỐC", in whatever case it came out: a legacy upper-case font
# (TCVN3 .VnTimeH) prints capitals from lower-case codes, so "PHÓ THỐNG ĐỐC" may read "phó Thống đốc"
_DEPUTY = rx.lazy(r"^phó\s+\p{L}[\p{L}\s,]{1,70}$", regex.IGNORECASE)


@dataclass
class Back:
    start: int  # index of the first back-matter line in the body line list
    recipients: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    on_behalf_of: str | None = None
    title: str | None = None
    name: str | None = None
    src: SourceRef | None = None


def find_back_start(lines: list[Line]) -> int:
    """Where the document's own back matter begins: its last 'back' zone (a Nơi nhận | signer table), the
    last Nơi nhận line, or a trailing signer block. A sample signature block that guidance on document format
    shows inside its body comes before the last one and stays body text."""
    n = len(lines)
    t = _text_back_start(lines)
    z, z_end = _last_back_zone(lines)
    if z == n:
        return t
    if t == n or z <= t < z_end or all(not ln.text.strip() for ln in lines[z_end:t]):
        return z  # the zone alone, the Nơi nhận inside it, or a Nơi nhận right after the signer table
    if t < z:  # "Nơi nhận" typed before a signer table: one back block unless body text stands between
        return t if all(is_back_like(ln) or not ln.text.strip() for ln in lines[t:z]) else z
    return t


def _last_back_zone(lines: list[Line]) -> tuple[int, int]:
    """(first, last + 1) index of the last run of 'back' zone lines (blank lines do not break a run)."""
    n = len(lines)
    end = next((k + 1 for k in range(n - 1, -1, -1) if lines[k].zone == "back"), None)
    if end is None:
        return n, n
    start = end - 1
    k = start - 1
    while k >= 0 and (lines[k].zone == "back" or not lines[k].text.strip()):
        if lines[k].zone == "back":
            start = k
        k -= 1
    return start, end


def _text_back_start(lines: list[Line]) -> int:
    n = len(lines)
    for i in range(n - 1, -1, -1):
        if P.opens_with(lines[i].text, "Nn") and P.RECIPIENTS_HEAD.match(lines[i].text):
            # the signer block may stand before "Nơi nhận" (text copies of two-column layouts)
            j = i
            while j > 0 and _is_signer_line(lines[j - 1].text):
                j -= 1
            return j
    # no "Nơi nhận": a trailing signer block after the body's last sentence
    j = n
    while j > 0 and (not lines[j - 1].text or _is_signer_line(lines[j - 1].text)):
        j -= 1
    tail = [ln.text for ln in lines[j:] if ln.text]
    if tail and any(_NAME.match(t) for t in tail) and any(is_upper_line(t) for t in tail) and len(tail) <= 8:
        return j
    return n


def is_back_like(ln: Line) -> bool:
    """A line of a back block: in a 'back' zone, a Nơi nhận head or item, a signer line."""
    t = ln.text.strip()
    return ln.zone == "back" or bool(P.RECIPIENTS_HEAD.match(t)) or t[:1] in "-+–•" or _is_signer_line(t)


def _is_signer_line(t: str) -> bool:
    t = t.strip()
    if not t:
        return False
    if P.AUTHORITY.match(t) or P.SIGNED_MARK.match(t):
        return True
    if is_upper_line(t) and len(t) <= 60 and not t.endswith((".", ";", ":")):
        return True
    return bool(_NAME.match(t)) and len(t) <= 40


def parse_back(lines: list[Line], start: int) -> Back:
    back = Back(start=start)
    region = [ln for ln in lines[start:] if ln.text]
    in_recipients = False
    signer_lines: list[Line] = []
    for ln in region:
        t = ln.text.strip()
        m = P.RECIPIENTS_HEAD.match(t)
        if m:
            in_recipients = True
            if m["rest"].strip():
                back.recipients.append(_clean_recipient(m["rest"]))
            continue
        if in_recipients and (t[:1] in "-+–•" or (back.recipients and _continues(back.recipients[-1], t))):
            if t[:1] in "-+–•":
                back.recipients.append(_clean_recipient(t))
            else:
                back.recipients[-1] = _clean_recipient(back.recipients[-1] + " " + t)
            continue
        if in_recipients and not _is_signer_line(t) and back.recipients:
            back.recipients.append(_clean_recipient(t))
            continue
        in_recipients = False
        signer_lines.append(ln)
    _read_signer(back, signer_lines)
    return back


def _continues(prev: str, t: str) -> bool:
    return not prev.rstrip().endswith((";", ".")) and not _is_signer_line(t)


_GLUED_PAREN = rx.lazy(r"(?<=\S)\(")  # "Sở Nội vụ(để b/c)"


def _clean_recipient(t: str) -> str:
    t = t.strip().lstrip("-+–• ").strip()
    t = _GLUED_PAREN.sub(" (", t)
    return t.rstrip(" ;,")


def _read_signer(back: Back, lines: list[Line]) -> None:
    titles: list[str] = []
    for ln in lines:
        t = ln.text.strip()
        if P.SIGNED_MARK.match(t):
            continue
        m = P.AUTHORITY.match(t)
        if m:
            back.authority.append(m["auth"].replace("/", ""))
            back.on_behalf_of = m["rest"].strip()
            back.src = back.src or ln.src
            continue
        if (is_upper_line(t) and len(t) <= 80) or (back.authority and not titles and _DEPUTY.match(t)):
            if back.name is None or not titles:  # lines under the name are the signer's other post
                titles.append(t)
            back.src = back.src or ln.src
            continue
        t = _RANK.sub("", t)
        if _NAME.match(t) and len(t) <= 50:
            back.name = t
            back.src = back.src or ln.src
    if titles:
        back.title = titles[-1]
    elif back.on_behalf_of and back.authority and back.authority[-1] != "TM":
        back.title = back.on_behalf_of
