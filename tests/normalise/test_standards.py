"""Technical standards cited in text (normalise/standards.py)."""

from __future__ import annotations

import pytest

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line
from cchc_parse.normalise.citations import find_citations
from cchc_parse.normalise.standards import find_standards

from conftest import SAMPLES

CASES = [
    ("theo QCVN 40:2025/BTNMT về nước thải", [("QCVN", "QCVN 40:2025/BTNMT")]),
    ("Quy chuẩn QCVN122:2024/BGTVT, Thông tư", [("QCVN", "QCVN 122:2024/BGTVT")]),
    ("kết cấu theo TCVN 5574:2018.", [("TCVN", "TCVN 5574:2018")]),
    ("áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 vào", [("TCVN", "TCVN ISO 9001:2015")]),
    ("chứng nhận ISO/IEC 27001:2013", [("ISO", "ISO/IEC 27001:2013")]),
    ("Cấp II theo QCVN 04-05: 2022/BNNPTNT Quy chuẩn", [("QCVN", "QCVN 04-05:2022/BNNPTNT")]),
    ("(QCVN 01:2019/BCT) và QCVN 01-1:2018/BYT",
     [("QCVN", "QCVN 01:2019/BCT"), ("QCVN", "QCVN 01-1:2018/BYT")]),
    ("theo QCVN 26/2010/BTNMT về tiếng ồn", [("QCVN", "QCVN 26/2010/BTNMT")]),
    # not standards: a bare family name, a word that contains the letters
    ("các tiêu chuẩn ISO, TCVN hiện hành", []),
    ("Nghị định số 61/2018/NĐ-CP ngày 23/4/2018", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_standards(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(k, c) for k, c, _, _ in find_standards(text)] == expected


def test_span_covers_the_code() -> None:
    text = "Áp dụng QCVN 40:2025/BTNMT."
    (_, code, start, end), = find_standards(text)
    assert text[start:end] == "QCVN 40:2025/BTNMT" == code


def test_real_standard_next_to_a_circular() -> None:
    """laocai-ubnd-cv3686: 'QCVN 122:2024/BGTVT, Thông tư số 47/2024/TT-BGTVT' (body and footnote)."""
    ex = extract(SAMPLES / "pdf" / "laocai-ubnd-cv3686-pccc.pdf")
    texts = [t for b in ex.blocks if isinstance(b, Line) for t in (b.text, *b.notes)]
    codes = {c for t in texts for _, c, _, _ in find_standards(t)}
    assert codes == {"QCVN 122:2024/BGTVT"}
    numbers = {c.number for t in texts for c in find_citations(t)}
    assert "47/2024/TT-BGTVT" in numbers
    assert "2024/BGTVT" not in numbers and "122/BGTVT" not in numbers
