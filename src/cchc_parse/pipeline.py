"""parse_file(): the stages in order — extract → structure → normalise → models → lint — diagnostics collected."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cchc_parse.diagnostics import Diagnostic
from cchc_parse.errors import CchcError, ExtractError, InputError, InternalError, LimitExceeded, OutOfMemory
from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Extracted
from cchc_parse.extract.txt.reader import extract_txt_bytes
from cchc_parse.gcpause import collector_paused
from cchc_parse.model import PlanDocument
from cchc_parse.normalise.document import to_document
from cchc_parse.options import ParseOptions, check_units, is_yaml_error
from cchc_parse.structure.document import structure
from cchc_parse.validate.registry import run_rules

DEFAULTS = ParseOptions()


@dataclass
class ParseResult:
    doc: PlanDocument

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.doc.diagnostics


def parse_file(path: str | Path, opts: ParseOptions = DEFAULTS) -> ParseResult:
    """Parse one .txt/.docx/.doc/.pdf file. Raises only CchcError subclasses.

    Unguarded: it runs in the caller's process with no time or memory limit. The CLI and the batch
    run it in a worker process under both (``--timeout``, ``--max-memory``); see README, Robustness.
    """
    path = Path(path)
    # one pause from the reading to the model (see _from_extracted): the collection a resumed
    # collector would make in between walks everything the extractor made
    with guarded(path), collector_paused():
        check_units(opts.units_file)
        if path.suffix.lower() in _TREE_FORMATS:
            no_fastbins()
        ex = extract(path, ocr=opts.ocr, password=opts.password)
        if ex.format in _TREE_FORMATS:  # a .docx or .doc under another name: from the next file on
            no_fastbins()
        # a file name that is not UTF-8 arrives with surrogate escapes: store it printable (U+FFFD)
        name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        result = _from_extracted(ex, name, opts)
        # the blocks die here, before the collector resumes: its first collection then walks only the
        # model, not every Line, Cell and SourceRef of the file again (issue 16)
        del ex
    return result


def parse_bytes(data: bytes, name: str = "<bytes>", opts: ParseOptions = DEFAULTS) -> ParseResult:
    """Parse text given as bytes (any supported text encoding). Raises only CchcError subclasses."""
    with guarded(name):
        check_units(opts.units_file)
        return _from_extracted(extract_txt_bytes(data, name), name, opts)


def parse_text(text: str, name: str = "<text>", opts: ParseOptions = DEFAULTS) -> ParseResult:
    """Parse a plan given as a string. Raises only CchcError subclasses."""
    with guarded(name):
        data = text.encode("utf-8")
    return parse_bytes(data, name, opts)


# the formats read through an lxml tree (a .doc is converted to .docx first)
_TREE_FORMATS = (".docx", ".doc", "docx", "doc")
_FASTBINS_OFF = False


def no_fastbins() -> None:
    """Turn glibc's malloc fastbins off (``mallopt(M_MXFAST, 0)``), once a process (issue 16).

    A .docx is read through an lxml tree of some 10^5 small C allocations; freed at the end of the
    reading, they wait in the fastbins, and the first large allocation after it (any list past
    1 KiB in the structure stage) merges them all, cold in the cache: 10 ms of a 2,000-paragraph
    document. Without fastbins a freed chunk is merged at once, while its neighbours are in the cache.
    The output is the same; only the allocator's bookkeeping changes. No-op off glibc, and when the
    environment sets CCHC_KEEP_FASTBINS=1 (a host program that wants its allocator left alone)."""
    global _FASTBINS_OFF
    if _FASTBINS_OFF:
        return
    _FASTBINS_OFF = True
    if os.environ.get("CCHC_KEEP_FASTBINS") == "1":
        return
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(1, 0)  # M_MXFAST is 1 in glibc's malloc.h
    except (OSError, AttributeError, TypeError):  # no libc to open (Windows), no mallopt (macOS, musl)
        pass


def memory_caused(e: BaseException) -> bool:
    """An extractor turned a MemoryError into its own error: it is still out of memory."""
    seen = 0
    cur: BaseException | None = e
    while cur is not None and seen < 20:
        if isinstance(cur, MemoryError):
            return True
        cur, seen = cur.__cause__ or cur.__context__, seen + 1
    return False


@contextmanager
def guarded(where: str | Path) -> Iterator[None]:
    """Every failure as a CchcError subclass naming ``where``: the library's promise."""
    try:
        yield
    except OutOfMemory:
        raise
    except CchcError as e:
        if memory_caused(e):
            raise OutOfMemory(e.path, "ran out of memory") from None
        raise
    except MemoryError:
        raise OutOfMemory(where, "ran out of memory") from None
    except RecursionError:
        raise LimitExceeded(where, "document nested too deeply to parse") from None
    except UnicodeEncodeError as e:  # a lone surrogate in a path given as str
        raise InputError(where, f"the file name cannot be encoded ({e.reason})") from None
    except OSError as e:  # ENAMETOOLONG, EACCES, ENOENT on a path the extractor opened
        reason = "file name too long" if e.errno == errno.ENAMETOOLONG else f"cannot read: {e.strerror or e}"
        raise InputError(where, reason) from None
    except Exception as e:  # a bug: still a CchcError, with the original as __cause__ (--debug shows it)
        if is_yaml_error(e):
            raise InputError(where, f"bad YAML: {' '.join(str(e).split())}") from None
        raise InternalError(where, f"internal error ({type(e).__name__}: {e}); please report it") from e


def _from_extracted(ex: Extracted, name: str, opts: ParseOptions) -> ParseResult:
    # the stages after extraction make ~10^5 small objects and keep them to the end (no cycles to free
    # on the way): collections during them would only walk the growing heap again (issue 16)
    with collector_paused():
        return _stages(ex, name, opts)


def _stages(ex: Extracted, name: str, opts: ParseOptions) -> ParseResult:
    from cchc_parse.normalise.units import load_aliases

    try:
        st = structure(ex.blocks, split_rows=ex.format not in ("docx", "doc"))
        aliases = load_aliases(opts.units_file) if opts.units_file else None
        doc = to_document(st, ex.meta, name, ex.format, aliases)
    except CchcError:
        raise
    except RecursionError:
        raise ExtractError(name, "document nested too deeply to parse") from None
    doc.diagnostics[:0] = list(ex.diagnostics)
    if opts.lint:
        doc.diagnostics.extend(run_rules(doc))
    doc.diagnostics = group_repeats(sorted(doc.diagnostics, key=lambda d: d.sort_key()))
    return ParseResult(doc)


def group_repeats(diags: list[Diagnostic]) -> list[Diagnostic]:
    """A finding repeated word for word is reported once, at its first place, with the others in ``also``."""
    first: dict[tuple[str, str, str], Diagnostic] = {}
    out: list[Diagnostic] = []
    for d in diags:
        key = (d.code, d.severity.value, d.message)
        seen = first.get(key)
        if seen is None:
            first[key] = d
            out.append(d)
        else:
            seen.also.append(d.location)
    return out
