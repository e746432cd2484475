"""parse_file(): the stages in order — extract → structure → normalise → models → lint — diagnostics collected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_parse.diagnostics import Diagnostic
from cchc_parse.errors import CchcError, ExtractError
from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Extracted
from cchc_parse.extract.txt import extract_txt_bytes
from cchc_parse.model import PlanDocument
from cchc_parse.normalise.document import to_document
from cchc_parse.structure.document import structure
from cchc_parse.validate.registry import run_rules


@dataclass(frozen=True)
class ParseOptions:
    ocr: bool = False
    password: str | None = None
    units_file: Path | None = None  # a user's extra unit aliases (YAML)
    lint: bool = True  # run the lint rules and add their findings to diagnostics


DEFAULTS = ParseOptions()


@dataclass
class ParseResult:
    doc: PlanDocument

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.doc.diagnostics


def parse_file(path: str | Path, opts: ParseOptions = DEFAULTS) -> ParseResult:
    """Parse one .txt/.docx/.doc/.pdf file. Raises only CchcError subclasses."""
    path = Path(path)
    ex = extract(path, ocr=opts.ocr, password=opts.password)
    # a file name that is not UTF-8 arrives with surrogate escapes: store it printable (U+FFFD)
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _from_extracted(ex, name, opts)


def parse_bytes(data: bytes, name: str = "<bytes>", opts: ParseOptions = DEFAULTS) -> ParseResult:
    """Parse text given as bytes (any supported text encoding)."""
    return _from_extracted(extract_txt_bytes(data), name, opts)


def parse_text(text: str, name: str = "<text>", opts: ParseOptions = DEFAULTS) -> ParseResult:
    """Parse a plan given as a string."""
    return parse_bytes(text.encode("utf-8"), name, opts)


def _from_extracted(ex: Extracted, name: str, opts: ParseOptions) -> ParseResult:
    from cchc_parse.normalise.units import load_aliases

    try:
        st = structure(ex.blocks, split_rows=ex.format != "docx")
        aliases = load_aliases(opts.units_file) if opts.units_file else None
        doc = to_document(st, ex.meta, name, ex.format, aliases)
    except CchcError:
        raise
    except RecursionError:
        raise ExtractError(name, "document nested too deeply to parse") from None
    doc.diagnostics[:0] = list(ex.diagnostics)
    if opts.lint:
        doc.diagnostics.extend(run_rules(doc))
    doc.diagnostics.sort(key=lambda d: d.sort_key())
    return ParseResult(doc)
