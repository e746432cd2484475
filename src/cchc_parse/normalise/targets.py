"""Quantitative targets: "đạt tối thiểu 95% vào năm 2025", "100% TTHC …", "ít nhất 80% …"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from cchc_parse import rx

if TYPE_CHECKING:
    from cchc_parse.model import Comparator, TargetYearSource

_PERCENT = rx.lazy(r"(?<![\d.,])(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*%")
_YEAR_GOAL = rx.lazy(r"\b(?:đến|vào|trong|tới|hết|từ)\s+(?:hết\s+)?(?:năm\s+)?"
                     r"(?P<y>20\d{2})\b(?!\s*[-–]\s*20\d{2})",
                     regex.IGNORECASE)
_YEAR_PLAIN = rx.lazy(r"\bnăm\s+(?P<y>20\d{2})\b(?!\s*[-–]\s*20\d{2})", regex.IGNORECASE)
_GE = rx.lazy(r"(tối\s+thiểu|ít\s+nhất|không\s+dưới|không\s+thấp\s+hơn)\s*(?:là\s*|đạt\s*)?$|trở\s+lên", regex.I)
_LE = rx.lazy(r"(tối\s+đa|không\s+quá|không\s+vượt\s+quá|dưới)\s*$", regex.I)
_GT = rx.lazy(r"(trên|hơn)\s*$", regex.I)
# past results, not commitments: "đã đạt 98%", "đạt tỷ lệ 97% (năm 2022)"
_PAST = rx.lazy(r"\b(đã|được\s+đánh\s+giá|kết\s+quả\s+năm|so\s+với\s+cùng\s+kỳ|tăng\s+\d|giảm\s+\d)\b", regex.I)
# not a goal but a share or a measure: "(chiếm 15% tổng vốn đầu tư)", "độ dốc 2,5%", "lãi suất 7%"
_NOT_GOAL = rx.lazy(r"(?:\bchiếm|(?:độ\s+dốc|độ\s+ẩm|nồng\s+độ|hàm\s+lượng|lãi\s+suất|thuế\s+suất)"
                    r"(?:\s+\p{Ll}+){0,2}?)"  # "độ dốc hầm 2-4%"
                    r"(?:\s+(?:khoảng|tỷ\s+lệ|tỉ\s+lệ|gần|hơn|trên|dưới|từ|là|bằng|i\s*=))*\s*"
                    r"(?:\d{1,3}(?:[.,]\d{1,2})?\s*%?\s*[-–]\s*)?$", regex.I)
_GOAL_WORD = rx.lazy(r"\b(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu)\b", regex.I)  # a clause that states a goal
_OR_MORE = rx.lazy(r"\s*trở\s+lên")  # "95% trở lên"
_CLAUSE_SEP = rx.lazy(r";\s*")  # "đạt 100%; giảm 20%"
_SENTENCE = rx.lazy(r"(?<=[.!?])\s+(?=[\p{Lu}\d])|\n+|(?<=\.)(?=\d{1,3}\s*%)")


@dataclass(frozen=True)
class FoundTarget:
    value: float | int
    comparator: Comparator
    year: int | None
    year_source: TargetYearSource
    text: str


def _num(s: str) -> float | int:
    v = float(s.replace(",", "."))
    return int(v) if v.is_integer() else v


def _comparator(before: str, after: str) -> Comparator:
    if _GE.search(before[-30:]) or _OR_MORE.match(after):
        return ">="
    if _LE.search(before[-20:]):
        return "<="
    if _GT.search(before[-8:]):
        return ">"
    return "="


def find_targets(text: str, plan_year: int | None = None, issued: int | None = None) -> list[FoundTarget]:
    """Targets in one paragraph: each percentage with its comparator, due year and clause.

    The year comes from the clause ("đến năm 2025"), else from the sentence, else from the
    latest goal year named earlier in the paragraph, else the plan year. Not targets: a result of a
    year before the one the document was issued in (``issued``: "năm 2023 đạt 97%" in a 2024 plan),
    a past result ("đã đạt 98%"), and, in a clause that states no goal (a goal year, "phấn đấu", "mục
    tiêu", "chỉ tiêu"), a share ("chiếm 15% tổng vốn") or a measure ("độ dốc 2,5%").
    """
    out: list[FoundTarget] = []
    if "%" not in text:  # every target is a percentage: most paragraphs have none
        return out
    context_year: int | None = None
    for sentence in _SENTENCE.split(text):
        if not sentence or not sentence.strip():
            continue
        sent_years = [int(m["y"]) for m in _YEAR_GOAL.finditer(sentence)]
        clauses = _CLAUSE_SEP.split(sentence)
        for clause in clauses:
            if "%" not in clause:  # its years only serve its own percentages
                continue
            clause_years = [int(m["y"]) for m in _YEAR_GOAL.finditer(clause)]
            plain = _YEAR_PLAIN.search(clause)
            stated = clause.strip().rstrip(".")
            goal = bool(clause_years) or _GOAL_WORD.search(clause) is not None
            for m in _PERCENT.finditer(clause):
                # a bounded look-around keeps a line of thousands of "%" linear
                before, after = clause[max(0, m.start() - 60): m.start()], clause[m.end(): m.end() + 20]
                if _PAST.search(before[-40:]) or (not goal and _NOT_GOAL.search(before[-40:])):
                    continue
                src: TargetYearSource
                if clause_years:
                    year, src = clause_years[0], "explicit"
                elif sent_years:
                    year, src = sent_years[0], "explicit"
                elif context_year is not None:
                    year, src = context_year, "context"
                elif plain is not None:
                    year, src = int(plain["y"]), "explicit"
                elif plan_year is not None:
                    year, src = plan_year, "plan_year"
                else:
                    year, src = None, "none"
                if src == "explicit" and issued is not None and year is not None and year < issued:
                    continue  # a result of an earlier year, reported
                out.append(FoundTarget(_num(m["v"]), _comparator(before, after), year, src, stated))
        if sent_years:
            context_year = sent_years[-1]
    return out
