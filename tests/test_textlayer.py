"""Broken PDF text layers (issue 14): the Vietnamese syllable check and the error / OCR fallback."""

from __future__ import annotations

import pytest

from cchc_parse.errors import ExtractError
from cchc_parse.extract.blocks import Line
from cchc_parse.extract.ocr import PACKAGES, tesseract_ready
from cchc_parse.extract.pdf.reader import extract_pdf
from cchc_parse.extract.pdf.textlayer import broken_pages, is_broken, is_syllable, score_text

from conftest import DATA, SAMPLES

GOOD = ("Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc quyết định quốc gia giữa gì gìn "
        "nghiêm khuya quỳnh huých khuỷu thuở huế hoặc khoẻ ủy nguyên tuyên truyền tiếng rượu gửi được "
        "hoạch xoay quý quân Đảng HOÀ Hoà kiểm kỳ ngày tháng năm những người trường hợp quy định thực hiện")
# the page text of a real Vietnamese plan: numbers, abbreviations, Roman numerals, an e-mail
PLAN = ("II. NHIỆM VỤ TRỌNG TÂM 1. Sở Nội vụ chủ trì, phối hợp với UBND các huyện, thị xã triển khai "
        "Kế hoạch số 12/KH-UBND ngày 15/3/2024 về cải cách hành chính (CCHC) năm 2024; báo cáo kết quả "
        "về Sở TT&TT qua hộp thư snv@binhduong.gov.vn trước ngày 30/6/2024. ") * 3


@pytest.mark.parametrize("word", GOOD.split())
def test_vietnamese_syllables_are_valid(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", [
    "ceNG", "HoA", "xA", "ngI", "cnu", "Ncnie",  # English OCR over a Vietnamese scan
    "TÈNH", "Ùc", "CHæ", "nge", "ki" + "a" * 3,  # wrong glyph map; spelling rules (ng/ngh, k/c)
    "cac", "hoc", "phat",  # a stop coda (-c -ch -p -t) takes only the acute or dot-below tone
    "hoàá",  # two tone marks
])
def test_non_syllables_are_invalid(word: str) -> None:
    assert not is_syllable(word)


def test_real_plan_text_scores_as_vietnamese() -> None:
    s = score_text(PLAN)
    assert s.share == 1.0 and s.garbage == 0 and not is_broken(s)


def test_adobe_scan_glyph_map_is_broken() -> None:
    text = ("BØ CÔNG AN CÔNG AN TÈNH LÂM ÒNG CØNG HOÀ XÃ HØI CHæ NGH(A VIÆT NAM Ùc l-p - Tå do - H¡nh phúc "
            "V/v xin chç tr°¡ng tri¿n khai thñce hiÇn công tác cai nghiÇn ma túy tñ nguyÇn t¡i gia ình")
    s = score_text(text)
    assert s.words >= 30 and s.share < 0.6 and is_broken(s)


def test_lost_unicode_map_is_broken() -> None:
    text = "6Ӣ CÔNG 7+ѬѪ1* &Ӝ1* H“A XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM 7KӵF KLӋQ 4X\\ӃW ÿ\u04cfQK Vӕ ng‡y FӫD Gi·m ÿӕF"
    assert score_text(text).garbage >= 10 and is_broken(score_text(text))
    assert is_broken(score_text("(cid:12)(cid:7)(cid:44) " * 4))


def test_toneless_english_ocr_is_broken() -> None:
    text = ("co quan phat hanh Van phong Chinh phu THU TUONG CHINH PHU CONG HOA XA HOI CHU NGHIA VIET NAM "
            "Doc lap Tu do Hanh phuc Ha Noi ngay thang nam QUYET DINH Ve viec phe duyet danh sach ") * 2
    s = score_text(text)
    assert s.marked == 0 and is_broken(s)


def test_short_page_gets_no_verdict() -> None:
    assert broken_pages([(1, "ceNG HoA xA ngI"), (2, GOOD)]) == []


def test_english_ocr_layer_pdf_needs_ocr() -> None:
    # tests/data/pdf/vpcp-qd932-p1-eng-ocr.pdf: page 1 of vpcp-qd932-scan.pdf at 100 dpi, read by
    # `tesseract IMG OUT -l eng pdf` (an English OCR layer over a Vietnamese scan)
    with pytest.raises(ExtractError, match=r"page\(s\) 1 is not Vietnamese text.*--ocr"):
        extract_pdf(DATA / "pdf" / "vpcp-qd932-p1-eng-ocr.pdf")


@pytest.mark.parametrize(("name", "pages"), [("laocai-dkt-kh1105-garbled.pdf", "1-6"),
                                             ("lamdong-cat-ttr298-adobescan.pdf", "1")])
def test_broken_corpus_layers_name_their_pages(name: str, pages: str) -> None:
    with pytest.raises(ExtractError, match=rf"{name}: the text layer of page\(s\) {pages} is not Vietnamese "
                                           r"text .*run with --ocr"):
        extract_pdf(SAMPLES / "pdf" / name)


@pytest.mark.parametrize("name", ["bct-cv1178-ccn-uo-glyph.pdf", "nhnn-tt01-2006-tcvn3.pdf",
                                  "bnv-cv8151-cchc.pdf"])
def test_good_layers_pass(name: str) -> None:
    # "ƢƠ" glyphs (repaired later by fix_glyphs) and TCVN3 fonts (converted per font run) are not broken
    ex = extract_pdf(SAMPLES / "pdf" / name)
    assert not any(d.code in ("P008", "P032") for d in ex.diagnostics)


@pytest.mark.needs_tesseract
def test_broken_layer_is_read_by_ocr() -> None:
    if not tesseract_ready():  # what --ocr itself needs: tesserocr and the Vietnamese model
        pytest.skip(f"--ocr needs {PACKAGES} and the Python package tesserocr")
    ex = extract_pdf(SAMPLES / "pdf" / "lamdong-cat-ttr298-adobescan.pdf", ocr=True)
    p032 = next(d for d in ex.diagnostics if d.code == "P032")
    assert p032.params == {"pages": "1"} and p032.location.page == 1
    text = " ".join(b.text for b in ex.blocks if isinstance(b, Line))
    assert "Độc lập - Tự do - Hạnh phúc" in text and "Trương Minh Đương" in text
    assert not any(c in text for c in "ØÆæ°¡¿") and not is_broken(score_text(text))
