"""Quoted text (amended provisions, cited decrees) is content of the point that quotes it, not structure."""

from __future__ import annotations

from pathlib import Path

from cchc_parse.pipeline import parse_file, parse_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

AMENDING = """Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 23/2024/TT-BCT
1. Sửa đổi, bổ sung Điều 4 như sau:
“Điều 4. Thẩm quyền cấp giấy phép
1. Thẩm quyền của Cục Hóa chất
a) Cấp giấy phép kinh doanh tiền chất thuốc nổ;
2. Thẩm quyền của Ủy ban nhân dân cấp tỉnh
a) Cấp giấy phép sử dụng vật liệu nổ công nghiệp.”.
2. Bãi bỏ Điều 5.
Điều 2. Hiệu lực thi hành
"""


def _ids(doc) -> list[str]:
    return [s.id for s in doc.walk_sections() if s.kind != "bullet"]


def _codes(doc, code: str) -> list[str]:
    return [d.message for d in doc.diagnostics if d.code == code]


def test_amended_article_is_text_of_the_amending_point() -> None:
    doc = parse_text(AMENDING).doc
    assert _ids(doc) == ["Điều 1", "Điều 1.1", "Điều 1.2", "Điều 2"]
    point = next(s for s in doc.walk_sections() if s.id == "Điều 1.1")
    assert point.text.splitlines() == ["“Điều 4. Thẩm quyền cấp giấy phép", "1. Thẩm quyền của Cục Hóa chất",
                                       "a) Cấp giấy phép kinh doanh tiền chất thuốc nổ;",
                                       "2. Thẩm quyền của Ủy ban nhân dân cấp tỉnh",
                                       "a) Cấp giấy phép sử dụng vật liệu nổ công nghiệp.”."]
    assert len(_codes(doc, "P019")) == 1
    assert not _codes(doc, "S102") and not _codes(doc, "S104")


def test_quote_opened_inside_a_point() -> None:
    doc = parse_text("1. Căn cứ pháp lý\n"
                     "a) Khoản 2 Điều 35 Nghị định số 126/2024/NĐ-CP quy định: “2. Sau khi có kết luận, cơ quan "
                     "có trách nhiệm:\n"
                     "a) Yêu cầu hội kiểm kê tài sản;\nb) Lấy ý kiến các cơ quan liên quan;\n"
                     "3. Sau khi hội hoàn thành, cơ quan quyết định giải thể hội.”\n"
                     "b) Kết quả rà soát các hội\n2. Đề xuất\n").doc
    assert _ids(doc) == ["1", "1.a", "1.b", "2"]
    a = next(s for s in doc.walk_sections() if s.id == "1.a")
    assert a.text.endswith("b) Lấy ý kiến các cơ quan liên quan;\n3. Sau khi hội hoàn thành, cơ quan quyết định "
                           "giải thể hội.”")


def test_unbalanced_quote_ends_where_the_numbering_resumes() -> None:
    doc = parse_text("Điều 1. Sửa đổi Thông tư số 23/2024/TT-BCT\n1. Sửa đổi Điều 4 như sau:\n"
                     "“Điều 4. Thẩm quyền\n1. Cục Hóa chất cấp giấy phép;\n"
                     "2. Sửa đổi Điều 6 như sau:\n“Điều 6. Hồ sơ\n1. Hồ sơ gồm đơn đề nghị.”.\n"
                     "3. Bãi bỏ Điều 7.\n").doc
    assert _ids(doc) == ["Điều 1", "Điều 1.1", "Điều 1.2", "Điều 1.3"]
    notes = _codes(doc, "P019")
    assert len(notes) == 2 and "no closing quote mark" in notes[0] and "no closing" not in notes[1]


def test_as_follows_without_quote_marks() -> None:
    plain = parse_text("I. NHIỆM VỤ\nCác nhiệm vụ cụ thể như sau:\n1. Rà soát thủ tục hành chính\n"
                       "2. Công khai thủ tục hành chính\n").doc
    assert _ids(plain) == ["I", "I.1", "I.2"] and not _codes(plain, "P019")
    quoted = parse_text("1. Sửa đổi khoản 3 Điều 7 như sau:\na) Trong thời hạn 03 ngày làm việc;\n"
                        "b) Trong thời hạn 05 ngày làm việc.”.\n2. Bãi bỏ khoản 4 Điều 7.\n").doc
    assert _ids(quoted) == ["1", "2"]
    assert quoted.sections[0].text == "a) Trong thời hạn 03 ngày làm việc;\nb) Trong thời hạn 05 ngày làm việc.”."


def test_real_amending_circular() -> None:
    doc = parse_file(SAMPLES / "docx" / "bct-tt26-2026-phancap-tthc.docx").doc
    ids = _ids(doc)
    assert not [i for i in ids if "~" in i]
    assert not _codes(doc, "S102") and not _codes(doc, "S104")
    assert len(_codes(doc, "P019")) >= 20
    assert ids[:5] == ["Chương I", "Chương I.Điều 1", "Chương I.Điều 1.1", "Chương I.Điều 1.2", "Chương I.Điều 1.3"]
    k1 = next(s for s in doc.walk_sections() if s.id == "Chương I.Điều 1.1")
    assert "1. Thẩm quyền của Cục Kỹ thuật an toàn và Môi trường công nghiệp" in k1.text


def test_real_report_quoting_a_decree() -> None:
    doc = parse_file(SAMPLES / "pdf" / "binhthuan-snv-ttr3367.pdf").doc
    assert _ids(doc) == ["1", "1.a", "1.b", "1.c", "1.d", "2", "2.a", "2.a-3.(1)", "2.a-3.(2)", "2.a-3.(3)", "2.b",
                         "3", "3.a", "3.b"]
    assert len(_codes(doc, "P019")) == 2
