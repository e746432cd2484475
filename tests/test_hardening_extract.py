"""Issue 13, items 5 and 12: bombs and silent losses in the .docx, .doc and PDF extractors.

Each bomb is built here by a small generator and parsed in a child process under an address-space
limit (a regression then fails by running out of memory or time instead of taking the machine)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from doc_factory import ole
from docx_factory import NS, abstract, lvl, make_docx, num, numbering_xml, p, tc, tr

from cchc_parse.errors import LimitExceeded, UnsupportedFormat
from cchc_parse.extract.blocks import Line, Table
from cchc_parse.extract.docx.reader import extract_docx
from cchc_parse.extract.pdf.guard import check_streams
from cchc_parse.pipeline import parse_file

ROOT = Path(__file__).resolve().parent.parent
_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
from cchc_parse.pipeline import parse_file
t = time.monotonic()
try:
    r = parse_file(sys.argv[1])
    out = {{"ok": True, "codes": [d.code for d in r.doc.diagnostics], "tasks": len(r.doc.tasks)}}
except Exception as e:
    out = {{"ok": False, "error": type(e).__name__, "reason": str(e)}}
out["seconds"] = time.monotonic() - t
# VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would report the (large) forking pytest process
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")]
out["rss_mb"] = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def parse_limited(path: Path, mem_mb: int = 1024, timeout: float = 20.0) -> dict[str, object]:
    """parse_file(path) in a child under RLIMIT_AS: outcome, seconds and peak RSS (VmHWM)."""
    code = _CHILD.format(mem=mem_mb * 2**20)
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _with_rels(data: bytes, rels: str, extra: dict[str, bytes]) -> bytes:
    """``data`` (a .docx) with more document relationships and parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    name = "word/_rels/document.xml.rels"
    parts[name] = parts[name].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
    parts.update(extra)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, v in parts.items():
            z.writestr(n, v)
    return buf.getvalue()


# -- item 5: .docx bombs -----------------------------------------------------------------------------


def test_a_table_grid_of_100k_columns_is_capped_not_allocated(tmp_path: Path) -> None:
    # 6 KB: 100,000 w:gridCol and 50 one-cell rows were padded to 5 million cells (8.7 s, 1.1 GB)
    grid = "<w:tblGrid>" + '<w:gridCol w:w="1"/>' * 100_000 + "</w:tblGrid>"
    body = f"<w:tbl><w:tblPr/>{grid}{tr(tc('Nội dung')) * 50}</w:tbl>"
    path = tmp_path / "grid.docx"
    path.write_bytes(make_docx(body))
    res = parse_limited(path, mem_mb=1024)
    assert res["ok"] and "P027" in res["codes"], res
    assert res["seconds"] < 3.0 and res["rss_mb"] < 300, res
    ex = extract_docx(path)
    limit = next(d for d in ex.diagnostics if d.code == "P027")
    assert limit.params == {"limit": "docx.table.columns", "value": 1001, "max": 1000}


def test_a_numbering_start_of_4e10_is_clamped(tmp_path: Path) -> None:
    # 1.9 KB: start 4e10 in lowerLetter made a label of 1.5e9 "a" (7.4 GB)
    nb = numbering_xml(abstract(1, lvl(0, "lowerLetter", "%1)", start=40_000_000_000)), nums=num(1, 1))
    path = tmp_path / "start.docx"
    path.write_bytes(make_docx(p("Rà soát thủ tục", num=(1, 0)) * 3, numbering=nb))
    res = parse_limited(path, mem_mb=1024)
    assert res["ok"] and res["seconds"] < 3.0 and res["rss_mb"] < 300, res
    ex = extract_docx(path)
    assert [b.label for b in ex.blocks if isinstance(b, Line)] == ["32767)", "32768)", "32769)"]
    limit = next(d for d in ex.diagnostics if d.code == "P027")
    assert limit.params == {"limit": "docx.numbering.start", "value": 40_000_000_000, "max": 32767}


def test_letters_past_zz_are_numbers() -> None:
    from cchc_parse.extract.docx.numbering import format_number

    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(780, "lowerLetter") == "z" * 30
    assert format_number(781, "lowerLetter") == "781"


def test_empty_cells_are_linear(tmp_path: Path) -> None:
    # 4 KB: 250 rows of 999 cells without a paragraph: each cell scanned its whole row (5.9 s)
    body = "<w:tbl><w:tblPr/>" + ("<w:tr>" + "<w:tc/>" * 999 + "</w:tr>") * 250 + "</w:tbl>" + p("Kết thúc")
    path = tmp_path / "cells.docx"
    path.write_bytes(make_docx(body))
    t = time.monotonic()
    ex = extract_docx(path)
    assert time.monotonic() - t < 3.0
    assert [b.text for b in ex.blocks if isinstance(b, Line) and b.text] == ["Kết thúc"]


def test_a_row_over_1000_cells_is_refused(tmp_path: Path) -> None:
    body = "<w:tbl><w:tblPr/><w:tr>" + "<w:tc/>" * 20_000 + "</w:tr></w:tbl>"
    path = tmp_path / "row.docx"
    path.write_bytes(make_docx(body))
    with pytest.raises(LimitExceeded, match="more than 1000 cells"):
        extract_docx(path)


def test_the_time_limit_is_checked_inside_tables(tmp_path: Path) -> None:
    # a table of cells without paragraphs never reached the per-paragraph time check
    body = "<w:tbl><w:tblPr/>" + ("<w:tr>" + "<w:tc/>" * 10 + "</w:tr>") * 10 + "</w:tbl>"
    path = tmp_path / "slow.docx"
    path.write_bytes(make_docx(body))
    with pytest.raises(LimitExceeded, match="time limit"):
        extract_docx(path, timeout=0.0)


# -- item 5: PDF flate bomb ---------------------------------------------------------------------------


def flate_bomb(mib: int) -> bytes:
    """A zlib stream of ``mib`` MiB of spaces (about 1 KB per MiB), made of one repeated full-flush block."""
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)[:-4]
    adler = 1
    for _ in range(mib):
        adler = zlib.adler32(chunk, adler)
    return first + block * (mib - 1) + tail + adler.to_bytes(4, "big")


def one_page_pdf(content: bytes) -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_generator_makes_a_real_zlib_stream() -> None:
    assert zlib.decompress(flate_bomb(3)) == b" " * (3 << 20)


def test_a_flate_bomb_in_a_pdf_is_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    # 300 KB inflating to 300 MiB; the 1.5 MB one needed 2.6 GB (12 s)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(one_page_pdf(flate_bomb(300)))
    res = parse_limited(path, mem_mb=1024)
    assert not res["ok"] and res["error"] == "LimitExceeded", res
    assert "decompression bomb" in str(res["reason"]) and "256 MB" in str(res["reason"])
    assert res["seconds"] < 3.0 and res["rss_mb"] < 200, res


def test_the_pdf_guard_passes_the_samples() -> None:
    for pdf in sorted((ROOT / "samples" / "pdf").glob("*.pdf")):
        check_streams(pdf)  # no false alarm, and cheap (mmap, nothing kept)


def test_the_pdf_guard_limit_is_per_stream(tmp_path: Path) -> None:
    path = tmp_path / "small.pdf"
    path.write_bytes(one_page_pdf(flate_bomb(3)))
    check_streams(path)
    with pytest.raises(LimitExceeded, match="more than 2 MB"):
        check_streams(path, limit=2 << 20)


# -- item 12: silent losses -----------------------------------------------------------------------------

_AFCHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def test_an_html_altchunk_is_read_and_another_format_is_reported(tmp_path: Path) -> None:
    html = ("<html><body><p>I. MỤC ĐÍCH</p><table><tr><td>STT</td><td>Nội dung</td></tr>"
            "<tr><td>1</td><td>Rà soát thủ tục</td></tr></table></body></html>").encode()
    body = p("KẾ HOẠCH") + '<w:altChunk r:id="rIdA"/><w:altChunk r:id="rIdB"/>' + p("Nơi nhận:")
    rels = (f'<Relationship Id="rIdA" Type="{_AFCHUNK}" Target="chunk.htm"/>'
            f'<Relationship Id="rIdB" Type="{_AFCHUNK}" Target="chunk2.rtf"/>')
    path = tmp_path / "alt.docx"
    path.write_bytes(_with_rels(make_docx(body), rels, {"word/chunk.htm": html,
                                                        "word/chunk2.rtf": rb"{\rtf1 hidden}"}))
    ex = extract_docx(path)
    assert [b.text for b in ex.blocks if isinstance(b, Line)] == ["KẾ HOẠCH", "I. MỤC ĐÍCH", "Nơi nhận:"]
    table = next(b for b in ex.blocks if isinstance(b, Table))
    assert [[c.text for c in row] for row in table.rows] == [["STT", "Nội dung"], ["1", "Rà soát thủ tục"]]
    by_code = {d.code: d.params for d in ex.diagnostics}
    assert by_code["P028"] == {"part": "word/chunk.htm", "type": "html"}
    assert by_code["P029"] == {"part": "word/chunk2.rtf", "type": "rtf"}


def _document(text: str) -> str:
    return f"<w:document {NS}><w:body>{p(text)}<w:sectPr/></w:body></w:document>"


def test_utf8_bytes_declared_windows_1252_are_read_as_utf8(tmp_path: Path) -> None:
    doc = ('<?xml version="1.0" encoding="windows-1252" standalone="yes"?>' + _document("KẾ HOẠCH cải cách"))
    path = tmp_path / "lie.docx"
    path.write_bytes(make_docx("", document=doc.encode("utf-8")))
    ex = extract_docx(path)
    assert [b.text for b in ex.blocks if isinstance(b, Line)] == ["KẾ HOẠCH cải cách"]  # was "KẾ HOáº CH …"
    d = next(d for d in ex.diagnostics if d.code == "P030")
    assert d.params == {"part": "word/document.xml", "declared": "windows-1252", "actual": "UTF-8"}


def test_legacy_bytes_declared_utf8_are_read_as_windows_1258(tmp_path: Path) -> None:
    doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + _document("K\u00ea hoa\u0323ch")
    path = tmp_path / "lie.docx"
    path.write_bytes(make_docx("", document=doc.encode("cp1258")))
    ex = extract_docx(path)  # was an ExtractError: not well-formed XML
    assert [b.text for b in ex.blocks if isinstance(b, Line)] == ["Kê hoạch"]
    d = next(d for d in ex.diagnostics if d.code == "P030")
    assert d.params == {"part": "word/document.xml", "declared": "UTF-8", "actual": "windows-1258"}


def test_an_ole_file_that_is_not_word_is_not_sent_to_libreoffice(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_parse.extract.doc import convert as doc_convert

    monkeypatch.delenv("CCHC_DOC_READER", raising=False)
    called: list[Path] = []
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(doc_convert, "convert_doc_to_docx", lambda path, *a, **k: called.append(path))
    path = tmp_path / "bang-tinh.doc"
    path.write_bytes(ole({"Workbook": b"\x09\x08" + bytes(600)}))
    with pytest.raises(UnsupportedFormat, match="no WordDocument stream"):
        parse_file(path)
    assert called == []


def test_source_format_of_a_doc_is_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CCHC_DOC_READER", raising=False)
    doc = parse_file(ROOT / "samples" / "doc" / "binhthuan-ubnd-cv-congdien131-tthc.doc").doc
    assert doc.document.source_format == "doc"
    docx = parse_file(ROOT / "samples" / "docx" / sorted(p.name for p in (ROOT / "samples" / "docx").iterdir()
                                                         if p.suffix == ".docx")[0]).doc
    assert docx.document.source_format == "docx"
