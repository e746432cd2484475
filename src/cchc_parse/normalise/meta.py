"""The document's issuer, province and plan year, from what the document states.

- Issuer: from the header's agency lines; without a header, from "… của Sở X tỉnh Y" in the trích yếu, or
  from a text that names itself by its head word ("các phòng thuộc Sở", "Giám đốc Sở") and names exactly one
  such body. Nothing is guessed from how often a body is named.
- Year: the year the trích yếu names (not an end date: "đến năm 2030"), else the issue date's year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cchc_parse import rx
from cchc_parse.model import DocumentMeta
from cchc_parse.normalise import provinces as PV
from cchc_parse.normalise import units as U
from cchc_parse.structure import patterns as P
from cchc_parse.structure.front import AGENCY_HEAD

_OF_AGENCY = rx.lazy(
    r"\bcủa\s+(?P<agency>(?:Sở|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|UBND|Ban|Văn\s+phòng|Thanh\s+tra|"
    r"Trung\s+tâm|Cục|Chi\s+cục|Phòng|Bộ|Hội\s+đồng\s+nhân\s+dân|Đoàn)\s.+?)\s*$")
# The text names its issuer by the bare head word: "các phòng, đơn vị thuộc Sở", "của Sở", "Giám đốc Sở"
_SELF_REF = rx.lazy(
    r"\b(?:của|thuộc|Giám\s+đốc|Văn\s+phòng|Lãnh\s+đạo|lãnh\s+đạo)\s+Sở(?![\p{L}])(?!\s+[\p{Lu}])")
# "Sở Tư pháp", "Sở Kế hoạch và Đầu tư": a department named in running text
_DEPT = rx.lazy(r"\bSở\s+[\p{Lu}][\p{Ll}]*(?:\s+(?:và\s+)?(?!Sở\b)[\p{Lu}\p{Ll}][\p{Ll}]*){0,5}")
# "Kế hoạch số 2113/KH-SKHĐT ngày 21/7/2021 của Sở Kế hoạch và Đầu tư": the issuer of a cited document
_CITED_ISSUER = rx.lazy(r"\d+/[\p{Lu}\d][^.;\n]{0,60}\bcủa\s+$")
_CONTINUED = rx.lazy(r"(?:,|\bVÀ|-|–)\s*$")  # a header unit that goes on on the next line
_YEAR_TAIL = rx.lazy(r"\s+(năm|giai\s+đoạn)\s+\d{4}.*$")  # "… năm 2025", "… giai đoạn 2021-2025"
_CITIES = {"Hà Nội", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


def header_units(agency_lines: list[str]) -> list[list[str]]:
    """Agency lines → units, top first: a line opening with a head word (SỞ, BAN, TIỂU BAN, VĂN PHÒNG …)
    starts a unit unless the line before is cut ("CỤC ĐỔI MỚI SÁNG TẠO," / "CHUYỂN ĐỔI XANH VÀ"); other lines
    (a place: "XÃ LƯƠNG MINH", a wrapped name) continue the unit above."""
    units: list[list[str]] = []
    for line in agency_lines:
        cut = bool(units) and _CONTINUED.search(units[-1][-1])
        if units and (cut or not AGENCY_HEAD.match(line)):
            units[-1].append(line)
        else:
            units.append([line])
    return units


def infer_issuer(doc: DocumentMeta, agency_lines: list[str], body: str, is_article: bool) -> None:
    if agency_lines:
        units = header_units(agency_lines)
        doc.parent_agency = " ".join(" ".join(u) for u in units[:-1]) or None
        doc.issuer = U.issuer_of_units([" ".join(u) for u in units])
        return
    if doc.title:
        m = _OF_AGENCY.search(doc.title)
        if m:
            doc.issuer = _YEAR_TAIL.sub("", m["agency"]).strip(" .")
            return
    if not is_article:
        doc.issuer = _self_named(body)


def _self_named(body: str) -> str | None:
    """"Sở Tư pháp tỉnh Tây Ninh" for a headerless plan that calls its issuer "Sở" ("các phòng thuộc Sở",
    "Giám đốc Sở"), names one department other than as the issuer of a cited document ("thuộc thẩm quyền
    của Sở Tư pháp") and one province."""
    if len(_SELF_REF.findall(body)) < 2:
        return None
    names = {n for m in _DEPT.finditer(body)
             if not _CITED_ISSUER.search(body[max(0, m.start() - 90):m.start()])
             for n in [_known_unit(m.group(0))] if n}
    provs = PV.find_provinces(body)
    if len(names) != 1 or len(provs) != 1:
        return None
    prov = next(iter(provs))
    return f"{names.pop()} {'thành phố' if prov in _CITIES else 'tỉnh'} {prov}"


def _known_unit(phrase: str) -> str | None:
    """The longest leading part of "Sở Kế hoạch và Đầu tư về Thực hiện" that is a known unit."""
    words = phrase.split()
    for k in range(len(words), 1, -1):
        name = U.canonical_unit(" ".join(words[:k]))
        if name:
            return name
    return None


def infer_province(doc: DocumentMeta, agency_lines: list[str], body: str) -> None:
    for text in [*agency_lines, doc.issuer or "", doc.place or ""]:
        found = PV.find_provinces(text)
        if found:
            doc.province = found.most_common(1)[0][0]
            break
    else:
        found = PV.find_provinces(body + "\n" + (doc.title or ""))
        if found:
            doc.province = found.most_common(1)[0][0]
    if doc.province:
        on = None
        if doc.date and doc.date.year:
            on = dt.date(doc.date.year, doc.date.month or 1, doc.date.day or 1)
        if on is None or on < dt.date(2025, 7, 1):
            doc.province_after_merger = PV.province_after_merger(doc.province, on)


def _years(text: str) -> list[int]:
    """Years written "năm YYYY", without those of an end date ("đến hết năm 2027", "giai đoạn 2026-2030")."""
    ends = [m.span() for m in P.YEAR_END.finditer(text)]
    return [int(m["y"]) for m in P.YEAR_WORD.finditer(text) if not any(s <= m.start() < e for s, e in ends)]


def infer_year(doc: DocumentMeta, body: str) -> int | None:
    if doc.title:
        ys = _years(doc.title)
        if ys:
            return ys[0]
    if doc.date and doc.date.year:
        return doc.date.year
    if doc.genre == "article":
        return None
    counts = Counter(_years(body)) or Counter(int(m["y"]) for m in P.YEAR_WORD.finditer(body))
    if not counts:
        return None
    best = max(counts.values())
    return max(y for y, c in counts.items() if c == best)
