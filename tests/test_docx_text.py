"""Text as the reader sees it: runs, fields, tracked changes, footnotes, boxes, legacy fonts, style."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from docx_factory import NS, make_docx, p, styles_xml, write

from cchc_parse.extract.blocks import Line
from cchc_parse.extract.docx.reader import extract_docx


def lines(tmp: Path, body: str, **kw: str) -> list[Line]:
    ex = extract_docx(write(tmp, make_docx(body, **kw)))
    return [b for b in ex.blocks if isinstance(b, Line)]


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def test_body_order_with_content_controls_and_blank_paragraphs(tmp_path: Path) -> None:
    body = (p("Một") + "<w:sdt><w:sdtPr/><w:sdtContent>" + p("Hai") + "</w:sdtContent></w:sdt>" + p()
            + para(r("Ba ") + '<w:sdt><w:sdtContent>' + r("bốn") + "</w:sdtContent></w:sdt>"))
    got = lines(tmp_path, body)
    assert [(b.text, b.src.line) for b in got] == [("Một", 1), ("Hai", 2), ("", 3), ("Ba bốn", 4)]


def test_tracked_changes_keep_insertions_drop_deletions(tmp_path: Path) -> None:
    body = para(r("Sở "), '<w:ins w:id="1" w:author="x">' + r("Nội vụ") + "</w:ins>",
                '<w:del w:id="2" w:author="x"><w:r><w:delText>Tư pháp</w:delText></w:r></w:del>',
                '<w:moveFrom w:id="3">' + r(" cũ") + "</w:moveFrom>")
    assert [b.text for b in lines(tmp_path, body)] == ["Sở Nội vụ"]


def test_fields_show_result_only(tmp_path: Path) -> None:
    body = para(r("Trang "), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("3"),
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>', r(" và "),
                '<w:fldSimple w:instr=" DATE ">' + r("05/01/2023") + "</w:fldSimple>",
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>XE "ẩn"</w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert [b.text for b in lines(tmp_path, body)] == ["Trang 3 và 05/01/2023"]


def test_nested_field_instruction_is_hidden(tmp_path: Path) -> None:
    body = para('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD x</w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("inner"),
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("shown"),
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert [b.text for b in lines(tmp_path, body)] == ["shown"]


def test_soft_hyphen_nbsp_tabs_and_special_runs(tmp_path: Path) -> None:
    body = para(r("cải\u00adcách\u00a0hành"), "<w:r><w:tab/></w:r>", r("chính"),
                "<w:r><w:softHyphen/><w:t>x</w:t><w:noBreakHyphen/><w:t>y</w:t></w:r>",
                r("ẩn", "<w:vanish/>"))
    assert [b.text for b in lines(tmp_path, body)] == ["cảicách hành chínhx-y"]


def test_line_breaks_join_unless_a_numbered_part_follows(tmp_path: Path) -> None:
    body = para(r("Kiểm tra, cấp Giấy chứng nhận"), "<w:r><w:br/></w:r>", r("vật liệu nổ"),
                "<w:r><w:br/></w:r>", r("a) Giao Sở Tài chính"), "<w:r><w:cr/></w:r>", r("- Chủ trì"))
    got = lines(tmp_path, body)
    assert [b.text for b in got] == ["Kiểm tra, cấp Giấy chứng nhận vật liệu nổ", "a) Giao Sở Tài chính",
                                     "- Chủ trì"]
    assert {b.src.line for b in got} == {1}


def test_all_caps_run_is_upper_cased(tmp_path: Path) -> None:
    assert [b.text for b in lines(tmp_path, para(r("kế hoạch", "<w:caps/>")))] == ["KẾ HOẠCH"]


def test_nfd_text_is_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    got = lines(tmp_path, p(nfd))[0].text
    assert got == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and unicodedata.is_normalized("NFC", got)


FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {NS}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
             '<w:r><w:t xml:space="preserve"> Nay là Sở Nông nghiệp và Môi trường.</w:t></w:r></w:p></w:footnote>'
             "</w:footnotes>")


def test_footnotes_become_notes_not_inline(tmp_path: Path) -> None:
    body = para(r("Sở Nông nghiệp và Phát triển nông thôn"),
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>',
                r(" chủ trì."))
    got = lines(tmp_path, body, footnotes=FOOTNOTES)
    assert got[0].text == "Sở Nông nghiệp và Phát triển nông thôn chủ trì."
    assert got[0].notes == ("Nay là Sở Nông nghiệp và Môi trường.",)


def _box(text: str) -> str:
    txbx = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            f"<a:graphicData><wps:wsp><wps:txbx>{txbx}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
            '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
            f"{txbx}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def test_text_boxes_once_and_only_real_text(tmp_path: Path) -> None:
    body = para(r("Đoạn văn"), _box("DỰ THẢO")) + para(_box("12"))
    got = [b.text for b in lines(tmp_path, body) if b.text]
    assert got == ["Đoạn văn", "DỰ THẢO"]


def test_tcvn3_runs_are_converted_per_run(tmp_path: Path) -> None:
    pytest.importorskip("cchc_parse.normalise.encodings")
    body = (para(r("Céng hoµ x· héi chñ nghÜa ViÖt Nam", '<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>'))
            + para(r("kÕ ho¹ch", '<w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/>'))
            + para(r("Unicode ® giữ nguyên")))
    ex = extract_docx(write(tmp_path, make_docx(body)))
    got = [b.text for b in ex.blocks if isinstance(b, Line)]
    assert got == ["Cộng hoà xã hội chủ nghĩa Việt Nam", "KẾ HOẠCH", "Unicode ® giữ nguyên"]
    assert [d.code for d in ex.diagnostics] == ["P002"] and ".VnTime" in ex.diagnostics[0].message


def test_legacy_font_from_styles_and_unicode_typed_over_it(tmp_path: Path) -> None:
    pytest.importorskip("cchc_parse.normalise.encodings")
    styles = styles_xml('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
                        '<w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>')
    body = para(r("§éc lËp")) + para(r("1. T"), r("ình h"), r("ình quản lý", '<w:rFonts w:ascii="Times New Roman"/>'))
    got = [b.text for b in lines(tmp_path, body, styles=styles)]
    assert got == ["Độc lập", "1. Tình hình quản lý"]


def test_style_from_runs_and_styles(tmp_path: Path) -> None:
    styles = styles_xml('<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
                        '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>'
                        '<w:style w:type="character" w:styleId="Em"><w:name w:val="Em"/><w:rPr><w:i/></w:rPr></w:style>',
                        defaults='<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="26"/></w:rPr></w:rPrDefault>'
                                 '</w:docDefaults>')
    body = (para(r("KẾ HOẠCH"), ppr='<w:pStyle w:val="Title"/>')
            + para(r("Căn cứ Luật", '<w:rStyle w:val="Em"/>'), r(" x", "<w:b/>"), ppr='<w:jc w:val="both"/>')
            + para(r("không đậm", '<w:b w:val="0"/>'), ppr='<w:pStyle w:val="Title"/>'))
    a, b, c = lines(tmp_path, body, styles=styles)
    assert (a.style.bold, a.style.size, a.style.align) == (True, 14.0, "center")
    assert (b.style.bold, b.style.italic, b.style.size, b.style.align) == (False, True, 13.0, "justify")
    assert c.style.bold is False
