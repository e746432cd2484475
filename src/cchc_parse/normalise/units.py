"""Lead/support/output cells → lists of units; unit aliases → canonical names; issuer header lines → a name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cchc_parse import rx
from cchc_parse.normalise.keys import fold_key, match_key
from cchc_parse.normalise.packaged import packaged_yaml
from cchc_parse.normalise.provinces import canonical_province, province_type

__all__ = ["AliasTable", "UnitEntry", "agency_case", "canonical_unit", "issuer_name", "issuer_of_units",
           "load_aliases", "split_units"]

# ------------------------------------------------------------------------------------------- splitting
# A part after a comma is a unit only if it starts with one of these (capitalised) head words.
_UNIT_HEADS = rx.lazy_re(
    r"(?:Văn phòng|Phòng|Sở|Ban|Bộ|Các|Chuyên viên|Cán bộ|Công chức|Viên chức|Thanh tra|Trung tâm|Ủy ban|Uỷ ban|"
    r"UBND|HĐND|Hội đồng|Cục|Chi cục|Tổng cục|Đơn vị|Đội|Công an|Bảo hiểm|BHXH|Kho bạc|KBNN|Tổ|Hội|Liên đoàn|"
    r"Đoàn|Viện|Trường|Bệnh viện|Cơ quan|Ngân hàng|Tòa án|Toà án|Báo|Đài|Mặt trận|MTTQ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|"
    r"Đảng ủy|Thư viện|Bảo tàng|Nhà hát|Lãnh đạo|Giám đốc|Phó Giám đốc|Chánh|Bộ phận|Người đứng đầu|Thủ trưởng|"
    r"Những|Một số|Tất cả|Toàn thể|Quỹ|Hạt|Ban quản lý|Doanh nghiệp|Trạm|Chủ tịch|Thường trực)(?![^\W\d_])"
)
_OUTPUT_HEADS = rx.lazy_re(
    r"(?:NQ|QĐ|KH|BC|CV|TB|HD|CT|TTr|CTr|QC|QyĐ|báo cáo|công văn|kế hoạch|quyết định|nghị quyết|thông báo|"
    r"hướng dẫn|biên bản|tờ trình|chỉ thị|quy chế|quy định|kết luận|hội nghị|phiếu|văn bản|danh mục|website|"
    r"bảng điểm|đề án|chương trình|giấy mời|thư|tài liệu|sổ|tin|bài|phần mềm|hệ thống|cơ sở dữ liệu|các|"
    r"nhận xét|dự thảo|đề xuất|tham mưu|tờ rơi|pano|áp phích|clip|video|cẩm nang|bộ|quy trình|báo|"
    r"hồ sơ|danh sách|thống kê|tổng hợp|phương án|dự toán|quyết toán|chứng nhận|giấy)(?![^\W\d_])",
    re.I,
)


def _split_top(text: str, seps: str) -> list[str]:
    """Split at separator characters outside parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    buf: list[str] = []
    for ch in text:
        if ch in "([{“":
            depth += 1
        elif ch in ")]}”" and depth:
            depth -= 1
        if ch in seps and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


_WS = rx.lazy_re(r"\s+")


def _clean(part: str) -> str:
    return _WS.sub(" ", part).strip(" \t-–+•.")


def _is_unit(part: str, aliases: AliasTable | None = None) -> bool:
    p = part.strip()
    if _UNIT_HEADS.match(p):
        return True
    table = aliases or load_aliases()
    return table.lookup(p) is not None


def split_units(text: str | None, kind: str = "unit") -> list[str]:
    """Split a lead/support (``kind="unit"``) or Sản phẩm (``kind="output"``) cell into a list.

    Always at ";"; at "," only where the parts are units ("Văn phòng, Cán bộ đầu mối TTHC") or, for outputs,
    only when every part is a product ("NQ, QĐ"). Never inside a name: "Sở Văn hóa, Thể thao và Du lịch",
    "Các phòng, ban và đơn vị", "Phòng Kế hoạch – Tài chính" stay whole. Line breaks inside a cell (PDF wraps)
    become spaces. The parts joined keep every letter and digit of the input, in order.
    """
    if not text or not text.strip():
        return []
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for chunk in _split_top(text, ";"):
        pieces = _split_top(chunk, ",")
        if len(pieces) == 1:
            out.append(chunk)
            continue
        if kind == "output":
            if all(_OUTPUT_HEADS.match(p.strip()) for p in pieces if p.strip()):
                out.extend(pieces)
            else:
                out.append(chunk)
            continue
        merged: list[str] = [pieces[0]]
        for p in pieces[1:]:
            if (_is_unit(p) and _is_unit(merged[-1])) or (_is_unit(p) and not merged[-1].strip()):
                merged.append(p)
            else:
                merged[-1] = merged[-1] + "," + p
        out.extend(merged)
    return [c for c in (_clean(p) for p in out) if c]


# ------------------------------------------------------------------------------------------- aliases
@dataclass(frozen=True)
class UnitEntry:
    name: str
    level: str = "province"
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None
    note: str | None = None


_VA, _NOT_WORD = rx.lazy_re(r"(?<![^\W\d_])và(?![^\W\d_])"), rx.lazy_re(r"[\W_]+")


@lru_cache(maxsize=8192)  # a document names the same units again and again (each task's, each header's)
def _akey(s: str) -> str:
    """Abbreviation key: case-folded, tone-placement-neutral, "&", ",", ".", "-", spaces and "và" dropped."""
    k = match_key(s)
    if "và" in k:  # _VA's word: most names have none, and its search tries a lookbehind at every character
        k = _VA.sub("", k)
    return _NOT_WORD.sub("", k)


@dataclass
class AliasTable:
    entries: dict[str, UnitEntry] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict)

    def add(self, e: UnitEntry) -> None:
        self.entries[e.name] = e
        for v in (e.name, *e.aliases):
            self._index[_akey(v)] = e.name
            self._index["f:" + fold_key(v).replace(" ", "")] = e.name

    def lookup(self, name: str) -> UnitEntry | None:
        k = _akey(name)
        hit = self._index.get(k)
        if hit is None and k and name.isascii():  # accent-free input ("So TTTT") may match on the folded key
            hit = self._index.get("f:" + fold_key(name).replace(" ", ""))
        return self.entries.get(hit) if hit else None


def _entries(raw: dict[str, Any] | None) -> list[UnitEntry]:
    raw = raw or {}
    out = []
    for e in raw.get("units", []):
        out.append(UnitEntry(
            name=unicodedata.normalize("NFC", str(e["name"])), level=str(e.get("level", "province")),
            aliases=tuple(unicodedata.normalize("NFC", str(a)) for a in e.get("aliases", []) or []),
            valid_from=str(e["valid_from"]) if e.get("valid_from") else None,
            valid_to=str(e["valid_to"]) if e.get("valid_to") else None, note=e.get("note"),
        ))
    return out


@lru_cache(maxsize=8)
def _load(extra: str | None) -> AliasTable:
    t = AliasTable()
    for e in _entries(packaged_yaml("units.yaml")):
        t.add(e)
    if extra:
        import yaml  # a user's table only (start-up time)

        for e in _entries(yaml.safe_load(Path(extra).read_text("utf-8"))):
            t.add(e)
    return t


def load_aliases(extra: Path | None = None) -> AliasTable:
    """The shipped alias table (``data/units.yaml``), extended/overridden by a user file of the same shape."""
    return _load(str(extra) if extra else None)


_PLACE_TAIL = rx.lazy_re(
    r"\s+(?P<level>tỉnh|thành\s+phố|tp\.?|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)(?:\s+(?P<place>.+))?$", re.I
)


def canonical_unit(name: str, province: str | None = None, aliases: AliasTable | None = None) -> str | None:
    """Expand a unit name or abbreviation to its canonical full name; None when the table does not know it.

    "Sở TTTT" → "Sở Thông tin và Truyền thông"; with ``province="Bình Dương"`` → "… tỉnh Bình Dương".
    "UBND tỉnh" → "Ủy ban nhân dân tỉnh"; "Sở Nội vụ tỉnh BD" → "Sở Nội vụ tỉnh Bình Dương".
    """
    if not name or not name.strip():
        return None
    table = aliases or load_aliases()
    s = _clean(unicodedata.normalize("NFC", name))
    e = table.lookup(s)
    level = place = None
    if e is None:
        m = _PLACE_TAIL.search(s)
        if not m:
            return None
        e = table.lookup(s[: m.start()])
        if e is None:
            return None
        level, place = m.group("level"), m.group("place")
    if e.name in ("Thanh tra tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh") or e.level != "province":
        return e.name
    prov = canonical_province(place) if place else (canonical_province(province) if province else None)
    lvl = (level or "").lower().replace("tp.", "thành phố").replace("tp", "thành phố")
    if prov:
        lvl = lvl if lvl in ("tỉnh", "thành phố") else ("thành phố" if province_type(prov) == "thành phố" else "tỉnh")
        return f"{e.name} {lvl} {_bare(prov)}"
    if place:
        return f"{e.name} {lvl} {_title_place(place)}"
    return f"{e.name} {lvl}".strip()


_CITY_PREFIX = rx.lazy_re(r"^Thành phố\s+")


def _bare(prov: str) -> str:
    return _CITY_PREFIX.sub("", prov)


# ------------------------------------------------------------------------------------------- issuer
_EXCEPTIONS = {  # phrase (lower) → spelling in agency names
    "công thương": "Công Thương", "ủy ban nhân dân": "Ủy ban nhân dân", "uỷ ban nhân dân": "Ủy ban nhân dân",
    "hội đồng nhân dân": "Hội đồng nhân dân", "chính phủ": "Chính phủ", "quốc hội": "Quốc hội",
    "nhà nước": "Nhà nước", "việt nam": "Việt Nam", "trung ương": "Trung ương", "mặt trận tổ quốc": "Mặt trận Tổ quốc",
    "đoàn đại biểu quốc hội": "Đoàn đại biểu Quốc hội", "thủ tướng": "Thủ tướng", "đảng": "Đảng",
}  # fmt: skip
_EXCEPTION_WORDS = [(rx.lazy_re(rf"(?<![^\W\d_]){re.escape(k)}(?![^\W\d_])", re.I), v) for k, v in _EXCEPTIONS.items()]
_DIGIT_OR_SLASH = rx.lazy_re(r"[\d/]")
_EXPAND = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "VP": "Văn phòng", "TP.": "thành phố",
           "TP": "thành phố"}  # fmt: skip
_HEADS = ("sở", "bộ", "cục", "chi cục", "tổng cục", "phòng", "ban", "văn phòng", "trung tâm", "thanh tra", "viện",
          "vụ", "ngân hàng", "kho bạc", "hội", "trường", "bệnh viện", "đài", "báo", "ủy ban", "uỷ ban")

# each head's words by its last word ("cục" → [["cục"], ["chi", "cục"], ["tổng", "cục"]]): agency_case asks, for
# every word, the heads that end with it
_HEADS_BY_LAST = {last: [h.split(" ") for h in _HEADS if h.split(" ")[-1] == last]
                  for last in {h.split(" ")[-1] for h in _HEADS}}
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_NOT_PLACE = ("xã hội",)  # "Lao động - Thương binh và Xã hội"
# Heads of bodies named after the sectors they manage: every sector is capitalised ("Sở Văn hóa, Thể thao và
# Du lịch", "Phòng Tài chính - Kế hoạch"); other bodies are named in sentence case after the head word
# ("Tiểu ban Thông tin, tuyên truyền, khánh tiết", "Ban Quản lý các khu công nghiệp và khu kinh tế").
_SECTOR_HEADS = (("bộ",), ("sở",), ("cục",), ("tổng", "cục"), ("chi", "cục"), ("vụ",), ("phòng",), ("viện",))
# A Vietnamese syllable (tone marks removed): an upper-case word that is not one is an acronym, kept as
# written ("MTTQ", "KHCN", "ĐMST", "CĐS", "XVI").
_SYLLABLE = rx.lazy_re(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
# "quyết định số 1050/QĐ-SCT" inside a name: the document type is capitalised
_DOC_BEFORE_NUMBER = rx.lazy_re(
    r"(?<![^\W\d_])(quyết định|kế hoạch|công văn|thông báo|nghị quyết|chỉ thị)(?= số \d)")


def _is_acronym(word: str) -> bool:
    letters = "".join(c for c in word if c.isalpha())
    if len(letters) < 2 or not letters.isupper():
        return False
    base = unicodedata.normalize("NFD", letters.lower().replace("đ", "d"))
    base = "".join(c for c in base if not unicodedata.combining(c))
    return _SYLLABLE.fullmatch(base) is None


def _title_place(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def agency_case(text: str) -> str:
    """Vietnamese capitalisation of an agency name: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao
    và Du lịch"; first syllable, the syllable after a head word (Sở, Bộ, Cục …), after "," "và" "-", and every
    syllable of a place name after tỉnh/huyện/…; dictionary exceptions ("Công Thương", "Ủy ban nhân dân")."""
    words = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    toks = [_EXPAND.get(w, w) for w in words.split(" ")]
    toks_flat = " ".join(toks).split(" ")
    low = [t.lower() for t in toks_flat]
    sector = any(tuple(low[: len(h)]) == h for h in _SECTOR_HEADS)
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
        if _is_acronym(toks_flat[i]):
            out.append(toks_flat[i])
            cap_next = False
            i += 1
            continue
        if (two in _PLACE_WORDS or w in _PLACE_WORDS) and out and two not in _NOT_PLACE:
            n = 2 if two in _PLACE_WORDS else 1
            out.extend(low[i : i + n])
            i += n
            place, cap_next = True, False
            continue
        word = w[:1].upper() + w[1:] if (cap_next or place) else w
        if _DIGIT_OR_SLASH.search(w):  # a document number ("1050/QĐ-SCT") keeps its case
            word = toks_flat[i] if i < len(toks_flat) else word
        out.append(word)
        cap_next = w.endswith(",") and sector
        if not place:
            # a head's words that end with this word (a slice equal to a head ends with it)
            for hl in _HEADS_BY_LAST.get(w, ()):
                if low[i - len(hl) + 1 : i + 1] == hl:
                    cap_next = True
        if w.endswith(","):
            place = False
        i += 1
    res = " ".join(out)
    for pat, v in _EXCEPTION_WORDS:
        res = pat.sub(v, res)
    res = _DOC_BEFORE_NUMBER.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:], res)
    return res[:1].upper() + res[1:]


_HEAD_PLACE = rx.lazy_re(
    r"(?<![^\W\d_])(?P<level>tỉnh|thành\s+phố|tp\.?|huyện|quận|thị\s+xã|xã(?!\s+hội)|phường|thị\s+trấn)"
    r"\s*(?P<place>[^\W\d_].*)$",
    re.I,
)


def _place_of(line: str | None) -> tuple[str, str] | None:
    if not line:
        return None
    m = _HEAD_PLACE.search(_WS.sub(" ", line.strip()))
    if not m:
        return None
    level = m.group("level").lower()
    level = "thành phố" if level.startswith("tp") or level.startswith("thành") else _WS.sub(" ", level)
    place = m.group("place").strip()
    prov = canonical_province(place) if level in ("tỉnh", "thành phố") else None
    if prov and province_type(prov) == "thành phố":
        level = "thành phố"
    return level, _bare(prov) if prov else _title_place(place)


def _lower_first(s: str) -> str:
    """A parent's name after a unit: "tỉnh Lào Cai" stays lower case, a body keeps its capital."""
    return s[:1].lower() + s[1:] if s.lower().startswith(_PLACE_WORDS) else s


def issuer_name(parent_line: str | None, agency_line: str) -> str:
    """Header lines → the issuer's full name.

    "UBND TỈNH BÌNH DƯƠNG" / "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương";
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" → "Ủy ban nhân dân tỉnh Lào Cai"; "BỘ NỘI VỤ" → "Bộ Nội vụ".
    """
    agency = _WS.sub(" ", (agency_line or "").strip())
    if not agency:
        return agency_case(parent_line or "")
    own = _place_of(agency)
    if own:
        m = _HEAD_PLACE.search(agency)
        head = agency[: m.start()].strip() if m else agency
        return f"{agency_case(head)} {own[0]} {own[1]}".strip() if head else f"{own[0]} {own[1]}"
    name = agency_case(agency)
    if name.lower() == "văn phòng" and parent_line:  # "UBND TỈNH X" / "VĂN PHÒNG" → Văn phòng Ủy ban nhân dân tỉnh X
        return f"Văn phòng {_lower_first(issuer_name(None, parent_line))}"
    if re.match(r"(?:Bộ|Chính phủ|Thủ tướng|Quốc hội|Văn phòng Chính phủ|Ngân hàng Nhà nước)\b", name):
        return name
    parent = _place_of(parent_line)
    if parent:
        name = re.sub(rf"\s+{re.escape(parent[0])}$", "", name, flags=re.I)  # "THANH TRA TỈNH" + "UBND TỈNH X"
        return f"{name} {parent[0]} {parent[1]}"
    return name


# A parent whose name a unit drops, keeping only its place: "UBND TỈNH LÀO CAI" / "SỞ CÔNG THƯƠNG" →
# "Sở Công Thương tỉnh Lào Cai"; a ministry or department over its own unit ("BỘ CÔNG THƯƠNG" / "CỤC …").
_PLACE_ONLY_PARENT = rx.lazy_re(
    r"^(?:(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|HĐND|BỘ|SỞ|TỔNG\s+CỤC|CỤC)(?![^\W\d_])",
    re.I)


def issuer_of_units(units: list[str]) -> str:
    """The header's units, top first → the issuer's full name (the last unit, named with its parents).

    ["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"] → "Sở Công Thương tỉnh Lào Cai" (a state parent gives its place);
    ["ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC"]
        → "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"
    (the unit of a body that is not a state parent is named with the body's full name).
    """
    units = [u for u in units if u and u.strip()]
    if not units:
        return ""
    own = units[-1]
    if len(units) == 1:
        return issuer_name(None, own)
    parent = units[-2]
    if _PLACE_ONLY_PARENT.match(parent.strip()) or _place_of(own) or agency_case(own).lower() == "văn phòng":
        placed = next((u for u in reversed(units[:-1]) if _place_of(u)), parent)
        return issuer_name(parent if agency_case(own).lower() == "văn phòng" else placed, own)
    return f"{agency_case(own)} {_lower_first(issuer_of_units(units[:-1]))}"
