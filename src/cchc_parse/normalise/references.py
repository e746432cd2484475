"""Every document and standard the text cites → references, legal bases and standards, merged by number."""

from __future__ import annotations

from collections.abc import Iterable

from cchc_parse import rx
from cchc_parse.diagnostics import Location
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Reference, Standard, trusted
from cchc_parse.normalise.citations import basis_kind, citations_in
from cchc_parse.normalise.standards import find_standards

# a preamble paragraph ("paragraphs#3"), not the closing and not a footnote ("paragraphs#3.notes")
_PREAMBLE_PATH = rx.lazy(r"paragraphs#\d+")
_NOT_ALNUM = rx.lazy(r"[^\p{L}\d]")


def collect_references(texts: Iterable[tuple[str, SourceRef | None, str | None]], own_number: str | None
                       ) -> tuple[list[Reference], list[Reference], list[Standard]]:
    """(references, legal bases, standards) of the texts, in order of first citation.

    A preamble paragraph gives legal bases when it opens with "Căn cứ …" or says what the document
    implements ("Thực hiện Kế hoạch số …", "Triển khai Chỉ thị …"). ``own_number`` ("123/KH-UBND")
    is the document's own Số, which is not a reference.
    """
    refs: dict[tuple[str, str | None], Reference] = {}
    bases: dict[tuple[str, str | None], Reference] = {}
    standards: dict[str, Standard] = {}
    own = _key(own_number) if own_number else None
    for text, src, path in texts:
        if not _may_cite(text):
            continue
        found = find_standards(text)
        cites = citations_in(text, found)
        if not found and not cites:
            continue  # most texts cite nothing: no Location made for them
        loc = Location.of(src, path)
        is_basis = bool(path and _PREAMBLE_PATH.fullmatch(path) and basis_kind(text))
        # a model only for the first citation of a number: most are cited again and again
        for kind, code, _start, _end in found:
            std = standards.get(code)
            if std is None:
                std = standards[code] = trusted(Standard, {"kind": kind, "code": code, "cited_at": []}, _STD_DEFAULTED)
            std.cited_at.append(loc)
        for c in cites:
            if own and _key(c.number) == own:
                continue
            key = (c.number, c.date)
            ref = refs.get(key)
            if ref is None:  # a citation's values are plain str or None: the validated model's
                ref = refs[key] = trusted(Reference, {
                    "doc_type": c.doc_type, "number": c.number, "date": c.date, "issuing_body": c.issuing_body,
                    "title": None, "cited_at": []}, _REF_DEFAULTED)
            ref.cited_at.append(loc)
            if is_basis and key not in bases:
                bases[key] = ref.model_copy(update={"cited_at": [loc]})
    return _merge_dates(refs), _merge_dates(bases, refs), list(standards.values())


_REF_DEFAULTED = frozenset({"title", "cited_at"})
_STD_DEFAULTED = frozenset({"cited_at"})


def _may_cite(text: str) -> bool:
    """False when ``text`` can hold neither a citation (all have a "/", see ``citations_in``) nor a standard
    (every family name holds "TC", "QC", "ISO" or "IEC", see ``find_standards``): most texts, skipped with
    no call (tests/normalise/test_trusted.py checks it on the samples)."""
    return "/" in text or "TC" in text or "QC" in text or "ISO" in text or "IEC" in text


def _key(number: str) -> str:
    """'36-HD/VPTW' and '36/HD/VPTW' (how the header's parts join) are the same number."""
    return _NOT_ALNUM.sub("", number)


def _merge_dates(items: dict[tuple[str, str | None], Reference],
                 dated_from: dict[tuple[str, str | None], Reference] | None = None) -> list[Reference]:
    """A number cited once with a date and once without (or dated only in a footnote) is one document."""
    pool = dated_from if dated_from is not None else items
    dated = {num: ref for (num, date), ref in pool.items() if date is not None}
    out: dict[tuple[str, str | None], Reference] = {}
    for (num, date), ref in items.items():
        if date is None and num in dated:
            full = dated[num]
            if dated_from is None:
                full.cited_at.extend(ref.cited_at)
                continue
            ref = ref.model_copy(update={"date": full.date, "doc_type": ref.doc_type or full.doc_type})
            date = full.date
            if (num, date) in items or (num, date) in out:
                continue
        out.setdefault((num, date), ref)
    return list(out.values())
