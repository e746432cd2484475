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
        # legacy fonts, footnotes, text boxes: empty and immutable (nothing to make) until the first
        # one, which most paragraphs never have (see font, note, box)
        self.fonts: frozenset[str] | set[str] = frozenset()
        self.notes: tuple[()] | list[str] = ()
        self.boxes: tuple[()] | list[ParaInfo] = ()
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

    def font(self, name: str) -> None:
        if isinstance(self.fonts, frozenset):
            self.fonts = set()
        self.fonts.add(name)

    def note(self, text: str) -> None:
        if isinstance(self.notes, tuple):
            self.notes = []
        self.notes.append(text)

    def box(self, para: ParaInfo) -> None:
        if isinstance(self.boxes, tuple):
            self.boxes = []
        self.boxes.append(para)

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
        total = self.total  # (bold > total / 2 for whole numbers, without the division)
        key = (total > 0 and self.bold * 2 > total, total > 0 and self.italic * 2 > total, size, align, heading)
        style = _STYLES.get(key)
        if style is None:  # Style is frozen: one object serves every paragraph that looks the same
            if len(_STYLES) > 4096:
                _STYLES.clear()
            style = _STYLES[key] = Style(*key)
        return style


_STYLES: dict[tuple[bool, bool, float | None, str | None, int | None], Style] = {}
