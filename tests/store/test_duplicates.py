"""find_duplicates: by number, symbol, date and issuer, or by content; the first id is the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cchc_parse.store.duplicates import duplicate_groups, find_duplicates

TASKS = [
    {"content": f"Rà soát, đánh giá thủ tục hành chính thuộc lĩnh vực số {i} và báo cáo kết quả thực hiện"}
    for i in range(8)
]


def _plan(
    pid: str,
    number: str | None = "12",
    year: int = 2023,
    tasks: list[dict] | None = None,
    issuer: str = "Ủy ban nhân dân tỉnh Bình Dương",
) -> dict:
    return {
        "id": pid,
        "document": {
            "number": number,
            "symbol": "KH-UBND",
            "issuer": issuer,
            "year": year,
            "date": {"iso": f"{year - 1}-12-30", "year": year - 1, "month": 12, "day": 30},
        },
        "tasks": tasks or [],
    }


def test_same_number_symbol_date_and_issuer() -> None:
    plans = [_plan("pdf/kh.pdf"), _plan("docx/kh.docx"), _plan("docx/other.docx", number="13")]
    assert find_duplicates(plans) == {"pdf/kh.pdf": "docx/kh.docx"}
    assert duplicate_groups(plans)["pdf/kh.pdf"] == ("docx/kh.docx", "metadata")


def test_a_blank_number_needs_the_content() -> None:
    plans = [_plan("a.txt", number=None), _plan("b.txt", number=None)]
    assert find_duplicates(plans) == {}
    plans = [_plan("b.txt", number=None, tasks=TASKS), _plan("a.txt", number=None, tasks=TASKS[:7])]
    assert duplicate_groups(plans) == {"b.txt": ("a.txt", "content")}


def test_last_years_plan_with_the_same_tasks_is_not_a_duplicate() -> None:
    plans = [
        _plan("2023.txt", number="12", tasks=TASKS),
        _plan("2024.txt", number="15", year=2024, tasks=TASKS),
    ]
    assert find_duplicates(plans) == {}


def test_three_copies_point_to_the_first() -> None:
    plans = [_plan(p, number=None, tasks=TASKS) for p in ("c.pdf", "a.txt", "b.docx")]
    assert find_duplicates(plans) == {"b.docx": "a.txt", "c.pdf": "a.txt"}


def test_a_short_notice_is_not_matched_on_content_alone() -> None:
    short = [{"content": "Báo cáo kết quả thực hiện"}]
    assert find_duplicates([_plan("a", number=None, tasks=short), _plan("b", number=None, tasks=short)]) == {}


@given(st.frozensets(st.integers(min_value=0, max_value=2**32 - 1)))
def test_gram_sets_pack_to_bytes_and_back(grams: frozenset[int]) -> None:
    from cchc_parse.store.duplicates import pack, unpack

    blob = pack(grams)
    assert len(blob) == 4 * len(grams) and unpack(blob) == grams
    assert pack(unpack(blob)) == blob  # sorted: one set, one byte string


def test_a_plan_may_bring_its_grams_instead_of_its_content() -> None:
    from cchc_parse.store.duplicates import shingles

    plans = [_plan("a", number=None, tasks=TASKS), _plan("b", number=None, tasks=TASKS[:-1])]
    with_grams = [{"id": p["id"], "document": p["document"], "grams": shingles(p)} for p in plans]
    assert duplicate_groups(with_grams) == duplicate_groups(plans) != {}
