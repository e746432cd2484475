"""Fast paths give what the slow ones give: the YAML writer (emit/yaml_events._emit) against PyYAML's
own dump, the packaged tables read with libyaml, the .docx text cleaner's shortcuts, the cached
text-layer score and is_upper_line."""

from __future__ import annotations

import yaml

from cchc_parse.emit import serialize, yaml_events
from cchc_parse.extract import clean
from cchc_parse.extract.docx import reader as docx
from cchc_parse.extract.pdf import textlayer

KW = {"allow_unicode": True, "sort_keys": False, "width": 100}
TRICKY = ["", "~", "=", "<<", "!x", "&a", "*a", "0o7", ".5", "+1", "-", "- a", "Yes", "ON", "off", "N", "y",
          "Null", "NULL", "1_000", "0x1F", "1:20", "2024-01-02 10:00", ".inf", ".NaN", "tab\there", "\tlead",
          "trail ", "x\x85y", "nbsp\u00a0end", "emoji 😀", "dòng 1\ndòng 2\n\n", " lead\nline", "a\n",
          "Số: 12/KH-UBND", "Điều 3. Tổ chức thực hiện", "ngày 05/12/2024", "%", "@x", "`x", "|x", ">x",
          "[x]", "{x}", "? x", "x #y", "x: y", "'", '"', "…(3)…", "Thực hiện " * 30 + "\n"]


def test_tricky_texts_are_written_as_yaml_dump() -> None:
    data = {"texts": TRICKY, "keys": {t: t for t in TRICKY if t}, "nums": [0, -1, 10**20, 0.5, 1e-9]}
    assert serialize._yaml_text(data) == yaml.dump(data, Dumper=yaml_events.Dumper, **KW)


def test_other_types_fall_back_to_pyyaml() -> None:
    data = {"a": (1, 2), "b": "x"}  # a tuple: PyYAML's representer decides
    assert serialize._yaml_text(data) == yaml.dump(data, Dumper=yaml_events.Dumper, **KW)


CLEAN = ["", "a", "a ", " a", "a\n", "a\r", "o  b", "Kế hoạch", "Ke\u0301 hoạch", "Điều\u00a01", "a\u200bb",
         "a\tb", "a\x02b", "a\x85", "x\u2028", "\ufeffBOM", "Plan 2025", "~!", "a\x1cb", "Số 12 /KH"]


def test_docx_clean_text_is_clean_text() -> None:
    for s in CLEAN:
        assert docx.clean_text(s) == clean.clean_text(s), repr(s)


def test_score_text_counts_as_before() -> None:
    text = "Kế hoạch cải cách hành chính năm 2025 của UBND tỉnh Lào Cai ng°Ýi NGH(A BØ III a) TTg " * 3
    s = textlayer.score_text(text)
    assert (s.words, s.valid, s.marked) == (3 * 14, 3 * 11, 3 * 10)  # ng°Ýi, NGH(A, BØ: invalid words
    assert textlayer.score_text("ttcbth@quangngai.gov.vn https://x.vn www.a.vn PC04") == textlayer.LayerScore(0, 0, 0, 0)


def test_is_upper_line() -> None:
    from cchc_parse.structure.front import is_upper_line

    assert is_upper_line("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH") and not is_upper_line("Kế hoạch") and not is_upper_line("A1")
    assert is_upper_line("QUY CHẾ tổ") is False and is_upper_line("ỦY BAN NHÂN DÂN TỈNH LÀO CAi")


def test_stream_guard_counts_as_zlib(monkeypatch) -> None:
    """The ISA-L inflater judges every stream of the sample PDFs, a truncated one and a bomb as zlib does."""
    import mmap
    import zlib
    from pathlib import Path

    from cchc_parse.extract.pdf import guard as pdf_guard

    bomb = zlib.compress(b"\0" * (4 << 20), 9)
    blobs = [b"stream\n" + bomb + b"\nendstream", b"stream\r\n" + bomb[: len(bomb) // 2],
             b"stream\n" + zlib.compress("Kế hoạch".encode() * 999)[:-3] + b"junk"]
    for pdf in ("bnv-cv8151-cchc.pdf", "001-kh-svhttdl-word.pdf"):
        blobs.append(Path("samples/pdf", pdf).read_bytes())
    for blob in blobs:
        with mmap.mmap(-1, len(blob)) as data:
            data.write(blob)
            starts = [m.end() for m in pdf_guard._STREAM.finditer(blob)]
            assert starts
            limits = (1 << 14, 1 << 20, 8 << 20)
            fast = [pdf_guard._exceeds(data, s, limit) for s in starts for limit in limits]
            monkeypatch.setattr(pdf_guard, "_ZLIB", zlib)
            assert [pdf_guard._exceeds(data, s, limit) for s in starts for limit in limits] == fast
            monkeypatch.undo()
    assert pdf_guard._ZLIB.__name__.endswith("isal_zlib")  # the project requires isal


def test_wrap_width_counts_as_the_plain_loop() -> None:
    import random

    from cchc_parse.extract.blocks import Line, SourceRef
    from cchc_parse.structure.paragraphs import wrap_width

    rng = random.Random(7)
    for _ in range(200):
        lengths = [rng.choice([rng.randint(20, 200), rng.randint(70, 80)]) for _ in range(rng.randint(18, 60))]
        blocks = [Line(text="x" * n, src=SourceRef(line=i + 1)) for i, n in enumerate(lengths)]
        kept = [n for n in lengths if n >= 20]
        want = None
        if len(kept) >= 20:
            best, low = max((sum(1 for x in kept if lo <= x <= lo * 1.15), lo) for lo in range(40, 161))
            want = int(low * 0.75) if best >= 0.33 * len(kept) else None
        assert wrap_width(blocks) == want
