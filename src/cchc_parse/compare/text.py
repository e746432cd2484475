"""Content keys and similarity of two task texts (tone-neutral, abbreviations expanded, years ignored)."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from cchc_parse.normalise.keys import match_key

__all__ = ["containment", "content_key", "same_text", "similarity", "year_neutral"]

# Abbreviations of CCHC documents (DOMAIN §6), keyed by their match_key: "TTHC" and "thủ tục hành chính"
# must compare equal. Only text abbreviations: unit names are compared through the alias table.
_ABBREVIATIONS = {
    "cchc": "cải cách hành chính", "tthc": "thủ tục hành chính", "kstthc": "kiểm soát thủ tục hành chính",
    "vbqppl": "văn bản quy phạm pháp luật", "qppl": "quy phạm pháp luật", "vbhn": "văn bản hợp nhất",
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc", "bcđ": "ban chỉ đạo",
    "cntt": "công nghệ thông tin", "cđs": "chuyển đổi số", "cqđt": "chính quyền điện tử", "cqs": "chính quyền số",
    "cpđt": "chính phủ điện tử", "cps": "chính phủ số", "csdl": "cơ sở dữ liệu",
    "cbccvc": "cán bộ công chức viên chức", "cbcc": "cán bộ công chức", "ccvc": "công chức viên chức",
    "vtvl": "vị trí việc làm", "đvsncl": "đơn vị sự nghiệp công lập", "cqhcnn": "cơ quan hành chính nhà nước",
    "cqnn": "cơ quan nhà nước", "dvc": "dịch vụ công", "dvctt": "dịch vụ công trực tuyến",
    "hcc": "hành chính công", "pakn": "phản ánh kiến nghị", "dn": "doanh nghiệp",
    "dnnvv": "doanh nghiệp nhỏ và vừa", "qlcl": "quản lý chất lượng", "htqlcl": "hệ thống quản lý chất lượng",
    "nsnn": "ngân sách nhà nước", "pbgdpl": "phổ biến giáo dục pháp luật", "kh": "kế hoạch", "bc": "báo cáo",
    "qđ": "quyết định", "nq": "nghị quyết",
}  # fmt: skip

_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)"
)  # "năm 2023": the year changes from one plan to the next, the task does not


@lru_cache(maxsize=16384)
def content_key(text: str | None) -> str:
    """ "Rà soát TTHC năm 2023." → "rà soát thủ tục hành chính năm": words of the match key, abbreviations
    expanded, years dropped."""
    words = []
    for w in _WORD.findall(match_key(text or "")):
        if _YEAR.fullmatch(w):
            continue
        words.append(_ABBREVIATIONS.get(w, w))
    return " ".join(words)


def same_text(a: str | None, b: str | None) -> bool:
    """The same words, whatever the case, tone placement, spacing and punctuation."""
    return _WORD.findall(match_key(a or "")) == _WORD.findall(match_key(b or ""))


def year_neutral(text: str | None, plan_year: int | None) -> str | None:
    """Years as offsets from the plan's year: "Kế hoạch CCHC năm 2023" in a 2023 plan → "… năm {Y+0}", so
    that next year's "năm 2024" reads the same."""
    if not text or not plan_year:
        return text
    return _YEAR.sub(lambda m: f"{{Y{int(m.group(0)) - plan_year:+d}}}", text)


def similarity(a: str, b: str) -> float:
    """0–100: the mean of rapidfuzz's token-set ratio (one text carries the other's words) and token-sort
    ratio (the same words overall), on content keys. The set ratio alone scores a short text inside a long
    one 100; the sort ratio pulls that down."""
    ka, kb = content_key(a), content_key(b)
    if not ka or not kb:
        return 0.0
    return (fuzz.token_set_ratio(ka, kb) + fuzz.token_sort_ratio(ka, kb)) / 2


def containment(parent: str, child: str) -> float:
    """0–100, for coverage: how far the child's task carries the parent's. The token-set ratio (the
    child's task has the parent's words, maybe among more) weighs twice the token-sort ratio, since a
    unit's task usually spells out the province's in more words."""
    ka, kb = content_key(parent), content_key(child)
    if not ka or not kb:
        return 0.0
    return (2 * fuzz.token_set_ratio(ka, kb) + fuzz.token_sort_ratio(ka, kb)) / 3
