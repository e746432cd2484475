"""The built-in Word 97 reader (extract/doc): structures on bytes built here, real samples, hostile input."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest
from doc_factory import CENTER, IN_TABLE, TTP, lists, make_doc, numbered, ole, tdef

from cchc_parse.errors import ExtractError, UnsupportedFormat
from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.doc import DocError, doc_to_docx
from cchc_parse.extract.doc import convert as doc_convert
from cchc_parse.extract.doc.fib import FibError, parse_fib
from cchc_parse.extract.doc.pieces import PieceError, PieceTable, parse_clx
from cchc_parse.extract.doc.sprm import Chp, apply_chp, iter_sprms
from cchc_parse.pipeline import parse_file

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "doc"


@pytest.fixture
def builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_DOC_READER", "builtin")


def _extract(tmp_path: Path, data: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / "t.doc"
    path.write_bytes(data)
    return doc_convert.extract_doc(path)


def _lines(ex) -> list[Line]:  # type: ignore[no-untyped-def]
    return [b for b in ex.blocks if isinstance(b, Line)]


# -- structures ----------------------------------------------------------------------------------


def test_piece_table_mixes_8bit_and_utf16_pieces() -> None:
    text = "Số: 12/KH-UBND"  # "Số" needs UTF-16, "12/KH-UBND" is plain cp1252
    wd = bytearray(64)
    wd[0:6] = "Số".encode("utf-16-le")
    wd[20:32] = ": 12/KH-UBND".encode("cp1252")
    pcds = struct.pack("<HIH", 0, 0, 0) + struct.pack("<HIH", 0, (20 * 2) | 0x40000000, 0)
    plc = struct.pack("<3I", 0, 2, len(text)) + pcds
    clx = b"\x01\x02\x00\x35\x08" + b"\x02" + struct.pack("<I", len(plc)) + plc  # a Prc entry, then the Pcdt
    pieces = parse_clx(clx)
    assert [(p.cp, p.cp_end, p.fc, p.compressed) for p in pieces] == [(0, 2, 0, False), (2, 14, 20, True)]
    table = PieceTable(pieces, bytes(wd))
    assert table.text(0, len(text)) == text
    assert table.text(4, 6) == "12"
    with pytest.raises(PieceError, match="CP 14"):
        table.text(0, 99)


def test_cp1252_bytes_of_8bit_pieces() -> None:
    wd = bytes([0x93, 0x41, 0x94, 0x96])  # “A”–
    plc = struct.pack("<2I", 0, 4) + struct.pack("<HIH", 0, 0x40000000, 0)
    table = PieceTable(parse_clx(b"\x02" + struct.pack("<I", len(plc)) + plc), wd)
    assert table.text(0, 4) == "\u201cA\u201d\u2013"


def test_fib_fields_and_table_stream_choice() -> None:
    wd = ole_stream(make_doc("Một\r", flags=0x0000))
    fib = parse_fib(wd)
    assert fib.table == "0Table" and fib.ccp["ccp_text"] == 4 and fib.fclcb["clx"][1] > 0
    assert parse_fib(ole_stream(make_doc("Một\r"))).table == "1Table"


def ole_stream(doc: bytes) -> bytes:
    from cchc_parse.extract.doc.ole import OleFile

    return OleFile(doc).stream("WordDocument")


def test_sprm_operand_sizes_and_toggles() -> None:
    grpprl = (b"\x35\x08\x01" + b"\x43\x4a\x1c\x00" + b"\x08\xd6\x03\x00\xaa\xbb"  # bold, 14 pt, TDefTable
              + b"\x36\x08\x81")  # italic = not the style's
    assert [s for s, _ in iter_sprms(grpprl)] == [0x0835, 0x4A43, 0xD608, 0x0836]
    chp = apply_chp(grpprl, Chp(), style=Chp(italic=False))
    assert (chp.bold, chp.italic, chp.hps) == (True, True, 28)
    assert list(iter_sprms(b"\x43\x4a\x1c")) == []  # cut-short operand: stop, no error


# -- built documents through the shared .docx extractor ------------------------------------------


def test_paragraphs_fields_and_special_characters(tmp_path: Path, builtin: None) -> None:
    text = ("KẾ HOẠCH\r"
            "Xem \x13 HYPERLINK \"http://x.vn\" \x14trang \x13 PAGE \x141\x15\x15 này\r"
            "Dòng một\x0ba) dòng hai\r"
            "kinh\x1ete\x1f-xã hội\x01\x08\r"
            "(a) (\r")
    sym = len(text) - 2  # a "(" that sprmCSymbol makes a Symbol-font bullet
    ex = _extract(tmp_path, make_doc(text, para_sprms={0: CENTER}, bold=[(0, 8)],
                                     char_sprms={(sym, sym + 1): b"\x09\x6a\x02\x00\xb7\xf0"}))
    lines = _lines(ex)
    assert [b.text for b in lines] == ["KẾ HOẠCH", "Xem trang 1 này", "Dòng một", "a) dòng hai",
                                       "kinh-te-xã hội", "(a) •"]
    assert lines[0].style.bold and lines[0].style.align == "center"
    assert not lines[1].style.bold
    assert ex.meta["doc_reader"] == "builtin" and "built-in" in ex.diagnostics[0].message
    assert ex.diagnostics[0].code == "P013"


def test_table_rows_cells_and_vertical_merge(tmp_path: Path, builtin: None) -> None:
    text = ("Trước\r"
            "STT\x07Nội dung\x07\x07"
            "1\x07Rà soát\rthủ tục\x07\x07"
            "\x07Công khai\x07\x07"
            "Sau\r")
    row = TTP + tdef(0, 800, 5000, vmerge={0: 3})
    sprms = {1: IN_TABLE, 2: IN_TABLE, 3: row, 4: IN_TABLE, 5: IN_TABLE, 6: IN_TABLE,
             7: TTP + tdef(0, 800, 5000, vmerge={0: 3}), 8: IN_TABLE, 9: IN_TABLE,
             10: TTP + tdef(0, 800, 5000, vmerge={0: 1})}
    ex = _extract(tmp_path, make_doc(text, para_sprms=sprms))
    table = next(b for b in ex.blocks if isinstance(b, Table))
    assert [[c.text for c in r] for r in table.rows] == [["STT", "Nội dung"], ["1", "Rà soát\nthủ tục"],
                                                         ["", "Công khai"]]
    assert table.rows[2][0].merged_above
    assert [b.text for b in _lines(ex)] == ["Trước", "Sau"]


def test_word_list_numbering_gives_labels(tmp_path: Path, builtin: None) -> None:
    text = "Mục một\rý a\rý b\rMục hai\rgạch\r"
    defs = lists((1, "%1."), (4, "%2)"))  # upper Roman "I.", lower letter "a)"
    sprms = {0: numbered(1, 0), 1: numbered(1, 1), 2: numbered(1, 1), 3: numbered(1, 0)}
    ex = _extract(tmp_path, make_doc(text, para_sprms=sprms, list_def=defs))
    assert [(b.label, b.text) for b in _lines(ex)] == [("I.", "Mục một"), ("a)", "ý a"), ("b)", "ý b"),
                                                      ("II.", "Mục hai"), (None, "gạch")]


def test_footnote_becomes_a_note(tmp_path: Path, builtin: None) -> None:
    text = "Căn cứ Luật\x02 năm 2015.\r"
    ex = _extract(tmp_path, make_doc(text, footnotes={text.index("\x02"): "Luật số 77/2015/QH13."}))
    (line,) = _lines(ex)
    assert line.text == "Căn cứ Luật năm 2015." and line.notes == ("Luật số 77/2015/QH13.",)


# -- hostile input -------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"wident": 0x1234}, "wIdent"),
    ({"flags": 0x0300}, "password-protected"),
    ({"flags": 0x8200}, "obfuscated"),
    ({"ccp_text": 0x7FFFFFFF}, "limit"),
    ({"ccp_text": 5000}, "CP"),
])
def test_bad_fib_is_a_clear_error(tmp_path: Path, builtin: None, kwargs: dict, match: str) -> None:
    with pytest.raises(ExtractError, match=match):
        _extract(tmp_path, make_doc("Một đoạn.\r", **kwargs))


@pytest.mark.parametrize("cut", [600, 4000, 9000, 9628])
def test_truncated_file_is_a_clear_error(tmp_path: Path, builtin: None, cut: int) -> None:
    data = make_doc("Một đoạn văn bản.\r" * 20)
    with pytest.raises(ExtractError, match=r"cannot read the \.doc"):
        _extract(tmp_path, data[:cut])


def test_structures_past_their_stream_are_clear_errors(builtin: None) -> None:
    wd = ole_stream(make_doc("Một đoạn.\r"))
    with pytest.raises(FibError, match="truncated"):
        parse_fib(wd[:300])
    from cchc_parse.extract.doc.ole import OleFile

    f = OleFile(make_doc("Một đoạn.\r"))
    big = bytearray(f.stream("WordDocument"))
    struct.pack_into("<I", big, 0x9A + 8 * 33 + 4, 10**6)  # lcbClx far past the table stream
    with pytest.raises(DocError, match="beyond its end"):
        doc_to_docx(ole({"WordDocument": bytes(big), "1Table": f.stream("1Table")}))


def test_looping_fat_chain_does_not_hang(tmp_path: Path, builtin: None) -> None:
    data = bytearray(make_doc("Một đoạn.\r"))
    fat_sector = struct.unpack_from("<I", data, 0x4C)[0]
    struct.pack_into("<I", data, 512 + fat_sector * 512, 0)  # sector 0 → sector 0 → …
    t = time.monotonic()
    with pytest.raises(ExtractError, match=r"loops|broken"):
        _extract(tmp_path, bytes(data))
    assert time.monotonic() - t < 2


def test_ole_without_word_stream(builtin: None) -> None:
    with pytest.raises(DocError, match="no WordDocument"):
        doc_to_docx(ole({"Workbook": b"x"}))
    with pytest.raises(DocError, match="not an OLE2"):
        doc_to_docx(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(FibError):
        parse_fib(b"\xec\xa5")


def test_reader_time_limit() -> None:
    with pytest.raises(DocError, match="took more than"):
        doc_to_docx(make_doc("Một đoạn.\r" * 10), timeout=-1)


# -- reader selection ----------------------------------------------------------------------------


def test_forced_soffice_without_libreoffice_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_DOC_READER", "soffice")
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: None)
    with pytest.raises(UnsupportedFormat, match="libreoffice-writer-nogui"):
        doc_convert.extract_doc(SAMPLES / "lamdong-vp-giao-danhgia-cchc.doc")


def test_builtin_reader_is_the_default_with_or_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CCHC_DOC_READER", raising=False)
    for found in (None, "/usr/bin/soffice"):
        monkeypatch.setattr(doc_convert, "find_soffice", lambda found=found: found)
        assert doc_convert.choose_reader() == "builtin"
        ex = doc_convert.extract_doc(SAMPLES / "lamdong-vp-giao-danhgia-cchc.doc")
        assert ex.meta["doc_reader"] == "builtin"
        assert ex.diagnostics[0].message == "the .doc was converted to .docx with the built-in Word 97 reader before parsing"


def test_a_file_the_builtin_reader_refuses_goes_to_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuses(path: Path, *a: object, **k: object) -> Path:
        raise ExtractError(path, "a Word 6/95 file: the built-in reader reads Word 97 and later")

    converted: list[Path] = []

    real = doc_convert.builtin_doc_to_docx

    def soffice(path: Path, out_dir: Path, *a: object, **k: object) -> Path:  # stands in for LibreOffice
        converted.append(path)
        return real(path, out_dir)

    monkeypatch.delenv("CCHC_DOC_READER", raising=False)
    monkeypatch.setattr(doc_convert, "builtin_doc_to_docx", refuses)
    monkeypatch.setattr(doc_convert, "convert_doc_to_docx", soffice)
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: "/usr/bin/soffice")
    ex = doc_convert.extract_doc(SAMPLES / "lamdong-vp-giao-danhgia-cchc.doc")
    assert converted and ex.meta["doc_reader"] == "soffice"
    assert "the built-in reader refused it: a Word 6/95 file" in ex.diagnostics[0].message
    # without LibreOffice, or with the built-in reader forced, the refusal is the answer
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: None)
    with pytest.raises(ExtractError, match="Word 6/95"):
        doc_convert.extract_doc(SAMPLES / "lamdong-vp-giao-danhgia-cchc.doc")
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setenv("CCHC_DOC_READER", "builtin")
    with pytest.raises(ExtractError, match="Word 6/95"):
        doc_convert.extract_doc(SAMPLES / "lamdong-vp-giao-danhgia-cchc.doc")


# -- real documents (the values the LibreOffice route gives) --------------------------------------


def test_sample_lamdong_front_back_zones(builtin: None) -> None:
    ex = doc_convert.extract_doc(SAMPLES / "lamdong-vp-giao-danhgia-cchc.doc")
    front = [b.text for b in _lines(ex) if b.zone == "front" and b.text]
    back = [b.text for b in _lines(ex) if b.zone == "back" and b.text]
    assert front[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc"]
    assert "Số: /UBND-NC" in front and back[-1] == "Nguyễn Nhân Bản"


def test_sample_binhthuan_document(builtin: None) -> None:
    doc = parse_file(SAMPLES / "binhthuan-ubnd-cv-congdien131-tthc.doc").doc.document
    assert (doc.number, doc.symbol, doc.doc_type) == (None, "UBND-NCKSTTHC", "CV")
    assert (doc.date.year, doc.date.month, doc.date.day) == (2024, 12, None)
    assert doc.title.startswith("triển khai Công điện số 131/CĐ-TTg ngày 11/12/2024")
    assert (doc.signer.title, doc.signer.name) == ("CHỦ TỊCH", "Đoàn Anh Dũng")
    assert doc.recipients[0] == "Như trên" and doc.recipients[-1] == "Lưu: VT, NCKSTTHC.Châu"
    assert doc.addressees == ["Các cơ quan chuyên môn thuộc UBND tỉnh",
                              "Ban Quản lý các khu công nghiệp Bình Thuận",
                              "UBND các huyện, thị xã, thành phố"]


def test_sample_vni_document_is_converted(builtin: None) -> None:
    doc = parse_file(SAMPLES / "ubnd-qd991-2008-vni.doc").doc.document
    assert (doc.number, doc.symbol, doc.doc_type) == ("991", "QĐ-UBND", "QĐ")
    assert doc.date.iso == "2008-05-14" and doc.place == "Đồng Xoài"
    assert doc.issuer == "Ủy ban nhân dân tỉnh Bình Phước"
    assert doc.title.startswith("Về việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng")
