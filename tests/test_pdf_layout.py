"""PDF layout fixes: word gaps, words cut in narrow cells, the end block over a page break, rulings
from pdfium, a missing closing rule, clipped glyphs, the text-trust check, footnote references."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_parse.extract.blocks import Line, Table, table_text_rows
from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.clean import spaced_text, word_stats
from cchc_parse.extract.pdf.lines import Layout, VLine, chars_to_text, group_lines
from cchc_parse.extract.pdf.tables import Grid, find_grids, grid_to_table
from cchc_parse.extract.pdf.zones import back_continuation

SAMPLES = Path(__file__).parent.parent / "samples" / "pdf"


def _word(text: str, x: float, top: float, size: float = 14.0, adv: float = 7.0, font: str = "Times",
          bold: bool = False) -> list[Char]:
    out = []
    for i, t in enumerate(text):
        out.append(Char(t, x + i * adv, x + (i + 1) * adv, top, top + size, size, font, bold, False))
    return out


def _line(*words: tuple[str, float], top: float = 100.0, size: float = 14.0, page: int = 1) -> VLine:
    chars = [c for w, x in words for c in _word(w, x, top, size)]
    return group_lines(chars, page)[0]


# --- word gaps -----------------------------------------------------------------------------------

def test_narrow_word_gap_is_a_space():
    # "cứ" → "Luật" 2.48 pt apart at 14 pt (0.18 em, justified italic): two words ("Căn cứLuật" before)
    chars = _word("cứ", 100, 0) + _word("Luật", 100 + 14 + 2.48, 0)
    assert chars_to_text(chars) == "cứ Luật"


def test_kerned_letters_are_not_split():
    chars = _word("Ng", 100, 0)
    chars[1].x0 += 0.28  # rounding between glyph advances (0.02 em)
    chars[1].x1 += 0.28
    assert chars_to_text(chars) == "Ng"


def test_word_gap_uses_the_fonts_space_width():
    # a font whose real spaces are 0.33 em wide: a 0.14 em gap is not a word gap
    sp = Char(" ", 50, 50 + 0.4 * 14, 0, 14, 14.0, "Wide", False, False)
    chars = [sp, *_word("ab", 100, 0, font="Wide")]
    chars[2].x0 += 0.14 * 14
    chars[2].x1 += 0.14 * 14
    assert chars_to_text(chars) == "ab"


# --- a word too long for a narrow cell ----------------------------------------------------------

def _grid_one_cell(x0: float, x1: float, top: float, bottom: float) -> Grid:
    box = (x0, top, x1, bottom)
    return Grid(1, box, [x0, x1, x1 + 50], [top, bottom, bottom + 20],
                [(0, 1, 0, 1, box), (0, 1, 1, 2, (x1, top, x1 + 50, bottom)),
                 (1, 2, 0, 1, (x0, bottom, x1, bottom + 20)), (1, 2, 1, 2, (x1, bottom, x1 + 50, bottom + 20))])


def test_word_cut_by_a_narrow_column_is_glued():
    # "Nghị định số" / "106/2020/N" / "Đ-CP ngày" in a cell 75 pt wide (content 5.4 pt inside)
    g = _grid_one_cell(160, 236, 100, 160)
    chars = (_word("Nghị", 166, 102, adv=6) + _word("định", 196, 102, adv=6) + _word("số", 226, 102, adv=2)
             + _word("106/2020/N", 166, 118, adv=6) + _word("Đ-CP", 166, 134, adv=6)
             + _word("ngày", 196, 134, adv=6))
    t = grid_to_table(g, chars, 1)
    assert table_text_rows(t)[0][0] == "Nghị định số 106/2020/NĐ-CP ngày"


def test_short_word_wrapped_normally_keeps_its_space():
    g = _grid_one_cell(74, 115, 100, 160)
    chars = _word("Tên", 85, 102, size=12, adv=6) + _word("điểm", 80, 118, size=12, adv=7) + _word("XXXXX", 78, 134, adv=6)
    assert table_text_rows(grid_to_table(g, chars, 1))[0][0].startswith("Tên điểm")


# --- the Nơi nhận | signer block continued on the next page ---------------------------------------

def test_back_block_continued_on_next_page():
    lines = [_line(("-", 85), ("Lưu:", 95), ("VT,", 130), ("L.", 160), ("Nguyễn", 380), ("Khoa", 430),
                   ("Hải", 470), top=59),
             _line(("PHỤ", 280), ("LỤC", 310), top=120)]
    assert back_continuation(lines, 0.48 * 595, 595) == 1


def test_annex_heading_is_not_the_back_block():
    lines = [_line(("Phụ", 292), ("lục", 316), top=43)]
    assert back_continuation(lines, 0.48 * 595, 595) == 0


def test_back_lines_split_left_then_right_on_both_pages():
    from cchc_parse.extract.pdf.assemble import end_block_lines

    p13 = [_line(("Nơi", 85), ("nhận:", 110), ("GIÁM", 380), ("ĐỐC", 420), top=695, page=13),
           _line(("-", 85), ("Ban", 95), ("Giám", 120), ("đốc", 155), ("Sở;", 180), top=724, page=13)]
    p14 = [_line(("-", 85), ("Lưu:", 95), ("VT,", 130), ("L.", 160), ("Nguyễn", 380), ("Khoa", 430),
                 ("Hải", 470), top=59, page=14)]
    out = end_block_lines([(13, p13), (14, p14)], Layout(85, 538, 18, 595))
    assert [b.text for b in out] == ["Nơi nhận:", "- Ban Giám đốc Sở;", "- Lưu: VT, L.", "GIÁM ĐỐC",
                                     "Nguyễn Khoa Hải"]
    assert {b.zone for b in out} == {"back"}
    assert [b.src.page for b in out] == [13, 13, 14, 13, 14]


# --- rulings --------------------------------------------------------------------------------------

def _h(x0, x1, y):
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h"}


def _v(x, t, b):
    return {"x0": x, "x1": x, "top": t, "bottom": b, "width": 0, "height": b - t, "orientation": "v"}


def test_last_row_without_bottom_rule_is_a_row():
    xs = [74, 115, 193, 278]
    edges = [_h(74, 278, 68), _h(74, 278, 112), _h(74, 278, 129)] + [_v(x, 68, 161) for x in xs]
    (g,) = find_grids(edges, 9)
    assert len(g.ys) == 4 and abs(g.ys[-1] - 161) < 1  # 3 drawn rules + the closing one


def test_partly_ruled_bottom_is_left_alone():
    xs = [74, 115, 193, 278]
    edges = [_h(74, 278, 68), _h(74, 278, 112), _h(74, 115, 161)] + [_v(x, 68, 161) for x in xs]
    (g,) = find_grids(edges, 1)
    assert len(g.ys) == 3  # no invented rule across the columns the drawing left open


# --- text trust -----------------------------------------------------------------------------------

def test_positioned_words_are_not_run_together_for_the_trust_check():
    chars = _word("Mốc", 80, 100, size=12) + _word("X", 150, 100, size=12) + _word("Y", 230, 100, size=12)
    assert spaced_text(chars) == "Mốc X Y"
    assert word_stats("2459532,968 441009,998 Mốc X Y") == (0, 1)


# --- corpus samples -------------------------------------------------------------------------------

def _need(name: str) -> Path:
    p = SAMPLES / name
    if not p.exists():
        pytest.skip(f"corpus sample {name} missing")
    return p


@pytest.fixture(scope="module")
def word001():
    from cchc_parse.extract.pdf.reader import extract_pdf

    return extract_pdf(_need("001-kh-svhttdl-word.pdf"))


@pytest.fixture(scope="module")
def qd2463():
    from cchc_parse.extract.pdf.reader import extract_pdf

    return extract_pdf(_need("laocai-ubnd-qd2463-ctdt-volao.pdf"))


def test_001_end_block_over_the_page_break(word001):
    back = [b for b in word001.blocks if isinstance(b, Line) and b.zone == "back"]
    texts = [b.text for b in back]
    assert texts[-3:] == ["- Lưu: VT, L.", "GIÁM ĐỐC", "Nguyễn Khoa Hải"]
    assert not any(isinstance(b, Line) and "Nguyễn Khoa Hải" in b.text and b.zone is None for b in word001.blocks)


def test_001_no_space_inside_cut_words(word001):
    cells = " ".join(c for b in word001.blocks if isinstance(b, Table) for r in table_text_rows(b) for c in r)
    assert "106/2020/NĐ-CP" in cells and "N Đ" not in cells
    assert "dichvucong.binhduong.gov.vn" in cells


def test_qd2463_clipped_glyphs_dropped(qd2463):
    t = next(b for b in qd2463.blocks if isinstance(b, Table) and b.src.page == 2)
    rows = table_text_rows(t)
    assert rows[0] == ["TT", "Mục tiêu hoạt động", "Mã ngành theo VSIC"]
    assert rows[1][1].startswith("Đầu tư xây dựng") and rows[3][1] == "Thoát nước và xử lý nước thải"


def test_qd2463_open_last_row_stays_in_table(qd2463):
    assert not any(isinstance(b, Line) and b.text.startswith("123 2459532,968") for b in qd2463.blocks)
    rows = [r for b in qd2463.blocks if isinstance(b, Table) for r in table_text_rows(b)]
    assert any(r[0] == "123" and r[3] == "246" for r in rows)


def test_qd2463_coordinates_are_not_untrusted_text(qd2463):
    assert not any(d.code == "P008" for d in qd2463.diagnostics)


def test_qd2463_narrow_justified_gap(qd2463):
    texts = [b.text for b in qd2463.blocks if isinstance(b, Line)]
    assert "Căn cứ Luật Đầu tư số 143/2025/QH15 ngày 11 tháng 12 năm 2025;" in texts


def test_footnote_attached_to_citing_paragraph_reference_removed():
    from cchc_parse.extract.pdf.reader import extract_pdf

    ex = extract_pdf(_need("bnv-cv8151-cchc.pdf"))
    (b,) = [b for b in ex.blocks if isinstance(b, Line) and b.notes]
    assert "(qua Vụ Cải cách hành chính) trước ngày" in b.text
    assert b.notes == ("Chi tiết liên hệ: Ông Nguyễn Ngọc Nguyên, Vụ Cải cách hành chính, Bộ Nội vụ; "
                       "Điện thoại: 0904062646; Email: minhnguyenbnv@gmail.com.",)


def test_footnote_goes_to_the_paragraph_with_the_reference_not_the_last():
    from cchc_parse.extract.pdf.page import Page, take_page_footnotes

    p = Page(1, 595, 842)
    body = [_line(("Đoạn", 85), ("một", 130), ("trích", 170), top=100 + 20 * i) for i in range(4)]
    ref = _word("2", 205, 100, size=9)  # superscript "2" after "trích" on the first line
    body[0] = group_lines(body[0].chars + ref, 1)[0]
    note = group_lines(_word("2", 85, 780, size=6) + _word("Ghi", 92, 780, size=10, adv=5)
                       + _word("chú", 110, 780, size=10, adv=5), 1)
    p.lines = body + note
    take_page_footnotes(p)
    assert p.notes == [("2", "Ghi chú")]
    assert p.lines[0].refs == ["2"] and p.lines[0].text == "Đoạn một trích"
    assert all(not ln.refs for ln in p.lines[1:])


def test_pdfium_rulings_give_pdfplumbers_cells():
    """The edges read from pdfium path objects build the same cells as pdfplumber's own page parse."""
    import pdfplumber
    import pypdfium2 as pdfium

    from cchc_parse.extract.pdf.tables import page_edges, page_has_rulings

    path = Path(__file__).parent / "data" / "pdf" / "plan-small.pdf"
    doc = pdfium.PdfDocument(str(path))
    seen = 0
    with pdfplumber.open(path) as pdf:
        for i in range(len(doc)):
            pg = doc[i]
            if not page_has_rulings(pg):
                continue
            mine = sorted(tuple(round(v) for v in s[4]) for g in find_grids(page_edges(pg), i + 1) for s in g.spans)
            theirs = sorted(tuple(round(v) for v in c) for t in pdf.pages[i].find_tables(
                {"vertical_strategy": "lines", "horizontal_strategy": "lines"}) for c in t.cells)
            assert mine == theirs
            seen += 1
    assert seen >= 2
