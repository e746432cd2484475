"""What a document carries after its signature (Quy chế, Phụ lục, forms) is read as attachments (issue 12)."""

from __future__ import annotations

from pathlib import Path

from docx_factory import make_docx, p, tbl, tc, tr, write

from cchc_parse.diagnostics import Diagnostic
from cchc_parse.extract.blocks import Cell, SourceRef, Table
from cchc_parse.pipeline import parse_file, parse_text
from cchc_parse.structure.tables import parse_table

from conftest import SAMPLES

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/QĐ-UBND\nLào Cai, ngày 05 tháng 3 năm 2024\n"
SIGNED = "Nơi nhận:\n- Các sở, ngành;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"

DECISION = (HEAD + "QUYẾT ĐỊNH\nBan hành Quy chế làm việc của Ban Chỉ đạo\n"
            "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chỉ đạo.\n"
            "Điều 2. Quyết định có hiệu lực từ ngày ký.\n" + SIGNED
            + "QUY CHẾ\nLàm việc của Ban Chỉ đạo cải cách hành chính tỉnh\n"
              "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/3/2024 của UBND tỉnh)\n"
              "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
              "1. Quy chế này quy định nguyên tắc làm việc theo Nghị định số 30/2020/NĐ-CP.\n"
              "Chương II\nTỔ CHỨC THỰC HIỆN\nĐiều 2. Trách nhiệm\nCác thành viên thực hiện Quy chế này.\n")


def test_regulation_after_the_signature_is_an_attachment() -> None:
    doc = parse_text(DECISION).doc
    assert [s.id for s in doc.sections] == ["Điều 1", "Điều 2"]
    assert doc.document.signer.name == "Nguyễn Văn An" and doc.document.signer.title == "CHỦ TỊCH"
    assert doc.document.recipients == ["Các sở, ngành", "Lưu: VT."]
    (att,) = doc.attachments
    assert (att.kind, att.label) == ("regulation", None)
    assert att.title == "QUY CHẾ Làm việc của Ban Chỉ đạo cải cách hành chính tỉnh"
    assert att.issued_with.startswith("(Ban hành kèm theo Quyết định số 12/QĐ-UBND")
    assert [s.id for s in att.sections] == ["Chương I", "Chương II"]
    assert [c.id for c in att.sections[0].children] == ["Chương I.Điều 1"]
    assert [r.number for r in att.references] == ["30/2020/NĐ-CP"]
    assert "30/2020/NĐ-CP" not in [r.number for r in doc.references]
    assert any(d.code == "P020" for d in doc.diagnostics)


PLAN_WITH_FORMS = (HEAD.replace("QĐ", "KH") + "KẾ HOẠCH\nTổ chức hội nghị cử tri\n"
                   "I. MỤC ĐÍCH\n1. Tổ chức hội nghị đúng luật.\n" + SIGNED
                   + "PHỤ LỤC\n(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/3/2024)\n"
                     "Mẫu số 01/HNCT\nBIÊN BẢN HỘI NGHỊ CỬ TRI\n1. Thành phần hội nghị gồm: ……\n"
                     "2. Họ và tên người ứng cử: ……\nTHƯ KÝ HỘI NGHỊ\n(ký tên)\n"
                     "Mẫu số 02/HNCT\nPHIẾU LẤY Ý KIẾN\n(1) Tên cơ quan tổ chức hội nghị.\n")


def test_blank_forms_are_attachments_without_sections_or_tasks() -> None:
    doc = parse_text(PLAN_WITH_FORMS).doc
    assert [(a.kind, a.label) for a in doc.attachments] == [
        ("appendix", "PHỤ LỤC"), ("form", "Mẫu số 01/HNCT"), ("form", "Mẫu số 02/HNCT")]
    form = doc.attachments[1]
    assert form.title == "BIÊN BẢN HỘI NGHỊ CỬ TRI" and form.sections == [] and form.tasks == []
    assert [q.text for q in form.paragraphs[:2]] == ["BIÊN BẢN HỘI NGHỊ CỬ TRI", "1. Thành phần hội nghị gồm: ……"]
    assert [s.id for s in doc.walk_sections() if s.kind != "bullet"] == ["I", "I.1"]
    assert doc.document.signer.name == "Nguyễn Văn An" and doc.tasks == []


def _plan_docx(tmp: Path) -> Path:
    body = (p("Số: /KH-SCT") + p("KẾ HOẠCH") + p("Huấn luyện an toàn") + p("I. MỤC ĐÍCH")
            + p("1. Bảo đảm an toàn.") + tbl(tr(tc("Nơi nhận:", "- Lưu: VT."), tc("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                                                                                "Hoàng Văn Thuân")))
            + p("PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC", rpr="<w:b/>")
            + p("(Kèm theo Kế hoạch số /KH-SCT ngày /6/2026 của Sở Công Thương)")
            + tbl(tr(tc("TT"), tc("Nhiệm vụ thực hiện"), tc("Người thực hiện"), tc("Ghi chú")),
                  *[tr(tc(str(k)), tc(f"Việc {k}"), tc("Vũ Việt Linh"), tc("")) for k in (1, 2, 3)]))
    return write(tmp, make_docx(body))


def test_task_table_of_a_plan_appendix_stays_the_plans_tasks(tmp_path: Path) -> None:
    doc = parse_file(_plan_docx(tmp_path)).doc
    assert [t.id for t in doc.tasks] == ["1", "2", "3"] and doc.tasks[0].lead == ["Vũ Việt Linh"]
    (att,) = doc.attachments
    assert att.kind == "appendix" and att.title == "PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC"
    assert [t.id for t in att.tasks] == ["1", "2", "3"]
    assert doc.document.signer.name == "Hoàng Văn Thuân"
    codes = [d.code for d in doc.diagnostics]
    assert codes.count("P022") == 1 and "T202" not in codes


def _table(*rows: tuple[str, ...]) -> Table:
    return Table(rows=tuple(tuple(Cell(text=t, src=SourceRef(line=r + 1, row=r + 1, col=c + 1))
                                  for c, t in enumerate(row)) for r, row in enumerate(rows)), src=SourceRef(line=1))


def test_forms_and_figures_are_not_task_tables() -> None:
    diags: list[Diagnostic] = []
    ballot = _table(("Stt", "Họ và tên (3)", "Chức vụ công tác", "Tín nhiệm", "Không tín nhiệm"), ("1", "", "", "", ""))
    staff = _table(("TT", "Họ và tên", "Số năm công tác", "Thời gian"), ("1", "Nguyễn Văn A", "12", "2020"))
    blank = _table(("STT", "Nội dung", "Đơn vị thực hiện", "Thời gian"), ("1", "", "", ""), ("2", "", "", ""))
    figures = _table(("STT", "Nội dung", "Kết quả", "Ghi chú"), ("1", "Hồ sơ tiếp nhận", "1.250", ""),
                     ("2", "Tỷ lệ đúng hạn", "98,5%", ""))
    for t in (ballot, staff, blank, figures):
        assert parse_table(t, None, None, True, diags).roles is None
    work = _table(("STT", "Tên văn bản", "Cơ quan chủ trì soạn thảo", "Thời gian trình"),
                  ("1", "Quyết định ban hành Quy chế", "Sở Nội vụ", "Quý II/2024"))
    got = parse_table(work, None, None, True, diags)
    assert [(t.id, t.cells["lead"], t.cells["deadline"]) for t in got.tasks] == [("1", "Sở Nội vụ", "Quý II/2024")]


def test_real_plan_with_eight_blank_forms() -> None:
    doc = parse_file(SAMPLES / "docx/quangninh-mttq-luongminh-kh-hiepthuong.docx").doc
    sig = doc.document.signer
    assert (sig.title, sig.name) == ("CHỦ TỊCH", "Lan Thị Vân")
    assert doc.document.recipients[0] == "BTT Ủy ban MTTQ Việt Nam tỉnh"
    assert doc.document.recipients[-1] == "Lưu: MTTQ"
    assert doc.tasks == []
    forms = [a.label for a in doc.attachments if a.kind == "form"]
    assert forms == ["Mẫu số 01/HNCT", "Mẫu số 02/HNCT", "Mẫu số 03/HNMT", "Mẫu số 04/HNCT", "Mẫu số 05/HNCT",
                     "Mẫu số 06/BBKP", "Mẫu số 07/PLYK", "Mẫu số 08/PLYK"]
    assert all(a.tasks == [] and a.sections == [] for a in doc.attachments)
    assert [s.id for s in doc.sections] == ["I", "II", "III"]
    assert not any("Tên cơ quan, tổ chức, đơn vị" in (s.text or "") for s in doc.walk_sections())


def test_real_plan_appendix_task_table() -> None:
    doc = parse_file(SAMPLES / "docx/laocai-sct-kh3898-huanluyen.docx").doc
    assert [t.id for t in doc.tasks] == [str(k) for k in range(1, 10)]
    (att,) = doc.attachments
    assert att.kind == "appendix" and att.title.startswith("PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC")
    assert att.issued_with.startswith("(Kèm theo Kế hoạch số /KH-SCT")
    codes = [d.code for d in doc.diagnostics]
    assert "T202" not in codes and codes.count("P022") == 1


def test_real_appendix_outline_and_decision_annex() -> None:
    doc = parse_file(SAMPLES / "text/laocai-dkt-kh1105.txt").doc
    assert [(a.kind, a.label) for a in doc.attachments] == [("appendix", "PHỤ LỤC I"), ("outline", "PHỤ LỤC II")]
    assert doc.attachments[1].title == "ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ CÔNG TÁC KIỂM TRA"
    assert doc.document.signer.name == "Hoàng Văn Thuân"
    qd = parse_file(SAMPLES / "pdf/laocai-ubnd-qd2463-ctdt-volao.pdf").doc
    (annex,) = qd.attachments
    assert annex.kind == "appendix" and annex.title.startswith("BẢNG TỌA ĐỘ RANH GIỚI")
    assert "Quyết định số" in annex.issued_with and qd.document.signer.name == "Nguyễn Tuấn Anh"
