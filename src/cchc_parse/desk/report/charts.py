"""Inline SVG charts drawn here (no script, no library): a horizontal bar chart and a timeline of columns.
Coordinates are rounded to one decimal: the same figures give the same bytes."""

from __future__ import annotations

from markupsafe import Markup, escape

FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12"'
BAR, GAP, CHAR_PX = 18, 6, 6.8  # bar height and gap; the mean width of a character at 12 px


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(text: str, px: int) -> str:
    n = int(px / CHAR_PX)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def bar_chart(items: list[tuple[str, int]], title: str, *, width: int = 880, label_width: int = 360,
              css: str = "bar") -> Markup:
    """One bar per (label, value), longest first as given; the full label in a tooltip."""
    top = max((v for _, v in items), default=0) or 1
    room = width - label_width - 50
    h = len(items) * (BAR + GAP) + GAP
    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {h}" width="100%" '
           f'xmlns="http://www.w3.org/2000/svg" {FONT}><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR + GAP)
        w = room * value / top
        out.append(
            f'<g><title>{escape(label)}: {value}</title>'
            f'<text x="{label_width - 8}" y="{_n(y + BAR * 0.72)}" text-anchor="end">'
            f'{escape(_short(label, label_width - 12))}</text>'
            f'<rect class="{css}" x="{label_width}" y="{y}" width="{_n(max(w, 1))}" height="{BAR}" rx="2"/>'
            f'<text class="value" x="{_n(label_width + w + 6)}" y="{_n(y + BAR * 0.72)}">{value}</text></g>')
    out.append("</svg>")
    return Markup("".join(out))


def column_chart(items: list[tuple[str, int]], title: str, *, mark: str | None = None, width: int = 880,
                 height: int = 240) -> Markup:
    """One column per (bucket, value) in order; ``mark`` (the as-of bucket) drawn in another colour, with
    a line. Bucket labels are thinned out to fit."""
    n = len(items)
    top = max((v for _, v in items), default=0) or 1
    left, bottom, plot = 36, 44, height - 44 - 18
    step = (width - left - 8) / max(n, 1)
    every = max(1, int(60 // step) + 1) if step < 60 else 1
    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
           f'xmlns="http://www.w3.org/2000/svg" {FONT}><title>{escape(title)}</title>',
           f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}"/>',
           f'<text x="{left - 6}" y="22" text-anchor="end">{top}</text>',
           f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>']
    for i, (label, value) in enumerate(items):
        x = left + i * step
        h = plot * value / top
        css = "col mark" if label == mark else "col"
        if label == mark:
            out.append(f'<line class="mark" x1="{_n(x + step / 2)}" y1="14" x2="{_n(x + step / 2)}" '
                       f'y2="{height - bottom}"/>')
        out.append(f'<g><title>{escape(label)}: {value}</title><rect class="{css}" x="{_n(x + step * 0.12)}" '
                   f'y="{_n(height - bottom - h)}" width="{_n(step * 0.76)}" height="{_n(h)}"/></g>')
        if value:
            out.append(f'<text class="value" x="{_n(x + step / 2)}" y="{_n(height - bottom - h - 4)}" '
                       f'text-anchor="middle">{value}</text>')
        if i % every == 0 or label == mark:
            out.append(f'<text x="{_n(x + step / 2)}" y="{height - bottom + 16}" text-anchor="middle">'
                       f'{escape(label)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
