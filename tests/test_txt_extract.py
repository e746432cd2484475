"""The text extractor: encodings, line endings, NFC, tab tables → blocks."""

from __future__ import annotations

import unicodedata

import pytest

from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.txt.reader import extract_txt_bytes, text_to_blocks
from cchc_parse.normalise.encodings import unicode_to_tcvn3

TEXT = "KẾ HOẠCH\nCải cách hành chính năm 2023 của Sở Tư pháp tỉnh Tây Ninh\n"


def _lines(data: bytes) -> list[str]:
    return [b.text for b in extract_txt_bytes(data).blocks if isinstance(b, Line) and b.text]


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "utf-8"),
])
def test_unicode_inputs(data: bytes, encoding: str) -> None:
    ex = extract_txt_bytes(data)
    assert ex.meta["encoding"] == encoding
    assert _lines(data) == TEXT.strip().split("\n")
    assert all(unicodedata.is_normalized("NFC", t) for t in _lines(data))


def test_cp1258_fallback_with_diagnostic() -> None:
    data = b"C\xe1i c\xe1ch h\xe0nh ch\xednh"  # Windows-1258 bytes: not valid UTF-8
    ex = extract_txt_bytes(data)
    assert ex.meta["encoding"] != "utf-8"
    assert any(d.code == "P001" for d in ex.diagnostics)
    assert _lines(data)[0].startswith("C")


def test_tcvn3_bytes_converted() -> None:
    legacy = unicode_to_tcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam").encode("latin-1")
    ex = extract_txt_bytes(legacy)
    assert _lines(legacy) == ["Cộng hòa xã hội chủ nghĩa Việt Nam"]
    assert ex.diagnostics


def test_mojibake_repaired() -> None:
    data = "Cộng hòa xã hội chủ nghĩa Việt Nam".encode().decode("cp1252", errors="replace").encode("utf-8")
    text = _lines(data)[0]
    assert "Cộng" in text


def test_tab_rows_make_one_table_across_blank_lines() -> None:
    blocks = text_to_blocks("II. NỘI DUNG\nStt\tNội dung\tThời gian\n1\tA\tQuý I\n\n\tB\t\n2\tC\tQuý II\nIII. X\n")
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [[c.text for c in r] for r in tables[0].rows] == [["Stt", "Nội dung", "Thời gian"], ["1", "A", "Quý I"],
                                                             ["", "B", ""], ["2", "C", "Quý II"]]
    assert tables[0].rows[1][0].src.line == 3 and tables[0].rows[2][0].src.line == 5
