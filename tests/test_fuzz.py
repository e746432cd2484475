"""Seeded, bounded byte-mutation fuzz over the sample .docx/.pdf/.txt files (issue 8).

Each case is a sample with bytes flipped, inserted, deleted, duplicated or cut (for .docx also
mutations inside word/document.xml, re-zipped). A worker process parses the cases one by one and
reports each; the parent enforces a per-case time limit and survives a worker that crashes or
hangs (the case is then the failure). Asserted: nothing but CchcError is raised, no case hangs,
and through the CLI a failed parse leaves no output file.

`make test` runs a few hundred cases (~30 s). `make fuzz` sets CCHC_FUZZ_SECONDS=600 and the
same tests keep generating new seeds until that budget is spent. A failing case prints the
sample, the seed and the operations: `_mutate(sample, seed)` rebuilds its bytes.
"""

from __future__ import annotations

import io
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PDF_DATA = ROOT / "tests" / "data" / "pdf"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
BUDGET = float(os.environ.get("CCHC_FUZZ_SECONDS") or 0)  # 0: the fixed quick run
CASE_LIMIT = 30.0  # seconds one case may take before it counts as a hang

CORPUS = {
    "docx": [SAMPLES / "docx" / "lamdong-ubnd-tbkl-pci.docx", SAMPLES / "docx" / "laocai-sct-kh2242-kiemtra-vlncn.docx",
             PDF_DATA / "plan-small.docx"],
    "pdf": [SAMPLES / "pdf" / "bnv-cv8151-cchc.pdf", PDF_DATA / "plan-small.pdf",
            SAMPLES / "pdf" / "bct-cv1178-ccn-uo-glyph.pdf", SAMPLES / "pdf" / "nhnn-tt01-2006-tcvn3.pdf"],
    "txt": [SAMPLES / "text" / "004-news-cchc-binhduong.txt", SAMPLES / "text" / "003-kh-stp-tayninh.txt"],
}
CORPUS["xml"] = CORPUS["docx"]
QUICK_CASES = {"docx": 110, "pdf": 110, "xml": 70, "txt": 30}
BUDGET_SHARE = {"docx": 0.3, "pdf": 0.35, "xml": 0.2, "txt": 0.05}  # the CLI test takes the rest

_INTERESTING = [b"\x00", b"\xff", b"<", b">", b"&", b"%", b"(", b")", b"/", b"\\", b"obj", b"endobj", b"stream",
                b"<w:tbl>", b"<w:tc>", b"PK\x03\x04", b"%%EOF", b"\xc3", b"\xe1\xba", b"\n", b"\t" * 3]
_XML_BITS = ["<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", "<w:p>", "</w:p>", "&amp;", "&#0;", "&#xD800;",
             "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "<w:numPr><w:ilvl w:val=\"-9\"/><w:numId w:val=\"x\"/>",
             "<w:gridSpan w:val=\"99999\"/>", "<w:vMerge/>", "\u0000", "\ud7ff", "]]>", "<![CDATA[", "<?pi ?>",
             'w:val="4294967296"', "<w:t>" + "Ạ" * 200 + "</w:t>", "<w:tbl>" * 30]


def _mutate_bytes(data: bytes, rng: random.Random, ops: list[str]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["flip", "flip", "insert", "delete", "dup", "truncate", "interesting", "zero"])
        n = len(buf)
        if n == 0:
            break
        at = rng.randrange(n)
        if op == "flip":
            for _ in range(rng.randint(1, 16)):
                buf[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif op == "insert":
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif op == "delete":
            del buf[at:at + rng.randint(1, 512)]
        elif op == "dup":
            k = rng.randint(1, 2048)
            buf[at:at] = buf[at:at + k]
        elif op == "truncate":
            del buf[max(1, at):]
        elif op == "interesting":
            buf[at:at] = rng.choice(_INTERESTING)
        else:
            buf[at:at + 256] = b"\0" * len(buf[at:at + 256])
        ops.append(f"{op}@{at}")
    return bytes(buf)


def _mutate_xml(data: bytes, rng: random.Random, ops: list[str]) -> bytes:
    """Unzip, mutate word/document.xml (as text and as bytes), re-zip the package."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for _ in range(rng.randint(1, 3)):
        at = xml.find(">", rng.randrange(len(xml))) + 1  # mostly between tags: often still well-formed
        op = rng.choice(["bit", "bit", "cut", "dup"])
        if op == "bit":
            xml = xml[:at] + rng.choice(_XML_BITS) + xml[at:]
        elif op == "cut":
            xml = xml[:at] + xml[at + rng.randint(1, 400):]
        elif op == "dup":
            xml = xml[:at] + xml[at:at + rng.randint(1, 4000)] * rng.randint(2, 5) + xml[at:]
        ops.append(f"xml-{op}@{at}")
    body = xml.encode("utf-8")
    if rng.random() < 0.3:
        body = _mutate_bytes(body, rng, ops)
    parts["word/document.xml"] = body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def _mutate(sample: Path, seed: int, xml: bool = False) -> tuple[bytes, list[str]]:
    rng = random.Random(f"{sample.name}:{seed}:{xml}")
    ops: list[str] = []
    data = sample.read_bytes()
    return (_mutate_xml(data, rng, ops) if xml else _mutate_bytes(data, rng, ops)), ops


# --- the worker: parses the case files it is given, one JSON line per case

_WORKER = r"""
import json, signal, sys, traceback
from pathlib import Path
from cchc_parse.errors import CchcError
from cchc_parse.pipeline import parse_file
from cchc_parse.emit.serialize import dump_json

class Hang(BaseException):
    pass

def on_alarm(*_):
    raise Hang()

signal.signal(signal.SIGALRM, on_alarm)
limit = int(sys.argv[1])
for line in sys.stdin:
    i, path = json.loads(line)
    print(json.dumps(["start", i]), flush=True)
    signal.alarm(limit)
    try:
        dump_json(parse_file(Path(path)).doc)
        res = ["ok", i, ""]
    except CchcError as e:
        res = ["cchc", i, type(e).__name__] if path.rsplit("/", 1)[-1] in str(e) else ["noname", i, str(e)]
    except Hang:
        res = ["hang", i, "alarm"]
    except BaseException as e:
        res = ["other", i, "".join(traceback.format_exception(e))[-1500:]]
    finally:
        signal.alarm(0)
    print(json.dumps(res), flush=True)
"""


class Runner:
    """Feeds case files to a worker process; restarts it after a crash or hang."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()

    def _start(self) -> subprocess.Popen[str]:
        proc = subprocess.Popen([sys.executable, "-c", _WORKER, str(int(CASE_LIMIT))], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV, cwd=ROOT,
                                bufsize=1)
        self.lines = q = queue.Queue()

        def pump() -> None:
            assert proc.stdout
            for line in proc.stdout:
                q.put(line)
            q.put(None)  # the worker is gone

        threading.Thread(target=pump, daemon=True).start()
        return proc

    def _readline(self, timeout: float) -> str | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def run(self, i: int, path: Path) -> tuple[str, str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        assert self.proc.stdin
        self.proc.stdin.write(json.dumps([i, str(path)]) + "\n")
        self.proc.stdin.flush()
        line = self._readline(90)  # "start" (a cold worker imports first)
        if line and '"start"' in line:
            line = self._readline(CASE_LIMIT + 15)  # the worker's alarm fires first unless stuck in C
        if not line:
            code = self.proc.poll()
            self.close()
            return ("crash" if code is not None else "hang"), f"worker exit code {code}"
        status, _, detail = json.loads(line)
        return status, detail

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture(scope="module")
def runner():
    r = Runner()
    yield r
    r.close()


def _cases(kind: str, budget: float):
    """(sample, seed) pairs: a fixed quick set, or new seeds until the time budget runs out."""
    files = CORPUS[kind]
    if budget <= 0:
        for seed in range(QUICK_CASES[kind]):
            yield files[seed % len(files)], seed
        return
    end = time.monotonic() + budget
    seed = 0
    while time.monotonic() < end:
        yield files[seed % len(files)], 10_000 + seed
        seed += 1


@pytest.mark.parametrize("kind", ["docx", "pdf", "xml", "txt"])
def test_mutation_fuzz(kind: str, runner: Runner, tmp_path: Path) -> None:
    failures = []
    statuses: dict[str, int] = {}
    ext = {"xml": ".docx"}.get(kind, f".{kind}")
    for n, (sample, seed) in enumerate(_cases(kind, BUDGET * BUDGET_SHARE[kind])):
        data, ops = _mutate(sample, seed, xml=kind == "xml")
        path = tmp_path / f"case{n % 50}{ext}"
        path.write_bytes(data)
        status, detail = runner.run(n, path)
        statuses[status] = statuses.get(status, 0) + 1
        if status not in ("ok", "cchc"):
            keep = tmp_path / f"fail-{sample.stem}-{seed}{ext}"
            keep.write_bytes(data)
            failures.append(f"{status}: _mutate({sample.name!r}, {seed}, xml={kind == 'xml'}) ops={ops}\n{detail}")
    print(f"{kind}: {statuses}")
    assert statuses, "no cases ran"
    assert not failures, f"{len(failures)} failing cases:\n" + "\n\n".join(failures[:5])


def test_cli_fuzz_leaves_no_output_on_failure(tmp_path: Path) -> None:
    """Mutated files through `cchc parse FILE -o OUT`: exit 0 with the file, or one error line and none."""
    budget = BUDGET * (1 - sum(BUDGET_SHARE.values()))
    end = time.monotonic() + budget
    kinds = ["docx", "pdf", "xml"]
    n = 0
    problems = []
    while n < 6 or (budget > 0 and time.monotonic() < end):
        kind = kinds[n % 3]
        sample = CORPUS[kind][n % len(CORPUS[kind])]
        data, ops = _mutate(sample, 50_000 + n, xml=kind == "xml")
        src = tmp_path / f"in{n}{sample.suffix}"
        src.write_bytes(data)
        out_dir = tmp_path / f"out{n}"
        out_dir.mkdir()
        r = subprocess.run([sys.executable, "-m", "cchc_parse", "parse", str(src), "-o", str(out_dir / "x.json")],
                           capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=CASE_LIMIT + 30)
        made = sorted(p.name for p in out_dir.iterdir())
        ok = (r.returncode == 0 and made == ["x.json"]) or (
            r.returncode != 0 and made == [] and len(r.stderr.strip().splitlines()) == 1
            and "Traceback" not in r.stderr and "internal error" not in r.stderr)
        if not ok:
            problems.append(f"_mutate({sample.name!r}, {50_000 + n}) ops={ops}: exit {r.returncode}, "
                            f"files {made}, stderr {r.stderr[-800:]!r}")
        n += 1
    assert not problems, "\n".join(problems[:5])


def test_mutations_are_reproducible() -> None:
    sample = CORPUS["docx"][0]
    assert _mutate(sample, 3) == _mutate(sample, 3)
    assert _mutate(sample, 3, xml=True) == _mutate(sample, 3, xml=True)
    assert _mutate(sample, 3)[0] != sample.read_bytes()


@pytest.mark.slow
def test_fuzz_budget_is_spent_only_in_fuzz_mode() -> None:
    """`make fuzz` selects slow tests; this only records which mode ran."""
    print(f"CCHC_FUZZ_SECONDS={BUDGET or 'unset (quick run)'}")

