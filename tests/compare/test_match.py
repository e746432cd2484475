"""Task matching: the labelled variants of tests/data/compare/ (truth.json) and small cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc_parse.compare.items import Item, plan_items
from cchc_parse.compare.match import match_items
from cchc_parse.compare.text import content_key, similarity
from cchc_parse.pipeline import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "compare"
ROOT = DATA.parents[2]
TRUTH = json.loads((DATA / "truth.json").read_text("utf-8"))


def _pairs(name: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    case = TRUTH[name]
    a = plan_items(parse_file(ROOT / case["old"]).doc)
    b = plan_items(parse_file(ROOT / case["new"]).doc)
    m = match_items(a, b)
    return {(a[p.old].id, b[p.new].id) for p in m.pairs}, {tuple(p) for p in case["pairs"]}


def test_precision_and_recall_on_the_labelled_set() -> None:
    tp = fp = fn = 0
    for name in TRUTH:
        pred, true = _pairs(name)
        tp, fp, fn = tp + len(pred & true), fp + len(pred - true), fn + len(true - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert tp >= 120  # the three variants hold 122 true pairs
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_dropped_and_added_tasks_stay_unpaired(name: str) -> None:
    pred, _ = _pairs(name)
    old_ids, new_ids = {p[0] for p in pred}, {p[1] for p in pred}
    assert not old_ids & set(TRUTH[name]["removed"])
    assert not new_ids & set(TRUTH[name]["added"])


def test_content_key_is_tone_neutral_expands_abbreviations_and_drops_years() -> None:
    assert content_key("Rà soát TTHC năm 2023.") == content_key("rà soát thủ tục hành chính năm 2024")
    assert content_key("Hoà giải") == content_key("Hòa giải")
    assert similarity("Đẩy mạnh ứng dụng CNTT", "Đẩy mạnh ứng dụng công nghệ thông tin") == 100


def _item(i: str, content: str, lead: str = "Văn phòng", place: str = "") -> Item:
    return Item(id=i, kind="task", content=content, lead=[lead], place=place)


def test_unit_breaks_a_tie_between_two_identical_texts() -> None:
    old = [
        _item("1", "Báo cáo định kỳ công tác CCHC", "Văn phòng"),
        _item("2", "Báo cáo định kỳ công tác CCHC", "Thanh tra Sở"),
    ]
    new = [
        _item("a", "Báo cáo định kỳ công tác CCHC", "Thanh tra Sở"),
        _item("b", "Báo cáo định kỳ công tác CCHC", "Văn phòng"),
    ]
    m = match_items(old, new)
    assert {(old[p.old].id, new[p.new].id) for p in m.pairs} == {("1", "b"), ("2", "a")}


def test_each_task_is_used_once_and_unlike_texts_do_not_pair() -> None:
    old = [
        _item("1", "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế"),
        _item("2", "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm các đơn vị sự nghiệp"),
    ]
    new = [
        _item("1", "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế"),
        _item("9", "Tổ chức thi tuyển công chức tỉnh"),
    ]
    m = match_items(old, new)
    assert [(p.old, p.new) for p in m.pairs] == [(0, 0)]
    assert m.removed == [1] and m.added == [1]
