"""Hostile and broken input (issue 8): only CchcError subclasses come out, naming the file and the reason.

Zip bombs, XML entity tricks, encrypted/truncated/corrupt files, empty files, junk, lying
extensions, huge PDFs, a million-character line, deeply nested tables, and batch folders with
symlink loops and odd names. Big inputs are generated here; nothing is read from outside the repo.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from docx_factory import NS, make_docx, p, tbl, tc, tr

from cchc_parse.emit.serialize import dump_json
from cchc_parse.errors import CchcError, ExtractError, InputError, LimitExceeded, UnsupportedFormat
from cchc_parse.extract import extract
from cchc_parse.extract.docx import package as docx_package
from cchc_parse.pipeline import ParseOptions, parse_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PDF_DATA = ROOT / "tests" / "data" / "pdf"
SMALL_PDF = PDF_DATA / "plan-small.pdf"
ENC_PDF = PDF_DATA / "plan-small-enc.pdf"
TEXT_PDF = SAMPLES / "pdf" / "bnv-cv8151-cchc.pdf"  # one text page, no rulings
SMALL_DOCX = SAMPLES / "docx" / "lamdong-ubnd-tbkl-pci.docx"
SAMPLE_TXT = SAMPLES / "text" / "004-news-cchc-binhduong.txt"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _slow_enabled(request: pytest.FixtureRequest) -> bool:
    return "slow" in (request.config.getoption("markexpr") or "") or bool(os.environ.get("CCHC_SLOW"))


def _names_file(e: CchcError, path: Path) -> bool:
    return path.name in str(e) and bool(e.reason)


def _expect_cchc_error(path: Path, kind: type[CchcError] = CchcError, match: str | None = None,
                       **kw: object) -> CchcError:
    with pytest.raises(kind, match=match) as info:
        parse_file(path, ParseOptions(**kw))  # type: ignore[arg-type]
    assert _names_file(info.value, path), str(info.value)
    return info.value


def _parse_or_cchc_error(path: Path) -> str | None:
    """Parse ``path``: its JSON, or None when it raised a CchcError (anything else fails the test)."""
    try:
        return dump_json(parse_file(path).doc)
    except CchcError as e:
        assert _names_file(e, path), str(e)
        return None


def _run(code: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True,
                          text=True, timeout=timeout, env=ENV, cwd=ROOT)


# --- .docx zip bombs: every limit is checked from the central directory, before any member is read


def _bomb(path: Path, members: dict[str, int], extra_small: int = 0) -> Path:
    """A .docx-looking zip whose members are runs of zeros (compress ~1000:1)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for name, size in members.items():
            with z.open(name, "w", force_zip64=True) as fh:
                left = size
                while left > 0:
                    fh.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
        for i in range(extra_small):
            z.writestr(f"word/media/x{i}.bin", b"")
    return path


@pytest.fixture
def no_member_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any zip member is opened: the limits must fire before reading."""

    real_open = zipfile.ZipFile.open

    def refuse(self: zipfile.ZipFile, name: object, mode: str = "r", *a: object, **k: object) -> object:
        if mode == "r":
            raise AssertionError("a zip member was read before the limits were checked")
        return real_open(self, name, mode, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def test_zip_bomb_member_too_big(tmp_path: Path, no_member_reads: None) -> None:
    path = _bomb(tmp_path / "bomb.docx", {"word/document.xml": docx_package.MAX_MEMBER + (1 << 20)})
    assert path.stat().st_size < 1_000_000  # a real bomb: < 1 MB on disk, > 100 MB inflated
    e = _expect_cchc_error(path, LimitExceeded, match="word/document.xml")
    assert "limit" in e.reason


def test_zip_bomb_total_too_big(tmp_path: Path, no_member_reads: None) -> None:
    each = docx_package.MAX_MEMBER * 7 // 10  # under the per-member limit, 3 of them over the total
    path = _bomb(tmp_path / "bomb.docx", {f"word/part{i}.xml": each for i in range(3)}
                 | {"word/document.xml": 10})
    _expect_cchc_error(path, LimitExceeded, match="uncompressed bytes")


def test_zip_bomb_too_many_members(tmp_path: Path, no_member_reads: None) -> None:
    path = _bomb(tmp_path / "many.docx", {"word/document.xml": 10}, extra_small=docx_package.MAX_MEMBERS)
    _expect_cchc_error(path, LimitExceeded, match="members")


def test_zip_bomb_lying_header(tmp_path: Path) -> None:
    """The central directory claims 1 KB; the member inflates to > 100 MB: refused, memory bounded."""
    path = _bomb(tmp_path / "liar.docx", {"word/document.xml": docx_package.MAX_MEMBER + (1 << 20)})
    data = bytearray(path.read_bytes())
    # zip64: sizes live in the extra field; rewrite every header's size fields we can find
    import struct

    i = data.find(b"PK\x01\x02")
    while i != -1:
        n, m = struct.unpack_from("<HH", data, i + 28)
        name = bytes(data[i + 46:i + 46 + n])
        if name == b"word/document.xml":
            j = i + 46 + n
            end = j + m
            while j < end:
                tag, size = struct.unpack_from("<HH", data, j)
                if tag == 1 and size >= 8:
                    struct.pack_into("<Q", data, j + 4, 1024)
                j += 4 + size
        i = data.find(b"PK\x01\x02", i + 4)
    path.write_bytes(bytes(data))
    code = """
        import resource, sys
        from cchc_parse.pipeline import parse_file
        from cchc_parse.errors import CchcError
        def _hwm():  # VmHWM: after fork+exec ru_maxrss starts at the parent's peak
            for line in open("/proc/self/status"):
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        r0 = _hwm()
        try:
            parse_file(sys.argv[1]); print("PARSED")
        except CchcError as e:
            print("CCHC", type(e).__name__, e)
        print("GROWTH_MB", (_hwm() - r0) // 1024)
    """
    r = _run(code, str(path), timeout=60)
    assert r.returncode == 0, r.stderr
    assert "CCHC" in r.stdout and "liar.docx" in r.stdout, r.stdout
    growth = int(r.stdout.rsplit("GROWTH_MB", 1)[1])
    assert growth < 2 * docx_package.MAX_MEMBER // 2**20 + 64


# --- XML entity expansion and external entities

_LAUGHS = ('<!ENTITY a "lolololololololololo"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
           '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
           '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
           '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;"><!ENTITY j "&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;">')


def _doc_with(doctype: str, text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{doctype}]>'
            f"<w:document {NS}><w:body>{p('KẾ HOẠCH cải cách hành chính')}"
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:sectPr/></w:body></w:document>")


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "_rels/.rels"])
def test_billion_laughs_not_expanded(tmp_path: Path, part: str) -> None:
    path = tmp_path / "laughs.docx"
    if part == "word/document.xml":
        path.write_bytes(make_docx("", document=_doc_with(_LAUGHS, "x&j;y")))
    else:
        root = "w:styles" if part.endswith("styles.xml") else "Relationships"
        bomb = f'<?xml version="1.0"?><!DOCTYPE {root} [{_LAUGHS}]><{root} {NS}>&j;</{root}>'
        styles = bomb if part.endswith("styles.xml") else None
        data = make_docx(p("KẾ HOẠCH"), styles=styles)
        if part == "_rels/.rels":  # replace the package relationships with the bomb
            src = zipfile.ZipFile(io.BytesIO(data))
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for info in src.infolist():
                    z.writestr(info.filename, bomb if info.filename == part else src.read(info.filename))
            data = buf.getvalue()
        path.write_bytes(data)
    t0 = time.perf_counter()
    out = _parse_or_cchc_error(path)
    assert time.perf_counter() - t0 < 10
    assert out is None or "lolololo" not in out


@pytest.mark.parametrize("how", ["general", "parameter", "external-dtd"])
def test_external_entities_refused(tmp_path: Path, how: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a", encoding="utf-8")
    uri = secret.as_uri()
    if how == "general":
        doc = _doc_with(f'<!ENTITY ext SYSTEM "{uri}">', "x&ext;y")
    elif how == "parameter":
        doc = _doc_with(f'<!ENTITY % ext SYSTEM "{uri}"> %ext;', "xy")
    else:
        doc = (f'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "{uri}">'
               f"<w:document {NS}><w:body>{p('KẾ HOẠCH')}<w:sectPr/></w:body></w:document>")
    path = tmp_path / "xxe.docx"
    path.write_bytes(make_docx("", document=doc))
    out = _parse_or_cchc_error(path)
    assert out is None or "TOPSECRET" not in out


# --- encrypted PDF


def test_encrypted_pdf_needs_password() -> None:
    e = _expect_cchc_error(ENC_PDF, ExtractError, match="encrypted")
    assert "--password" in str(e)


def test_encrypted_pdf_wrong_password() -> None:
    _expect_cchc_error(ENC_PDF, ExtractError, match="password", password="wrong")


def test_encrypted_pdf_opens_with_password() -> None:
    enc = parse_file(ENC_PDF, ParseOptions(password="secret")).doc
    plain = parse_file(SMALL_PDF).doc
    assert enc.tasks and len(enc.tasks) == len(plain.tasks)
    assert [t.content for t in enc.tasks] == [t.content for t in plain.tasks]


# --- truncated and corrupt files


@pytest.mark.parametrize("src", [SMALL_DOCX, SAMPLES / "docx" / "001-kh-svhttdl-word.docx", SMALL_PDF, TEXT_PDF],
                         ids=lambda p: p.name)
@pytest.mark.parametrize("keep", [0.0005, 0.1, 0.5, 0.9, 0.999])
def test_truncated(tmp_path: Path, src: Path, keep: float) -> None:
    data = src.read_bytes()
    path = tmp_path / f"cut{src.suffix}"
    path.write_bytes(data[: max(8, int(len(data) * keep))])
    _parse_or_cchc_error(path)


@pytest.mark.parametrize("src", [SMALL_DOCX, SMALL_PDF, TEXT_PDF], ids=lambda p: p.name)
def test_corrupt_middle(tmp_path: Path, src: Path) -> None:
    data = bytearray(src.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 512] = b"\0" * 512
    path = tmp_path / f"bad{src.suffix}"
    path.write_bytes(bytes(data))
    _parse_or_cchc_error(path)


def test_docx_without_body(tmp_path: Path) -> None:
    path = tmp_path / "nobody.docx"
    path.write_bytes(make_docx("", document=f"<w:document {NS}/>"))
    _parse_or_cchc_error(path)


def test_pdf_header_only(tmp_path: Path) -> None:
    path = tmp_path / "hdr.pdf"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    _expect_cchc_error(path, ExtractError)


# --- empty, junk, missing, not a file


@pytest.mark.parametrize("name", ["e.txt", "e.docx", "e.doc", "e.pdf", "noext"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    _expect_cchc_error(path, InputError, match="empty")


@pytest.mark.parametrize("content", [b"   \n\n\t\n", "\ufeff".encode(), b"\xef\xbb\xbf\n \n"])
def test_blank_text_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    _parse_or_cchc_error(path)


@pytest.mark.parametrize("seed", range(4))
def test_binary_junk_named_txt(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    _expect_cchc_error(path, UnsupportedFormat)


@pytest.mark.parametrize("head", [b"\x7fELF\x02\x01\x01", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\x1f\x8b\x08\x00"])
def test_other_binary_formats(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(head + bytes(range(256)) * 8)
    _expect_cchc_error(path, UnsupportedFormat)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    _expect_cchc_error(path)


def test_missing_and_not_a_file(tmp_path: Path) -> None:
    _expect_cchc_error(tmp_path / "nope.docx", InputError)
    _expect_cchc_error(tmp_path, InputError, match="not a regular file")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    _expect_cchc_error(dangling, InputError)


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _expect_cchc_error(fifo, InputError, match="not a regular file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files without permission")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("KẾ HOẠCH", encoding="utf-8")
    path.chmod(0)
    try:
        _expect_cchc_error(path, InputError)
    finally:
        path.chmod(0o644)


# --- the extension lies: the bytes decide


def _strip_name(out: str) -> dict:
    data = json.loads(out)
    data.get("document", {}).pop("source_file", None)
    return data


@pytest.mark.parametrize(("src", "fake", "fmt"), [
    (SMALL_PDF, "plan.docx", "pdf"),
    (SMALL_DOCX, "plan.txt", "docx"),
    (SMALL_DOCX, "plan.pdf", "docx"),
    (SAMPLE_TXT, "plan.pdf", "txt"),
    (SAMPLE_TXT, "plan.docx", "txt"),
], ids=["pdf-as-docx", "docx-as-txt", "docx-as-pdf", "txt-as-pdf", "txt-as-docx"])
def test_lying_extension(tmp_path: Path, src: Path, fake: str, fmt: str) -> None:
    path = tmp_path / fake
    path.write_bytes(src.read_bytes())
    assert extract(path).format == fmt
    assert _strip_name(dump_json(parse_file(path).doc)) == _strip_name(dump_json(parse_file(src).doc))


# --- huge PDFs: pages streamed, memory bounded, a page limit

_MEM_CODE = """
    import json, resource, sys
    from pathlib import Path
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(sys.argv[1])
    n = int(sys.argv[2])
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [i % len(src) for i in range(n)])
    dst.save(sys.argv[3])
    dst.close(); src.close()
    from cchc_parse.pipeline import parse_file
    from cchc_parse.extract.pdf.reader import extract_pdf
    import pdfplumber  # imported before the baseline
    def _hwm():  # VmHWM: after fork+exec ru_maxrss starts at the parent's peak
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    r0 = _hwm()
    ex = extract_pdf(Path(sys.argv[3]))
    r1 = _hwm()
    print(json.dumps({"pages": ex.meta["pages"], "blocks": len(ex.blocks), "growth_kb": r1 - r0}))
"""


def _pdf_memory(tmp_path: Path, pages: int, timeout: float) -> dict:
    r = _run(_MEM_CODE, str(TEXT_PDF), str(pages), str(tmp_path / f"big{pages}.pdf"), timeout=timeout)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


# What streaming pages allows: a fixed allowance plus the output itself (~a few KB of blocks a page).
MEM_FIXED_KB = 96 * 1024
MEM_PER_PAGE_KB = 150


def test_pdf_memory_grows_slowly_with_pages(tmp_path: Path) -> None:
    small, big = _pdf_memory(tmp_path, 20, 60), _pdf_memory(tmp_path, 100, 120)
    assert big["pages"] == 100
    per_page = (big["growth_kb"] - small["growth_kb"]) / 80
    assert per_page < MEM_PER_PAGE_KB, f"{per_page:.0f} KB of peak memory per extra page"


@pytest.mark.slow
def test_thousand_page_pdf(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """1,000 text pages parse (no page limit hit) within a memory budget. ~40 s: slow."""
    if not _slow_enabled(request):
        pytest.skip("slow: run with -m slow or CCHC_SLOW=1")
    res = _pdf_memory(tmp_path, 1000, 600)
    assert res["pages"] == 1000 and res["blocks"] > 1000
    budget = MEM_FIXED_KB + MEM_PER_PAGE_KB * 1000
    assert res["growth_kb"] <= budget, f"peak memory grew {res['growth_kb'] // 1024} MB for 1,000 pages"


def test_page_limit(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from cchc_parse.extract.pdf.reader import extract_pdf

    src = pdfium.PdfDocument(str(TEXT_PDF))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [0] * 30)
    path = tmp_path / "many.pdf"
    dst.save(str(path))
    dst.close()
    src.close()
    t0 = time.perf_counter()
    with pytest.raises(LimitExceeded, match="pages") as info:
        extract_pdf(path, max_pages=25)
    assert time.perf_counter() - t0 < 2  # refused before any page is read
    assert "many.pdf" in str(info.value)


# --- a line of a million characters: no regex blow-up

_LONG_CODE = """
    import sys, time
    from cchc_parse.pipeline import parse_text
    from cchc_parse.errors import CchcError
    N = 1_000_000
    units = {
        "letters": "a", "vietnamese": "Hoàn thành trước ngày 30/6/2025 ", "dates": "1/2/3.",
        "markers": "1.", "roman": "I", "tabs": "a\\t", "upper": "ỦY BAN NHÂN DÂN ", "spaces": " ",
        "parens": "(", "dashes": "-", "citations": "Quyết định số 123/QĐ-UBND ngày 1/1/2024 ",
        "percentages": "đạt 100% ",
    }
    for name in sys.argv[1].split(","):
        n = int(sys.argv[2]) if len(sys.argv) > 2 else N
        text = (units[name] * (n // len(units[name]) + 1))[:n]
        t0 = time.perf_counter()
        try:
            parse_text(text)
        except CchcError:
            pass
        print(name, round(time.perf_counter() - t0, 2), flush=True)
"""


def test_million_character_line() -> None:
    """Each 1,000,000-character line parses in seconds (the budget is generous: 2 shared cores)."""
    names = "letters,vietnamese,dates,markers,roman,tabs,upper,spaces,parens,dashes"
    try:
        r = _run(_LONG_CODE, names, timeout=150)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"timed out; finished: {e.stdout!r}")
    assert r.returncode == 0, r.stderr[-2000:]
    times = dict(line.split() for line in r.stdout.splitlines())
    assert set(times) == set(names.split(","))
    slow = {k: v for k, v in times.items() if float(v) > 30}
    assert not slow, slow


@pytest.mark.parametrize(("name", "size", "limit"), [
    pytest.param("percentages", 200_000, 5),
    pytest.param("citations", 400_000, 8),
])
def test_long_line_of_matches(name: str, size: int, limit: float) -> None:
    """A long line of back-to-back matches: linear code needs ~1-3 s per million characters."""
    try:
        r = _run(_LONG_CODE, name, str(size), timeout=limit * 2)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: {size:,} characters took more than {limit * 2} s")
    assert r.returncode == 0, r.stderr[-2000:]
    assert float(r.stdout.split()[1]) < limit, r.stdout


# --- deeply nested tables


def _nested(depth: int) -> str:
    inner = p("Nhiệm vụ trong cùng")
    for _ in range(depth):
        inner = tbl(tr(tc(inner), tc("Sở Nội vụ")))
    return inner


@pytest.mark.parametrize("depth", [5, 25, 120, 400])
def test_deeply_nested_tables(tmp_path: Path, depth: int) -> None:
    path = tmp_path / f"nested{depth}.docx"
    path.write_bytes(make_docx(p("KẾ HOẠCH") + _nested(depth)))
    t0 = time.perf_counter()
    try:
        parse_file(path)
    except LimitExceeded as e:
        assert _names_file(e, path)
        assert depth > 20
    except ExtractError as e:  # lxml's own depth limit (256 elements, ~4 a table level): malformed XML
        assert _names_file(e, path)
        assert depth > 20
    else:
        assert depth <= 20
    assert time.perf_counter() - t0 < 15


# --- batch folders: symlink loops, odd names, outputs that would escape the output folder


ODD_NAMES = ["with space.txt", "dấu tiếng Việt.txt", "-o.txt", "..dots.txt", "semi;colon$(x).txt",
             "tab\there.txt", "new\nline.txt", "quote'\".txt", "#hash%20.txt", "very-" + "l" * 200 + ".txt"]


def _cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cchc_parse", *args], capture_output=True, timeout=timeout,
                          env=ENV, cwd=ROOT)


def _all_files(root: Path) -> set[Path]:
    return {Path(d) / f for d, _, fs in os.walk(root) for f in fs}


def _odd_batch(tmp_path: Path, names: list[bytes]) -> tuple[subprocess.CompletedProcess[bytes], Path]:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text = SAMPLE_TXT.read_bytes()
    for name in names:
        with open(os.fsencode(src) + b"/" + name, "wb") as fh:
            fh.write(text)
    return _cli("parse", str(src), "-o", str(out), "--jobs", "1", "--quiet"), out


def test_batch_odd_names(tmp_path: Path) -> None:
    r, out = _odd_batch(tmp_path, [os.fsencode(n) for n in ODD_NAMES])
    assert r.returncode == 0, r.stderr[-2000:]
    assert b"Traceback" not in r.stderr
    outs = [f for f in _all_files(out) if f.suffix in (".yaml", ".yml")]
    visible = [n for n in ODD_NAMES if not n.startswith(".")]  # dot-files count as hidden
    assert len(outs) == len(visible), sorted(map(str, outs))
    assert all(out in f.parents for f in _all_files(out))


def test_batch_name_too_long_for_its_output(tmp_path: Path) -> None:
    """A 255-byte input name: NAME.yaml cannot exist; a one-file failure, not a crash."""
    r, out = _odd_batch(tmp_path, [b"v" * 251 + b".txt", b"ok.txt"])
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert b"Traceback" not in r.stderr
    assert (out / "ok.txt.yaml").exists() or (out / "ok.yaml").exists()


def test_batch_non_utf8_name(tmp_path: Path) -> None:
    r, out = _odd_batch(tmp_path, [b"latin1-\xe9.txt", b"ok.txt"])
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert b"Traceback" not in r.stderr and b"UnicodeEncodeError" not in r.stderr
    assert len([f for f in _all_files(out) if f.suffix in (".yaml", ".yml")]) >= 1


def test_batch_symlink_loop(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "a").mkdir(parents=True)
    (src / "a" / "plan.txt").write_bytes(SAMPLE_TXT.read_bytes())
    (src / "a" / "loop").symlink_to(src, target_is_directory=True)
    (src / "a" / "self").symlink_to(src / "a" / "self")  # a link to itself
    r = _cli("parse", str(src), "-o", str(out), "--jobs", "1", "--quiet", timeout=120)
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert b"Traceback" not in r.stderr
    assert any(f.name.startswith("plan") for f in _all_files(out))
    assert len(_all_files(out)) < 20  # the loop was not followed round and round


def test_batch_outputs_stay_inside_out(tmp_path: Path) -> None:
    """Links to folders/files outside the input tree never make an output land outside OUT."""
    src, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    src.mkdir()
    outside.mkdir()
    (outside / "far.txt").write_bytes(SAMPLE_TXT.read_bytes())
    (src / "up").symlink_to(outside, target_is_directory=True)
    (src / "file-link.txt").symlink_to(outside / "far.txt")
    (src / "plan.txt").write_bytes(SAMPLE_TXT.read_bytes())
    before = _all_files(tmp_path) - _all_files(out)
    r = _cli("parse", str(src), "-o", str(out), "--jobs", "1", "--quiet")
    assert r.returncode in (0, 1), r.stderr[-2000:]
    after = _all_files(tmp_path)
    new = after - before
    assert new and all(out in f.parents for f in new), sorted(map(str, new))
    assert _all_files(outside) == {outside / "far.txt"}
