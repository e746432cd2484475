"""The model-building and writing short cuts of issue 16 give what the longer ways give: each is compared
with the way it replaced (kept here as the reference), on the samples and on generated inputs."""

from __future__ import annotations

import glob
from functools import cache
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse import rx
from cchc_parse.extract import extract
from cchc_parse.extract.blocks import SourceRef
from cchc_parse.model import PlanDocument
from cchc_parse.normalise import areas, attachments, citations, references
from cchc_parse.normalise.document import to_document
from cchc_parse.normalise.sections import section_model, section_text_lists, section_texts
from cchc_parse.structure.document import Structured, structure

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(glob.glob(str(ROOT / "samples" / "docx" / "*.docx"))) + sorted(
    glob.glob(str(ROOT / "samples" / "text" / "*.txt")))


@cache
def _structured() -> list[tuple[str, Structured]]:
    out = []
    for f in FILES:
        ex = extract(Path(f))
        out.append((Path(f).name, structure(ex.blocks, split_rows=ex.format not in ("docx", "doc"))))
    return out


@cache
def _docs() -> list[PlanDocument]:
    return [to_document(st_, {}, name, "docx", None) for name, st_ in _structured()]


def _texts() -> list[str]:
    out = []
    for _name, st_ in _structured():
        sections = [section_model(n) for n in st_.body.roots]
        out += [t for t, _s, _p in section_texts(sections)] + [p.text for p in st_.preamble]
        out += [p.text for a in st_.attachments for p in a.paras]
    return out


# --- citations: CITATION searched from the last words of the run before a number, not the whole run

_RUN = rx.lazy(r"(?r)[\p{L}\s:]*")


def _matches_before(text: str) -> list[regex.Match[str]]:
    """_citation_matches as it was: CITATION searched from the start of the whole run."""
    out, pos = [], 0
    while (core := citations._CITATION_CORE.search(text, pos)) is not None:
        run = _RUN.match(text, pos, core.start())
        m = citations.CITATION.search(text, run.start() if run else core.start())
        assert m is not None
        out.append(m)
        pos = m.end()
    return out


def _same_matches(text: str) -> None:
    fast = [(m.span(), m.groupdict()) for m in citations._citation_matches(text)]
    assert fast == [(m.span(), m.groupdict()) for m in _matches_before(text)]
    assert fast == [(m.span(), m.groupdict()) for m in citations.CITATION.finditer(text)]


WORDS = st.lists(st.sampled_from([
    "chương trình hành động", "Chương Trình Hành Động", "thông tư liên tịch", "THÔNG BÁO KẾT LUẬN", "Quyết định",
    "XQuyết định", "quyết  định", "Nghị quyết", "luật", "số", "Số", "SỐ", ":", "số:", "sốsố", " ", "  ", "\t",
    "\u00a0", "\n", "của", "và", "theo", "61", "2018", "/", "-", "NĐ", "CP", "KL", "TW", "28", "QH15", "12a",
    "Mẫu", ".", ",", "(", "1.2", "ngày", "23/4/2018", "kết luận", "Thông báo", "thông tư", "hành động", "chương trình",
    "văn bản", "Số:"]), max_size=30).map("".join)


def test_citation_matches_on_the_samples() -> None:
    for text in _texts():
        _same_matches(text)


@FAST
@given(WORDS)
def test_citation_matches_property(text: str) -> None:
    _same_matches(text)


def test_the_backward_prefix_rests_on_the_type_words() -> None:
    """What _citation_matches' proof needs: no type word ends in "số" (or in a space), and the type words
    are tried longest first."""
    words = list(citations.TYPE_WORDS)
    assert not [w for w in words if w.casefold().endswith("số") or w != w.strip()]
    alternatives = [a.replace("\\", "") for a in citations._TYPE_ALT.split("|")]
    assert sorted(alternatives, key=len, reverse=True) == alternatives and len(alternatives) == len(words)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDS)
def test_citation_matches_many(text: str) -> None:
    _same_matches(text)


# --- reform areas: a caller that keeps heading areas only skips the keyword scoring

HEADS = st.lists(st.sampled_from(["Cải cách", "thủ tục hành chính", "thể chế", "II.", "1.", "a)", "Tổ chức thực hiện",
                                  "bộ máy", "công vụ", "tài chính công", "chính quyền số", " ", "và", "x"]),
                 max_size=6).map(" ".join)


def _heading_only(heading: str, text: str) -> str | None:
    got = areas.classify_area(heading, text)
    return got[0] if got and got[1] == "heading" else None


def test_classify_heading_on_the_samples() -> None:
    for doc in _docs():
        for s in doc.walk_sections():
            assert areas.classify_heading(s.title or "") == _heading_only(s.title or "", s.text or "")


@FAST
@given(HEADS, HEADS)
def test_classify_heading_property(heading: str, text: str) -> None:
    assert areas.classify_heading(heading) == _heading_only(heading, text)


# --- texts: one walk for both lists; an attachment's texts that cannot cite are left out


def test_section_text_lists_are_the_walks() -> None:
    for _name, st_ in _structured():
        sections = [section_model(n) for n in st_.body.roots]
        for base in ("", "attachments#0."):
            every, plain = section_text_lists(sections, base)
            assert every == list(section_texts(sections, base))
            assert plain == list(section_texts(sections, base, notes=False))


def _attachment_texts_before(a, sections, paragraphs, tasks, base):
    if a.title:
        yield a.title, a.src, f"{base}title"
    for p in paragraphs:
        src = SourceRef(line=p.source.line or 0, page=p.source.page)
        yield p.text, src, f"{base}paragraphs"
        for note in p.notes:
            yield note, src, f"{base}paragraphs.notes"
    yield from section_texts(sections, base)
    for t in tasks:
        yield t.content, SourceRef(line=t.source.line or 0, page=t.source.page), f"{base}tasks#{t.id}"


def test_attachment_references_are_those_of_every_text() -> None:
    seen = 0
    for doc, (_name, st_) in zip(_docs(), _structured(), strict=True):
        for k, (a, model) in enumerate(zip(st_.attachments, doc.attachments, strict=True)):
            base = f"attachments#{k}."
            before = references.collect_references(
                _attachment_texts_before(a, model.sections, model.paragraphs, model.tasks, base), None)
            now = references.collect_references(
                attachments._texts(a, model.sections, model.paragraphs, model.tasks, base), None)
            assert [r.model_dump_json() for r in now[0]] == [r.model_dump_json() for r in before[0]]
            seen += len(model.paragraphs)
    assert seen > 1000


# --- references and standards built without validation are the validated ones


def _validated(cls, values, defaulted=frozenset()):
    """``trusted`` as a validated call: the way collect_references built its models before."""
    return cls(**{k: v for k, v in values.items() if k not in defaulted})


def _refs_state(got) -> list:
    return [(type(r).__name__, r.model_dump_json(), list(r.__dict__), sorted(r.__pydantic_fields_set__))
            for part in got for r in part]


def test_references_are_validated_ones(monkeypatch) -> None:
    texts = []
    for _name, st_ in _structured():
        sections = [section_model(n) for n in st_.body.roots]
        texts.append([(t, SourceRef(line=1), p) for t, _s, p in section_texts(sections)]
                     + [(p.text, p.src, f"paragraphs#{k}") for k, p in enumerate(st_.preamble)]
                     + [("theo QCVN 40:2025/BTNMT và TCVN ISO 9001:2015", None, "x")])
    fast = [_refs_state(references.collect_references(t, None)) for t in texts]
    monkeypatch.setattr(references, "trusted", _validated)
    slow = [_refs_state(references.collect_references(t, None)) for t in texts]
    assert fast == slow
    assert any(state for state in fast)


# --- provinces: the abbreviations' pattern only where one of its literals is

ABBRS = st.lists(st.sampled_from(["TP", "Tp", ".", " ", "HCM", "H", "CM", "BR", "B", "R", "-", "VT", "TT", "Huế", "Hu",
                                  "Sài", "Gòn", "x", "\n"]), max_size=12).map("".join)


@FAST
@given(ABBRS)
def test_special_abbreviations_need_a_literal(text: str) -> None:
    from cchc_parse.normalise import provinces

    special = provinces._mention_index()[3]
    if special.search(text):
        assert "HCM" in text or "BR" in text or "Huế" in text or "Sài" in text
    for example in ("TP.HCM", "Tp HCM", "TPHCM", "BR - VT", "BRVT", "TT-Huế", "Sài  Gòn"):
        assert special.search(example)


def test_shared_fields_sets_stay_every_field() -> None:
    from cchc_parse.diagnostics import Location
    from cchc_parse.model import Paragraph, paragraph

    a, b = Location.of(SourceRef(line=1)), Location.of(SourceRef(line=2))
    a.page = 3  # pydantic adds the name to the fields set: one it holds already
    assert b.__pydantic_fields_set__ == set(Location.model_fields) == a.__pydantic_fields_set__
    assert a.model_copy(update={"row": 1}).__pydantic_fields_set__ == set(Location.model_fields)
    p = paragraph("body", "x", [], b)
    p.text = "y"
    assert paragraph("body", "z", [], a).__pydantic_fields_set__ == set(Paragraph.model_fields)
    assert p.model_dump(exclude_unset=True) == Paragraph(role="body", text="y", notes=[], source=b).model_dump(
        exclude_unset=True)


def test_attachment_tasks_made_again_are_made_anew() -> None:
    seen = 0
    for doc, (_name, st_) in zip(_docs(), _structured(), strict=True):
        fresh = attachments.to_attachments(st_, doc.document.year, doc.document.province, None)
        for a, b in zip(doc.attachments, fresh, strict=True):
            assert a.model_dump_json() == b.model_dump_json()
            own = {t.id: t for t in doc.tasks}
            for x, y in zip(a.tasks, b.tasks, strict=True):
                assert x == y and x.__pydantic_fields_set__ == y.__pydantic_fields_set__
                if x.id in own:  # made again from the document's task: no list shared with it
                    assert own[x.id] is not x and own[x.id].lead is not x.lead
                    seen += 1
    assert seen


# --- citations: the form-code test asked backwards from the number


FORMS = st.lists(st.sampled_from(["Mẫu", "mẫu", "MẪU", "Biểu", "BIỂU", "phụ lục", "Phụ  Lục", "phiếu", "PHIẾU", " ",
                                  "số", "Số:", "01", "02a", ",", "và", "-", "Kế hoạch", "x", "\n", "\t", "\u00a0"]),
                max_size=10).map("".join)


@FAST
@given(FORMS, st.integers(min_value=0, max_value=60))
def test_form_before_is_the_search(text: str, cut: int) -> None:
    end = min(cut, len(text))
    for start in range(end + 1):
        want = citations._FORM_BEFORE.search(text, max(0, start - 40), end) is not None
        assert citations._form_before(text, start, end) == want


# --- provinces: the words in one split, the candidates listed in C


def _words_before(text: str) -> tuple[list[str], list[int]]:
    """provinces._words as it was: findall and split, two passes."""
    from itertools import accumulate

    from cchc_parse.normalise import provinces

    words = provinces._WORD.findall(text)
    seps = provinces._WORD.split(text)
    lens = [0] * (2 * len(words))
    lens[0::2] = map(len, seps[:-1])
    lens[1::2] = map(len, words)
    return words, list(accumulate(lens))[0::2]


@FAST
@given(st.lists(st.sampled_from([*"aBđĐ _-.,\n\t1", "Bình", "Dương", "TP.HCM", "\u0301", "\u00b2", "Ⅻ", "x_y", "BD"]),
                max_size=30).map("".join))
def test_province_words_in_one_split(text: str) -> None:
    from cchc_parse.normalise import provinces

    assert provinces._words(text) == _words_before(text)
    assert provinces._abbrevs_capitalised()  # the candidates are listed in C
    words = provinces._words(text)[0]
    abbrev = provinces._mention_index()[2]
    assert [i for i, w in enumerate(words) if w[0].isupper()] == [
        i for i, w in enumerate(words) if w[0].isupper() or w in abbrev]


def test_province_words_on_the_samples() -> None:
    from cchc_parse.normalise import provinces

    for text in _texts():
        assert provinces._words(text) == _words_before(text)
