"""Error reasons (CchcError.reason) in the terminal's language.

The reasons are built in English where the error is raised; the common ones are listed here as
templates, and a reason that matches one is shown translated (its values kept). Any other reason
is shown as it is."""

from __future__ import annotations

import re
from functools import cache

from cchc_parse.errors import CchcError
from cchc_parse.i18n import N_, gettext

REASONS = (
    N_("file not found"),
    N_("the file is empty"),
    N_("ran out of memory"),
    N_("no such file or folder"),
    N_("not a regular file"),
    N_("output path escapes the output folder"),
    N_("document nested too deeply to parse"),
    N_("time limit reached while reading the .docx"),
    N_("the output is the input file: give another -o"),
    N_("the document is password-protected (encrypted OLE2 container); save it without a password and try "
       "again"),
    N_("cannot read: {detail}"),
    N_("cannot read file: {detail}"),
    N_("cannot write: {detail}"),
    N_("is a scanned PDF (no text layer on pages {pages}); run with --ocr"),
    N_("the text layer of page(s) {pages} is not Vietnamese text (wrong glyph map, lost Unicode map "
       "or a foreign OCR layer); run with --ocr to read them by OCR"),
    N_("not a document cchc parses ({suffix}): give a .txt, .docx, .doc or .pdf file"),
    N_("not a readable PDF (corrupt or truncated): {detail}"),
    N_("not a valid .docx (corrupt or truncated zip: {detail})"),
    N_("the PDF has {pages} pages, more than the limit of {limit}"),
    N_("internal error ({kind}: {error}); please report it"),
)

# "{pages}" → a named group; the rest of the template matches literally
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(template)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(rx + r"\Z", re.DOTALL)


def reason_text(reason: str, lang: str) -> str:
    """``reason`` in ``lang`` when it is one of the common reasons, else as it is."""
    for template in REASONS:
        m = _pattern(template).match(reason)
        if m:
            return gettext(template, lang).format(**m.groupdict())
    return reason


def error_line(e: CchcError, lang: str) -> str:
    """'error: FILE: reason' on one line, in ``lang``."""
    reason = " ".join(reason_text(e.reason, lang).splitlines())
    where = f"{e.path}: " if e.path else ""
    return f"{gettext('error:', lang)} {where}{reason}"
