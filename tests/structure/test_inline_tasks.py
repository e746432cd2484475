"""Responsibility written under each task ('- Đơn vị chủ trì: …') is read as inline tasks (issue 12)."""

from __future__ import annotations

from cchc_parse.pipeline import parse_file, parse_text
from cchc_parse.structure.inline_tasks import responsibility

from conftest import SAMPLES

PLAN = ("UBND TỈNH BÌNH DƯƠNG\nSỞ NỘI VỤ\nSố: 5/KH-SNV\nBình Dương, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH\n"
        "Cải cách hành chính năm 2024\nI. NHIỆM VỤ\n1. Rà soát thủ tục hành chính\n"
        "- Bảo đảm đúng quy định.\n- Đơn vị chủ trì: Văn phòng Sở.\n- Đơn vị phối hợp: Các phòng; Thanh tra Sở.\n"
        "- Thời gian hoàn thành: Quý II/2024.\n- Kết quả: Báo cáo rà soát.\n"
        "2. Tuyên truyền cải cách hành chính\nCác phòng tổ chức tuyên truyền thường xuyên.\n"
        "Nơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nNguyễn Văn An\n")


def test_responsibility_lines() -> None:
    assert responsibility("Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: các sở.") == [
        ("lead", "Sở Nội vụ"), ("support", "các sở")]
    assert responsibility("Thời gian hoàn thành: Quý IV/2025;") == [("deadline", "Quý IV/2025")]
    assert responsibility("Kết quả tín nhiệm: Người được trên 50% cử tri tín nhiệm.") == []
    assert responsibility("Thành phần: Ban Thường trực; các tổ chức thành viên.") == []


def test_inline_tasks_from_a_minimal_plan() -> None:
    doc = parse_text(PLAN).doc
    assert doc.tasks == []
    (t,) = doc.inline_tasks
    assert (t.id, t.origin, t.section, t.content) == ("I.1", "inline", "I.1", "Rà soát thủ tục hành chính")
    assert t.lead == ["Văn phòng Sở"] and t.support == ["Các phòng", "Thanh tra Sở"]
    assert t.outputs == ["Báo cáo rà soát"] and t.deadline.raw == "Quý II/2024" and t.deadline.end == "2024-06-30"
    # the responsibility lines stay in the section tree
    sec = next(s for s in doc.walk_sections() if s.id == "I.1")
    assert any((c.text or "").startswith("Đơn vị chủ trì") for c in sec.children)
    assert [d.code for d in doc.diagnostics].count("P025") == 1


def test_a_plan_in_prose_has_no_inline_tasks() -> None:
    doc = parse_text(PLAN.replace("- Đơn vị chủ trì: Văn phòng Sở.\n", "")).doc
    assert doc.inline_tasks == [] and "P025" not in [d.code for d in doc.diagnostics]


def test_real_plan_with_responsibility_under_every_task() -> None:
    doc = parse_file(SAMPLES / "docx/quangninh-mttq-luongminh-kh16-baucu.docx").doc
    assert doc.tasks == []  # the gold keeps tasks[] for table rows only
    ids = [t.id for t in doc.inline_tasks]
    assert {"II.2.2", "II.3.3", "II.4.1", "II.7.2"} <= set(ids) and len(ids) >= 14
    t = next(t for t in doc.inline_tasks if t.id == "II.3.3")
    assert t.content == "Theo dõi, đôn đốc, tổng hợp, báo cáo về công tác bầu cử."
    assert t.lead == ["Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội"]
    assert t.deadline.raw == "Từ tháng 12/2025 đến quý I/2026"


def test_real_plan_inline_tasks_with_unlabelled_content() -> None:
    doc = parse_file(SAMPLES / "docx/quangninh-mttq-luongminh-kh-hiepthuong.docx").doc
    assert [(t.id, t.lead) for t in doc.inline_tasks] == [
        ("II.1.1", ["Ban Công tác mặt trận thôn"]), ("II.2.1", ["Ban Thường trực Ủy ban MTTQ Việt Nam xã"]),
        ("II.3", ["Ban Công tác mặt trận thôn"])]
    assert doc.inline_tasks[0].deadline.raw.startswith("Dự kiến ngày 05/12/2025")
