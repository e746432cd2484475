"""Back matter: the closing paragraph, the "Nơi nhận:" list and the signer block."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.structure import patterns as P
from cchc_parse.structure.front import is_upper_line

_NAME = regex.compile(r"^(?:(?:TS|ThS|PGS|GS|BS|KS|CN|Ths)\.?\s*(?:TS\.?)?\s+)?"
                      r"[\p{Lu}][\p{Ll}]+(?:\s+[\p{Lu}][\p{Ll}]*){1,5}$")


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
    """Where the back matter begins: a 'back' zone, the Nơi nhận line, or the signer block."""
    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.zone == "back":
            return i
    for i in range(n - 1, -1, -1):
        if P.RECIPIENTS_HEAD.match(lines[i].text):
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


def _clean_recipient(t: str) -> str:
    t = t.strip().lstrip("-+–• ").strip()
    t = regex.sub(r"(?<=\S)\(", " (", t)
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
        if is_upper_line(t) and len(t) <= 80:
            if back.name is None or not titles:  # lines under the name are the signer's other post
                titles.append(t)
            back.src = back.src or ln.src
            continue
        if _NAME.match(t) and len(t) <= 50:
            back.name = t
            back.src = back.src or ln.src
    if titles:
        back.title = titles[-1]
    elif back.on_behalf_of and back.authority and back.authority[-1] != "TM":
        back.title = back.on_behalf_of
