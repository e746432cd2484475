"""Fast paths of issue 16, session 6 (the .docx pipeline), in the structure stage, against the code they
replaced: the upper-case test read in growing pieces, the issuing-note patterns asked only of lines that hold
"kèm", an attachment's head starts taken from the document's, the decimal marker tried only on a digit (or a
character past ASCII), a responsibility line without ";" not split, the header lines' patterns asked only
of lines that hold their words, and CLOSING and RECIPIENTS_HEAD only of lines that open with their letter."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line, SourceRef
from cchc_parse.structure import attachments as A
from cchc_parse.structure.attachments import HeadLines
from cchc_parse.structure.patterns import is_upper_line

ROOT = Path(__file__).resolve().parents[1]

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _upper_whole(text: str) -> bool:
    """is_upper_line as it was: every letter read."""
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= 2 and sum(map(str.isupper, letters)) >= 0.85 * len(letters)


@FAST
@given(st.text(alphabet=st.sampled_from(list("aAbBđĐêÊ ,.1(ǅᾈⅰⒶ中ß\n")), max_size=700))
def test_upper_line_in_pieces_is_the_whole_count(text: str) -> None:
    assert is_upper_line(text) == _upper_whole(text)


@FAST
@given(st.lists(st.tuples(st.sampled_from(["a", "A", " ", "1", "Ê", "中"]), st.integers(1, 200)), max_size=8))
def test_upper_line_on_long_runs(runs: list[tuple[str, int]]) -> None:
    text = "".join(c * k for c, k in runs)
    assert is_upper_line(text) == _upper_whole(text)


def test_upper_line_at_the_threshold_past_every_piece() -> None:
    """Lower-case letters first or last, around 85%, across the pieces' ends (32, 64, 128, 256, 512)."""
    for n in (31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 300, 511, 512, 513, 700):
        for low in {max(0, n * k // 100 + d) for k in (0, 10, 14, 15, 16, 20, 50) for d in (-1, 0, 1)}:
            low = min(low, n)
            for t in ("a" * low + "A" * (n - low), "A" * (n - low) + "a" * low,
                      "a" * low + " " * n + "A" * (n - low), "A" * (n - low) + "1" * n + "a" * low):
                assert is_upper_line(t) == _upper_whole(t), (n, low, t[:5])


# --- the issuing-note patterns asked only of lines with "kèm"

_KEM_ALPHABET = [*"kK\u212aèÈeEmM (ban hành theo Quyết)\u0300", "kèm theo ", "Kèm Theo ", "KÈM THEO ", "Ban hành "]


@FAST
@given(st.lists(st.sampled_from(_KEM_ALPHABET), max_size=12))
def test_issuing_note_patterns_need_kem(parts: list[str]) -> None:
    """What HeadLines.kem says no to, neither pattern matches (the test _issued_index and _is_title_line skip)."""
    text = "(" + "".join(parts) + "Quyết định số 1)"
    lines = [Line(text=text, src=SourceRef(line=1))]
    if not HeadLines(lines).kem(0):
        assert A._ISSUED_WITH.match(text.strip()) is None
        assert A._TRAILING_ISSUED.search(text.strip()) is None


def test_title_and_issued_index_with_kem_on_the_samples() -> None:
    """On every sample line: the title test told "no kèm" is the full one, and so are the issuing notes found."""
    for path in sorted((ROOT / "samples" / "docx").glob("*.docx")):
        lines = [b for b in extract(path).blocks if isinstance(b, Line)]
        ls = HeadLines(lines)
        for k, ln in enumerate(lines):
            assert A._is_title_line(ln, ls.kem(k)) == A._is_title_line(ln), ln.text
            if not ls.kem(k):
                assert A._ISSUED_WITH.match(ln.text.strip()) is None
                assert A._TRAILING_ISSUED.search(ln.text.strip()) is None


# --- markers: the decimal recogniser tried only on a digit or a character past ASCII


def _every_recogniser(text: str):
    from cchc_parse.structure.markers import RECOGNISERS

    return next((m for _n, rec in RECOGNISERS if (m := rec(text)) is not None), None)


@FAST
@given(st.lists(st.sampled_from(["1.", "1.2.", "12)", "٣.", "３.", "𝟏.", "²", "Ⅳ.", "a)", "x", " ", "\t", "\x1c",
                                 "\u00a0", "- ", "(1)", "I.", "%"]), max_size=5).map("".join))
def test_match_text_skips_decimal_only_where_it_cannot_match(text: str) -> None:
    from cchc_parse.structure.markers import match_text

    assert match_text.__wrapped__(text) == _every_recogniser(text)


def test_decimal_needs_a_digit_after_the_white_space() -> None:
    from cchc_parse.structure import patterns as P

    for c in map(chr, range(128)):
        if not ("0" <= c <= "9"):
            assert P.DECIMAL.match(f"{c}1. Mục đích") is None or c.isspace(), repr(c)


# --- the head starts of an attachment's lines taken from the document's


def test_tail_head_starts_are_the_tails_own() -> None:
    for path in sorted((ROOT / "samples" / "docx").glob("*.docx")):
        lines = [b for b in extract(path).blocks if isinstance(b, Line)]
        parent = HeadLines(lines)
        parent.head_starts()
        for a in {0, 1, 2, 3, 4, 5, len(lines) // 3, len(lines) // 2, len(lines) - 4, len(lines) - 1, len(lines)}:
            if 0 <= a <= len(lines):
                assert parent.tail(lines[a:]).head_starts() == HeadLines(lines[a:]).head_starts(), (path.name, a)


@FAST
@given(st.lists(st.sampled_from(["x", "kèm theo", "Phụ lục", "  Mẫu số 1", "PHỤ LỤC", "Biểu", "a"]), max_size=20),
       st.integers(0, 20))
def test_tail_head_starts_on_generated_lines(texts: list[str], a: int) -> None:
    lines = [Line(text=t, src=SourceRef(line=k + 1)) for k, t in enumerate(texts)]
    parent = HeadLines(lines)
    parent.head_starts()
    a = min(a, len(lines))
    assert parent.tail(lines[a:]).head_starts() == HeadLines(lines[a:]).head_starts()


# --- responsibility lines: a line without ";" is not split


def _responsibility_before(text: str) -> list[tuple[str, str]]:
    from cchc_parse.structure import inline_tasks as IT

    out: list[tuple[str, str]] = []
    if ":" not in text:
        return out
    for part in IT._NEXT_KEY.split(text.strip()):
        m = IT._RESP.match(part)
        if m is None:
            break
        role = IT.header_role(m["key"])
        if role in IT._ROLES:
            out.append((role, m["val"].strip().rstrip(".;").strip()))
    return out


@FAST
@given(st.lists(st.sampled_from(["- ", "Đơn vị chủ trì", "Thời hạn", "Kết quả", ":", ";", " ", "Sở Nội vụ", "\n",
                                 "Cơ quan phối hợp", "x", "Quý IV/2025", ".", "\t"]), max_size=10).map("".join))
def test_responsibility_is_as_before(text: str) -> None:
    from cchc_parse.structure.inline_tasks import responsibility

    assert responsibility(text) == _responsibility_before(text)


def test_responsibility_on_the_samples() -> None:
    from cchc_parse.structure.inline_tasks import responsibility

    for path in sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "text").glob("*.txt")):
        for b in extract(path).blocks:
            if isinstance(b, Line):
                assert responsibility(b.text) == _responsibility_before(b.text), b.text


# --- the header lines' patterns asked only of lines that hold their words


def _split_before(text: str) -> list[str] | None:
    from cchc_parse.structure import front_header as FH
    from cchc_parse.structure import patterns as P

    m = FH._RIGHT_HEAD.search(text)
    if m and m.start() > 0:
        left, right = text[: m.start()].strip(), text[m.end():].strip()
        if left and (_upper_whole(left) or P.RULE_LINE.match(left)):
            return [left, right]
        return None
    num = P.DOC_NUMBER.match(text) or P.DOC_NUMBER_PARTY.match(text)
    if num:
        rest = text[num.end():].strip()
        if rest and P.PLACE_DATE.match(rest):
            return [text[: num.end()].strip(), rest]
    return None


def _strip_draft_before(text: str, glued: bool = True) -> tuple[str, bool]:
    from cchc_parse.structure import front_header as FH
    from cchc_parse.structure import patterns as P

    if P.DRAFT_MARK.match(text):
        return "", True
    if glued and _upper_whole(text) and FH._DRAFT_GLUED.search(text):
        return FH._DRAFT_GLUED.sub("", text).strip(), True
    return text, False


HEADER = st.lists(st.sampled_from(["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CONG HOA XA HOI", "ĐẢNG",
                                   "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "DỰ THẢO", "Dự thảo", "(", ")",
                                   "lần 2", "Số: 12/KH-UBND", "Lào Cai, ngày 5 tháng 3 năm 2025", " ", "  ", "SỞ NỘI VỤ",
                                   "----", "x", "\t"]), max_size=5).map(" ".join)


@FAST
@given(HEADER, st.booleans())
def test_header_lines_are_as_before(text: str, glued: bool) -> None:
    from cchc_parse.structure.front_header import split_header_line, strip_draft

    assert split_header_line(text) == _split_before(text)
    assert strip_draft(text, glued) == _strip_draft_before(text, glued)


def test_header_lines_on_the_samples() -> None:
    from cchc_parse.structure.front_header import split_header_line, strip_draft

    for path in sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "text").glob("*.txt")):
        for b in extract(path).blocks:
            if isinstance(b, Line):
                assert split_header_line(b.text) == _split_before(b.text), b.text
                assert strip_draft(b.text) == _strip_draft_before(b.text), b.text
                assert strip_draft(b.text, False) == _strip_draft_before(b.text, False), b.text


# --- CLOSING and RECIPIENTS_HEAD asked only of lines that open with their first letter


def test_first_letters_are_every_case_of_them() -> None:
    import regex

    from cchc_parse.structure import patterns as P

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for pattern, letter, firsts in ((P.CLOSING, "T", "Tt"), (P.RECIPIENTS_HEAD, "N", "Nn")):
        assert pattern.pattern.startswith(r"^\s*" + letter)
        assert set(regex.findall(letter, every, flags=pattern.flags)) == set(firsts)


@FAST
@given(st.lists(st.sampled_from(["Trên", "trên", "TRÊN", "đây", "là", "Nơi", "nơi", "NƠI", "nhận", ":", " ", "\t",
                                 "\x1c", "\u00a0", "x", "Kế hoạch"]), max_size=6).map(" ".join),
       st.sampled_from(["", " ", "\t", "\x1c", "\u2003", "T", "N"]))
def test_opens_with_never_skips_a_match(text: str, lead: str) -> None:
    from cchc_parse.structure import patterns as P

    text = lead + text
    if P.CLOSING.match(text):
        assert P.opens_with(text, "Tt")
    if P.RECIPIENTS_HEAD.match(text):
        assert P.opens_with(text, "Nn")


def test_opens_with_on_the_samples() -> None:
    from cchc_parse.structure import patterns as P

    for path in sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "text").glob("*.txt")):
        for b in extract(path).blocks:
            if isinstance(b, Line):
                assert bool(P.CLOSING.match(b.text)) <= P.opens_with(b.text, "Tt"), b.text
                assert bool(P.RECIPIENTS_HEAD.match(b.text)) <= P.opens_with(b.text, "Nn"), b.text
