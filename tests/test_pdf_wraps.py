"""PDF line → paragraph assembly (GitHub issue 12): a dash that a wrap brought to the start of a
line, a change of type inside a sentence, and word spaces hidden by overhanging glyphs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cchc_parse.extract.blocks import Line
from cchc_parse.extract.pdf.lines import Layout, lines_to_paras
from cchc_parse.extract.pdf.reader import extract_pdf

sys.path.insert(0, str(Path(__file__).parent / "data" / "pdf"))
from test_pdf_layout import _line
from tinypdf import TinyPdf

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples" / "pdf"
LEFT, RIGHT, INDENT = 85.0, 538.0, 120.0


def _page(tmp_path: Path, rows: list[tuple[float, bool, str]]) -> list[str]:
    """Body lines (x0, runs to the right margin?, text) 16 pt apart → the paragraphs extracted."""
    pdf = TinyPdf()
    pg = pdf.page()
    for k, (x0, full, text) in enumerate(rows):
        if full:
            pdf.justify(pg, x0, RIGHT, 100 + 16 * k, text, 13)
        else:
            pdf.text(pg, x0, 100 + 16 * k, text, 13)
    path = tmp_path / "wraps.pdf"
    path.write_bytes(pdf.build())
    return [b.text for b in extract_pdf(path).blocks if isinstance(b, Line)]


INTRO = [
    (INDENT, True, "Ngày 12/11/2024, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh chủ trì"),
    (LEFT, True, "cuộc họp nghe báo cáo tiến độ. Tham dự có lãnh đạo Ban Văn hóa"),
    (LEFT, True, "– Xã hội, Ban Dân tộc HĐND tỉnh; lãnh đạo các Sở, ngành: Kế hoạch và"),
    (LEFT, True, "Đầu tư, Tài chính, Nội vụ, Xây dựng, Tư pháp, Công Thương, Y tế,"),
    (LEFT, True, "Liên minh Hợp tác xã tỉnh, Hội LHPN tỉnh, Tỉnh đoàn, Ban Dân tộc"),
    (LEFT, False, "tỉnh; UBND các huyện, thị xã."),
]
BULLETS = [
    (INDENT, True, "UBND các huyện, thị xã, thành phố chịu trách nhiệm như sau:"),
    (INDENT, True, "- Khẩn trương, quyết liệt triển khai thực hiện các Chương trình"),
    (LEFT, False, "trên địa bàn huyện;"),
    (INDENT, False, "- Thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện."),
]


def test_wrapped_dash_continues_the_sentence_bullets_stay(tmp_path):
    paras = _page(tmp_path, INTRO + BULLETS)
    assert paras == [
        "Ngày 12/11/2024, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp nghe báo cáo "
        "tiến độ. Tham dự có lãnh đạo Ban Văn hóa – Xã hội, Ban Dân tộc HĐND tỉnh; lãnh đạo các Sở, ngành: "
        "Kế hoạch và Đầu tư, Tài chính, Nội vụ, Xây dựng, Tư pháp, Công Thương, Y tế, Liên minh Hợp tác xã "
        "tỉnh, Hội LHPN tỉnh, Tỉnh đoàn, Ban Dân tộc tỉnh; UBND các huyện, thị xã.",
        BULLETS[0][2],
        "- Khẩn trương, quyết liệt triển khai thực hiện các Chương trình trên địa bàn huyện;",
        BULLETS[3][2],
    ]


def test_dash_at_the_bullet_indent_stays_a_bullet(tmp_path):
    # this document's bullets sit at the left margin: a dash there is a bullet, whatever came before
    rows = [*INTRO, BULLETS[0], (LEFT, False, "- Khẩn trương triển khai thực hiện;"),
            (LEFT, False, "- Thường xuyên theo dõi.")]
    paras = _page(tmp_path, rows)
    assert len(paras) == 5 and paras[0].endswith("Ban Văn hóa")
    assert paras[1].startswith("– Xã hội, Ban Dân tộc")


def test_type_change_inside_a_sentence_is_not_a_paragraph():
    # "…chữa cháy”. Tại" set in bold (a quotation), then "khoản 3 Điều 41…" in regular type
    lay = Layout(LEFT, RIGHT, 16.0, 595.0)
    a = _line(("Theo", INDENT), ("quy", 160), ("định", 200), ("tại", 240), ("điểm", 270), ("b", 315),
              ("khoản", 330), ("1", 380), ("Luật", 395), ("số", 435), ("42/2024/QH15", 454), top=100)
    b = _line(("nổ", LEFT), ("công", 110), ("nghiệp;", 150), ("bảo", 210), ("đảm", 240), ("chữa", 280),
              ("cháy”.", 330), ("Tại", 375), ("điều", 405), ("kiện", 440), ("theo", 475), ("quy", 517),
              top=116)
    c = _line(("khoản", LEFT), ("3", 135), ("Điều", 150), ("41", 190), top=132)
    for ch in b.chars:
        ch.bold = True
    b.finish()
    assert [len(p.lines) for p in lines_to_paras([a, b, c], lay)] == [3]
    c.chars[0].text = "K"  # a capital after a full line: maybe a new sentence in new type
    c.finish()
    assert [len(p.lines) for p in lines_to_paras([a, b, c], lay)] == [2, 1]


def test_glyph_overhanging_its_advance_keeps_the_word_space(tmp_path):
    # "ế" advances 0.25 em but its outline ("ecircumflex") is wider: the 0.25 em gap to "đối" looks
    # like 0.08 em between the boxes; pdfium's word break at the advance end shows the space
    pdf = TinyPdf(widths={"ế": 250}, glyphs={"ế": "ecircumflex"})
    pg = pdf.page()
    x = pdf.text(pg, 100, 100, "Kinh tế", 13)
    pdf.text(pg, x + 0.25 * 13, 100, "đối ngoại", 13)
    path = tmp_path / "gap.pdf"
    path.write_bytes(pdf.build())
    assert [b.text for b in extract_pdf(path).blocks if isinstance(b, Line)] == ["Kinh tế đối ngoại"]


def test_tcvn3_words_not_run_together():
    # pages 14 and 54 of mpi-2005-kehoach-tcvn3.pdf (.VnTime, accents and italics overhang)
    ex = extract_pdf(ROOT / "tests" / "data" / "pdf" / "mpi-2005-tcvn3-p14-p54.pdf")
    text = " ".join(b.text for b in ex.blocks if isinstance(b, Line))
    assert "Kinh tế đối ngoại và hội nhập kinh tế quốc tế" in text
    assert "chống lãng phí, thất thoát" in text
    assert "tếđối" not in text and "tếquốc" not in text and "lãngphí" not in text


def test_quangngai_tb565_wrapped_dash_and_section_tree(tmp_path):
    ex = extract_pdf(SAMPLES / "quangngai-ubnd-tb565.pdf")
    texts = [b.text for b in ex.blocks if isinstance(b, Line)]
    assert not any(t.startswith("– Xã hội") for t in texts)
    assert any("lãnh đạo Ban Văn hóa – Xã hội, Ban Dân tộc HĐND tỉnh;" in t for t in texts)
    out = tmp_path / "tb565.json"
    subprocess.run([sys.executable, "-m", "cchc_parse", "parse", str(SAMPLES / "quangngai-ubnd-tb565.pdf"),
                    "--format", "json", "-o", str(out)], check=True, capture_output=True)
    top = [s["id"] for s in json.loads(out.read_text())["sections"]]
    assert top[:2] == ["I", "II"]


def test_parenthesised_number_starts_a_paragraph():
    # a bold heading "1. Nâng cao…" then "(1) Công nghiệp." in the same type at the same indent
    lay = Layout(LEFT, RIGHT, 16.0, 595.0)
    # the heading ends a little short of the margin with no stop; the next line opens with "("
    a = _line(("1.", INDENT), ("Nâng", 140), ("cao", 180), ("chất", 210), ("lượng", 245), ("và", 290),
              ("hiệu", 310), ("quả", 345), ("tăng", 375), ("trưởng", 405), top=100)
    b = _line(("(1)", INDENT + 3), ("Công", 150), ("nghiệp.", 190), top=116)
    for ln in (a, b):
        for ch in ln.chars:
            ch.bold = True
        ln.finish()
    assert [len(p.lines) for p in lines_to_paras([a, b], lay)] == [1, 1]
    b.chars[2].text = "2"  # "(1)" → "(12": no list marker ("(12 tháng)"), the line goes on
    b.finish()
    assert [len(p.lines) for p in lines_to_paras([a, b], lay)] == [2]


def test_mpi_2005_paren_item_is_not_glued_to_the_heading():
    # page 10 of mpi-2005-kehoach-tcvn3.pdf
    ex = extract_pdf(ROOT / "tests" / "data" / "pdf" / "mpi-2005-tcvn3-p10.pdf")
    texts = [b.text for b in ex.blocks if isinstance(b, Line)]
    assert "1. Nâng cao chất lượng và hiệu quả tăng trưởng kinh tế" in texts
    assert "(1) Công nghiệp." in texts


def test_a_line_that_starts_with_a_heading_word_is_a_label_only_before_a_number():
    from cchc_parse.extract.pdf.lines import is_label

    for t in ("Điều 1. Phạm vi", "Chương II: QUY ĐỊNH", "Phần thứ hai. Nhiệm vụ", "MỤC 2. Tổ chức", "Mục 3: x",
              "II. NHIỆM VỤ", "1.2. Rà soát", "a) Ban hành", "- Sở Nội vụ"):
        assert is_label(t), t
    for t in ("Chương trình: Giao Ban Dân tộc tỉnh", "Mục tiêu: nâng cao", "Phần mềm: cài đặt",
              "Điều kiện: có đủ", "Chương trình."):
        assert not is_label(t), t


def test_tb565_heading_wrapped_before_chuong_trinh_keeps_its_end(tmp_path):
    """"… liên quan đến thực hiện 02 / Chương trình:" is one heading: the wrapped line that starts with
    "Chương trình" continues it (a Chương is numbered: "Chương II")."""
    ex = extract_pdf(SAMPLES / "quangngai-ubnd-tb565.pdf")
    texts = [b.text for b in ex.blocks if isinstance(b, Line)]
    assert any(t.endswith("liên quan đến thực hiện 02 Chương trình:") for t in texts)
    assert "Chương trình:" not in texts
