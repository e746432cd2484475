"""Levels: a label takes its level from what it is, not from the bullet or paragraph before it;
line wraps of a text file are joined."""

from __future__ import annotations

import textwrap
from pathlib import Path

from cchc_parse.pipeline import parse_file, parse_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _ids(doc) -> list[str]:
    return [s.id for s in doc.walk_sections() if s.kind != "bullet"]


def _codes(doc, code: str) -> list[str]:
    return [d.message for d in doc.diagnostics if d.code == code]


def test_dotted_decimal_goes_under_the_number_it_names() -> None:
    doc = parse_text("II. NỘI DUNG\n3. Hội nghị hiệp thương lần thứ ba\nNội dung: lập danh sách chính thức.\n"
                     "- Thời gian: ngày 12/02/2026.\n- Kết quả: biên bản hội nghị.\n3.3. Báo cáo kết quả Hội nghị\n"
                     "- Gửi biên bản về Ban Thường trực.\n").doc
    assert _ids(doc) == ["II", "II.3", "II.3.3"]
    assert _codes(doc, "S101") == ["section numbering gap: 3.1–3.2 missing before 3.3 (II.3.3)"]


def test_numbered_items_after_a_bullet_belong_to_the_heading() -> None:
    doc = parse_text("2. Tổ chức hội nghị\n2.1. Chuẩn bị và tổ chức 3 hội nghị hiệp thương.\n"
                     "- Tài liệu phục vụ hội nghị: danh sách, biên bản.\n(1) Hiệp thương lần thứ nhất;\n"
                     "(2) Hiệp thương lần thứ hai;\n2.2. Tổ chức hội nghị cử tri.\n").doc
    assert _ids(doc) == ["2", "2.1", "2.1.(1)", "2.1.(2)", "2.2"]


def test_numbered_items_after_a_bullet_that_introduces_them() -> None:
    doc = parse_text("a) Kết quả rà soát\n- 03 hội không đủ điều kiện tổ chức đại hội. Cụ thể:\n"
                     "(1) Hội Cựu giáo chức;\n(2) Hội Làm vườn;\n- 04 hội không báo cáo.\n").doc
    assert _ids(doc) == ["a", "a-1.(1)", "a-1.(2)"]


def test_real_hiepthuong_33_under_3() -> None:
    doc = parse_file(SAMPLES / "docx" / "quangninh-mttq-luongminh-kh-hiepthuong.docx").doc
    ids = _ids(doc)
    assert "II.3.3" in ids and not [i for i in ids if "-" in i]
    assert "section numbering gap: 3.1–3.2 missing before 3.3 (II.3.3)" in _codes(doc, "S101")


def test_real_baucu_paren_items_under_21() -> None:
    ids = _ids(parse_file(SAMPLES / "docx" / "quangninh-mttq-luongminh-kh16-baucu.docx").doc)
    assert ids[ids.index("II.2.1"):ids.index("II.2.2")] == ["II.2.1", "II.2.1.(1)", "II.2.1.(2)", "II.2.1.(3)"]


_PROSE = ("Thực hiện Văn bản số 4250/BNNMT-ĐCKS ngày 29/4/2026 của Bộ Nông nghiệp và Môi trường về việc tăng "
          "cường thanh tra, kiểm tra hoạt động khoáng sản trên địa bàn tỉnh và các văn bản hướng dẫn có liên quan "
          "của Trung ương, Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị thực hiện tốt các nội dung sau đây.")


def _wrapped(paragraphs: list[str]) -> str:
    """Paragraphs as a text file typed at a fixed width: first line indented, the rest from the margin."""
    return "\n".join(textwrap.fill(p, 78, initial_indent="      ") for p in paragraphs) + "\n"


def test_text_line_wraps_are_joined_without_p004() -> None:
    body = ["1. Trách nhiệm chung", *(f"- {_PROSE}" for _ in range(5)), "2. Thanh tra tỉnh",
            *(f"- {_PROSE}" for _ in range(3))]
    doc = parse_text(_wrapped([_PROSE, *body])).doc
    assert _ids(doc) == ["1", "2"]
    assert [c.text for c in doc.sections[0].children] == [_PROSE] * 5
    assert doc.paragraphs[0].text == _PROSE
    assert not _codes(doc, "P004")


def test_unwrapped_text_keeps_its_lines() -> None:
    doc = parse_text("I. MỤC ĐÍCH\nNâng cao chất lượng phục vụ người dân\nII. YÊU CẦU\n").doc
    assert doc.sections[0].title == "MỤC ĐÍCH" and doc.sections[0].text == "Nâng cao chất lượng phục vụ người dân"


def test_real_wrapped_text_file() -> None:
    doc = parse_file(SAMPLES / "text" / "laocai-ubnd-cv5973.txt").doc
    assert len(_codes(doc, "P004")) <= 5  # page breaks only (149 before: every line wrap)
    assert doc.paragraphs[0].text.startswith("Thực hiện Văn bản số 4250/BNNMT-ĐCKS ngày 29/4/2026 của Bộ Nông "
                                             "nghiệp và Môi trường về việc")
    first = doc.sections[0].children[0]
    assert first.text == ("Lãnh đạo, chỉ đạo tập trung thực hiện nghiêm các quy định của pháp luật trong công tác "
                          "quản lý nhà nước về địa chất, khoáng sản.")


def test_a_list_introduced_by_a_paragraph_after_the_bullets_is_not_under_a_bullet() -> None:
    doc = parse_text("1.7.1. Thể thức\n- Quyền hạn ký văn bản phải được quy định bằng văn bản.\n"
                     "- Chữ ký thể hiện trách nhiệm của người ký.\n"
                     "Quyền hạn, chức vụ, họ tên của người có thẩm quyền cụ thể như sau:\n"
                     "a) Đối với văn bản của đại hội đảng các cấp\n- Trường hợp đại hội có con dấu riêng.\n"
                     "b) Đối với văn bản của cấp uỷ các cấp\n").doc
    assert _ids(doc) == ["1.7.1", "1.7.1.a", "1.7.1.b"]


def test_quyen_prefix_in_a_sample_signature_is_not_a_point() -> None:
    doc = parse_text("c) Đối với văn bản của các cơ quan tham mưu\nVí dụ:\nQ. CHÁNH VĂN PHÒNG\n(chữ ký)\n"
                     "Họ và tên\nd) Văn bản của ban chỉ đạo\n").doc
    assert _ids(doc) == ["c", "d"]


def test_real_party_guidance_points_under_171() -> None:
    doc = parse_file(SAMPLES / "docx" / "vptw-hd36-thethuc.docx").doc
    ids = [i for i in _ids(doc) if i.startswith("II.1.7.1")]
    assert ids[:4] == ["II.1.7.1", "II.1.7.1.a", "II.1.7.1.b", "II.1.7.1.c"]
    assert "II.1.7.1.c.Q" not in ids


def test_a_symbol_broken_at_its_hyphen_by_a_wrap_is_joined_without_a_space() -> None:
    from cchc_parse.structure.paragraphs import join_wrapped

    assert join_wrapped("theo Nghị định số 217/2025/NĐ-", "CP ngày 05/8/2025") == \
        "theo Nghị định số 217/2025/NĐ-CP ngày 05/8/2025"
    assert join_wrapped("các sở, ban, ngành -", "Phòng Nội vụ") == "các sở, ban, ngành - Phòng Nội vụ"
    assert join_wrapped("kinh tế -", "xã hội") == "kinh tế - xã hội"
