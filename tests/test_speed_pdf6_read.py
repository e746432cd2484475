"""Issue 16: a page's text is built while its characters are read only where it is used. Without
it (``read_page_counted(text=False)``: a stamp page, whose text is made after the stamps join its
characters) and after a legacy run (the text is made after the conversion) the characters and
the glyph count are those of the full reading; and the stamps' annotations, now looked at before
the page's characters are read, leave the reading as it was. All pages of every sample PDF."""

from __future__ import annotations

import pypdfium2 as pdfium
from pdf_pages import each_page
from test_pdf_speed_read import PDFS

from cchc_parse.extract.pdf import chars as C
from cchc_parse.extract.pdf import stamps as S


def test_reading_without_the_text_reads_the_same() -> None:
    pages = legacy = 0
    for path, i, page in each_page(PDFS):
        tp = page.get_textpage()
        h = page.get_height()
        chars, text, glyphs = C.read_page_counted(tp, h)
        bare, none, counted = C.read_page_counted(tp, h, text=False)
        assert repr(bare) == repr(chars), (path.name, i)
        assert none is None and counted == glyphs, (path.name, i)
        assert glyphs == len(chars) - sum(c.text.isspace() for c in chars), (path.name, i)
        legacy += text is None
        tp.close()
        pages += 1
    assert pages > 40 and legacy > 0


def test_annotations_looked_at_first_leave_the_reading() -> None:
    stamped = 0
    for path in PDFS:
        first, plain = pdfium.PdfDocument(str(path)), pdfium.PdfDocument(str(path))
        try:
            for i in range(len(first)):
                a, b = first[i], plain[i]
                rects = S.text_annots(a)
                ta, tb = a.get_textpage(), b.get_textpage()
                assert repr(C.read_page_counted(ta, a.get_height(), text=not rects)[0]) == repr(
                    C.read_page_counted(tb, b.get_height())[0]), (path.name, i)
                stamped += bool(rects)
                for x in (ta, tb, a, b):
                    x.close()
        finally:
            first.close()
            plain.close()
    assert stamped >= 5
