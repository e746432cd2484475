"""The text pieces of one paragraph as they are read, and the character counts that decide its
style (bold, italic, size by majority of the characters shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_parse.extract.blocks import Style

if TYPE_CHECKING:
    from cchc_parse.extract.docx.styles import RunProps
    from cchc_parse.extract.docx.text import ParaInfo


class Pieces:
    """Text pieces of one paragraph and character counts for the style majority."""

    __slots__ = ("alt", "bold", "boxes", "fonts", "italic", "notes", "parts", "sizes", "total")

    def __init__(self) -> None:
        self.parts: list[str] = []
        # the same pieces with legacy-font runs converted; None until the first run that converts
        # (then a copy of ``parts`` so far): most paragraphs never need it
        self.alt: list[str] | None = None
        self.fonts: set[str] = set()
        self.notes: list[str] = []
        self.boxes: list[ParaInfo] = []
        self.total = self.bold = self.italic = 0
        self.sizes: dict[float, int] = {}

    def add(self, s: str, converted: str | None = None) -> None:
        """A piece of text (and its converted form when that differs)."""
        if not s:
            return
        if converted is not None and self.alt is None:
            self.alt = list(self.parts)
        self.parts.append(s)
        if self.alt is not None:
            self.alt.append(s if converted is None else converted)

    def count(self, props: RunProps, n: int) -> None:
        """``n`` characters shown in ``props``."""
        self.total += n
        if props.bold:
            self.bold += n
        if props.italic:
            self.italic += n
        if props.size:
            self.sizes[props.size] = self.sizes.get(props.size, 0) + n

    def style(self, align: str | None, heading: int | None) -> Style:
        sizes = self.sizes
        if len(sizes) > 1:
            size: float | None = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        else:
            size = next(iter(sizes)) if sizes else None
        half = self.total / 2
        key = (self.total > 0 and self.bold > half, self.total > 0 and self.italic > half, size, align, heading)
        style = _STYLES.get(key)
        if style is None:  # Style is frozen: one object serves every paragraph that looks the same
            if len(_STYLES) > 4096:
                _STYLES.clear()
            style = _STYLES[key] = Style(*key)
        return style


_STYLES: dict[tuple[bool, bool, float | None, str | None, int | None], Style] = {}
