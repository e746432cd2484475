"""Quoted text is content, not structure.

An amending document quotes the new text of the provisions it changes ("1. Sửa đổi, bổ sung Điều 4
như sau:" / "“Điều 4. Thẩm quyền …" / "1. …" / "a) …”."), a report quotes a decree ("… quy định: “2. Sau
khi …" / "a) …" / "3. …”"). The numbered lines of a quotation are not sections of the quoting
document: they stay text of the point that quotes them.

A quotation runs from the paragraph that opens a quote mark it does not close to the first paragraph
that closes one it did not open; after "… như sau:" with no quote mark, up to a closing quote mark
if one comes before anything else opens. An unbalanced quote does not swallow the rest of the
document: it ends before the line that resumes the document's own numbering ("2. Sửa đổi …" after
"1. Sửa đổi …"), or before the next line that introduces a quotation.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from cchc_parse import rx
from cchc_parse.structure.markers import Marker

# "… Điều 4 như sau:", "được sửa đổi, bổ sung như sau:", "… quy định như sau:"
_AS_FOLLOWS = rx.lazy(r"\bnhư\s+sau\s*:\s*$", regex.IGNORECASE)
# a quote mark that ends the paragraph: "… cấp tỉnh.”.", "… bất khả kháng”.", "… thuốc lá.\"."
_ENDS_QUOTE = rx.lazy(r"[”\"]\s*[.;,]*\s*$")


@dataclass(frozen=True)
class Quote:
    first: int  # index of the first quoted paragraph
    last: int  # index of the last quoted paragraph (inclusive)
    closed: bool  # ended at its closing quote mark (False: capped)


def balance(text: str) -> int:
    """+1 when the paragraph opens a quote it does not close, -1 when it closes one it did not open."""
    net = text.count("“") - text.count("”")
    if text.count('"') % 2:
        net += -1 if _ENDS_QUOTE.search(text) and not text.lstrip().startswith('"') else 1
    return (net > 0) - (net < 0)


def _opens_at_start(text: str) -> bool:
    return text.lstrip()[:1] in ("“", '"')


class _Marks:
    """What the walk asks of each paragraph, worked out once a paragraph (each is pure in its text): a
    quotation that never closes is scanned to its end, from every line that opens one (quadratic)."""

    __slots__ = ("bal", "colon", "opens")

    def __init__(self, texts: list[str]) -> None:
        self.bal = [balance(t) if ("“" in t or "”" in t or '"' in t) else 0 for t in texts]  # 0 without a mark
        self.colon = [t.rstrip().endswith(":") for t in texts]
        self.opens = list(map(_opens_at_start, texts))

    def introduces(self, j: int) -> bool:
        """``_introduces(texts, j)``."""
        return j + 1 < len(self.opens) and self.colon[j] and self.opens[j + 1] and not self.opens[j]


def find_quotes(texts: list[str], markers: list[Marker | None]) -> list[Quote]:
    """The quotations among paragraphs (their full texts and numbering markers), in order."""
    out: list[Quote] = []
    # without a quote mark anywhere no quotation can close or open (balance() is 0 everywhere, and after
    # "như sau:" _quotation needs a closing mark): skip the walk, which only tracks the numbering for them
    joined = "".join(texts)
    if "“" not in joined and "”" not in joined and '"' not in joined:
        return out
    marks = _Marks(texts)
    chain: list[Marker] = []  # the document's own open numbering, outside quotations
    i = 0
    while i < len(texts):
        bal = marks.bal[i]
        # _AS_FOLLOWS ends in ":\s*$": a text it matches ends in ":" once stripped (\s ⊂ str.isspace)
        if bal > 0 or (marks.colon[i] and _AS_FOLLOWS.search(texts[i])):
            at_start = bal > 0 and marks.opens[i]
            if not at_start:
                _open(chain, markers[i])
            q = _quotation(texts, markers, i if at_start else i + 1, chain, unquoted=bal <= 0, marks=marks)
            if q is not None:
                out.append(q)
                i = q.last + 1
                continue
        _open(chain, markers[i])
        i += 1
    return out


def _open(chain: list[Marker], m: Marker | None) -> None:
    if m is None or (chain and chain[-1] is m):
        return
    scheme = m.scheme  # a property: computed once, not once a chain entry
    for k in range(len(chain) - 1, -1, -1):
        if chain[k].scheme == scheme:
            del chain[k:]
            break
    chain.append(m)


def _quotation(texts: list[str], markers: list[Marker | None], first: int, chain: list[Marker],
               unquoted: bool, marks: _Marks | None = None) -> Quote | None:
    """The quotation that starts at ``first``; ``unquoted``: after "như sau:" with no quote mark open.
    ``marks``: the tests of ``texts`` (see ``_Marks``), made here when not given."""
    m = _Marks(texts) if marks is None else marks
    bal, opens = m.bal, m.opens
    n = len(texts)
    if first >= n or (unquoted and (opens[first] or bal[first] > 0)):
        return None  # nothing follows, or the quotation opens on the next line: found from there
    j = first if opens[first] and not unquoted else first - 1
    while j + 1 < n:
        j += 1
        if j > first and (m.introduces(j) or (unquoted and _resumes(markers[j], chain))):
            break
        if bal[j] < 0:
            return Quote(first, j, closed=True)
        if unquoted and bal[j] > 0:
            return None
    if unquoted:
        return None
    # unbalanced: end before the line that resumes the document's numbering, or before the next quotation
    # (a quote opened inside a paragraph and never closed, "… công trình “Thủy điện Yên Hà).", quotes nothing
    # when the next line already resumes the numbering)
    start = first if not opens[first] else first + 1
    stop = next((k for k in range(start, j + 1) if _resumes(markers[k], chain)), None)
    if stop is None and m.introduces(j):
        stop = j
    return Quote(first, stop - 1, closed=False) if stop is not None and stop - 1 >= start else None


def _introduces(texts: list[str], j: int) -> bool:
    """Paragraph j introduces a new quotation: it ends with ":" and the next one opens with a quote mark."""
    return (j + 1 < len(texts) and texts[j].rstrip().endswith(":") and _opens_at_start(texts[j + 1])
            and not _opens_at_start(texts[j]))


def _resumes(m: Marker | None, chain: list[Marker]) -> bool:
    """The marker continues the document's own open numbering: the next number of an open level
    ("2." after the quoting "1.", "Điều 5." after "Điều 4."), or the next bullet after a quoting bullet."""
    if m is None:
        return False
    return any(c.scheme == m.scheme and (m.value == c.value + 1 or m.kind == "bullet") for c in chain)


def quote_note(q: Quote, first_text: str) -> str:
    """The P019 message for a quotation."""
    how = "" if q.closed else "; no closing quote mark: ended where the document's own numbering resumes"
    return (f"quotation of {q.last - q.first + 1} paragraph(s) kept as text of the point that quotes it: "
            f"'{first_text[:50]}…'{how}")
