"""Cited documents: "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018" → number, type, ISO date, issuing body.

Also what a preamble paragraph does with the documents it cites (``basis_kind``): "Căn cứ …" and
"Thực hiện Kế hoạch số …" give legal bases, "Xét đề nghị của …" only cites proposals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from cchc_parse import rx
from cchc_parse.normalise.standards import find_standards
from cchc_parse.structure.front import type_from_symbol as front_type_from_symbol

# Type words as they stand before a number in running text → type code
TYPE_WORDS: dict[str, str] = {
    "nghị định": "NĐ", "quyết định": "QĐ", "kế hoạch": "KH", "nghị quyết": "NQ", "kết luận": "KL",
    "chương trình hành động": "CTr", "chương trình": "CTr", "thông tư liên tịch": "TTLT", "thông tư": "TT",
    "chỉ thị": "CT", "công văn": "CV", "văn bản": "CV", "thông báo kết luận": "TB", "thông báo": "TB",
    "hướng dẫn": "HD", "báo cáo": "BC", "quy định": "QĐi", "đề án": "ĐA", "luật": "Luật", "pháp lệnh": "PL",
    "tờ trình": "TTr", "thông tri": "TT", "quy chế": "QC", "lệnh": "L", "công điện": "CĐ",
}
_TYPE_ALT = "|".join(sorted((regex.escape(k) for k in TYPE_WORDS), key=len, reverse=True))

# the number: "61", "30a", and the dotted numbers companies and some resolutions use: "01.6", "66.19"
_NUM = r"\d{1,5}(?:\.\d{1,3})?[a-z]?"
# one group of a ký hiệu: "NĐ", "TTg", "CCHC&PC", "ĐQ&V", "C06", "NV.IV"
_GRP = r"[\p{Lu}Đ][\p{L}\d&]*(?:\.[\p{Lu}\d]+)*"
# "61/2018/NĐ-CP", "6991/KH-UBND", "56/2017/QH14", "2231/SNV-CCHC&PC", "01.6/GĐN/KSYB", "47/2024/TT- BGTVT"
_ADMIN = (r"(?P<num>" + _NUM + r")\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
          r"(?P<sym>" + _GRP + r"(?:\s?-\s?" + _GRP + r")*(?:/" + _GRP + r"(?:-" + _GRP + r")*)?)")
# Party form "28-KL/TW", "18-NQ/TW", "39-CTr/TU", "11- CT/TU" (a line broken after the hyphen)
_PARTY = r"(?P<pnum>\d{1,5}[a-z]?)\s*-\s*(?P<ptype>[\p{Lu}Đ][\p{L}]*)\s*/\s*(?P<pissuer>[\p{Lu}Đ][\p{L}\d]*)"
# the number and symbol: not inside a longer token, nor the year of a standard's code "04-05: 2022/BNNPTNT",
# nor the tail of a mistyped dotted number "66.4.2025/NQ-CP" (read as "2025/NQ-CP" it would name another document)
_CORE = r"(?<![\d/\p{L}])(?<!\d\s?:\s?)(?<!\d\.)(?:" + _PARTY + "|" + _ADMIN + r")(?![\p{L}\d/&])"
CITATION = rx.lazy(r"(?:(?P<tword>(?i:" + _TYPE_ALT + r"))\s+)?(?P<so>(?:(?i:số)\s*:?\s*){1,2})?" + _CORE)
# CITATION without its type word and "số": where a citation's number can start (the fast path below)
_CITATION_CORE = rx.lazy(_CORE)
# CITATION's prefix (a type word, "số"), matched backwards from where the number starts: the longest
_PREFIX_BACK = rx.lazy(r"(?r)(?:(?i:" + _TYPE_ALT + r")\s+)?(?:(?i:số)\s*:?\s*){0,2}")
# "Mẫu số 01/HNCT", "Mẫu số 01 và 02/HNMT", "Biểu số 02/BC": a form's code, not a document
_FORM_BEFORE = rx.lazy(
    r"(?i:mẫu|biểu|phụ\s+lục|phiếu)\s+(?:(?i:số)\s*)?(?:\d{1,3}[a-z]?\s*(?:,|và|-)\s*)*$")
# _FORM_BEFORE matched backwards from where it ends (the number): it fails at once before most numbers
_FORM_BACK = rx.lazy(r"(?r)" + _FORM_BEFORE.pattern.removesuffix("$"))
# a law's or Quốc hội resolution's symbol: QH + the two-digit khóa (QH10 … QH16 so far); a digit
# glued after it is a footnote mark: "42/2024/QH151" → "QH15" + ¹
_QH = rx.lazy(r"(?P<qh>(?:UBTVQH|QH)1\d)(?P<mark>\d{1,2})?")
# "ngày 23/4/2018", "ngày 30 tháng 12 năm 2022", "ngày 21/6/2021của", "ngày 10-3-2026"
_DATE = (r"ngày\s*(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)(?P<m>\d{1,2})\s*"
         r"(?:/|-|\.|\s+năm\s+)(?P<y>(?:19|20)\d{2})")
# "của Bộ Nông nghiệp và Môi trường": the issuer named between the number and its date; at most
# 12 words, no digit (so no other citation), and it stops at words that start something else
_BODY_WORD = r"(?!(?:ngày|số|về|tại|theo|và\s+(?i:" + _TYPE_ALT + r"))\b)[\p{L}][\p{L}.&'’()-]*[\s,]+"
_DATE_AFTER = rx.lazy(
    r"[\u00b9\u00b2\u00b3\u2070-\u2079]*"  # a footnote mark printed as a superscript: "42/2024/QH15¹ ngày …"
    r"\s*,?\s*(?:được\s+)?(?:ban\s+hành\s+)?(?:của\s+(?:" + _BODY_WORD + r"){1,12}?(?:ban\s+hành\s+)?)?"
    + _DATE, regex.IGNORECASE)

ISSUERS: dict[str, str] = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "TW": "Ban Chấp hành Trung ương Đảng", "TU": "Tỉnh ủy", "HU": "Huyện ủy", "VPCP": "Văn phòng Chính phủ",
    "BNV": "Bộ Nội vụ", "BTC": "Bộ Tài chính", "BTP": "Bộ Tư pháp", "BCT": "Bộ Công Thương",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BTTTT": "Bộ Thông tin và Truyền thông", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế", "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng", "BXD": "Bộ Xây dựng",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BKHCN": "Bộ Khoa học và Công nghệ", "NHNN": "Ngân hàng Nhà nước Việt Nam", "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân", "SNV": "Sở Nội vụ", "STP": "Sở Tư pháp", "SKHĐT": "Sở Kế hoạch và Đầu tư",
    "VPTW": "Văn phòng Trung ương Đảng", "BCĐ": "Ban Chỉ đạo",
}


@dataclass(frozen=True)
class Citation:
    number: str  # "61/2018/NĐ-CP"
    doc_type: str | None
    date: str | None  # ISO
    issuing_body: str | None
    start: int
    end: int
    raw: str


def _iso(d: int, m: int, y: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


_SYMBOL_SEP = rx.lazy_re(r"[-/]")  # "NĐ-CP", "KL/TW"
_QH_ANY = rx.lazy(r"QH\d*")  # "QH", "QH14"
_QH_LAW = rx.lazy(r"QH\d+")  # "QH15"
_UBTVQH = rx.lazy(r"UBTVQH\d*")  # "UBTVQH15"


def issuing_body(symbol: str) -> str | None:
    """'NĐ-CP' → Chính phủ, 'QĐ-TTg' → Thủ tướng Chính phủ, 'QH14' → Quốc hội, 'KL/TW' → BCH TW Đảng."""
    last = _SYMBOL_SEP.split(symbol)[-1]
    if _QH_ANY.fullmatch(last):
        return ISSUERS["QH"]
    if _UBTVQH.fullmatch(last):
        return ISSUERS["UBTVQH"]
    return ISSUERS.get(last)


def type_from_symbol(symbol: str) -> str | None:
    """'NĐ-CP' → 'NĐ'; 'QH14' (a law's number) → 'Luật'; an issuer-unit công văn symbol → None."""
    if _QH_LAW.fullmatch(_SYMBOL_SEP.split(symbol)[0]):
        return "Luật"
    return front_type_from_symbol(symbol)


@lru_cache(maxsize=4096)
def _symbol_facts(symbol: str) -> tuple[str | None, str | None]:
    """(type_from_symbol, issuing_body) of a symbol: a few symbols ("NĐ-CP", "KH-UBND") are cited again and again."""
    return type_from_symbol(symbol), issuing_body(symbol)


_HYPHEN = rx.lazy(r"\s*-\s*")
_UPPER_GROUP = rx.lazy(r"[\p{Lu}Đ]{2,}\d*(?:\.[\p{Lu}Đ\d]+)*")  # "GĐN", "KSYB", "NV.IV"


@lru_cache(maxsize=4096)  # a few symbols ("NĐ-CP", "QĐ-UBND") are cited again and again
def _symbol(raw: str) -> str:
    """'TT- BGTVT' → 'TT-BGTVT'; 'QH151' (khóa 15 + footnote marker 1) → 'QH15'."""
    sym = _HYPHEN.sub("-", raw)
    head, _, last = sym.rpartition("-")
    m = _QH.fullmatch(last)
    if m and m["mark"]:
        sym = f"{head}-{m['qh']}" if head else m["qh"]
    return sym


def _is_document(m: regex.Match, sym: str, text: str) -> bool:
    """Whether an N/SYMBOL match names a document (not a fraction, a form code or a stray token).

    A year ("85/2015/QH13"), a hyphen ("51/GĐN-VK") or a law's symbol make it one on their own; a
    single upper-case group ("51/GĐN", "01.6/GĐN/KSYB") needs a type word or "số" before it.
    """
    if _form_before(text, m.start(), m.start("num")):
        return False
    if m["year"] or "-" in sym or _QH.fullmatch(sym):
        return True
    if not all(_UPPER_GROUP.fullmatch(g) for g in sym.split("/")):
        return False
    return bool(m["tword"] or m["so"])


def _form_before(text: str, start: int, end: int) -> bool:
    """``_FORM_BEFORE.search(text, max(0, start - 40), end)``: "Mẫu số 01/…" is a form's code. Asked
    backwards from ``end``: a match that ends there (its whitespace takes a line break "$" would
    stop before), not a search from each of the 40 positions before it."""
    return _FORM_BACK.match(text, max(0, start - 40), end) is not None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_citations(text: str) -> list[Citation]:
    """Every document number cited in ``text`` with its type and date when the text gives them."""
    return citations_in(text, find_standards(text) if "/" in text else [])


def citations_in(text: str, standards: list[tuple[str, str, int, int]]) -> list[Citation]:
    """``find_citations(text)`` given ``find_standards(text)`` (a caller that has them already)."""
    out: list[Citation] = []
    if "/" not in text:  # every citation form has a slash: skip the big pattern on plain prose
        return out
    masked = [(s, e) for _, _, s, e in standards]  # "QCVN 40:2025/BTNMT" is no citation
    for m in _citation_matches(text):
        if masked and _overlaps(m.start(), m.end(), masked):
            continue
        if m["pnum"]:
            if _form_before(text, m.start(), m.start("pnum")):
                continue
            number = f"{m['pnum']}-{m['ptype']}/{m['pissuer']}"
            sym_type, body = m["ptype"], ISSUERS.get(m["pissuer"])
        else:
            sym = _symbol(m["sym"])
            if not _is_document(m, sym, text):
                continue
            number = f"{m['num']}/{m['year'] + '/' if m['year'] else ''}{sym}"
            sym_type, body = _symbol_facts(sym)
        doc_type = TYPE_WORDS.get(m["tword"].lower()) if m["tword"] else None
        if doc_type in (None, "CV") and sym_type:
            doc_type = sym_type
        if doc_type == "QĐi" and sym_type == "QĐ":
            doc_type = "QĐ"
        date, end = _date_after(text, m.end())
        out.append(Citation(number=number, doc_type=doc_type, date=date, issuing_body=body,
                            start=m.start(), end=end, raw=text[m.start():end]))
    return out


def _citation_matches(text: str) -> Iterator[regex.Match[str]]:
    """``CITATION.finditer(text)``, without trying the type-word alternation at every position.

    The next match's number and symbol are where _CITATION_CORE next matches (c): what stands before
    them in it (a type word, "số") holds no digit, and no number starts between. It starts where
    _PREFIX_BACK, matched backwards from c, starts: that takes the most "số" (2, 1, 0; no type word
    ends in "số", so more of them never cost a type word) and then the longest type word that ends
    there (the alternatives go longest first), so no match starts before it; CITATION matches there
    (tests/test_speed_model_fastpaths.py and tests/normalise/test_fast_paths.py compare with finditer).
    """
    pos = 0
    while (core := _CITATION_CORE.search(text, pos)) is not None:
        prefix = _PREFIX_BACK.match(text, pos, core.start())  # always matches (maybe "")
        m = CITATION.match(text, prefix.start() if prefix else core.start())
        if m is None:  # pragma: no cover - cannot happen: CITATION matches there
            m = CITATION.search(text, pos)
            if m is None:
                return
        yield m
        pos = m.end()


def _date_after(text: str, pos: int) -> tuple[str | None, int]:
    """The cited document's date right after its number, or after "của <issuer>": (ISO or None, end)."""
    md = _DATE_AFTER.match(text, pos)
    if not md:
        return None, pos
    return _iso(int(md["d"]), int(md["m"]), int(md["y"])), md.end()


# "Căn cứ …"; "Thực hiện Kế hoạch số …", "Triển khai Chỉ thị …", "Thực hiện ý kiến chỉ đạo của … tại
# Văn bản số …", "Để triển khai thực hiện Nghị quyết …": the documents a plan rests on or implements
_BASIS = rx.lazy(
    r"^\s*(?:(?P<cc>Căn\s+cứ)\b"
    r"|(?:Để\s+|Nhằm\s+)?(?:Thực\s+hiện|Triển\s+khai(?:\s+thực\s+hiện)?|Thi\s+hành)\s+"
    r"(?:(?:các|nội\s+dung|tinh\s+thần)\s+)?(?:(?:" + _TYPE_ALT + r")\b"
    r"|(?:ý\s+kiến\s+|sự\s+)?chỉ\s+đạo\s+của\b))",
    regex.IGNORECASE)


def basis_kind(paragraph: str) -> str | None:
    """What a preamble paragraph's citations are: "căn cứ" or "thực hiện" (legal bases), else None.

    "Căn cứ Luật …;" → "căn cứ"; "Thực hiện Công điện số 131/CĐ-TTg …", "Triển khai Chỉ thị …",
    "Thực hiện chỉ đạo của UBND tỉnh tại Văn bản số …" → "thực hiện"; "Theo đề nghị của …",
    "Xét đề nghị của …" → None: those cite proposals, which are references only.
    """
    m = _BASIS.match(paragraph)
    if not m:
        return None
    return "căn cứ" if m["cc"] else "thực hiện"
