"""Diagnostics are data: a code, a severity, a message and where in the source it applies."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from string import Formatter
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from cchc_parse.extract.blocks import SourceRef
from cchc_parse.i18n import N_
from cchc_parse.modelbuild import build, slot_setters


class Severity(str, Enum):  # noqa: UP042 — StrEnum changes str() and f-strings ("Severity.info" → "info")
    error = "error"
    warning = "warning"
    info = "info"


SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}


class Location(BaseModel):
    """A place in the source: line (text line, docx paragraph, or line on a PDF page), page, cell."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # modelbuild.py

    line: Annotated[int | None, Field(description="1-based source line / paragraph")] = None
    page: Annotated[int | None, Field(description="1-based PDF page")] = None
    row: Annotated[int | None, Field(description="1-based table row")] = None
    col: Annotated[int | None, Field(description="1-based table column")] = None
    path: Annotated[str | None, Field(description="JSON path of the item in the output")] = None

    @classmethod
    def at(cls, path: str | None) -> Location:
        """``Location(path=path)``: a place in the output only (``build``: no validation, see modelbuild.py)."""
        return build(cls, path=path)

    @classmethod
    def of(cls, src: SourceRef | None, path: str | None = None) -> Location:
        if src is None:
            return cls.at(path)
        line, page, row, col = src.line, src.page, src.row, src.col
        # made for every paragraph, section, task and citation: when the values are already what
        # validation would give (plain ints or None, a str path), the model is built without it
        # (as model_construct does, with the same fields set: all five, in one set shared by these
        # Locations, which pydantic only ever adds a field's name to — one it holds); anything else
        # is validated
        if type(line) is int and (page is None or type(page) is int) and (row is None or type(row) is int) \
                and (col is None or type(col) is int) and (path is None or type(path) is str):
            loc = cls.__new__(cls)
            _set_dict(loc, {"line": line, "page": page, "row": row, "col": col, "path": path})
            _set_fields(loc, _ALL_SET)
            _set_extra(loc, None)
            _set_private(loc, None)
            return loc
        return cls(line=line, page=page, row=row, col=col, path=path)


# the setters ``object.__setattr__(loc, name, v)`` finds for BaseModel's slots, looked up once:
# ``Location.of`` stores through them with no lookup and no call of the generic setattr
_set_dict, _set_fields, _set_extra, _set_private = slot_setters(Location)
# the fields set of every Location.of made without validation: every field (a set for each would be
# one more object for the collector to walk, thousands a document)
_ALL_SET = set(Location.model_fields)


class Diagnostic(BaseModel):
    """One finding: from the parser (something odd or repaired) or from a lint rule."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # modelbuild.py

    code: Annotated[str, Field(description="Stable code, e.g. 'S101'")]
    severity: Severity
    message: str
    location: Location = Field(default_factory=Location)
    name: Annotated[str | None, Field(description="Rule name, e.g. 'numbering-gap'")] = None
    also: Annotated[list[Location], Field(
        description="Further places of the same finding (a repeated finding is reported once)")] = []
    params: Annotated[dict[str, Any], Field(
        description="Language-free values the message is rendered from (with the code's template)")] = {}

    def sort_key(self) -> tuple[int, int, int, str, str]:
        loc = self.location
        return (loc.page or 0, loc.line or 0, loc.row or 0, self.code, self.message)


# Parser (not lint) diagnostics: what the extract/structure/normalise stages report.
PARSE_CODES: dict[str, tuple[str, Severity, str]] = {
    "P001": ("encoding-fallback", Severity.warning, "Text was not valid UTF-8 and was decoded as another encoding."),
    "P002": ("legacy-encoding", Severity.info,
             "Text in a legacy Vietnamese encoding (TCVN3, VNI, VISCII) or mojibake was converted to Unicode."),
    "P003": ("boilerplate-dropped", Severity.info,
             "Web-page text around the document (menus, comments, bylines) was dropped."),
    "P004": ("paragraph-joined", Severity.info, "A paragraph broken by a page break was joined."),
    "P005": ("no-structure", Severity.info,
             "The text has no numbered structure (a news article or prose): no sections or tasks were made."),
    "P006": ("table-row-merged", Severity.info,
             "A table row without STT (a row broken across pages) was merged into the row above."),
    "P007": ("table-header-repaired", Severity.info, "A two-row or repeated table header was recognised and merged."),
    "P008": ("untrusted-text", Severity.warning, "The text layer is not trustworthy (unmapped glyphs, (cid:NN))."),
    "P009": ("appendix-missing", Severity.info, "The text announces an appendix that is not in the file."),
    "P010": ("ocr-used", Severity.info, "Pages were read by OCR."),
    "P011": ("signature-stamp", Severity.info,
             "A digital-signature stamp was removed from the content and kept as metadata."),
    "P012": ("glyph-fixed", Severity.info, "Known wrong glyph mappings were repaired."),
    "P013": ("conversion", Severity.info, "The file was converted (e.g. .doc to .docx) before parsing."),
    "P014": ("unit-unknown", Severity.info, "A unit name was not found in the alias table."),
    "P015": ("deadline-uncertain", Severity.warning, "A deadline could not be read with certainty."),
    "P016": ("stamp-filled", Severity.info,
             "A blank typed field (number, day, month) was filled from the e-signature stamp drawn over it."),
    "P017": ("stamp-overrides", Severity.warning,
             "The e-signature stamp contradicts the typed value under it; the stamp was taken."),
    "P018": ("label-repaired", Severity.info,
             "A numbering typo the sequence makes unambiguous was repaired; the printed label is kept."),
    "P019": ("quotation", Severity.info,
             "Quoted text (amended or cited provisions) was kept as content of the point that quotes it."),
    "P020": ("attachment", Severity.info,
             "What the document carries after its signature (Quy chế, Phụ lục, form) was read as an attachment."),
    "P021": ("sample-block", Severity.info,
             "A sample signature block or Nơi nhận list inside the body was kept as text, not as back matter."),
    "P022": ("no-deadline-column", Severity.info, "A task table has no deadline column: its tasks have no deadline."),
    "P023": ("draft", Severity.info, "The document is marked 'DỰ THẢO' (a draft)."),
    "P024": ("header-split", Severity.info,
             "A header written on one line (two columns separated by spaces) was split into its columns."),
    "P025": ("inline-tasks", Severity.info,
             "Responsibility written under the tasks ('Đơn vị chủ trì: …') was read as tasks."),
    "P026": ("footnote", Severity.info, "Footnotes were kept as notes of the paragraph that cites them."),
    "P027": ("safety-limit", Severity.warning,
             "A safety limit was applied: {limit} is {value}, over the limit of {max}; the excess was ignored."),
    "P028": ("altchunk-read", Severity.info, "Content embedded as another file ({part}, {type}) was read as text."),
    "P029": ("altchunk-dropped", Severity.warning,
             "Content embedded as another file ({part}, {type}) is in a format cchc does not read and was dropped."),
    "P030": ("xml-encoding-wrong", Severity.warning,
             "{part} declares the encoding {declared} but its bytes are {actual}: it was read as {actual}."),
    "P031": ("invalid-bytes", Severity.warning,
             "{count} line(s) (lines {lines}) are not valid UTF-8 although the rest of the file is: only those lines "
             "were decoded on their own ({encoding})."),
    "P032": ("broken-text-layer", Severity.warning,
             "The text layer of page(s) {pages} is not Vietnamese text (wrong glyph map, lost Unicode map or a "
             "foreign OCR layer): it was ignored and the page(s) were read by OCR."),
    "P033": ("ocr-unreadable", Severity.warning,
             "Page {page}, line {line}: {words} word(s) could not be read with confidence (handwriting, a stain) and "
             "were left out as '…': '{text}'."),
}


def make(code: str, message: str | None = None, src: SourceRef | None = None,
         path: str | None = None, severity: Severity | None = None,
         params: dict[str, Any] | None = None) -> Diagnostic:
    """Build a parser diagnostic from PARSE_CODES (default severity) in the output language.

    Pass ``params`` (language-free values: numbers, page lists, document text) and no ``message``: the
    message is the template of ``code`` whose placeholders are exactly the keys of ``params`` (see
    ``templates``), so ``render`` can write it again in another language. ``message`` is only for
    texts that have no template yet (kept as they are)."""
    from cchc_parse.i18n import output_lang

    name, default_sev, _ = PARSE_CODES[code]
    params = dict(params or {})
    text = message if message is not None else format_message(code, params, output_lang())
    return build(Diagnostic, code=code, severity=severity or default_sev, message=text,
                 location=Location.of(src, path), name=name, params=params)


# Messages of the parser's codes, when one code says several things (P007: header merged, or a
# repeated header dropped). The template is picked by its placeholders: exactly the keys of the params.
MESSAGES: dict[str, tuple[str, ...]] = {
    "P001": (N_("text is not valid UTF-8; decoded as {encoding}"),),
    "P002": (N_("runs in legacy-encoded fonts converted to Unicode: {fonts}"),),
    "P003": (N_("web boilerplate dropped: '{text}'"), N_("byline '{byline}' dropped from the text")),
    "P004": (N_("paragraph joined across a break: '…{end}'"),
             N_("paragraph joined across a page break: '…{start}'")),
    "P005": (N_("no numbered structure: read as an article; its paragraphs are kept"),),
    "P006": (N_("row without STT merged into the row above (STT {label})"),
             N_("a table row split by the page break before page {page} was merged back")),
    "P007": (N_("{rows}-row table header merged into column roles"), N_("repeated table header row dropped"),
             N_("{dropped} repeated header row(s) dropped from the table continued on page {page}")),
    "P008": (N_("pages {pages} have no text layer (images only); they were skipped: run with --ocr to read "
                "them"),
             N_("page {page}: the text layer is not trustworthy (unmapped glyphs)")),
    "P010": (N_("pages {pages} were read by OCR (Tesseract, vie)"),),
    "P011": (N_("digital-signature stamp removed: {fields}"),),
    "P012": (N_("{count} wrongly mapped glyphs repaired (Ƣ→Ư, HÕA→HÒA)"),),
    "P013": (N_("the .doc was converted to .docx with the built-in {reader} reader before parsing"),
             N_("the .doc was converted to .docx with {tool} before parsing"),
             N_("the .doc was converted to .docx with {tool} (the built-in reader refused it: {reason}) "
                "before parsing")),
    "P016": (N_("number {number} taken from the e-signature stamp"),
             N_("day {day} taken from the e-signature stamp"),
             N_("month {month} taken from the e-signature stamp")),
    "P017": (N_("stamp {number} over typed {typed}: the stamp was taken for the number"),
             N_("stamp {day} over typed {typed}: the stamp was taken for the day"),
             N_("stamp {month} over typed {typed}: the stamp was taken for the month")),
    "P018": (N_("numbering typo: '{printed}' printed where the sequence needs '{label}'; read as {label}"),),
    "P019": (N_("quotation of {paragraphs} paragraph(s) kept as text of the point that quotes it: "
                "'{text}…'"),
             N_("quotation of {paragraphs} paragraph(s) kept as text of the point that quotes it: "
                "'{unclosed}…'; no closing quote mark: ended where the document's own numbering resumes")),
    "P020": (N_("attachment '{label}' ({kind}) read apart from the document's body"),),
    "P021": (N_("sample signature block or Nơi nhận kept as text: '{text}'"),),
    "P022": (N_("task table at line {line} has no deadline column: its tasks have no deadline"),),
    "P023": (N_("the document is marked 'DỰ THẢO' (a draft)"),),
    "P024": (N_("header line '{line}' split into its columns: {parts}"),),
    "P025": (N_("{count} tasks read from the responsibility written under the sections "
                "('Đơn vị chủ trì: …')"),),
    "P026": (N_("{count} footnote(s) kept as notes of the line that cites them"),),
}

# Lint rules and the validate loader register the templates of their codes here (code → templates).
EXTRA_MESSAGES: dict[str, tuple[str, ...]] = {}


@lru_cache(maxsize=1024)  # asked for every template of a code at each message: a few dozen templates
def fields(template: str) -> frozenset[str]:
    """'{n} rows on page {page:d}' → {'n', 'page'}."""
    return frozenset(f for _, f, _, _ in Formatter().parse(template) if f)


def templates(code: str) -> tuple[str, ...]:
    """Every message template of ``code`` (English msgids), the code's own description last."""
    own = PARSE_CODES.get(code)
    return (*MESSAGES.get(code, ()), *EXTRA_MESSAGES.get(code, ()), *((own[2],) if own else ()))


def template_for(code: str, params: dict[str, Any]) -> str | None:
    """The template of ``code`` whose placeholders are exactly the keys of ``params``, else the last
    (the code's own description) when the params fill all its placeholders (extra params are kept
    as data)."""
    keys = frozenset(params)
    options = templates(code)
    exact = next((t for t in options if fields(t) == keys), None)
    if exact is None and options and fields(options[-1]) <= keys and code in PARSE_CODES:
        return options[-1]
    return exact


def format_message(code: str, params: dict[str, Any], lang: str) -> str:
    """The message of ``code`` with ``params`` in ``lang``; raises KeyError when no template fits."""
    from cchc_parse.i18n import gettext

    template = template_for(code, params)
    if template is None:
        raise KeyError(f"{code}: no message template takes {sorted(params)}")
    return gettext(template, lang).format(**params)


def render(d: Diagnostic, lang: str) -> str:
    """``d``'s message in ``lang``, rebuilt from its code and params. A diagnostic from an older file
    (no params, and a message that is none of the code's texts) keeps its stored message."""
    from cchc_parse.i18n import LANGS, gettext

    template = template_for(d.code, d.params)
    if template is None:
        return d.message
    if not d.params and d.message not in {gettext(template, x) for x in LANGS}:
        return d.message
    try:
        return gettext(template, lang).format(**d.params)
    except (KeyError, ValueError, IndexError):  # a hand-edited file: params that do not fit
        return d.message


def localised(d: Diagnostic, lang: str) -> Diagnostic:
    """A copy of ``d`` with its message in ``lang``."""
    text = render(d, lang)
    return d if text == d.message else d.model_copy(update={"message": text})
