"""Cited documents: "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018" → number, type, ISO date, issuing body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

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

# "61/2018/NĐ-CP", "6991/KH-UBND", "30a/2008/NQ-CP", "56/2017/QH14", "2231/SNV-CCHC&PC"
_ADMIN = r"(?P<num>\d{1,5}[a-z]?)\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?(?P<sym>[\p{Lu}Đ][\p{L}\d&]*(?:\s?-\s?[\p{Lu}Đ\d][\p{L}\d&]*)*)"
# Party form "28-KL/TW", "18-NQ/TW", "28-CTr/TU"
_PARTY = r"(?P<pnum>\d{1,5}[a-z]?)\s*-\s*(?P<ptype>[\p{Lu}Đ][\p{L}]*)\s*/\s*(?P<pissuer>[\p{Lu}Đ][\p{L}\d]*)"
CITATION = regex.compile(
    r"(?:(?P<tword>" + _TYPE_ALT + r")\s+(?:số\s*:?\s*)?)?"
    r"(?<![\d/\p{L}])(?:" + _PARTY + "|" + _ADMIN + r")(?![\p{L}\d/])",
    regex.IGNORECASE,
)
# "ngày 23/4/2018", "ngày 30 tháng 12 năm 2022", "ngày 21/6/2021của"
_DATE_AFTER = regex.compile(
    r"\s*,?\s*(?:được\s+)?(?:ban\s+hành\s+)?ngày\s*(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)(?P<m>\d{1,2})\s*"
    r"(?:/|-|\.|\s+năm\s+)(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)

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


def issuing_body(symbol: str) -> str | None:
    """'NĐ-CP' → Chính phủ, 'QĐ-TTg' → Thủ tướng Chính phủ, 'QH14' → Quốc hội, 'KL/TW' → BCH TW Đảng."""
    last = regex.split(r"[-/]", symbol)[-1]
    if regex.fullmatch(r"QH\d*", last):
        return ISSUERS["QH"]
    if regex.fullmatch(r"UBTVQH\d*", last):
        return ISSUERS["UBTVQH"]
    return ISSUERS.get(last)


def type_from_symbol(symbol: str) -> str | None:
    """'NĐ-CP' → 'NĐ'; 'QH14' (a law's number) → 'Luật'; an issuer-unit công văn symbol → None."""
    if regex.fullmatch(r"QH\d+", regex.split(r"[-/]", symbol)[0]):
        return "Luật"
    return front_type_from_symbol(symbol)


def find_citations(text: str) -> list[Citation]:
    """Every document number cited in ``text`` with its type and date when the text gives them."""
    out: list[Citation] = []
    if "/" not in text:  # every citation form has a slash: skip the big pattern on plain prose
        return out
    for m in CITATION.finditer(text):
        if m["pnum"]:
            number = f"{m['pnum']}-{m['ptype']}/{m['pissuer']}"
            sym_type, body = m["ptype"], ISSUERS.get(m["pissuer"])
        else:
            sym = regex.sub(r"\s*-\s*", "-", m["sym"])
            if "-" not in sym and not regex.fullmatch(r"QH\d+|UBTVQH\d+|[\p{Lu}Đ]{2,}", sym):
                continue
            if not m["tword"] and "-" not in sym:
                continue  # "3/4 văn bản", "ISO 9001:2015" are not citations
            number = f"{m['num']}/{m['year'] + '/' if m['year'] else ''}{sym}"
            sym_type, body = type_from_symbol(sym), issuing_body(sym)
        doc_type = TYPE_WORDS.get(m["tword"].lower()) if m["tword"] else None
        if doc_type in (None, "CV") and sym_type:
            doc_type = sym_type
        if doc_type == "QĐi" and sym_type == "QĐ":
            doc_type = "QĐ"
        date = None
        md = _DATE_AFTER.match(text, m.end())
        end = m.end()
        if md:
            date = _iso(int(md["d"]), int(md["m"]), int(md["y"]))
            end = md.end()
        out.append(Citation(number=number, doc_type=doc_type, date=date, issuing_body=body,
                            start=m.start(), end=end, raw=text[m.start():end]))
    return out
