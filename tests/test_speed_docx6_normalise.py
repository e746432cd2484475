"""Fast paths of issue 16, session 6 (the .docx pipeline), in the normalise stage, against the code they
replaced: agency_case's heads looked up by their last word, the abbreviation key's "và" pre-test, and
find_provinces' words found alone (their offsets only when asked) and each candidate's keys made once."""

from __future__ import annotations

import glob
import unicodedata
from collections import Counter
from itertools import accumulate
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_parse.extract import extract
from cchc_parse.extract.blocks import Line, Table
from cchc_parse.normalise import provinces as PV
from cchc_parse.normalise import units as U
from cchc_parse.normalise.keys import match_key

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]


def _sample_texts() -> list[str]:
    texts = [unicodedata.normalize("NFC", Path(f).read_text("utf-8", errors="replace"))
             for f in sorted(glob.glob(str(ROOT / "samples" / "text" / "*.txt")))]
    for f in sorted((ROOT / "samples" / "docx").glob("*.docx")):
        blocks = extract(f).blocks
        lines = [b.text for b in blocks if isinstance(b, Line)]
        cells = [c.text for b in blocks if isinstance(b, Table) for r in b.rows for c in r]
        texts.append("\n".join(lines + cells))
        texts.extend(lines[:40])
    return texts


SAMPLES = _sample_texts()


# --- units


def _agency_case_before(text: str) -> str:
    """units.agency_case as it was (every head split and compared at every word). Vietnamese capitalisation of an agency name: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao
    và Du lịch"; first syllable, the syllable after a head word (Sở, Bộ, Cục …), after "," "và" "-", and every
    syllable of a place name after tỉnh/huyện/…; dictionary exceptions ("Công Thương", "Ủy ban nhân dân")."""
    words = U._WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    toks = [U._EXPAND.get(w, w) for w in words.split(" ")]
    toks_flat = " ".join(toks).split(" ")
    low = [t.lower() for t in toks_flat]
    sector = any(tuple(low[: len(h)]) == h for h in U._SECTOR_HEADS)
    out: list[str] = []
    cap_next = True
    place = False
    i = 0
    while i < len(low):
        w = low[i]
        two = " ".join(low[i : i + 2])
        if w in ("-", "–", "và", "&"):
            out.append(w)
            cap_next, place = sector, False
            i += 1
            continue
        if U._is_acronym(toks_flat[i]):
            out.append(toks_flat[i])
            cap_next = False
            i += 1
            continue
        if (two in U._PLACE_WORDS or w in U._PLACE_WORDS) and out and two not in U._NOT_PLACE:
            n = 2 if two in U._PLACE_WORDS else 1
            out.extend(low[i : i + n])
            i += n
            place, cap_next = True, False
            continue
        word = w[:1].upper() + w[1:] if (cap_next or place) else w
        if U._DIGIT_OR_SLASH.search(w):  # a document number ("1050/QĐ-SCT") keeps its case
            word = toks_flat[i] if i < len(toks_flat) else word
        out.append(word)
        cap_next = w.endswith(",") and sector
        if not place:
            for h in U._HEADS:
                hl = h.split(" ")
                if low[i - len(hl) + 1 : i + 1] == hl and (len(out) == len(hl) or len(hl) > 0):
                    cap_next = True
        if w.endswith(","):
            place = False
        i += 1
    res = " ".join(out)
    for pat, v in U._EXCEPTION_WORDS:
        res = pat.sub(v, res)
    res = U._DOC_BEFORE_NUMBER.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:], res)
    return res[:1].upper() + res[1:]



def _akey_before(s: str) -> str:
    return U._NOT_WORD.sub("", U._VA.sub("", match_key(s)))


AGENCY = st.lists(st.sampled_from(["SỞ", "BỘ", "CỤC", "CHI", "TỔNG", "PHÒNG", "BAN", "VĂN", "TRUNG", "TÂM", "ỦY",
                                   "UỶ", "VIỆN", "HỘI", "NÔNG", "NGHIỆP", "VÀ", "và", "-", ",", "TỈNH", "LÀO", "CAI",
                                   "UBND", "TP.", "CÔNG", "THƯƠNG", "MTTQ", "1050/QĐ-SCT", "sở", "văn", "phòng",
                                   "ngân", "hàng", "kho", "bạc", "bệnh", "xã", "hội"]), min_size=1, max_size=9).map(" ".join)


@FAST
@given(AGENCY)
def test_agency_case_by_last_word_is_every_head(text: str) -> None:
    assert U.agency_case(text) == _agency_case_before(text)


def test_agency_case_on_the_sample_lines() -> None:
    for text in SAMPLES[:2000]:
        for line in text.split("\n")[:60]:
            if line.strip() and len(line) < 120:
                assert U.agency_case(line) == _agency_case_before(line), line


@FAST
@given(st.text(alphabet=st.sampled_from(list("vàaVÀ̀ ,.&-_Sở Nội vụ")), max_size=30))
def test_akey_is_as_before(text: str) -> None:
    assert U._akey.__wrapped__(text) == _akey_before(text)
    assert U._akey(text) == _akey_before(text)


# --- provinces


def _count_words_before(text, starts, words, cands, spans, out) -> None:
    """provinces._count_words as it was: every run's keys made again for each length."""
    seqs, longest, abbrev, _special = PV._mention_index()
    firsts = PV._first_keys()

    def key(j: int) -> str:
        return PV._word_key(words[j])

    nw = len(words)
    nxt = sp = 0
    for i in cands:
        if i < nxt:
            continue
        if spans:
            while sp < len(spans) and spans[sp][1] <= starts[i]:
                sp += 1
            if sp < len(spans) and spans[sp][0] <= starts[i]:
                continue
        hit = None
        starts_name = PV._capitalised(words[i]) and key(i) in firsts
        for n in range(min(longest, nw - i) if starts_name else 0, 0, -1):
            o = seqs.get(tuple(key(j) for j in range(i, i + n)))
            if o and all(PV._capitalised(words[j]) for j in range(i, i + n)):
                window = " ".join(key(j) for j in range(max(0, i - 1), min(i + n + 1, nw)))
                if any(neg in window for neg in PV._NEGATIVE):
                    continue
                hit = (o, n)
                break
        if hit:
            out[hit[0].name] += 1
            nxt = i + hit[1]
            continue
        w = words[i]
        if w in abbrev and PV._PREFIX.search(text[max(0, starts[i] - 12) : starts[i]]):
            out[abbrev[w].name] += 1


def _find_before(text: str) -> Counter[str]:
    """find_provinces as it was: the words and their offsets from _words, counted the old way."""
    out: Counter[str] = Counter()
    if not text:
        return out
    _seqs, _longest, abbrev, special = PV._mention_index()
    spans = []
    has_special = "HCM" in text or "BR" in text or "Huế" in text or "Sài" in text
    for m in special.finditer(text) if has_special else ():
        abbr = PV._ABBR_PUNCT.sub("", m.group(0)).upper()
        out["Bà Rịa - Vũng Tàu" if abbr.startswith("BR") else (
            "Thừa Thiên Huế" if abbr.startswith("TT") else "Thành phố Hồ Chí Minh")] += 1
        spans.append(m.span())
    words, starts = PV._words(text)
    cands = [i for i, w in enumerate(words) if w[0].isupper() or w in abbrev]
    _count_words_before(text, starts, words, cands, spans, out)
    return out


PROV = st.lists(st.sampled_from(["tỉnh", "Tỉnh", "Bình", "Dương", "Thái", "Bình Dương", "TP.", "TP.HCM", "HCM", "BD",
                                 "Sài Gòn", "Lào", "Cai", "LÀO CAI", "Hà", "Nội", "thành phố", "Huế", "Thừa Thiên",
                                 "Quảng", "Ninh", "Nam", " ", ", ", "\n", "Sở", "BR-VT", "Đắk", "Lắk", "Thái Bình Dương"]),
                max_size=30).map(" ".join)


@FAST
@given(PROV)
def test_find_provinces_is_as_before(text: str) -> None:
    assert PV.find_provinces(text) == _find_before(text)


def test_find_provinces_on_the_samples() -> None:
    for text in SAMPLES:
        assert PV.find_provinces(text) == _find_before(text)


@FAST
@given(st.text(alphabet=st.sampled_from(list("aB c,Đ\n1_")), max_size=40))
def test_lazy_starts_and_words_are_words(text: str) -> None:
    words, offsets = PV._words(text)
    assert PV._WORD.findall(text) == words
    lazy = PV._PieceStarts(text)
    assert [lazy[j] for j in range(len(offsets))] == offsets
    pieces = PV._WORD_PIECES.split(text)
    assert offsets == list(accumulate(map(len, pieces[:-1])))[0::2]
