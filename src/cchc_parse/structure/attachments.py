"""What a document carries after its own signature: a Quy chế, a Phụ lục, a plan, a report outline, forms.

ND30 (Điều 8, Phụ lục I): a text a decision issues ("QUY CHẾ … (Ban hành kèm theo Quyết định số …)") and the
appendices of a document ("PHỤ LỤC I", "(Kèm theo Kế hoạch số …)") stand on their own pages after the
signature of the document; blank form templates are headed "Mẫu số 01/HNCT". Each is read apart from the
body, with its own section tree, so that its numbering, footnotes and signature blocks never mix with the
document's.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, contains, is_, or_
from typing import TYPE_CHECKING

import regex

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Block, Line, SourceRef, Table
from cchc_parse.structure import patterns as P
from cchc_parse.structure.back import find_back_start, is_back_like
from cchc_parse.structure.markers import match_text
from cchc_parse.structure.paragraphs import Para, lines_to_paras
from cchc_parse.structure.patterns import is_upper_line
from cchc_parse.structure.sections import Body, build_tree
from cchc_parse.structure.tables import RawTask, parse_table

if TYPE_CHECKING:
    from cchc_parse.model import AttachmentKind

# "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục 2", "PHỤ LỤC SỐ 01", "PHỤ LỤC III: DANH MỤC …"
_APPENDIX_HEAD = rx.lazy(
    r"^\s*(?P<label>(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+|SỐ\s+)?(?:[IVXLC]{1,6}|\d{1,3})[a-zA-Z]?)?)"
    r"\s*(?:[.:\-–]\s*(?P<rest>\S.*))?$")
# "Mẫu số 01/HNCT", "Mẫu số 01", "Biểu mẫu số 02", "MẪU SỐ 03: …"
_FORM_HEAD = rx.lazy(
    r"^\s*(?P<label>(?:Mẫu|MẪU|Biểu\s+mẫu|BIỂU\s+MẪU)\s+(?:số|SỐ)\s+\d{1,3}[\w./\-]*|(?:Mẫu|MẪU)\s+\d{1,3}[\w./\-]*)"
    r"\s*(?:[.:\-–]\s*(?P<rest>\S.*))?$")
# the words a stripped line must open with for those two to match (they hold no flags and start "^\s*"):
# a prefix test skips the regexes on the lines that are neither, nearly all, scanned twice a document
_APPENDIX_OPEN, _FORM_OPEN = ("PHỤ", "Phụ"), ("Mẫu", "MẪU", "Biểu", "BIỂU")


def _appendix_head(t: str) -> regex.Match[str] | None:
    """``_APPENDIX_HEAD.match(t)`` for a stripped ``t``."""
    return _APPENDIX_HEAD.match(t) if t.startswith(_APPENDIX_OPEN) else None


def _form_head(t: str) -> regex.Match[str] | None:
    """``_FORM_HEAD.match(t)`` for a stripped ``t``."""
    return _FORM_HEAD.match(t) if t.startswith(_FORM_OPEN) else None


# "(Ban hành kèm theo Quyết định số 12/QĐ-UBND …)", "(Kèm theo Kế hoạch số /KH-SCT …)",
# "ban hành kèm theo Kế hoạch tổ chức …" (written without brackets)
_ISSUED_WITH = rx.lazy(r"^\s*\(?\s*(?:Ban\s+hành\s+)?kèm\s+theo\s+\p{L}", regex.IGNORECASE)
# a title line that ends with its bracketed issuing note: "SƠ ĐỒ BỐ TRÍ … (Kèm theo Hướng dẫn số 36-HD/VPTW …)"
_TRAILING_ISSUED = rx.lazy(r"\s*(?P<iw>\(\s*(?:Ban\s+hành\s+)?kèm\s+theo\s+[^()]*(?:\([^()]*\)[^()]*)*\)?)\s*$",
                           regex.IGNORECASE)
# the type words that name what is issued: "QUY CHẾ", "ĐỀ CƯƠNG BÁO CÁO", "KẾ HOẠCH", "Quy định"
_KIND_WORDS: list[tuple[AttachmentKind, regex.Pattern[str]]] = [
    ("outline", rx.lazy(r"^\s*ĐỀ\s+CƯƠNG\b|^\s*Đề\s+cương\b")),
    ("regulation", rx.lazy(r"^\s*(?:QUY\s+CHẾ|QUY\s+ĐỊNH|ĐIỀU\s+LỆ|NỘI\s+QUY|Quy\s+chế|Quy\s+định|Điều\s+lệ)\b")),
    ("plan", rx.lazy(r"^\s*(?:KẾ\s+HOẠCH|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN|Kế\s+hoạch|Chương\s+trình|Đề\s+án)\b")),
]
_MAX_HEAD_LINE = 300


@dataclass
class RawAttachment:
    kind: AttachmentKind
    src: SourceRef
    label: str | None = None
    title: str | None = None
    issued_with: str | None = None
    body: Body = field(default_factory=Body)
    paras: list[Para] = field(default_factory=list)  # a form's text, or the paragraphs before the first section
    tasks: list[RawTask] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # tables that are not task tables (data, blank grids)


@dataclass
class _Head:
    start: int  # index in the line list
    end: int  # first line after the head
    label: str | None
    title: str | None
    issued_with: str | None
    form: bool


def _is_title_line(ln: Line, kem: bool = True) -> bool:
    """A heading line of an attachment: upper case, or bold (centred) — 'QUY CHẾ', 'Tổ chức và hoạt động của …'.
    ``kem``: False when the line holds no "kèm" (``HeadLines.kem``): then the issuing-note patterns are not
    asked (neither can match)."""
    t = ln.text.strip()
    if not t or len(t) > _MAX_HEAD_LINE or ln.zone in ("front", "back") or t.endswith((";", ",")):
        return False
    # called on every line: the cheap tests first (a body line is neither bold nor upper case); the
    # trailing note needs its "(", so most lines never run that search
    if not ln.style.bold:
        tm = _TRAILING_ISSUED.search(t) if kem and "(" in t else None
        if not is_upper_line(t[:tm.start()] if tm and tm.start() else t):
            return False
    return not (P.QUOC_HIEU.match(t) or P.RULE_LINE.match(t) or (kem and _ISSUED_WITH.match(t)))


class HeadLines:
    """The lines the heads are looked for in, with what the head tests ask of each line, computed once
    and only when asked: ``title(k)`` (``_is_title_line``, asked up to five times a line) and
    ``note_near(i)``: whether one of the lines ``i`` … ``i + 3`` holds "kèm", which every issuing note
    ("(Ban hành kèm theo …)") does (case-insensitively: ``str.lower`` maps all the characters that regex's
    IGNORECASE takes for k, è, m to them) — without one, no title line at ``i`` can start a head."""

    def __init__(self, lines: list[Line], title: list[bool | None] | None = None,
                 kem: list[bool] | None = None, starts: list[int] | None = None) -> None:
        self.lines = lines
        self._title: list[bool | None] = [None] * len(lines) if title is None else title
        self._kem = kem
        self._starts = starts

    def tail(self, lines: list[Line]) -> HeadLines:
        """The tests for ``lines``, kept from this object's when they are its last lines (the same objects:
        each test reads its own line only, and a window is cut at the end either way), else a fresh one.
        The head starts too: a window that ends at a cut ends there either way, so those at or after the
        cut are the tail's (tests/test_speed_docx6_structure.py)."""
        a = len(self.lines) - len(lines)
        if a < 0 or not all(map(is_, lines, self.lines[a:])):
            return HeadLines(lines)
        starts = None if self._starts is None else [k - a for k in self._starts[bisect_left(self._starts, a):]]
        return HeadLines(lines, self._title[a:], None if self._kem is None else self._kem[a:], starts)

    def title(self, k: int) -> bool:
        v = self._title[k]
        if v is None:
            v = self._title[k] = _is_title_line(self.lines[k], self.kem(k))
        return v

    def note_near(self, i: int, span: int = 3) -> bool:
        return any(self._kems()[i:i + span + 1])

    def kem(self, k: int) -> bool:
        """Whether line ``k`` holds "kèm" (as ``note_near`` tells it): without it, neither _ISSUED_WITH nor
        _TRAILING_ISSUED, which both hold the word (case-insensitively), can match the line."""
        return self._kems()[k]

    def _kems(self) -> list[bool]:
        """Whether each line holds "kèm", worked out once."""
        if self._kem is None:
            texts = list(map(_TEXT, self.lines))
            kem = [False] * len(texts)
            # only "è" and "È" lower-case to "è": a line without either needs no lower-cased copy
            for k in compress(range(len(texts)), map(or_, map(contains, texts, repeat("è")),
                                                          map(contains, texts, repeat("È")))):
                kem[k] = "kèm" in texts[k].lower()
            self._kem = kem
        return self._kem

    def head_starts(self) -> list[int]:
        """The lines ``head_at`` can find a head at, in order: those that open with "PHỤ LỤC" / "Mẫu" (its
        two patterns) and those with ``note_near`` (a title line with an issuing note); ``head_at`` is None
        at every other line, so the scans ask only these."""
        if self._starts is None:
            self._starts = self._head_starts()
        return self._starts

    def _head_starts(self) -> list[int]:
        kem = self._kems()
        near: set[int] = set()
        for k in compress(range(len(kem)), kem):
            near.update(range(max(0, k - 3), k + 1))
        n = len(self.lines)
        opens = map(str.startswith, map(str.lstrip, map(_TEXT, self.lines)), repeat(_APPENDIX_OPEN + _FORM_OPEN, n))
        near.update(compress(range(n), opens))
        return sorted(near)


_Lines = HeadLines  # the name the tests know
_TEXT = attrgetter("text")


def _issued_index(ls: HeadLines, i: int, span: int = 3) -> int | None:
    """The line of the issuing note '(Ban hành kèm theo …)' at ``i``, or after a title line at ``i`` and at
    most ``span`` short heading lines ('QUY CHẾ' / 'Tổ chức và hoạt động của …' / '(Ban hành kèm theo …)')."""
    lines = ls.lines
    first = True
    for k in range(i, min(len(lines), i + span + 1)):
        t = lines[k].text.strip()
        if not t:
            continue
        if ls.kem(k) and (_ISSUED_WITH.match(t) or (ls.title(k) and "(" in t and _TRAILING_ISSUED.search(t))):
            return k
        if first and not ls.title(k):
            return None
        if not first and (len(t) > 200 or t.endswith((".", ";", ":")) or match_text(t) is not None
                          or _appendix_head(t) or _form_head(t)):
            return None
        first = False
    return None


def head_at(ls: HeadLines, i: int) -> _Head | None:
    """The head of an attachment starting at line ``i``: its label, title lines and issuing note."""
    lines = ls.lines
    ln = lines[i]
    t = ln.text.strip()
    if not t or len(t) > _MAX_HEAD_LINE or ln.zone == "front":
        return None
    label = rest = None
    form = False
    m = _appendix_head(t)
    form = m is None and (m := _form_head(t)) is not None
    if m:
        label, rest = " ".join(m["label"].split()), m["rest"]
        j = i + 1
    elif ls.note_near(i) and ls.title(i) and _issued_index(ls, i) is not None:
        j = i
    else:
        return None
    title_parts = [rest] if rest else []
    issued = None
    k = _issued_index(ls, j) if j < len(lines) else None
    end = j
    if k is not None:
        for q in range(j, k + 1):
            part = lines[q].text.strip()
            tm = _TRAILING_ISSUED.search(part)
            if q == k and tm and not _ISSUED_WITH.match(part):
                title_parts.append(part[:tm.start()].strip())
                issued = tm["iw"]
            elif q == k:
                issued = part
            elif part:
                title_parts.append(part)
        end = k + 1
    elif label and not form:  # "PHỤ LỤC I" + "DANH MỤC …" title lines without an issuing note
        while end < len(lines) and len(title_parts) < 2 and ls.title(end) \
                and not _appendix_head(lines[end].text.strip()) and not _form_head(lines[end].text.strip()):
            title_parts.append(lines[end].text.strip())
            end += 1
    title = " ".join(p for p in title_parts if p) or None
    return _Head(i, end, label, title, issued, form)


def attachments_start(lines: list[Line], ls: HeadLines | None = None) -> int:
    """Index of the first line of the first attachment: a head that follows the document's signature
    block (only blank lines between), else ``len(lines)``. ``ls``: the tests of ``lines`` (see
    ``HeadLines``), for ``split_attachments`` to keep."""
    ls = HeadLines(lines) if ls is None else ls
    for i in ls.head_starts():
        if i < 1 or head_at(ls, i) is None:
            continue
        prev = next((k for k in range(i - 1, -1, -1) if lines[k].text.strip()), None)
        if prev is None or not is_back_like(lines[prev]):
            continue
        if find_back_start(lines[:i]) < i:
            return i
    return len(lines)


def _kind(head: _Head) -> AttachmentKind:
    if head.form:
        return "form"
    for kind, words in _KIND_WORDS:
        if head.title and words.match(head.title) and not (kind == "plan" and head.label):
            return kind
    return "appendix" if head.label or head.issued_with else "other"


def split_attachments(blocks: list[Block], split_rows: bool, diags: list[Diagnostic],
                      known: HeadLines | None = None) -> list[RawAttachment]:
    """Cut the blocks after the signature into attachments, one per head; each read on its own.
    ``known``: the tests ``attachments_start`` made of lines that end with these blocks' lines."""
    lines = [b for b in blocks if isinstance(b, Line)]
    pos = {id(ln): k for k, ln in enumerate(lines)}
    heads: dict[int, _Head] = {}
    ls = HeadLines(lines) if known is None else known.tail(lines)
    i = 0  # the first line after the last head found
    for start in ls.head_starts():
        h = head_at(ls, start) if start >= i else None
        if h is not None:
            heads[start] = h
            i = max(h.end, start + 1)
    groups: list[tuple[_Head, list[Block]]] = []
    skip_until = -1
    for b in blocks:
        k = pos.get(id(b)) if isinstance(b, Line) else None
        if k is not None and k < skip_until:
            continue
        h = heads.get(k) if k is not None else None
        if h is not None:
            skip_until = h.end
            cur = groups[-1] if groups else None
            # "Mẫu số 01" then "PHỤ LỤC III" then "Mẫu số 03. Giấy đề nghị …": one head, the form's
            # (but "PHỤ LỤC" then "Mẫu số 01/HNCT": an appendix of forms, and its first form)
            if cur is not None and cur[0].form and not _has_content(cur[1]):
                cur[0].title = " ".join(x for x in (cur[0].title, h.label, h.title) if x) or None
                cur[0].issued_with = cur[0].issued_with or h.issued_with
                continue
            groups.append((h, []))
            continue
        if not groups:
            groups.append((_Head(0, 0, None, None, None, False), []))
        groups[-1][1].append(b)
    out = []
    for h, content in groups:
        att = _read(h, content, lines[h.start].src if h.end > h.start else _first_src(content), split_rows, diags)
        diags.append(make("P020", src=att.src, params={"label": att.label or att.title or att.kind,
                                                          "kind": att.kind}))
        out.append(att)
    return out


def _has_content(blocks: list[Block]) -> bool:
    return any(isinstance(b, Table) or b.text.strip() for b in blocks)


def _first_src(blocks: list[Block]) -> SourceRef:
    return blocks[0].src if blocks else SourceRef(line=0)


def _read(h: _Head, content: list[Block], src: SourceRef, split_rows: bool, diags: list[Diagnostic]) -> RawAttachment:
    att = RawAttachment(kind=_kind(h), src=src, label=h.label, title=h.title, issued_with=h.issued_with)
    paras = lines_to_paras(content, diags)
    if att.kind == "form":  # a blank template: its numbered blanks are not sections, its grids not tasks
        att.paras = [p for p in paras if isinstance(p, Para)]
        att.tables = [t for t in paras if isinstance(t, Table)]
        if att.title is None:
            att.title = _form_title(content)
        return att
    att.body = build_tree(paras, diags)
    att.paras = att.body.loose
    prev_roles = None
    for table, section in att.body.tables:
        tp = parse_table(table, section, prev_roles, split_rows, diags)
        if tp.roles is None:
            att.tables.append(table)
            continue
        prev_roles = tp.roles
        att.tasks.extend(tp.tasks)
    return att


def _form_title(content: list[Block]) -> str | None:
    """The name a form gives itself under its own header: 'BIÊN BẢN HỘI NGHỊ …', 'PHIẾU LẤY Ý KIẾN'."""
    for b in content:
        if isinstance(b, Line) and b.zone is None and b.text.strip() and is_upper_line(b.text) \
                and not P.QUOC_HIEU.match(b.text) and not P.RULE_LINE.match(b.text) and len(b.text) >= 5:
            return b.text.strip()
    return None
