"""Task tables laid out with spaces (``pdftotext -layout``, the text copy of a PDF): rows of cells
printed side by side, each cell's text wrapped inside its column, the header repeated on every page.

A table starts at a header line: three or more column headers apart by two spaces or more, the task
words among them ("STT | Nội dung | Tổ chức thực hiện | Sản phẩm | Thời gian"; a header wrapped in a
narrow column goes on in the lines of header words under it, "Cơ quan chủ" / "trì"). Those lines are
its sub-header ("Đơn vị chủ trì | Đơn vị phối hợp" under "Tổ chức thực hiện"); a later page repeats
the same words. Each page's columns come from its rows (``_bounds``): between two header cells, the
cut that splits the fewest words, the widest gutter that ends where words start; under a spanning
header, the gutter between its sub-headers. Pages whose header stands at the same places, up to the
page's margin, share their columns. A word belongs to the column it starts in, give or take the
places the copy's rounding moves it. A line with a number or letter in the first column starts a
row; the other lines continue the row above (its cells' text wrapped, or carried over a page). The
table ends at running text across it or at a Roman-numbered heading; rows at its end numbered in the
body's own style ("1." after rows numbered "1.1", "a") are the body's headings, given back as lines.
A page without a cut between two of its header cells ends the table; without two numbered rows
nothing is read as a table.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_parse import rx
from cchc_parse.extract.blocks import Cell, SourceRef, Table
from cchc_parse.extract.headwords import CONTENT_STEMS, HEAD_WORDS, WORK_ROLES, header_role
from cchc_parse.extract.txt.gutters import PHRASE as _PHRASE
from cchc_parse.extract.txt.gutters import Span
from cchc_parse.extract.txt.gutters import bounds as _bounds
from cchc_parse.extract.txt.gutters import words as _words

_ROW_LABEL = rx.lazy(r"^(?:[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2}){0,4}|[a-zđ])[.)]?$")
_MAX_SUBHEAD = 3
MAX_WIDTH = 400  # characters: a landscape page's line in a layout copy is about 200
_PAGE_NUMBER = rx.lazy_re(r"^\s*\d{1,3}\s*$")
_PART = rx.lazy(r"^\f?\s*[IVXL]{1,6}\.\s+\S")  # "III.  TỔ CHỨC THỰC HIỆN": the body's next part



def header_cells(line: str, below: list[str] | tuple[str, ...] = ()) -> list[Span] | None:
    """The header cells (start, end, text) of a task table's header line, None for another line. A
    header wrapped in narrow columns goes on in the lines ``below`` it that hold header words only
    ("Cơ quan chủ" / "trì"): each of their words joins the cell over its middle."""
    if len(line) > MAX_WIDTH or "\t" in line:
        return None
    low = line.lower()
    if not any(stem in low for stem in CONTENT_STEMS):
        return None
    cells = [(m.start(), m.end(), m.group()) for m in _PHRASE.finditer(line.replace("\f", ""))]
    if not 3 <= len(cells) <= 12:
        return None
    if _task_header([t for *_, t in cells]):
        return cells
    more = []
    for t in below:
        words = _words(t)
        if not words or not all(w.lower().strip("()") in HEAD_WORDS for *_, w in words):
            break
        more.extend(words)
    if not more:
        return None
    texts = [" ".join([t, *(w for ws, we, w in more if s - 3 <= (ws + we - 1) // 2 < e + 3)]) for s, e, t in cells]
    return cells if _task_header(texts) else None


def _task_header(texts: list[str]) -> bool:
    roles = [header_role(t) for t in texts]
    known = {r for r in roles if r}
    return len(known) >= 3 and "content" in known and bool(known & WORK_ROLES) and roles.count(None) <= 1


def _subheader(line: str, head: list[Span]) -> bool:
    """A line under the header line that continues its headers: header words only ("Đơn vị chủ trì
    Đơn vị phối hợp", "trì  hợp"), right of the first two header cells (STT, Nội dung)."""
    words = _words(line)
    return bool(words) and all(w.lower().strip("()") in HEAD_WORDS and s > head[1][1] for s, _e, w in words)


def _is_prose(line: str, width: int) -> bool:
    """Running text across the table: a phrase over three quarters of its width (a row whose cells
    are one space apart runs over two or three columns, not all of them), or a line wider than a
    page ever prints."""
    return len(line) > MAX_WIDTH or any(m.end() - m.start() > width * 3 // 4 for m in _PHRASE.finditer(line))


def _cells(line: str, bounds: list[int], how: str = "text") -> list[str]:
    """The line's text by column. A header line's cells (``how="head"``) by where they start, a
    sub-header's words (``"sub"``) by their middle (centred over their column); a row's words by where
    they start, text after a gap of two spaces or more up to three places left of a column's edge,
    and a word one space after the text before it up to two places left of it, in that column (the
    copy prints a cell's text where its glyphs fell: "Đăng tải     Văn phòng", "Ban hành kế Văn phòng")."""
    out = [""] * (len(bounds) + 1)
    flat = line.replace("\f", "")
    if how == "head":
        units = [(m.start() + 1, m.group()) for m in _PHRASE.finditer(flat)]
    else:
        gaps = {m.start() for m in _PHRASE.finditer(flat)}
        units, at = [], 0
        for s, e, w in _words(line):
            if how == "sub":
                at = (s + e - 1) // 2
            elif s in gaps:
                at = next((b for b in bounds if s < b <= s + 3), s)
            else:
                at = next((b for b in bounds if s < b < e and b - s <= 2), max(at, s))
            units.append((at, w))
    for at, w in units:
        k = sum(1 for b in bounds if at >= b)
        out[k] = f"{out[k]} {w}" if out[k] else w
    return out


Page = tuple[list[Span], int, int, int]


def _pages(lines: list[str], i: int, n: int) -> Iterator[Page]:
    """The table's stretches from its header line ``lines[i]`` (up to ``lines[n]``), one a page, as
    they come: (header cells, index of the header line, of the first line under its sub-header, of
    the line after the stretch). A page without a row ends them."""
    width = len(lines[i].rstrip())
    j = i
    subs: list[list[str]] | None = None  # the first page's sub-header, by line: the words a page repeats
    while j < n and (head := header_cells(lines[j], lines[j + 1:j + 1 + _MAX_SUBHEAD])) is not None:
        k = j + 1
        if subs is None:
            while k < n and k - j <= _MAX_SUBHEAD and _subheader(lines[k], head):
                k += 1
            subs = [[w for *_, w in _words(t)] for t in lines[j + 1:k]]
        else:  # a later page repeats it: a row carried over may start with header words ("kết quả")
            while k < n and k - j <= len(subs) and [w for *_, w in _words(lines[k])] == subs[k - j - 1]:
                k += 1
        end = k
        while end < n and header_cells(lines[end], lines[end + 1:end + 1 + _MAX_SUBHEAD]) is None \
                and not _is_prose(lines[end], width) \
                and not _PART.match(lines[end]):
            end += 1
        if not any(t.strip() and not _PAGE_NUMBER.match(t) for t in lines[k:end]):
            return
        yield head, j, k, end
        j = end


def _moved(line: str, d: int) -> str:
    """``line`` moved ``d`` places left (its page printed ``d`` places further right), without the
    page break's form feed (which takes no place on the page)."""
    line = line.replace("\f", "")
    if d >= 0:
        return line[d:] if not line[:d].strip() else line
    return " " * -d + line


class _Layouts:
    """Each page's column edges, read as the pages come. Pages whose header cells stand at the same
    places, up to one shift (the page's margin), share their columns, found from the rows of the
    first such page and of the next ``POOL`` pages like it (among the next ``4 * POOL``) at once: a page
    with a line or two (a row carried over) has too few gutters of its own. The work is bounded by
    the pages read: a text of many header lines that never make a table stays linear."""

    POOL = 12

    def __init__(self, lines: list[str], pages: Iterator[Page]) -> None:
        self.lines, self.more = lines, pages
        self.seen: list[Page] = []
        self.found: list[tuple[Page, list[int] | None]] = []  # per layout: its first page, its edges

    def page(self, p: int) -> Page | None:
        while len(self.seen) <= p:
            got = next(self.more, None)
            if got is None:
                return None
            self.seen.append(got)
        return self.seen[p]

    def bounds(self, p: int) -> list[int] | None:
        page = self.page(p)
        assert page is not None
        for first, edges in self.found:
            d = _shift(first[0], page[0])
            if d is not None:
                return None if edges is None else [b + d for b in edges]
        body: list[str] = []
        q, like = p, 0
        while like <= self.POOL and q <= p + 4 * self.POOL and (other := self.page(q)) is not None:
            d = _shift(page[0], other[0])
            if d is not None:
                like += 1
                body += [_moved(t, d) for t in self.lines[other[2]:other[3]] if t.strip() and not _PAGE_NUMBER.match(t)]
            q += 1
        head, j, k, _end = page
        edges = _bounds(head, self.lines[j + 1:k], body) if body else None
        self.found.append((page, edges))
        return edges


def _shift(a: list[Span], b: list[Span]) -> int | None:
    """How far the header cells ``b`` stand right of ``a``, when all by the same places; else None."""
    moves = {y[0] - x[0] for x, y in zip(a, b, strict=False)}
    return moves.pop() if len(a) == len(b) and len(moves) == 1 else None


def read_table(lines: list[str], i: int, end: int | None = None) -> tuple[Table, int] | None:
    """The task table whose header line is ``lines[i]`` (the text's lines; the table ends by ``end``)
    and the index of the line after it; None when the lines from ``i`` do not read as a table."""
    if header_cells(lines[i], lines[i + 1:i + 1 + _MAX_SUBHEAD]) is None:
        return None
    layouts = _Layouts(lines, _pages(lines, i, len(lines) if end is None else end))
    header_rows: list[list[str]] = []
    rows: list[tuple[int, list[str]]] = []
    j, p = i, 0
    while (page := layouts.page(p)) is not None:
        _head, top, k, end = page
        bounds = layouts.bounds(p)
        p += 1
        if bounds is None:
            break
        if not header_rows:
            header_rows = [_cells(t, bounds, "head" if m == top else "sub") for m, t in enumerate(lines[top:k], top)]
        for m in range(k, end):
            t = lines[m]
            if not t.strip() or _PAGE_NUMBER.match(t):
                continue
            cells = _cells(t, bounds)
            if _ROW_LABEL.match(cells[0]) or not rows:
                rows.append((m, cells))
            else:
                prev = rows[-1][1]
                prev.extend([""] * (len(cells) - len(prev)))
                for c, text in enumerate(cells):
                    if text:
                        prev[c] = _joined(prev[c], text)
        j = end
    kept = _body_headings(rows)
    if not header_rows or sum(1 for _m, c in kept if _ROW_LABEL.match(c[0])) < 2:
        return None
    stop = rows[len(kept)][0] if len(kept) < len(rows) else j
    ncols = max(len(c) for c in (*header_rows, *(c for _m, c in kept)))
    header = [" ".join(r[c] for r in header_rows if c < len(r) and r[c]) for c in range(ncols)]
    roles = {header_role(t) for t in header if t}
    if "content" not in roles or not roles & WORK_ROLES:
        return None
    line0 = i + 1
    out = [tuple(Cell(text=t, src=SourceRef(line=line0, row=1, col=c + 1)) for c, t in enumerate(header))]
    for r, (m, cells) in enumerate(kept, start=2):
        cells = cells + [""] * (ncols - len(cells))
        out.append(tuple(Cell(text=t, src=SourceRef(line=m + 1, row=r, col=c + 1))
                         for c, t in enumerate(cells)))
    return Table(rows=tuple(out), src=SourceRef(line=line0)), stop


def _joined(before: str, after: str) -> str:
    """A cell's text wrapped over two lines, joined: with a space, none after a hyphen that ends a
    word ("E-" / "form")."""
    if not before:
        return after
    if before.endswith("-") and len(before) > 1 and before[-2].isalnum() and after[:1].isalnum():
        return before + after
    return f"{before} {after}"


def _body_headings(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Drop the rows at the end numbered in another style than the table's ("III.", "1." after "1.1",
    "a"): the body's headings after the table (the caller gives their lines back)."""
    dotted = [c[0].endswith(".") for _m, c in rows if _ROW_LABEL.match(c[0])]
    if not dotted or all(dotted):
        return rows
    k = len(rows)
    while k > 0 and rows[k - 1][1][0].endswith(".") and _ROW_LABEL.match(rows[k - 1][1][0]):
        k -= 1
    return rows[:k]
