"""The document's own back matter is its last Nơi nhận / signer block; samples in the body stay text (issue 12)."""

from __future__ import annotations

from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.pipeline import parse_file
from cchc_parse.structure.back import find_back_start, parse_back

from conftest import SAMPLES


def _lines(*rows: tuple[str, str | None]) -> list[Line]:
    return [Line(text=t, src=SourceRef(line=k + 1), zone=z) for k, (t, z) in enumerate(rows)]


GUIDANCE = _lines(
    ("1.7. Thẩm quyền ký", None), ("Ví dụ: Văn bản của đoàn thư ký", None),
    ("T/M ĐOÀN THƯ KÝ", "back"), ("TRƯỞNG ĐOÀN", "back"), ("Họ và tên", "back"),
    ("III- TỔ CHỨC THỰC HIỆN", None), ("1. Hướng dẫn này có hiệu lực từ ngày ký.", None), ("", None),
    ("Nơi nhận:", "back"), ("- Các tỉnh uỷ, thành uỷ,", "back"), ("- Lưu Văn phòng Trung ương Đảng.", "back"),
    ("K/T CHÁNH VĂN PHÒNG", "back"), ("PHÓ CHÁNH VĂN PHÒNG", "back"), ("Bùi Văn Thạch", "back"))


def test_a_sample_block_in_the_body_is_not_the_back_matter() -> None:
    assert find_back_start(GUIDANCE) == 8
    back = parse_back(GUIDANCE, 8)
    assert (back.title, back.name) == ("PHÓ CHÁNH VĂN PHÒNG", "Bùi Văn Thạch")
    assert back.recipients == ["Các tỉnh uỷ, thành uỷ", "Lưu Văn phòng Trung ương Đảng."]


def test_recipients_typed_after_the_signer_table_join_it() -> None:
    lines = _lines(("Trên đây là Kế hoạch./.", None), ("KT. GIÁM ĐỐC", "back"), ("PHÓ GIÁM ĐỐC", "back"),
                   ("Hoàng Văn Thuân", "back"), ("", None), ("Nơi nhận:", None), ("- Lưu: VT.", None))
    assert find_back_start(lines) == 1
    back = parse_back(lines, 1)
    assert (back.name, back.recipients) == ("Hoàng Văn Thuân", ["Lưu: VT."])


def test_a_heading_is_never_a_signer_name() -> None:
    back = parse_back(_lines(("GIÁM ĐỐC", None), ("Chương I", None), ("Phụ lục II", None)), 0)
    assert back.name is None and back.title == "GIÁM ĐỐC"


def test_real_format_guidance_with_sample_blocks() -> None:
    doc = parse_file(SAMPLES / "docx/vptw-hd36-thethuc.docx").doc
    sig = doc.document.signer
    assert (sig.title, sig.name) == ("PHÓ CHÁNH VĂN PHÒNG", "Bùi Văn Thạch")
    assert doc.document.recipients[0] == "Các tỉnh uỷ, thành uỷ"
    assert doc.document.recipients[-1] == "Lưu Văn phòng Trung ương Đảng."
    assert "III" in [s.id for s in doc.sections]  # what follows the samples is not lost
    assert sum(d.code == "P021" for d in doc.diagnostics) >= 2
    assert [a.label for a in doc.attachments] == ["PHỤ LỤC 1", "PHỤ LỤC 2", "PHỤ LỤC 3"]


def test_party_prefixes_written_with_a_slash_and_no_dot() -> None:
    back = parse_back(_lines(("T/M BAN THƯỜNG VỤ", "back"), ("PHÓ BÍ THƯ", "back"), ("Nguyễn Bắc Nam", "back")), 0)
    assert (back.authority, back.on_behalf_of, back.title) == (["TM"], "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
    back = parse_back(_lines(("K/T. GIÁM ĐỐC", "back"), ("PHÓ GIÁM ĐỐC", "back"), ("Lê Văn A", "back")), 0)
    assert back.authority == ["KT"]


def test_real_party_signer_authority() -> None:
    sig = parse_file(SAMPLES / "docx/vptw-hd36-thethuc.docx").doc.document.signer
    assert (sig.authority, sig.on_behalf_of) == (["KT"], "CHÁNH VĂN PHÒNG")
