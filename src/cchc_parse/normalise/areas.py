"""Reform areas (NQ 76/NQ-CP + "chỉ đạo, điều hành"): a code that is the same across all plans.

Codes, in order: chi_dao_dieu_hanh, the_che, tthc, to_chuc_bo_may, cong_vu, tai_chinh_cong, chinh_quyen_so,
plus tac_dong ("Tác động của CCHC …", PAR INDEX area 8) for impact sections of reports; tac_dong is matched
by heading only, never by keywords, so tasks are never put there. Data in ``data/areas.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cchc_parse import rx
from cchc_parse.normalise.keys import fold_key
from cchc_parse.normalise.packaged import packaged_yaml

if TYPE_CHECKING:
    from cchc_parse.model import AreaBy

__all__ = ["AREAS", "AREA_LABELS", "area_label", "classify_area", "classify_heading"]


@dataclass(frozen=True)
class _Area:
    code: str
    label: str
    headings: tuple[str, ...]  # folded
    keywords: tuple[tuple[str, int, str], ...]  # folded; weight 2 for phrases of 3+ words, else 1; first word


@lru_cache(maxsize=1)
def _areas() -> tuple[_Area, ...]:
    raw: dict[str, Any] = packaged_yaml("areas.yaml")
    out = []
    for a in raw["areas"]:
        heads = tuple(sorted({fold_key(h) for h in a.get("headings", [])}, key=len, reverse=True))
        kws = tuple((fold_key(k), 1 if len(fold_key(k).split()) <= 2 else 2, fold_key(k).split(" ", 1)[0])
                    for k in a.get("keywords", []) or [])
        out.append(_Area(a["code"], a["label"], heads, kws))
    return tuple(out)


AREAS: tuple[str, ...] = tuple(a.code for a in _areas())
AREA_LABELS: dict[str, str] = {a.code: a.label for a in _areas()}


def area_label(code: str) -> str | None:
    return AREA_LABELS.get(code)


@lru_cache(maxsize=4096)
def _needle(needle: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")


def _contains(hay: str, needle: str) -> int:
    if not needle or needle not in hay:
        return 0
    return len(_needle(needle).findall(hay))


_NUMBERING = rx.lazy_re(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/:-]\s*", re.I)
# headings that name no area even though they contain an area word ("Tổ chức thực hiện")
_NOT_AREA = ("to chuc thuc hien", "muc dich yeu cau", "muc tieu", "kinh phi", "che do bao cao")


def classify_area(heading: str, text: str = "") -> tuple[str, AreaBy] | None:
    """(code, "heading"|"keywords") for a section heading and its text, or None when unsure.

    The heading wins when it names an area ("2. Cải cách thủ tục hành chính", "Hiện đại hóa hành chính",
    "Xây dựng, nâng cao chất lượng đội ngũ CBCCVC"); otherwise keywords in heading + text decide, but only with
    a margin (best score ≥ 2 and at least 1.5 × the runner-up).
    """
    try:
        head = fold_key(_NUMBERING.sub("", heading or ""))
        code = _heading_area(head)
        if code:
            return code, "heading"
        body = f"{head} {fold_key(text or '')}"
        # folded text is words and single spaces: a keyword counts only where its first word is a word
        # of the body, so the others (most of them) are never searched for in a long text
        words = set(body.split(" "))
        scores: list[tuple[int, str]] = []
        for a in _areas():
            s = sum(w * _contains(body, k) for k, w, first in a.keywords if first in words)
            if s:
                scores.append((s, a.code))
        if not scores:
            return None
        scores.sort(reverse=True)
        top = scores[0][0]
        second = scores[1][0] if len(scores) > 1 else 0
        if top >= 2 and top >= 1.5 * second:
            return scores[0][1], "keywords"
        return None
    except Exception:  # pragma: no cover - defensive: classification must never stop a parse
        return None


def classify_heading(heading: str) -> str | None:
    """The area a heading names: ``classify_area(heading, text)`` when that is by "heading", else None,
    whatever the text (a caller that keeps only heading areas skips the keyword scoring of the text)."""
    try:
        return _heading_area(fold_key(_NUMBERING.sub("", heading or "")))
    except Exception:  # pragma: no cover - defensive, as classify_area
        return None


def _heading_area(head: str) -> str | None:
    """The area whose longest heading phrase the folded heading holds (the first area's on a tie)."""
    if not head or any(head.startswith(n) for n in _NOT_AREA):
        return None
    best: tuple[int, str] | None = None
    for a in _areas():
        for h in a.headings:
            if _contains(head, h) and (best is None or len(h) > best[0]):
                best = (len(h), a.code)
                break
    return best[1] if best else None
