"""Diagnostics are data: a code, a severity, a message and where in the source it applies."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from cchc_parse.extract.blocks import SourceRef


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}


class Location(BaseModel):
    """A place in the source: line (text line, docx paragraph, or line on a PDF page), page, cell."""

    model_config = ConfigDict(extra="forbid")

    line: Annotated[int | None, Field(description="1-based source line / paragraph")] = None
    page: Annotated[int | None, Field(description="1-based PDF page")] = None
    row: Annotated[int | None, Field(description="1-based table row")] = None
    col: Annotated[int | None, Field(description="1-based table column")] = None
    path: Annotated[str | None, Field(description="JSON path of the item in the output")] = None

    @classmethod
    def of(cls, src: SourceRef | None, path: str | None = None) -> Location:
        if src is None:
            return cls(path=path)
        return cls(line=src.line, page=src.page, row=src.row, col=src.col, path=path)


class Diagnostic(BaseModel):
    """One finding: from the parser (something odd or repaired) or from a lint rule."""

    model_config = ConfigDict(extra="forbid")

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
    "P002": ("legacy-encoding", Severity.info, "Text in a legacy Vietnamese encoding (TCVN3, VNI, VISCII) or mojibake was converted to Unicode."),
    "P003": ("boilerplate-dropped", Severity.info, "Web-page text around the document (menus, comments, bylines) was dropped."),
    "P004": ("paragraph-joined", Severity.info, "A paragraph broken by a page break was joined."),
    "P005": ("no-structure", Severity.info, "The text has no numbered structure (a news article or prose): no sections or tasks were made."),
    "P006": ("table-row-merged", Severity.info, "A table row without STT (a row broken across pages) was merged into the row above."),
    "P007": ("table-header-repaired", Severity.info, "A two-row or repeated table header was recognised and merged."),
    "P008": ("untrusted-text", Severity.warning, "The text layer is not trustworthy (unmapped glyphs, (cid:NN))."),
    "P009": ("appendix-missing", Severity.info, "The text announces an appendix that is not in the file."),
    "P010": ("ocr-used", Severity.info, "Pages were read by OCR."),
    "P011": ("signature-stamp", Severity.info, "A digital-signature stamp was removed from the content and kept as metadata."),
    "P012": ("glyph-fixed", Severity.info, "Known wrong glyph mappings were repaired."),
    "P013": ("conversion", Severity.info, "The file was converted (e.g. .doc to .docx) before parsing."),
    "P014": ("unit-unknown", Severity.info, "A unit name was not found in the alias table."),
    "P015": ("deadline-uncertain", Severity.warning, "A deadline could not be read with certainty."),
    "P016": ("stamp-filled", Severity.info, "A blank typed field (number, day, month) was filled from the e-signature stamp drawn over it."),
    "P017": ("stamp-overrides", Severity.warning, "The e-signature stamp contradicts the typed value under it; the stamp was taken."),
    "P018": ("label-repaired", Severity.info, "A numbering typo the sequence makes unambiguous was repaired; the printed label is kept."),
    "P019": ("quotation", Severity.info, "Quoted text (amended or cited provisions) was kept as content of the point that quotes it."),
    "P020": ("attachment", Severity.info, "What the document carries after its signature (Quy chế, Phụ lục, form) was read as an attachment."),
    "P021": ("sample-block", Severity.info, "A sample signature block or Nơi nhận list inside the body was kept as text, not as back matter."),
    "P022": ("no-deadline-column", Severity.info, "A task table has no deadline column: its tasks have no deadline."),
    "P023": ("draft", Severity.info, "The document is marked 'DỰ THẢO' (a draft)."),
    "P024": ("header-split", Severity.info, "A header written on one line (two columns separated by spaces) was split into its columns."),
    "P025": ("inline-tasks", Severity.info, "Responsibility written under the tasks ('Đơn vị chủ trì: …') was read as tasks."),
    "P026": ("footnote", Severity.info, "Footnotes were kept as notes of the paragraph that cites them."),
}


def make(code: str, message: str | None = None, src: SourceRef | None = None,
         path: str | None = None, severity: Severity | None = None,
         params: dict[str, Any] | None = None) -> Diagnostic:
    """Build a parser diagnostic from PARSE_CODES (default message and severity).

    New code passes ``params`` (language-free values) and no ``message``: the message is the code's
    template formatted with them, so it can be rendered again in another language."""
    name, default_sev, default_msg = PARSE_CODES[code]
    params = dict(params or {})
    text = message if message is not None else (default_msg.format(**params) if params else default_msg)
    return Diagnostic(code=code, severity=severity or default_sev, message=text,
                      location=Location.of(src, path), name=name, params=params)
