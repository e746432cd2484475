"""Write the labelled plan pairs of tests/data/compare/ from the real plans in samples/text/.

Run from the repository root:  .venv/bin/python tests/data/compare/make_variants.py
Each variant is the seed's text with tasks reworded (by hand, below), deadlines moved, tasks dropped, added
and moved to another group or section; ``truth.json`` lists, per variant, the true pairs (old id → new id),
the removed and the added ids and the expected field changes. The script checks its own work by parsing the
variants (the ids it expects must be the ids the parser gives).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
S001 = ROOT / "samples/text/001-kh-svhttdl.txt"
S003 = ROOT / "samples/text/003-kh-stp-tayninh.txt"


@dataclass
class Variant:
    name: str
    seed: Path
    reword: dict[str, str] = field(default_factory=dict)  # start of a task's text → its new text
    deadline: dict[str, str] = field(default_factory=dict)  # start of a task's text → new deadline cell
    drop: list[str] = field(default_factory=list)  # start of a task's text
    add: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (after the task starting so, new line, id)
    move: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # (task, after the task, new label, id)
    replace: list[tuple[str, str]] = field(default_factory=list)  # plain text replacements, in order
    keep_year: list[str] = field(default_factory=list)  # tasks whose "/2023" dates stay (copied-over dates)


def _content(line: str) -> str:
    """The task text of a table row ("1.2\tBan hành …\t…") or of a point ("b) Đẩy mạnh …")."""
    if "\t" in line:
        return line.split("\t")[1]
    return line.split(") ", 1)[1] if ") " in line[:4] else line


def _find(lines: list[str], start: str) -> int:
    hits = [i for i, ln in enumerate(lines) if _content(ln).startswith(start)]
    if len(hits) != 1:
        raise SystemExit(f"{start!r}: {len(hits)} rows")
    nxt = next((ln for ln in lines[hits[0] + 1 :] if ln.strip()), "")
    if nxt.startswith("\t"):  # the row wraps onto continuation lines: moving or dropping it would split it
        raise SystemExit(f"{start!r}: a row on several lines")
    return hits[0]


def _relabel(line: str, label: str) -> str:
    if "\t" in line:
        return label + "\t" + line.split("\t", 1)[1]
    return f"{label}) {line.split(') ', 1)[1]}"


def build(v: Variant) -> str:
    lines = v.seed.read_text("utf-8").split("\n")
    for start, text in v.reword.items():
        i = _find(lines, start)
        old = _content(lines[i])
        lines[i] = lines[i].replace(old, text, 1)
    for start, cell in v.deadline.items():
        i = _find(lines, start)
        cells = lines[i].split("\t")
        cells[-1] = cell
        lines[i] = "\t".join(cells)
    for start, after, label, _ in v.move:
        row = lines.pop(_find(lines, start))
        lines.insert(_find(lines, after) + 1, _relabel(row, label))
    for start in v.drop:
        lines.pop(_find(lines, start))
    for after, row, _ in v.add:
        lines.insert(_find(lines, after) + 1, row)
    kept = {_find(lines, s): lines[_find(lines, s)] for s in v.keep_year}
    text = "\n".join(lines)
    for a, b in v.replace:
        text = text.replace(a, b)
    out = text.split("\n")
    for i, ln in kept.items():  # a copied row keeps last year's dates
        out[i] = ln
    return "\n".join(out)


def _ids(path: Path) -> list[str]:
    from cchc_parse.compare.items import plan_items
    from cchc_parse.pipeline import parse_file

    return [it.id for it in plan_items(parse_file(path).doc)]


def truth_of(v: Variant, old_ids: list[str], new_path: Path) -> dict[str, object]:
    from cchc_parse.compare.items import plan_items
    from cchc_parse.pipeline import parse_file

    old_items = plan_items(parse_file(v.seed).doc)
    by_start = {
        s: next(it.id for it in old_items if it.content.startswith(s))
        for s in [*v.drop, *(m[0] for m in v.move), *v.reword, *v.deadline]
    }
    removed = [by_start[s] for s in v.drop]
    moved = {by_start[m[0]]: m for m in v.move}
    new_ids = _ids(new_path)
    added = [a[2] for a in v.add]
    pairs = []
    for i in old_ids:
        if i in removed:
            continue
        if i in moved:
            pairs.append([i, moved[i][3]])
        else:
            pairs.append([i, i])
    expected = sorted(p[1] for p in pairs) + added
    if sorted(expected) != sorted(new_ids):
        raise SystemExit(f"{v.name}: ids {sorted(new_ids)} != expected {sorted(expected)}")
    return {
        "old": str(v.seed.relative_to(ROOT)),
        "new": str(new_path.relative_to(ROOT)),
        "pairs": pairs,
        "removed": removed,
        "added": added,
        "reworded": sorted(by_start[s] for s in v.reword),
        "deadline_moved": sorted(by_start[s] for s in v.deadline),
        "moved": sorted(moved),
    }


VARIANTS = [
    # The done-when case of issue 18: three reworded, one moved from Quý II to Quý III, one dropped, one added.
    Variant(
        "001-v1",
        S001,
        reword={
            "Ban hành kế hoạch kiểm tra, rà soát": "Xây dựng, ban hành kế hoạch kiểm tra, rà soát, hệ thống hóa "
            "văn bản quy phạm pháp luật trong các lĩnh vực hoạt động của Ngành năm 2023.",
            "Tiếp nhận phản ánh, kiến nghị": "Tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của người dân, "
            "doanh nghiệp về quy định hành chính và TTHC",
            "Đẩy mạnh ứng dụng CNTT": "Tăng cường ứng dụng công nghệ thông tin: chuẩn hóa các quy trình, "
            "dữ liệu và lưu trữ hồ sơ công việc trên môi trường điện tử.",
        },
        deadline={"Tham mưu UBND tỉnh, HĐND tỉnh": "Quý III/2023"},
        drop=["Thực hiện cơ chế tự chủ, tự chịu trách nhiệm các đơn vị sự nghiệp"],
        add=[
            (
                "Thực hiện Hệ thống QLCL",
                "6.5\tTriển khai phòng họp không giấy và hệ thống hội nghị truyền hình "
                "trực tuyến tại Sở\tVăn phòng\tChuyên viên IT\tHệ thống họp trực tuyến\tQuý III/2023",
                "6.5",
            )
        ],
    ),
    # Next year's plan written from this one: years rolled over, five rewordings, three dropped, three added,
    # one task moved to another group, two rows left with last year's dates.
    Variant(
        "001-v2",
        S001,
        reword={
            "Rà soát VBQPPL và báo cáo": "Tổ chức rà soát văn bản quy phạm pháp luật, báo cáo và kiến nghị xử lý "
            "kết quả rà soát",
            "Đăng tải danh mục các VBQPPL": "Cập nhật, đăng tải danh mục văn bản quy phạm pháp luật sau rà soát "
            "lên Website Sở",
            "Giải quyết hồ sơ TTHC đúng thời gian": "Giải quyết hồ sơ thủ tục hành chính đúng hạn; tỷ lệ hồ sơ "
            "trực tuyến toàn trình đạt 100% tổng số hồ sơ tiếp nhận",
            "Rà soát chức năng, nhiệm vụ, cơ cấu": "Tiếp tục rà soát chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ "
            "chức của Sở theo quy định của Trung ương và địa phương",
            "Gắn công tác CCHC với thi đua": "Gắn kết quả thực hiện cải cách hành chính với công tác thi đua, "
            "khen thưởng",
        },
        deadline={
            "Ban hành Quy chế đánh giá, phân loại": "Quý II/2024",
            "Báo cáo định kỳ công tác CCHC": "Quý, 6 tháng, 9 tháng, năm",
        },
        drop=[
            "Công tác theo dõi thi hành pháp luật",
            "Thực hiện điều chỉnh, sắp xếp lãnh đạo cấp phòng",
            "Ban Giám đốc họp chỉ đạo triển khai",
        ],
        add=[
            (
                "Cập nhật, đăng tải danh mục",
                "1.7\tTriển khai Luật Ban hành văn bản quy phạm pháp luật sửa đổi "
                "và các văn bản hướng dẫn thi hành\tVăn phòng\tCác phòng chuyên môn\tHội nghị\tQuý II/2024",
                "1.7",
            ),
            (
                "Thực hiện quy định về bổ nhiệm",
                "4.4\tTổ chức tuyển dụng viên chức các đơn vị sự nghiệp trực "
                "thuộc Sở\tVăn phòng\tĐơn vị trực thuộc\tKết quả tuyển dụng\tQuý III/2024",
                "4.4",
            ),
            (
                "Kiểm tra thực hiện công tác cải cách",
                "7.9\tKhảo sát mức độ hài lòng của công chức, viên chức về "
                "môi trường làm việc\tVăn phòng\tCông đoàn cơ sở\tBáo cáo khảo sát\tQuý IV/2024",
                "7.9",
            ),
        ],
        move=[("Tuyên truyền về công tác cải cách hành chính", "Tiếp tục rà soát chức năng", "3.3", "3.3")],
        replace=[("năm 2023", "năm 2024"), ("/2023", "/2024"), ("/2022", "/2023"), (" 2023", " 2024")],
        keep_year=["Ban hành kế hoạch rà soát quy định thủ tục", "Báo cáo phục vụ xác định Chỉ số"],
    ),
    # A plan without a task table (its tasks are the points of section II): four reworded, two dropped,
    # two added, one moved to another section.
    Variant(
        "003-v1",
        S003,
        reword={
            "Tăng cường kiểm tra cải cách hành chính, nhất là": "Đẩy mạnh công tác kiểm tra cải cách hành chính, "
            "trọng tâm là kiểm tra việc tiếp nhận, giải quyết thủ tục hành chính cho cá nhân, tổ chức và việc "
            "tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính;",
            "Nâng cao chất lượng của cổng/trang": "Nâng cao chất lượng Trang thông tin điện tử của Sở; cung cấp "
            "kịp thời, đầy đủ thông tin và dịch vụ công trực tuyến;",
            "Thường xuyên kiểm tra công vụ": "Tăng cường kiểm tra công vụ, nâng cao kỷ luật, kỷ cương hành chính, "
            "trách nhiệm và đạo đức công vụ của đội ngũ CBCCVC.",
            "Tiếp tục rà soát kiện toàn tổ chức": "Rà soát, kiện toàn tổ chức và sắp xếp lại các đơn vị trực "
            "thuộc Sở theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả;",
        },
        drop=["Thực hiện đúng quy định về chế độ thông tin", "Tăng cường tuyên truyền, hướng dẫn người dân"],
        add=[
            (
                "Triển khai thực hiện nghiêm việc tinh giản",
                "c) Rà soát, sắp xếp các Phòng công chứng theo lộ "
                "trình chuyển đổi sang Văn phòng công chứng.",
                "II.4.c",
            ),
            (
                "Hướng dẫn cơ chế tài chính của đơn vị",
                "c) Thực hiện công khai dự toán, quyết toán ngân sách của Sở theo quy định.",
                "II.6.c",
            ),
        ],
        move=[
            (
                "Triển khai Kế hoạch rà soát, đơn giản hoá",
                "Tăng cường kiểm tra, tự kiểm tra, rà soát",
                "đ",
                "II.2.đ",
            )
        ],
    ),
]


def main() -> None:
    truth: dict[str, object] = {}
    for v in VARIANTS:
        path = HERE / f"{v.name}.txt"
        path.write_text(build(v), "utf-8")
        truth[v.name] = truth_of(v, _ids(v.seed), path)
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
