"""Label forms ((i), (1)., Điều 5-, Điều 1:, run-in headings) and numbering typos a reader repairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_parse.diagnostics import Diagnostic
from cchc_parse.extract.txt.reader import text_to_blocks
from cchc_parse.pipeline import parse_file, parse_text
from cchc_parse.structure.markers import match_text
from cchc_parse.structure.paragraphs import lines_to_paras
from cchc_parse.structure.sections import build_tree

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _ids(doc) -> list[str]:
    return [s.id for s in doc.walk_sections() if s.kind != "bullet"]


def _codes(doc, code: str) -> list[str]:
    return [d.message for d in doc.diagnostics if d.code == code]


@pytest.mark.parametrize("text, kind, key, value, label, rest", [
    ("(i). Chỉ đạo Cục Đăng kiểm", "paren_roman", "(i)", 1, "(i).", "Chỉ đạo Cục Đăng kiểm"),
    ("(iii) Trong thời gian chờ", "paren_roman", "(iii)", 3, "(iii)", "Trong thời gian chờ"),
    ("(iv). Vi phạm", "paren_roman", "(iv)", 4, "(iv).", "Vi phạm"),
    ("(1). Tổ chức hội nghị", "paren", "(1)", 1, "(1).", "Tổ chức hội nghị"),
    ("Điều 5- Chánh Văn phòng UBND tỉnh", "article", "Điều 5", 5, "Điều 5-", "Chánh Văn phòng UBND tỉnh"),
    ("Điều 1: Ban hành kèm theo", "article", "Điều 1", 1, "Điều 1:", "Ban hành kèm theo"),
])
def test_label_forms(text: str, kind: str, key: str, value: int, label: str, rest: str) -> None:
    m = match_text(text)
    assert m is not None and (m.kind, m.key, m.value, m.label, m.rest) == (kind, key, value, label, rest)


@pytest.mark.parametrize("text", ["Điều 5 Nghị định số 126/2024/NĐ-CP quy định", "Điều 5-6 của Luật",
                                  "Thứ nhất, Cục Đăng kiểm Việt Nam"])
def test_not_labels(text: str) -> None:
    m = match_text(text)
    assert m is None or m.kind not in ("article", "paren_roman")


def test_real_roman_points_in_parentheses() -> None:
    doc = parse_file(SAMPLES / "pdf" / "laocai-ubnd-cv3686-pccc.pdf").doc
    assert _ids(doc) == ["1", "2", "3", "3.(i)", "3.(ii)", "3.(iii)"]  # "Thứ nhất," under 2 is a word, not a label
    assert doc.sections[2].children[0].text.startswith("Chỉ đạo Cục Đăng kiểm Việt Nam khẩn trương")


def test_article_sentence_is_text_and_run_in_heading() -> None:
    doc = parse_text("Điều 1. Tổ chức thực hiện\na) Về sự phù hợp với quy hoạch: Dự án nằm trong quy hoạch tỉnh.\n"
                     "Điều 2. Bãi bỏ khoản 1 Điều 1 Thông tư số 15/2026/TT-BCT.\n").doc
    art1, art2 = doc.sections
    assert (art1.title, art1.text) == ("Tổ chức thực hiện", None)
    assert (art1.children[0].title, art1.children[0].text) == ("Về sự phù hợp với quy hoạch",
                                                               "Dự án nằm trong quy hoạch tỉnh.")
    assert (art2.title, art2.text) == (None, "Bãi bỏ khoản 1 Điều 1 Thông tư số 15/2026/TT-BCT.")


def _tree(text: str):
    diags: list[Diagnostic] = []
    return build_tree(lines_to_paras(text_to_blocks(text), diags), diags), diags


def test_unambiguous_typo_repaired() -> None:
    body, diags = _tree("I. A\nII. B\nII. C\nIV. D\n1. x\n2. y\n2. z\n4. w\n")
    assert [(n.id, n.marker.label, n.label_printed) for n in body.roots] == [
        ("I", "I.", None), ("II", "II.", None), ("III", "III.", "II."), ("IV", "IV.", None)]
    assert [n.id for n in body.roots[3].children] == ["IV.1", "IV.2", "IV.3", "IV.4"]
    assert [d.code for d in diags] == ["P018", "P018"]
    assert "'II.' printed where the sequence needs 'III.'" in diags[0].message


def test_repeat_at_the_end_of_its_run_repaired() -> None:
    doc = parse_text("III. A\nIV. B\nV. KẾT QUẢ\nV. KẾT LUẬN\n").doc
    assert _ids(doc) == ["III", "IV", "V", "VI"] and doc.sections[3].label_printed == "V."
    assert not _codes(doc, "S102") and not _codes(doc, "S104")


def test_ambiguous_repeat_kept_as_printed() -> None:
    body, diags = _tree("3. A\n3.1. x\n3.2. y\n3.2. z\n3.3. w\n")
    assert [n.id for n in body.roots[0].children] == ["3.1", "3.2", "3.2~2", "3.3"]
    assert not diags


def test_real_typo_v_for_vi() -> None:
    doc = parse_file(SAMPLES / "docx" / "laocai-sct-tb-thamdinh-yenha.docx").doc
    roots = [(s.id, s.label_printed, s.title) for s in doc.sections]
    assert roots[-1] == ("VI", "V.", "KẾT LUẬN") and [r[0] for r in roots] == ["I", "II", "III", "IV", "V", "VI"]
    assert not _codes(doc, "S104")


def test_real_duplicate_kept() -> None:
    doc = parse_file(SAMPLES / "docx" / "quangninh-mttq-luongminh-kh16-baucu.docx").doc
    ids = _ids(doc)
    assert ids[ids.index("II.3"):ids.index("II.4")] == ["II.3", "II.3.1", "II.3.2", "II.3.2~2", "II.3.3"]
    assert _codes(doc, "S104") == ["section II.3.2 appears more than once"]
    assert "III.4" not in ids and "III.5" in ids


def test_real_latin_letter_f() -> None:
    doc = parse_file(SAMPLES / "pdf" / "laocai-ubnd-cv-chidao-vlncn.pdf").doc
    assert [m for m in _codes(doc, "S102") if "6.f" in m] == [
        "section letter f is not in the Vietnamese order a, b, c, d, đ, e, g, h, i, k, … (6.f)"]
    assert _codes(doc, "S101") == ["section numbering gap: i missing between h and k (6.k)"]
