"""PDF cleaning helpers, table-driven on strings and small fakes."""

from __future__ import annotations

import pytest

from cchc_parse.extract.glyphs import fix_glyphs
from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.clean import (
    bad_word_ratio,
    drop_running,
    find_stamps,
    has_cid,
)
from cchc_parse.extract.pdf.lines import VLine, group_lines, join_text
from cchc_parse.extract.signature import parse_stamp_time, stamp_meta


@pytest.mark.parametrize("raw, fixed, n", [
    ("BỘ CÔNG THƢƠNG", "BỘ CÔNG THƯƠNG", 1),
    ("hƣớng dẫn", "hướng dẫn", 1),
    ("CỘNG HÕA XÃ HỘI", "CỘNG HÒA XÃ HỘI", 1),
    ("Cộng hõa", "Cộng hòa", 1),
    ("TÕA ÁN", "TÒA ÁN", 1),
    ("tóc xõa", "tóc xõa", 0),  # a real word: left alone
    ("lõa lồ", "lõa lồ", 0),
    ("Õ", "Õ", 0),
    ("CỘNG HÒA", "CỘNG HÒA", 0),
])
def test_fix_glyphs(raw, fixed, n):
    assert fix_glyphs(raw) == (fixed, n)


@pytest.mark.parametrize("a, b, out", [
    ("công-", "nghệ", "côngnghệ"),
    ("Nghị định số 30/2020/NĐ-", "CP ngày", "Nghị định số 30/2020/NĐ-CP ngày"),
    ("kinh tế -", "xã hội", "kinh tế - xã hội"),
    ("cải cách", "hành chính", "cải cách hành chính"),
])
def test_join_text(a, b, out):
    assert join_text(a, b) == out


def test_cid_and_garbage():
    assert has_cid("abc (cid:123) d")
    assert not has_cid("Điều 3 (cid)")
    assert bad_word_ratio("Thực hiện Quyết định số 145 của Bộ trưởng") == 0.0
    assert bad_word_ratio("7KӵF KLӋQ 4X\\ӃW ÿӏQK Vӕ ng‡y FӫD") > 0.5


def _ln(text, top, x0=100.0, page=1):
    c = Char(text, x0, x0 + 6 * len(text), top, top + 12, 12.0, "Times", False, False)
    return VLine([c], page).finish()


def test_drop_running_headers_and_page_numbers():
    pages = [[_ln("Kế hoạch CCHC năm 2023", 20), _ln(str(i), 30, 290), _ln("Nội dung trang", 300)]
             for i in range(1, 5)]
    n = drop_running(pages, [842.0] * 4)
    assert n == 8
    assert all([ln.text for ln in p] == ["Nội dung trang"] for p in pages)


def test_stamp_lines_removed_into_meta():
    lines = [_ln("Nội dung", 100), _ln("Ký bởi: Sở Nội vụ", 700, 380), _ln("Email: snv@binhduong.gov.vn", 712, 380),
             _ln("Thời gian ký: 14.07.2023 09:15:12 +07:00", 724, 380), _ln("Email: lienhe@x.vn", 300)]
    keep, fields = find_stamps(lines)
    assert [ln.text for ln in keep] == ["Nội dung", "Email: lienhe@x.vn"]
    meta = stamp_meta(fields)
    assert meta["signed_by"] == "Sở Nội vụ"
    assert meta["signed_at"] == "2023-07-14T09:15:12+07:00"
    assert meta["signed_email"] == "snv@binhduong.gov.vn"


@pytest.mark.parametrize("s, iso", [
    ("14/07/2026 09:15", "2026-07-14T09:15:00"),
    ("03.01.2025", "2025-01-03"),
    ("hôm qua", "hôm qua"),
])
def test_parse_stamp_time(s, iso):
    assert parse_stamp_time(s) == iso


def test_group_lines_reading_order_and_spaces():
    def ch(t, x, top):
        return Char(t, x, x + 6, top, top + 12, 12.0, "Times-Bold", True, False)
    chars = [ch("b", 106, 40), ch("a", 100, 40.5), ch("c", 120, 40), ch("x", 100, 60)]
    lines = group_lines(chars, 3)
    assert [ln.text for ln in lines] == ["ab c", "x"]
    assert lines[0].bold and lines[0].no == 1 and lines[1].no == 2
