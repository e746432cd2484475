"""The attachment texts collect_references reads (second round of issue 16): the paragraphs kept by the
written-out ``_may_cite`` test are those the plain test keeps, on the samples and on generated ones."""

from __future__ import annotations

import glob
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.diagnostics import Location
from cchc_parse.extract import extract
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import Paragraph, Section, paragraph
from cchc_parse.normalise import attachments as A
from cchc_parse.normalise.references import _may_cite
from cchc_parse.normalise.sections import section_model, section_texts
from cchc_parse.structure.attachments import RawAttachment
from cchc_parse.structure.document import structure

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]


def _texts_reference(a: RawAttachment, sections: list[Section], paragraphs: list[Paragraph], base: str):
    if a.title:
        yield a.title, a.src, f"{base}title"
    for p in paragraphs:
        if not _may_cite(p.text) and not any(_may_cite(note) for note in p.notes):
            continue
        src = SourceRef(line=p.source.line or 0, page=p.source.page)
        yield p.text, src, f"{base}paragraphs"
        for note in p.notes:
            yield note, src, f"{base}paragraphs.notes"
    yield from section_texts(sections, base)


def test_attachment_texts_on_the_samples() -> None:
    seen = 0
    for f in sorted(glob.glob(str(ROOT / "samples" / "docx" / "*.docx"))):
        st_ = structure(extract(Path(f)).blocks, split_rows=False)
        for k, a in enumerate(st_.attachments):
            paras = [paragraph("appendix", p.text, list(p.notes), Location.of(p.src)) for p in a.paras]
            sections = [section_model(n) for n in a.body.roots]
            got = list(A._texts(a, sections, paras, [], f"attachments#{k}."))
            assert got == list(_texts_reference(a, sections, paras, f"attachments#{k}."))
            seen += len(got)
    assert seen > 100


PIECE = st.sampled_from(["a", " ", "/", "T", "C", "Q", "I", "S", "O", "E", "TC", "QC", "ISO", "IEC", "ĐC", "ｔｃ"])
TEXT = st.lists(PIECE, max_size=8).map("".join)


@FAST
@given(st.lists(st.tuples(TEXT, st.lists(TEXT, max_size=3)), max_size=6))
def test_attachment_texts_generated(paras: list[tuple[str, list[str]]]) -> None:
    a = RawAttachment.__new__(RawAttachment)
    object.__setattr__(a, "title", None)
    models = [paragraph("appendix", t, notes, Location(line=k + 1)) for k, (t, notes) in enumerate(paras)]
    assert list(A._texts(a, [], models, [], "x.")) == list(_texts_reference(a, [], models, "x."))
