"""Responsibility written under each task instead of in a table.

Many plans give, under a numbered task, the lines "- Đơn vị chủ trì: …", "- Đơn vị phối hợp: …",
"- Thời gian hoàn thành: …", "- Kết quả: …". A section with a lead line is a task: its id is the section's,
its content the section's title and text without those lines (which stay in the section too: nothing is
removed from the tree). A plan written only in prose has no lead line and gets no inline task.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.headwords import header_role
from cchc_parse.structure.sections import Node
from cchc_parse.structure.tables import RawTask

# the keys of a responsibility line, read with the table header words (extract/headwords.py):
# "Đơn vị chủ trì", "Cơ quan phối hợp", "Chủ trì thực hiện", "Thời gian hoàn thành", "Thời hạn", "Tiến độ thực hiện",
# "Kết quả", "Sản phẩm đầu ra"; not "Kết quả tín nhiệm" or "Thành phần" (a fact, not an assignment)
_KEY = (r"(?:(?:Đơn\s+vị|Cơ\s+quan|Người|Bộ\s+phận)\s+(?:chủ\s+trì|thực\s+hiện|phối\s+hợp)(?:\s+thực\s+hiện)?"
        r"|Chủ\s+trì(?:\s+thực\s+hiện)?|Phối\s+hợp(?:\s+thực\s+hiện)?|Trách\s+nhiệm\s+thực\s+hiện"
        r"|Thời\s+gian(?:\s+(?:hoàn\s+thành|thực\s+hiện))?|Thời\s+hạn(?:\s+hoàn\s+thành)?"
        r"|Tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?"
        r"|Kết\s+quả(?:\s+(?:đạt\s+được|dự\s+kiến|đầu\s+ra))?|Sản\s+phẩm(?:\s+(?:đầu\s+ra|dự\s+kiến))?)")
# "- Đơn vị chủ trì: Ban Công tác mặt trận thôn.", "Thời gian hoàn thành: Quý IV/2025;"
_RESP = rx.lazy(rf"^\s*(?:[-+•–]\s*)?(?P<key>{_KEY})\s*:\s*(?P<val>\S.*)$", regex.IGNORECASE)
# "Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: các sở" — several keys on one line
_NEXT_KEY = rx.lazy(rf";\s*(?={_KEY}\s*:)", regex.IGNORECASE)
_ROLES = ("lead", "support", "outputs", "deadline")


def responsibility(text: str) -> list[tuple[str, str]]:
    """The (role, value) pairs a responsibility line gives, [] for any other text."""
    out: list[tuple[str, str]] = []
    if ":" not in text:  # every key is followed by ":" (most lines have none: no search)
        return out
    text = text.strip()
    # _NEXT_KEY splits at a ";": a line without one (most) is one part, and is not searched for it
    for part in _NEXT_KEY.split(text) if ";" in text else (text,):
        m = _RESP.match(part)
        if m is None:
            break
        role = header_role(m["key"])
        if role in _ROLES:
            out.append((role, m["val"].strip().rstrip(".;").strip()))
    return out


def _own_lines(node: Node, resp_of: Callable[[str], list[tuple[str, str]]] = responsibility,
               ) -> tuple[list[str], list[str]]:
    """(responsibility texts, other texts) of a section: its text parts and its bullet points."""
    resp: list[str] = []
    other: list[str] = []
    for part in node.text_parts:
        (resp if resp_of(part) else other).append(part)
    for ch in node.children:
        if ch.marker.kind == "bullet" and ch.text and resp_of(ch.text):
            resp.append(ch.text)
    return resp, other


def find_inline_tasks(roots: list[Node], diags: list[Diagnostic]) -> list[RawTask]:
    """Every section with a lead line under it, as a task (in document order)."""
    out: list[RawTask] = []
    # a bullet's text is read up to three times (its parent's lines, the children kept, its own lines
    # when kept) and a responsibility line twice: each text is read once (responsibility is pure)
    seen: dict[str, list[tuple[str, str]]] = {}

    def resp_of(text: str) -> list[tuple[str, str]]:
        r = seen.get(text)
        if r is None:
            r = seen[text] = responsibility(text)
        return r

    _collect(roots, None, resp_of, out)
    if out:
        diags.append(make("P025", src=out[0].src, params={"count": len(out)}))
    return out


def _collect(nodes: list[Node], parent: str | None, resp_of: Callable[[str], list[tuple[str, str]]],
             out: list[RawTask]) -> None:
    """The inline tasks of ``nodes`` and their kept children, appended to ``out`` in document order (a
    module function, not a closure that calls itself: that would be a cycle left for the collector)."""
    for n in nodes:
        resp, other = _own_lines(n, resp_of)
        cells: dict[str, str] = {}
        for text in resp:
            for role, value in resp_of(text):
                cells[role] = f"{cells[role]}\n{value}" if role in cells else value
        pid = parent
        if "lead" in cells:
            cells["content"] = "\n".join(x for x in [n.title or "", *other] if x)
            out.append(RawTask(id=n.id, parent=parent, label=n.marker.label, cells=cells, src=n.src,
                               section=n.id, marker=n.marker))
            pid = n.id
        _collect([c for c in n.children if not (c.marker.kind == "bullet" and c.text and resp_of(c.text))], pid,
                 resp_of, out)
