"""Task tables laid out with spaces in a text copy (``pdftotext -layout``): extract/txt/columns.py.

The property test prints random task tables the way such a copy has them (each cell's text wrapped
inside its column and left-aligned, headers centred, a spanning "Tổ chức thực hiện" over its two
sub-headers or not, the header repeated on every page with the page's own left margin, rows carried
over a page break, the page number at the foot) between body text, and reads them back."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_parse.extract.blocks import Table
from cchc_parse.extract.txt.columns import header_cells, read_table
from cchc_parse.extract.txt.reader import text_to_blocks
from cchc_parse.pipeline import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]

WORDS = ["rà", "soát", "kế", "hoạch", "thủ", "tục", "hành", "chính", "công", "bố", "kiểm", "tra", "báo", "cáo",
         "triển", "khai", "đánh", "giá", "chỉ", "số", "dịch", "vụ", "trực", "tuyến", "TTHC", "100%", "năm", "2024"]
UNITS = ["Văn phòng", "Sở Nội vụ", "Thanh tra Sở", "Các phòng chuyên môn", "UBND các xã", "Sở Tư pháp", "Công an tỉnh"]
OUTPUTS = ["Kế hoạch", "Báo cáo", "Quyết định", "Văn bản", "Báo cáo kết quả"]
DEADLINES = ["Cả năm", "Quý I/2024", "Tháng 6/2024", "Trước 30/11/2024", "Thường xuyên"]

_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)


@st.composite
def tables(draw: st.DrawFn) -> dict:
    spanning = draw(st.booleans())
    # "Đơn vị chủ trì" and "Đơn vị phối hợp" wrap in columns narrower than they are (as narrow as 10)
    widths = [draw(st.integers(4, 6)), draw(st.integers(14, 34)), draw(st.integers(10, 24)),
              draw(st.integers(10, 24)), draw(st.integers(10, 18)), draw(st.integers(12, 18))]
    gutter = draw(st.integers(2, 4))
    labels, rows = [], []
    for major in range(1, draw(st.integers(2, 4)) + 1):
        labels.append(str(major))
        rows.append([str(major), draw(_text), "", "", "", ""])
        for minor in range(1, draw(st.integers(1, 4)) + 1):
            rows.append([f"{major}.{minor}", draw(_text), draw(st.sampled_from(UNITS)),
                         draw(st.sampled_from(UNITS)), draw(st.sampled_from(OUTPUTS)), draw(st.sampled_from(DEADLINES))])
    return {"spanning": spanning, "widths": widths, "gutter": gutter, "rows": rows,
            "page": draw(st.integers(12, 40)), "margins": draw(st.lists(st.integers(0, 6), min_size=8, max_size=8)),
            "jitter": draw(st.sets(st.tuples(st.integers(0, 60), st.integers(2, 5)), max_size=6))}


def _line(cells: list[str], widths: list[int], gutter: int, margin: int, left: int | None = None) -> str:
    """The cells side by side; column ``left`` printed one place left when the text before it leaves
    room (the copy rounds glyph positions to places: "Ban hành kế Văn phòng")."""
    out = " " * margin
    for k, (c, w) in enumerate(zip(cells, widths, strict=True)):
        if k and k == left and c and out.endswith("  "):
            out = out[:-1]
        out += c.ljust(w) + " " * gutter
    return out.rstrip()


def _centre(text: str, width: int) -> str:
    pad = max(0, width - len(text)) // 2
    return " " * pad + text


def _header(t: dict, margin: int) -> list[str]:
    w, g = t["widths"], t["gutter"]
    if not t["spanning"]:
        names = [textwrap.wrap(n, wd) for n, wd in zip(
            ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Thời gian"], w, strict=True)]
        return [_line([_centre(n[k], wd) if k < len(n) else "" for n, wd in zip(names, w, strict=True)], w, g, margin)
                for k in range(max(map(len, names)))]
    span = w[2] + g + w[3]
    top = [_centre("STT", w[0]), _centre("Nội dung", w[1]), _centre("Tổ chức thực hiện", span),
           _centre("Sản phẩm", w[4]), _centre("Thời gian", w[5])]
    first = _line(top, [w[0], w[1], span, w[4], w[5]], g, margin)
    lead, support = textwrap.wrap("Đơn vị chủ trì", w[2]), textwrap.wrap("Đơn vị phối hợp", w[3])
    subs = []
    for k in range(max(len(lead), len(support))):
        subs.append(_line(["", "", _centre(lead[k], w[2]) if k < len(lead) else "",
                           _centre(support[k], w[3]) if k < len(support) else "", "", ""], w, g, margin))
    return [first, *subs]


def render(t: dict) -> tuple[list[str], int, int]:
    """(the text's lines, the index of the first header line, the index of the line after the table)."""
    out = ["II. NỘI DUNG TRIỂN KHAI", ""]
    first = len(out)
    pages = iter(t["margins"])
    margin = next(pages)
    out += _header(t, margin)
    on_page = 0
    for row in t["rows"]:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, t["widths"], strict=True)]
        for k in range(max(len(c) for c in wrapped)):
            if on_page >= t["page"]:  # a page break: the foot's page number, the next page's header
                out += ["", " " * 40 + str(len(out) // 50 + 2), ""]
                margin = next(pages, margin)
                head = _header(t, margin)
                out += ["\f" + head[0], *head[1:]]
                on_page = 0
            left = next((col for at, col in t.get("jitter", ()) if at == len(out)), None)
            out.append(_line([c[k] if k < len(c) else "" for c in wrapped], t["widths"], t["gutter"], margin, left))
            on_page += 1
    end = len(out)
    out += ["III. TỔ CHỨC THỰC HIỆN", "1. Văn phòng",
            "     Chủ trì, phối hợp với các phòng chuyên môn theo dõi, đôn đốc việc thực hiện Kế hoạch này; tổng hợp."]
    return out, first, end


@settings(max_examples=120, deadline=None)
@given(tables())
def test_a_laid_out_table_reads_back_cell_by_cell(t: dict) -> None:
    lines, first, end = render(t)
    got = read_table(lines, first)
    assert got is not None, "\n".join(lines)
    table, stop = got
    assert stop == end, "\n".join(lines)
    header = [c.text for c in table.rows[0]]
    assert header[0] == "STT" and header[1] == "Nội dung" and header[4:] == ["Sản phẩm", "Thời gian"]
    assert "chủ trì" in header[2] and "phối hợp" in header[3]
    assert [[c.text for c in r] for r in table.rows[1:]] == t["rows"], "\n".join(lines)


def test_the_reader_gives_the_table_and_the_body_around_it() -> None:
    t = {"spanning": True, "widths": [5, 20, 16, 18, 12, 14], "gutter": 2, "page": 8, "margins": [4, 0, 2, 1],
         "rows": [["1", "Cải cách thể chế", "", "", "", ""],
                  ["1.1", "Rà soát văn bản quy phạm pháp luật năm 2024", "Văn phòng", "Các phòng chuyên môn",
                   "Báo cáo", "Quý I/2024"],
                  ["1.2", "Kiểm tra việc thi hành pháp luật", "Thanh tra Sở", "Sở Tư pháp", "Kế hoạch", "Cả năm"]]}
    lines, _first, _end = render(t)
    blocks = text_to_blocks("\n".join(lines))
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 4
    texts = [getattr(b, "text", None) for b in blocks]
    assert texts[0] == "II. NỘI DUNG TRIỂN KHAI" and "III. TỔ CHỨC THỰC HIỆN" in texts and "1. Văn phòng" in texts


def test_the_tasks_of_a_laid_out_copy_are_the_word_files() -> None:
    """tests/data/txt/001-kh-svhttdl-layout.txt is ``pdftotext -layout`` (poppler 22.12) of
    samples/pdf/001-kh-svhttdl-word.pdf (8 pages of the task table, its header on each): the same 56
    tasks as the .docx, field by field, and its end block's signer and recipients."""
    want = parse_file(ROOT / "samples" / "docx" / "001-kh-svhttdl-word.docx").doc.tasks
    copy = parse_file(ROOT / "tests" / "data" / "txt" / "001-kh-svhttdl-layout.txt").doc
    got = copy.tasks
    fields = ("id", "lead", "support", "outputs")
    assert [[getattr(t, f) for f in fields] for t in got] == [[getattr(t, f) for f in fields] for t in want]
    # the copy breaks a word too long for its column over two lines ("binhduong.g" / "ov.vn"; the
    # pieces are joined as words are, with a space) and its text layer has "N Đ-CP" once
    assert ["".join(t.content.split()) for t in got] == ["".join(t.content.split()) for t in want]
    assert sum(t.content == w.content for t, w in zip(got, want, strict=True)) == len(want) - 2
    assert [t.deadline.raw if t.deadline else None for t in got] == \
        [t.deadline.raw if t.deadline else None for t in want]
    word = parse_file(ROOT / "samples" / "docx" / "001-kh-svhttdl-word.docx").doc.document
    assert (copy.document.signer, copy.document.recipients) == (word.signer, word.recipients)


@pytest.mark.parametrize("line", [
    "     Chủ trì, phối hợp     với các phòng chuyên môn     thời gian thực hiện",  # prose with wide gaps
    "STT        Họ và tên          Chức vụ          Đơn vị",  # a list of people
    "Nội dung        Kết quả",  # two cells
])
def test_other_lines_are_not_a_task_header(line: str) -> None:
    assert header_cells(line) is None


def test_a_header_wrapped_in_narrow_columns_goes_on_below() -> None:
    line = "TT     Nội dung công việc     Cơ quan chủ     Cơ quan phối     Thời gian"
    below = ["                              trì             hợp          hoàn thành"]
    assert header_cells(line) is None  # "Cơ quan chủ", "Cơ quan phối": no role on their own
    assert [t for *_, t in header_cells(line, below) or []] == \
        ["TT", "Nội dung công việc", "Cơ quan chủ", "Cơ quan phối", "Thời gian"]
    assert header_cells(line, ["     Triển khai kế hoạch"]) is None  # a row, not header words


def test_a_header_without_columns_under_it_stays_text() -> None:
    text = ("STT     Nội dung công việc     Đơn vị chủ trì     Thời gian\n"
            "Ủy ban nhân dân tỉnh giao các sở, ban, ngành tổ chức thực hiện nghiêm túc kế hoạch này.\n")
    doc = parse_text(text).doc
    assert doc.tasks == []


@pytest.mark.parametrize("block", [
    ["STT     Nội dung công việc     Đơn vị chủ trì     Thời gian"],  # header lines only
    ["STT     Nội dung công việc     Đơn vị chủ trì     Thời gian",  # each with a row that makes no table
     "1.1 Rà soát thủ tục hành chính trên địa bàn tỉnh và báo cáo"],
], ids=["headers", "header-and-row"])
def test_many_header_lines_cost_linear_work(monkeypatch: pytest.MonkeyPatch, block: list[str]) -> None:
    """Hostile input: every line a task header (or one in two). The work, counted as the lines read
    (for their words, or as a header), grows as the text does (each page's rows are pooled with a bounded number of pages
    like it), not with its square."""
    from cchc_parse.extract.txt import columns

    calls = [0]

    def counting(f: Any) -> Any:
        def counted(*args: Any) -> Any:
            calls[0] += 1
            return f(*args)
        return counted

    for name in ("_words", "header_cells"):
        monkeypatch.setattr(columns, name, counting(getattr(columns, name)))
    work = []
    for n in (1_000, 4_000):
        calls[0] = 0
        text_to_blocks("\n".join(block * (n // len(block))))
        work.append(calls[0])
    assert work[1] <= 5 * work[0], work
