"""The fast paths of issue 16 give the same results as the slow ones they replace: the grid builder
(pdfplumber's table steps), the YAML writer (yaml.dump), the one-pass line grouping on ruled
pages; and the grid bomb is bounded (P027, no table, quickly)."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells

from cchc_parse.emit import serialize, yaml_events
from cchc_parse.extract.pdf import grid as pdf_grid
from cchc_parse.extract.pdf.chars import Char
from cchc_parse.extract.pdf.lines import cluster_lines, group_lines, settle_lines
from cchc_parse.extract.pdf.reader import extract_pdf
from cchc_parse.extract.pdf.tables import page_edges

ROOT = Path(__file__).resolve().parents[1]


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if top == bottom else "v", "object_type": "line"}


def _grid_edges(xs: list[float], ys: list[float]) -> list[dict]:
    return ([_edge(xs[0], y, xs[-1], y) for y in ys] + [_edge(x, ys[0], x, ys[-1]) for x in xs])


@pytest.mark.parametrize("edges", [
    _grid_edges([10, 50, 90, 130], [10, 30, 50]),
    # two tables, a merged cell (a missing inner rule), a stray rule and a rule off the grid
    [*_grid_edges([10, 60, 110], [10, 25, 40, 55])[:-1], _edge(60, 10, 60, 25),
     *_grid_edges([200, 240, 300], [300, 320, 340]), _edge(5, 500, 400, 500), _edge(120.5, 70, 120.5, 90)],
])
def test_grid_steps_match_pdfplumber(edges: list[dict]) -> None:
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    mine = pdf_grid.crossings_to_cells(pdf_grid.edges_to_crossings(edges, 3, 3))
    assert mine == cells and len(cells) >= 6
    assert pdf_grid.cells_to_tables(mine) == cells_to_tables(cells)


def test_grid_steps_match_pdfplumber_on_real_pages() -> None:
    from pdfplumber.table import merge_edges
    from pdfplumber.utils import filter_edges

    doc = pdfium.PdfDocument(str(ROOT / "samples/pdf/laocai-ubnd-qd2463-ctdt-volao.pdf"))
    try:
        checked = 0
        for i in range(len(doc)):
            page = doc[i]
            edges = filter_edges(merge_edges(page_edges(page), 3, 3, 3, 3), min_length=3)
            page.close()
            cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
            assert pdf_grid.crossings_to_cells(pdf_grid.edges_to_crossings(edges, 3, 3)) == cells
            assert pdf_grid.cells_to_tables(cells) == cells_to_tables(cells)
            checked += bool(cells)
        assert checked >= 3
    finally:
        doc.close()


def _grid_pdf(path: Path, n: int) -> None:
    """A one-page PDF drawing an n x n ruling grid and a line of text."""
    step = 500 / n
    ops = ["0.5 w"]
    for k in range(n + 1):
        ops.append(f"50 {50 + k * step:.2f} m 550 {50 + k * step:.2f} l S")
        ops.append(f"{50 + k * step:.2f} 50 m {50 + k * step:.2f} 550 l S")
    ops.append("BT /F1 12 Tf 50 700 Td (Ke hoach cai cach hanh chinh nam 2025 cua tinh) Tj ET")
    stream = "\n".join(ops).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


def test_grid_bomb_is_bounded(tmp_path: Path) -> None:
    pdf = tmp_path / "grid.pdf"
    _grid_pdf(pdf, 120)  # 121 x 121 rulings: 14,641 crossings, over MAX_CROSSINGS
    t0 = time.perf_counter()
    ex = extract_pdf(pdf)
    assert time.perf_counter() - t0 < 1.5
    p027 = [d for d in ex.diagnostics if d.code == "P027"]
    assert len(p027) == 1 and p027[0].params["limit"] == "pdf.page.crossings"
    assert p027[0].params["max"] == pdf_grid.MAX_CROSSINGS and p027[0].location.page == 1
    assert not [b for b in ex.blocks if hasattr(b, "rows")]
    assert any("Ke hoach" in getattr(b, "text", "") for b in ex.blocks)


def test_small_grid_is_still_a_table(tmp_path: Path) -> None:
    pdf = tmp_path / "grid.pdf"
    _grid_pdf(pdf, 4)
    ex = extract_pdf(pdf)
    tables = [b for b in ex.blocks if hasattr(b, "rows")]
    assert len(tables) == 1 and len(tables[0].rows) == 4 and len(tables[0].rows[0]) == 4
    assert not [d for d in ex.diagnostics if d.code == "P027"]


@pytest.mark.parametrize("data", [
    {"a": "plain", "b": "two\nlines", "c": "trailing\n", "n": None, "t": True, "f": False, "i": -12,
     "x": [1.5, 1e17, 2.0e-7, float("inf"), float("-inf"), 0.1, -0.0], "e": [], "m": {},
     "q": ["null", "123", "yes", "2024-01-02", "a: b", "- x", "# c", " lead", "'q'", "Kế hoạch số 12/KH-UBND"],
     "long": "Thực hiện " * 40, "nested": [{"k": [{"z": "ú"}]}, [[], {}]]},
    [{"id": 1}, {"id": 2}],
])
def test_yaml_writer_is_yaml_dump(data: object) -> None:
    kw = {"allow_unicode": True, "sort_keys": False, "width": 100}
    assert serialize._yaml_text(data) == yaml.dump(data, Dumper=yaml_events.Dumper, **kw)


def test_yaml_writer_keeps_aliases_of_shared_objects() -> None:
    shared = {"k": "v"}
    data = {"a": shared, "b": shared}
    text = serialize._yaml_text(data)
    assert text == yaml.dump(data, Dumper=yaml_events.Dumper, allow_unicode=True, sort_keys=False, width=100)
    assert "&id001" in text


def _c(text: str, x0: float, top: float, size: float = 12.0) -> Char:
    return Char(text, x0, x0 + 6, top, top + size, size, "Times", False, False)


def test_cluster_then_settle_is_group_lines() -> None:
    chars = [_c("A", 10, 100), _c("B", 16, 100.5), _c("1", 23, 96, 7), _c("C", 10, 120), _c(" ", 16, 120),
             _c("D", 22, 120)]
    lines, separable = cluster_lines(chars, 1)
    assert separable and len(lines) == 3  # the raised "1" is its own candidate…
    settled = settle_lines(lines)
    assert [ln.text for ln in settled] == ["AB 1", "C D"]  # …until it joins its line
    assert [ln.text for ln in group_lines(chars, 1)] == ["AB 1", "C D"]
