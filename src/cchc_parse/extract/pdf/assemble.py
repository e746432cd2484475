"""The pages of a PDF → one block stream: the header block of page 1, the body paragraphs and
tables (joined across pages), the end block ("Nơi nhận", signature) and the footnotes. Used by
extract/pdf/reader.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Block, Line, SourceRef, Style, Table
from cchc_parse.extract.clean import clean_text
from cchc_parse.extract.glyphs import fix_blocks
from cchc_parse.extract.pdf.clean import drop_running, find_stamps
from cchc_parse.extract.pdf.lines import (
    LABEL,
    Layout,
    VLine,
    group_lines,
    join_text,
    lines_to_paras,
    measure_layout,
    set_align,
)
from cchc_parse.extract.pdf.page import Page
from cchc_parse.extract.pdf.stamps import line_stamps
from cchc_parse.extract.pdf.tables import Grid, join_tables, same_columns
from cchc_parse.extract.pdf.zones import (
    back_continuation,
    back_zone,
    column_lines,
    front_zone,
    join_front_left,
    split_segments,
)
from cchc_parse.extract.signature import stamp_meta


def _style(ln: VLine) -> Style:
    return Style(bold=ln.bold, italic=ln.italic, size=ln.size, align=ln.align)


def _body_line_on(b: Block, page: int) -> bool:
    """A body paragraph (not the header or end block) of ``page``."""
    return isinstance(b, Line) and b.src.page == page and b.zone is None


def _line(text: str, ln: VLine, zone: str | None = None, parts: Sequence[VLine] = ()) -> Line:
    """The block of a paragraph that starts at ``ln`` and is made of ``parts`` (default: ``ln``)."""
    return Line(text=clean_text(text), src=SourceRef(line=ln.no, page=ln.page), style=_style(ln), zone=zone,
                stamps=line_stamps(parts or [ln]))


def assemble(pages: list[Page], diags: list[Diagnostic], meta: dict[str, Any]) -> list[Block]:
    text_pages = [p for p in pages if p.lines or p.tables]
    if drop_running([p.lines for p in text_pages], [p.height for p in text_pages]):
        meta["running_lines_dropped"] = True
    stamp_fields: dict[str, str] = {}
    for p in pages:
        p.lines, fields = find_stamps(p.lines)
        for name, value in [*fields.items(), *p.stamp_fields.items()]:
            stamp_fields.setdefault(name, value)
    if stamp_fields:
        meta.update(stamp_meta(stamp_fields))
        diags.append(make("P011", params={"fields": "; ".join(f"{k}: {v}" for k, v in stamp_fields.items())}))
    width = pages[0].width
    lay = measure_layout([ln for p in pages for ln in p.lines], width)
    for p in pages:
        for ln in p.lines:
            set_align(ln, lay)

    blocks: list[Block] = []
    # the header block, page 1
    first = pages[0]
    fz = front_zone(first.lines, first.height, lay.center) if first.lines else None
    if fz:
        k, colx = fz
        left, right = column_lines(first.lines[:k], colx, first.no)
        for ln in left + right:
            set_align(ln, lay)
        blocks += [_line(t, lns[0], "front", lns) for lns, t in join_front_left(left)]
        blocks += [_line(ln.text, ln, "front") for ln in right]
        first.lines = first.lines[k:]
    # the end block: the last page with "Nơi nhận"
    back: tuple[Page, int, float] | None = None
    for p in reversed(pages):
        bz = back_zone(p.lines, p.width)
        if bz:
            back = (p, *bz)
            break
    # the block may run on to the top of the next page ("- Lưu: VT, L." | "Nguyễn Khoa Hải")
    back_more: list[tuple[int, list[VLine]]] = []
    if back and back[0].no < len(pages):
        nxt = pages[back[0].no]
        k = back_continuation(nxt.lines, back[2], nxt.width)
        first_table = min((top for top, _, _ in nxt.tables), default=float("inf"))
        k = sum(1 for ln in nxt.lines[:k] if ln.bottom < first_table)
        if k:
            back_more.append((nxt.no, nxt.lines[:k]))
            nxt.lines = nxt.lines[k:]
    pending: list[VLine] = []
    last_table: tuple[Table, Grid] | None = None

    cited: dict[tuple[int, str], int] = {}  # (page, note number) → index of the block citing it

    def flush() -> None:
        for para in lines_to_paras(pending, lay):
            pg = {ln.page for ln in para.lines}
            if len(pg) > 1:
                diags.append(make("P004", src=SourceRef(line=para.first.no, page=para.first.page),
                                  params={"start": para.text[:40]}))
            for ln in para.lines:
                for num in ln.refs:
                    cited.setdefault((ln.page, num), len(blocks))
            blocks.append(_line(para.text, para.first, parts=para.lines))
        pending.clear()

    for p in pages:
        back_lines: list[VLine] = []
        if back and back[0] is p:
            back_lines = p.lines[back[1]:]
            p.lines = p.lines[: back[1]]
        items: list[tuple[float, int, VLine | tuple[Table, Grid]]] = [(ln.top, 1, ln) for ln in p.lines]
        items += [(top, 0, (t, g)) for top, t, g in p.tables]
        items.sort(key=lambda it: (it[0], it[1]))
        for idx, (_, kind, obj) in enumerate(items):
            if kind == 1:
                pending.append(obj)  # type: ignore[arg-type]
                last_table = None
                continue
            table, grid = obj  # type: ignore[misc]
            if idx == 0 and last_table is not None and not pending and same_columns(last_table[1], grid):
                prev_t = blocks.pop()
                assert isinstance(prev_t, Table)
                joined, dropped, merged = join_tables(prev_t, table)
                if dropped:
                    diags.append(make("P007", src=SourceRef(line=table.src.line, page=p.no),
                                              params={"dropped": dropped, "page": p.no}))
                if merged:
                    diags.append(make("P006", src=SourceRef(line=table.src.line, page=p.no), params={"page": p.no}))
                blocks.append(joined)
                last_table = (joined, grid)
                continue
            flush()
            blocks.append(table)
            last_table = (table, grid)
        if back_lines:
            flush()
            blocks += end_block_lines([(p.no, back_lines), *back_more], lay)
            last_table = None
    flush()
    for p in pages:
        for num, text in p.notes:  # to the paragraph citing the note, else the page's last paragraph
            at = cited.get((p.no, num)) if num else None
            if at is None:
                at = next((i for i in range(len(blocks) - 1, -1, -1) if _body_line_on(blocks[i], p.no)), None)
            b = blocks[at] if at is not None else None
            if at is not None and isinstance(b, Line):  # ``cited`` and the search both give a Line
                blocks[at] = replace(b, notes=(*b.notes, clean_text(text)))
    fixed = fix_blocks(blocks)
    if fixed:
        diags.append(make("P012", params={"count": fixed}))
    return blocks


def end_block_lines(parts: list[tuple[int, list[VLine]]], lay: Layout) -> list[Line]:
    """The Nơi nhận | signer block (on one page, or run on to the next): every visual line is cut
    at the wide gap between the columns; the left column's lines (recipients, a wrapped one joined)
    come first, then the right column's (title, name), all with zone "back"."""
    left: list[VLine] = []
    right: list[VLine] = []
    for page, lines in parts:
        lc, rc = split_segments(lines, lay.width)
        lno = {id(c): ln.no for ln in lines for c in ln.chars}
        lg, rg = group_lines(lc, page), group_lines(rc, page)
        for v in lg + rg:
            v.no = min(lno[id(c)] for c in v.chars)
        left += lg
        right += rg
    out: list[Line] = []
    prev: VLine | None = None
    for ln in left:
        set_align(ln, lay)
        t = ln.text
        if (out and prev is not None and prev.page == ln.page and not LABEL.match(t)
                and not t.startswith(("-", "+", "Nơi", "Lưu"))
                and ln.top - prev.bottom < 0.8 * ln.size and not out[-1].text.endswith(":")):
            out[-1] = Line(text=clean_text(join_text(out[-1].text, t)), src=out[-1].src, style=out[-1].style,
                           zone="back")
        else:
            out.append(_line(t, ln, "back"))
        prev = ln
    for ln in right:
        set_align(ln, lay)
        out.append(_line(ln.text, ln, "back"))
    return out
