"""E-signature stamps: number and day drawn by signature widget annotations (GitHub issue 11)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cchc_parse.extract.blocks import Line
from cchc_parse.extract.pdf.reader import extract_pdf
from cchc_parse.extract.signature import stamp_box_fields

sys.path.insert(0, str(Path(__file__).parent / "data" / "pdf"))
from tinypdf import Stamp, TinyPdf

SAMPLES = Path(__file__).parent.parent / "samples" / "pdf"
BODY = ("Ủy ban nhân dân tỉnh Lào Cai nhận được phản ánh của các doanh nghiệp về những khó khăn, vướng",
        "mắc trong việc kiểm tra điều kiện an toàn về phòng cháy, chữa cháy đối với phương tiện vận",
        "chuyển vật liệu nổ công nghiệp và tiền chất thuốc nổ trên địa bàn tỉnh trong thời gian qua.")


def _letter(tmp_path: Path, month: str, stamp: tuple[str, ...] = ("number", "day"),
            box: Stamp | None = None) -> Path:
    """Page 1 of a công văn with the blanks an e-office system fills ("Số:", "ngày"), and stamps
    drawn into them: "3686" into the number's blank, "11" into the day's, "5" over the month."""
    pdf = TinyPdf()
    adv = pdf.font.advance
    pg = pdf.page()
    pdf.text(pg, 110, 60, "ỦY BAN NHÂN DÂN", 13)
    pdf.text(pg, 300, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12)
    pdf.text(pg, 120, 76, "TỈNH LÀO CAI", 13)
    pdf.text(pg, 330, 76, "Độc lập - Tự do - Hạnh phúc", 13)
    pdf.text(pg, 100, 110, "Số:              /UBND-XD", 13)  # a blank of 14 spaces (45.5 pt)
    date = f"Lào Cai, ngày        tháng {month} năm 2026"
    pdf.text(pg, 300, 110, date, 13)
    pdf.text(pg, 250, 170, "Kính gửi: Bộ Xây dựng", 13)
    for k, row in enumerate(BODY):
        pdf.text(pg, 85 if k else 120, 200 + 16 * k, row, 13)
    at = {"number": (100 + adv("Số:  ", 13), "3686"), "day": (300 + adv("Lào Cai, ngày  ", 13), "11"),
          "month": (300 + adv(date[: date.index(" năm") - len(month)], 13), "5")}
    for name in stamp:
        x, text = at[name]
        pdf.stamp(pg, Stamp((x - 1, 104, x + adv(text, 13) + 10, 124), text, dx=1.0, dy=5.0))
    if box:
        pdf.stamp(pg, box)
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf.build())
    return path


def _front(path: Path) -> dict[str, Line]:
    ex = extract_pdf(path)
    lines = [b for b in ex.blocks if isinstance(b, Line) and b.zone == "front"]
    return {b.text.split(",")[0].split(":")[0]: b for b in lines}


def test_stamped_number_and_day_go_into_their_lines(tmp_path):
    front = _front(_letter(tmp_path, "5"))
    assert front["Số"].text == "Số: 3686 /UBND-XD"
    assert front["Số"].stamps == (("3686", ""),)
    assert front["Lào Cai"].text == "Lào Cai, ngày 11 tháng 5 năm 2026"
    assert front["Lào Cai"].stamps == (("11", ""),)


def test_stamp_over_typed_digit_replaces_it(tmp_path):
    front = _front(_letter(tmp_path, "4", ("number", "day", "month")))  # "tháng 4" typed, "5" stamped
    assert front["Lào Cai"].text == "Lào Cai, ngày 11 tháng 5 năm 2026"
    assert front["Lào Cai"].stamps == (("11", ""), ("5", "4"))


def test_unstamped_letter_has_no_stamps(tmp_path):
    front = _front(_letter(tmp_path, "5", ()))
    assert front["Số"].text == "Số: /UBND-XD" and front["Số"].stamps == ()


def test_signature_box_stamp_goes_to_meta_not_text(tmp_path):
    box = Stamp((380, 2, 580, 52), "TRUNG TÂM CÔNG BÁO\nttcbth@laocai.gov.vn\n18.11.2024 07:25:14\n+07:00",
                size=8.0, dy=3.0)
    path = _letter(tmp_path, "5", box=box)
    ex = extract_pdf(path)
    texts = " ".join(b.text for b in ex.blocks if isinstance(b, Line))
    assert "ttcbth" not in texts and "07:25" not in texts and "TRUNG TÂM" not in texts
    assert ex.meta["signed_by"] == "TRUNG TÂM CÔNG BÁO"
    assert ex.meta["signed_at"] == "2024-11-18T07:25:14+07:00"
    assert ex.meta["signed_email"] == "ttcbth@laocai.gov.vn"


@pytest.mark.parametrize("texts, fields", [
    (["3686"], None),
    (["Ký bởi: Sở Nội vụ", "tỉnh Bình Thuận", "Thời gian ký: 14.07.2026 09:15:12 +07:00"],
     {"ký bởi": "Sở Nội vụ tỉnh Bình Thuận", "thời gian ký": "14.07.2026 09:15:12 +07:00"}),
    (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "ubnd@quangngai.gov.vn", "18.11.2024 07:25:14", "+07:00"],
     {"ký bởi": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "email": "ubnd@quangngai.gov.vn",
      "thời gian ký": "18.11.2024 07:25:14 +07:00"}),
])
def test_stamp_box_fields(texts, fields):
    assert stamp_box_fields(texts) == fields


# --- real signed files --------------------------------------------------------------------------

def _front_real(name: str) -> tuple[dict[str, Line], dict]:
    ex = extract_pdf(SAMPLES / name)
    lines = [b for b in ex.blocks if isinstance(b, Line) and b.zone == "front"]
    return {b.text.split(",")[0].split(":")[0]: b for b in lines}, ex.meta


def test_laocai_cv3686_number_and_day_from_stamps():
    front, _ = _front_real("laocai-ubnd-cv3686-pccc.pdf")
    assert front["Số"].text == "Số: 3686 /UBND-XD" and front["Số"].stamps == (("3686", ""),)
    assert front["Lào Cai"].text == "Lào Cai, ngày 11 tháng 5 năm 2026"
    assert front["Lào Cai"].stamps == (("11", ""),)


def test_vlncn_stamp_in_a_short_blank_is_its_own_word():
    front, _ = _front_real("laocai-ubnd-cv-chidao-vlncn.pdf")
    assert front["Lào Cai"].text == "Lào Cai, ngày 10 tháng 01 năm 2026"
    assert front["Lào Cai"].stamps == (("10", ""), ("01", ""))


def test_quangngai_tb565_stamps_and_signature_box():
    front, meta = _front_real("quangngai-ubnd-tb565.pdf")
    assert front["Số"].text == "Số: 565 /TB-UBND"
    assert front["Quảng Ngãi"].text == "Quảng Ngãi, ngày 15 tháng 11 năm 2024"
    assert meta["signed_by"] == "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC"
    assert meta["signed_at"] == "2024-11-18T07:25:14+07:00"


def test_qd2463_stamped_number_joins_its_symbol():
    ex = extract_pdf(SAMPLES / "laocai-ubnd-qd2463-ctdt-volao.pdf")
    (ln,) = [b for b in ex.blocks if isinstance(b, Line) and b.text.startswith("(Kèm theo Quyết định")]
    assert ln.text.startswith("(Kèm theo Quyết định số 2463/QĐ-UBND ngày 16/7 /2026")
    assert ln.stamps == (("2463", ""), ("16", ""))
