"""Where the columns of a task table laid out with spaces begin (extract/txt/columns.py reads the
table): from the words of a page's rows and its sub-header lines, the cut between two header cells
that splits the fewest words, the widest gutter that ends where words start; under a spanning
header, the widest gutter between its sub-headers."""

from __future__ import annotations

from cchc_parse import rx

PHRASE = rx.lazy_re(r"\S+(?: \S+)*")  # text apart from the next by two spaces or more
_WORD = rx.lazy_re(r"\S+")
_FAR = 1 << 20  # the end of the run of blanks after every line

Span = tuple[int, int, str]


def words(line: str) -> list[Span]:
    """The line's words (start, end, text), the page break's form feed taking no place."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(line.replace("\f", ""))]


def _gutters(lines: list[str]) -> list[tuple[int, int]]:
    """Runs [start, end) of positions blank in every line, the last one open."""
    width = max((len(t) for t in lines), default=0)
    ink = [False] * width
    for t in lines:
        for s, e, _w in words(t):
            ink[s:e] = [True] * (e - s)
    runs: list[tuple[int, int]] = []
    p = 0
    while p < width:
        q = p
        while q < width and not ink[q]:
            q += 1
        if q > p:
            runs.append((p, q))
        p = q + 1
    if runs and runs[-1][1] == width:  # past the longest line every position is blank
        runs[-1] = (runs[-1][0], _FAR)
    else:
        runs.append((width, _FAR))
    return runs


def _crossings(lines: list[str]) -> list[int]:
    """For each cut between two positions (indexed by the position after it), the number of words of
    ``lines`` it would cut in two."""
    width = max((len(t) for t in lines), default=0)
    cross = [0] * (width + 2)
    for t in lines:
        for s, e, _w in words(t):
            for b in range(s + 1, e):
                cross[b] += 1
    return cross


def _cut(cross: list[int], lo: int, hi: int, allowed: int, starts: set[int]) -> int | None:
    """The column edge in [lo, hi]: of the cuts that cut the fewest words (at most ``allowed``), the
    widest run of neighbouring ones (a gutter, wider than a space between two words that happens to
    fall at one place on every line) that ends where a word starts (``starts``; the blank after a
    column's short texts ends nowhere), the rightmost of equals; its last cut, where the column's text
    starts. None when every cut cuts more."""
    lo = max(lo, 1)
    costs = [(cross[b] if b < len(cross) else 0) for b in range(lo, hi + 1)]
    if not costs or min(costs) > allowed:
        return None
    least = min(costs)
    best: tuple[bool, int, int] | None = None  # (ends where a word starts, width, last cut)
    k = 0
    while k < len(costs):
        if costs[k] != least:
            k += 1
            continue
        j = k
        while j + 1 < len(costs) and costs[j + 1] == least:
            j += 1
        got = (lo + j in starts, j - k + 1, lo + j)
        if best is None or got[:2] >= best[:2]:
            best = got
        k = j + 1
    return best[2] if best else None


def bounds(head: list[Span], sub: list[str], lines: list[str]) -> list[int] | None:
    """Left edges of the columns after the first (``lines``: the stretch's rows, ``sub``: its
    sub-header lines). Under a spanning header ("Tổ chức thực hiện"), the widest gutter of the rows
    with a sub-header on each side ("Đơn vị chủ trì | Đơn vị phối hợp"). Between two header cells, the
    cut that splits the fewest words of the rows and the sub-header (a long word may cross a
    column's edge: one in twelve lines), right of the first cell's sub-columns and left of the
    second cell (or of its sub-header, when that starts further left), the widest gutter that ends
    where words start, the rightmost of equals. None when every cut there splits more."""
    spans = _spanned(head, sub, lines)
    cross = _crossings(lines + sub)
    allowed = len(lines) // 12
    word_starts = {w[0] for t in lines for w in words(t)}
    bounds = list(spans)
    for k in range(1, len(head)):
        start = min([head[k][0], *(m.start() for t in sub for m in PHRASE.finditer(t)
                                   if head[k - 1][1] < m.start() < head[k][0]
                                   and head[k][0] <= (m.start() + m.end()) // 2 <= head[k][1])])
        lo = max([head[k - 1][0], *(b for b in spans if head[k - 1][0] < b < start)])
        b = _cut(cross, lo + 2, start + 1, allowed, word_starts)
        if b is None:
            return None
        bounds.append(b)
    return sorted(set(bounds))


def _spanned(head: list[Span], sub: list[str], lines: list[str]) -> list[int]:
    """The edges between the sub-columns of spanning headers: a gutter of the rows ending under the
    header with a sub-header phrase ending before it and another starting at its end, on one
    sub-header line; the widest. Else (a sub-column empty in this stretch) a gutter of the rows and
    the sub-header that ends where a sub-header word starts."""
    if not sub:
        return []
    runs = _gutters(lines)
    starts = {w[0] for t in sub for w in words(t)}
    phrases = [[(m.start(), m.end()) for m in PHRASE.finditer(t)] for t in sub]
    out: list[int] = []
    for k, (s, e, _t) in enumerate(head):
        before, after = head[k - 1] if k else (-1, -1, ""), head[k + 1] if k + 1 < len(head) else (_FAR, _FAR, "")
        # the phrases under this header: not under (their middle not over) the header before or after it
        under = [[(ps, pe) for ps, pe in line if before[1] < ps < after[0]
                  and not after[0] <= (ps + pe) // 2 <= after[1]] for line in phrases]
        got = sorted((b - a, b) for a, b in runs if s < b <= e + 4 and _parted(under, b))[-1:] or \
            [(0, b) for a, b in _gutters(lines + sub)
             if s <= a and b <= e + 4 and b in starts and _parted(under, b)][-1:]
        out.extend(b for _w, b in got)
    return out


def _parted(phrases: list[list[tuple[int, int]]], b: int) -> bool:
    """A sub-header line with a phrase ending before ``b`` and another starting at or after it."""
    return any(any(pe < b for _ps, pe in line) and any(b <= ps for ps, _pe in line) for line in phrases)
