"""Block stream → structured document: front matter, boilerplate dropped, body tree, tasks, back matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from operator import indexOf

from cchc_parse import rx
from cchc_parse.diagnostics import Diagnostic, make
from cchc_parse.extract.blocks import Block, Line, Table
from cchc_parse.structure import patterns as P
from cchc_parse.structure.attachments import HeadLines, RawAttachment, attachments_start, split_attachments
from cchc_parse.structure.back import Back, find_back_start, parse_back
from cchc_parse.structure.boilerplate import drop_boilerplate
from cchc_parse.structure.front import Front, parse_front
from cchc_parse.structure.inline_tasks import find_inline_tasks
from cchc_parse.structure.paragraphs import Para, lines_to_paras
from cchc_parse.structure.sections import Body, build_tree
from cchc_parse.structure.tables import RawTask, TableParse, parse_table

_APPENDIX = rx.lazy(r"^\s*PHỤ\s+LỤC\b|^\s*Phụ\s+lục\s+[IVX\d]+\s*$")


# "Nơi nhận:" as a head of its own (not "Nơi nhận văn bản xác định …" in running text)
_SAMPLE_RECIPIENTS = rx.lazy(r"^\s*Nơi\s+nhận\s*:")


@dataclass
class Structured:
    front: Front
    body: Body
    back: Back
    tasks: list[RawTask] = field(default_factory=list)
    other_tables: list[tuple[Table, str | None]] = field(default_factory=list)
    preamble: list[Para] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)
    appendix: list[Para] = field(default_factory=list)
    byline: str | None = None
    attachments: list[RawAttachment] = field(default_factory=list)
    inline_tasks: list[RawTask] = field(default_factory=list)  # responsibility written under the sections
    diagnostics: list[Diagnostic] = field(default_factory=list)


def structure(blocks: list[Block], split_rows: bool = True) -> Structured:
    """Run the structure stage on one document's block stream (pure)."""
    diags: list[Diagnostic] = []
    blocks = drop_boilerplate(blocks, diags)
    lines = [b for b in blocks if isinstance(b, Line)]
    front = parse_front(lines)
    head = _lines_before_table(blocks)
    if len(head) < front.body_start:  # the front read past a table: does it end above it?
        above = parse_front(head)
        if above.type_name is not None:  # "KẾ HOẠCH" right above a table: no trích yếu, the table is body
            front = above
    # index of the body start within the full block stream
    # the body starts right after the front's last line with text: a table between it and the first body
    # line (a task table right under "KẾ HOẠCH" with no trích yếu) is body, not dropped
    last = next((k for k in range(front.body_start - 1, -1, -1) if lines[k].text), None)
    start = _index(blocks, lines[last]) + 1 if last is not None else 0
    rest = blocks[start:]
    # what the document issues or carries after its own signature is read apart (its own back blocks too)
    rest, attached, head_tests = _cut_attachments(rest)
    rest_lines = [b for b in rest if isinstance(b, Line)]
    back_idx = find_back_start(rest_lines)
    appendix: list[Block] = []
    if back_idx < len(rest_lines):
        cut = first_equal(rest, rest_lines[back_idx])
        body_blocks = rest[:cut]
        # an appendix (PHỤ LỤC, a task table) after the signature is content, not back matter
        k = next((i for i in range(cut, len(rest)) if _starts_appendix(rest[i])), len(rest))
        appendix = rest[k:]
        back_lines = [b for b in rest[cut:k] if isinstance(b, Line)]
        back = parse_back(back_lines, 0)
        _note_samples(body_blocks, diags)
    else:
        body_blocks = rest
        back = parse_back(rest_lines, back_idx)
    paras = lines_to_paras(body_blocks, diags)
    paras, closing = _split_closing(paras)
    appendix_paras = lines_to_paras(appendix, diags)
    paras.extend(p for p in appendix_paras if isinstance(p, Table))
    body = build_tree(paras, diags)
    st = Structured(front=front, body=body, back=back, preamble=body.loose, closing=closing, diagnostics=diags,
                    appendix=[p for p in appendix_paras if isinstance(p, Para)])
    prev_roles = None
    for table, section in body.tables:
        tp: TableParse = parse_table(table, section, prev_roles, split_rows, diags)
        if tp.roles is None:
            st.other_tables.append((table, section))
            continue
        prev_roles = tp.roles
        st.tasks.extend(tp.tasks)
    st.attachments = split_attachments(attached, split_rows, diags, head_tests) if attached else []
    # the responsibility table of a plan may stand in its appendix: its rows stay the document's tasks
    for att in st.attachments:
        if att.kind in _TASKS_OF_DOCUMENT:
            st.tasks.extend(att.tasks)
    st.inline_tasks = find_inline_tasks(body.roots, diags)
    return st


def _starts_appendix(b: Block) -> bool:
    """A table or a PHỤ LỤC heading: content that comes after the signature."""
    return isinstance(b, Table) or (isinstance(b, Line) and _APPENDIX.match(b.text) is not None)


def _lines_before_table(blocks: list[Block]) -> list[Line]:
    out: list[Line] = []
    for b in blocks:
        if isinstance(b, Table):
            break
        out.append(b)
    return out


def _index(blocks: list[Block], line: Line) -> int:
    """Position of ``line`` (by identity: equal Lines may repeat) in ``blocks``."""
    return indexOf(map(id, blocks), id(line))  # a C-level scan that stops at the line


def first_equal(blocks: list[Block], line: Line) -> int:
    """``blocks.index(line)`` for a ``line`` in ``blocks``: the first block equal to it. A block equal
    to a Line is a Line with the same text, so the position of ``line`` itself is the answer unless an
    earlier block has its text; that is told without calling the dataclass ``__eq__`` on every block."""
    k = _index(blocks, line)
    texts = list(map(getattr, blocks[:k], repeat("text", k), repeat(None, k)))
    return blocks.index(line) if line.text in texts else k


# attachments whose task tables are the document's own responsibility table (not a form, an issued
# regulation or a report outline)
_TASKS_OF_DOCUMENT = ("appendix", "plan", "other")


def _cut_attachments(rest: list[Block]) -> tuple[list[Block], list[Block], HeadLines]:
    """(body, attachments, the head tests of the lines, for split_attachments to keep)."""
    rest_lines = [b for b in rest if isinstance(b, Line)]
    ls = HeadLines(rest_lines)  # kept: split_attachments asks the same of the attachments' lines
    a = attachments_start(rest_lines, ls)
    if a >= len(rest_lines):
        return rest, [], ls
    cut = first_equal(rest, rest_lines[a])
    return rest[:cut], rest[cut:], ls


def _note_samples(body_blocks: list[Block], diags: list[Diagnostic]) -> None:
    """A signer block or Nơi nhận list inside the body (a sample in guidance on format) stays text: P021."""
    in_run = False
    for b in body_blocks:
        if not isinstance(b, Line) or not b.text.strip():
            continue
        sample = b.zone == "back" or ("Nơi" in b.text and bool(_SAMPLE_RECIPIENTS.match(b.text)))
        if sample and not in_run:
            diags.append(make("P021", src=b.src, params={"text": b.text.strip()[:60]}))
        in_run = sample


def _split_closing(paras: list[Para | Table]) -> tuple[list[Para | Table], list[Para]]:
    """The closing paragraphs ("Trên đây là Kế hoạch …" and what follows, all unnumbered) are
    not part of the last section."""
    for k, p in enumerate(paras):
        if isinstance(p, Para) and p.marker is None and P.opens_with(p.text, "Tt") and P.CLOSING.match(p.text) and all(
                isinstance(q, Para) and q.marker is None for q in paras[k + 1:]):
            return paras[:k], [q for q in paras[k:] if isinstance(q, Para)]
    return paras, []
