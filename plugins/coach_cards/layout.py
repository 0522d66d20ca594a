"""Fitting a title into the card's text box: pure functions of the text, the font and the box.

Lines break at spaces only. The largest of ``TITLE_SIZES`` at which the whole title fits is
used; a title that does not fit at the smallest is cut after the last line that fits, at a
word, and ends with an ellipsis. Only a single word too wide for the box even at
``FLOOR_SIZE`` (a long web address) is ever cut inside.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

ELLIPSIS = "\u2026"
TITLE_SIZES = (76, 68, 60, 54, 48)  # pixels, largest first
MAX_LINES = 4
FLOOR_SIZE = 24  # smallest size a title with a very long word may shrink to
LINE_SPACING = 1.15
# Dropped before an ellipsis: "Interviews:" ends "Interviews…".
TRAILING_PUNCTUATION = " ,;:.-\u2013\u2014"
NOT_A_CHARACTER = "\U0010ffff"  # no font has it: what the font draws for a missing glyph


class Face:
    """One font file, loaded from its bytes, at any size (each size loaded once).

    BASIC layout (no HarfBuzz/Raqm): the same pixels whichever libraries the machine has.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        self._sizes: dict[int, ImageFont.FreeTypeFont] = {}
        self._covered: dict[str, bool] = {}

    @classmethod
    def from_path(cls, path: Path) -> Face:
        return cls(path.read_bytes())

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        font = self._sizes.get(size)
        if font is None:
            layout = ImageFont.Layout.BASIC
            font = ImageFont.truetype(io.BytesIO(self.data), size, layout_engine=layout)
            self._sizes[size] = font
        return font

    def length(self, text: str, size: int) -> float:
        return self.at(size).getlength(text)

    def covers(self, char: str) -> bool:
        """Whether the font has a glyph for ``char`` (else it would draw an empty box)."""
        known = self._covered.get(char)
        if known is None:
            font = self.at(32)
            mask, missing = font.getmask(char), font.getmask(NOT_A_CHARACTER)
            known = (mask.size, bytes(mask)) != (missing.size, bytes(missing))
            self._covered[char] = known
        return known


def drawable(title: str, face: Face) -> str | None:
    """``title`` as the card shows it: spaces collapsed, symbols the font lacks (emoji) left
    out; None when it lacks a letter or digit of it (the card would misquote the title)."""
    kept = []
    for char in unicodedata.normalize("NFC", title):
        if char.isspace() or face.covers(char):
            kept.append(" " if char.isspace() else char)
        elif unicodedata.category(char)[0] in "LN":
            return None
    text = " ".join("".join(kept).split())
    return text or None


@dataclass(frozen=True)
class TitleLayout:
    """The title's lines, the font size they are set in and their spacing (pixels)."""

    size: int
    lines: tuple[str, ...]
    line_height: int
    truncated: bool = False


def line_height(size: int) -> int:
    return round(size * LINE_SPACING)


def wrap(words: Sequence[str], fits: Callable[[str], bool]) -> list[str] | None:
    """Words into lines, each as full as ``fits`` allows; None if one word alone is too wide."""
    lines: list[str] = []
    for word in words:
        if not fits(word):
            return None
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def cut_word(word: str, fits: Callable[[str], bool]) -> str:
    """The longest start of ``word`` that fits with an ellipsis (the last resort)."""
    for end in range(len(word) - 1, 0, -1):
        if fits(word[:end] + ELLIPSIS):
            return word[:end] + ELLIPSIS
    return ELLIPSIS


def with_ellipsis(line: str, fits: Callable[[str], bool]) -> str:
    """``line`` ended with an ellipsis after its last word that leaves room for it."""
    words = line.split(" ")
    while words:
        candidate = " ".join(words).rstrip(TRAILING_PUNCTUATION) + ELLIPSIS
        if candidate != ELLIPSIS and fits(candidate):
            return candidate
        words.pop()
    return cut_word(line, fits)


def layout_title(
    title: str,
    face: Face,
    width: int,
    height: int,
    sizes: Sequence[int] = TITLE_SIZES,
    max_lines: int = MAX_LINES,
) -> TitleLayout:
    """Lines of ``title`` in a ``width`` x ``height`` box (``max_lines`` at most), at the
    largest of ``sizes`` that holds it all."""
    words = title.split()

    def room(size: int) -> int:
        return min(max_lines, max(1, 1 + (height - size) // line_height(size)))

    for size in sizes:
        lines = wrap(words, lambda text, size=size: face.length(text, size) <= width)
        if lines is not None and len(lines) <= room(size):
            return TitleLayout(size, tuple(lines), line_height(size))
    size = min(sizes)
    widest = max(words, key=lambda word: face.length(word, size), default="")
    while size > FLOOR_SIZE and face.length(widest + ELLIPSIS, size) > width:
        size -= 2  # only for a word that does not fit across the box

    def fits(text: str) -> bool:
        return face.length(text, size) <= width

    lines = wrap([word if fits(word) else cut_word(word, fits) for word in words], fits) or []
    count = room(size)
    if len(lines) <= count:
        return TitleLayout(size, tuple(lines), line_height(size))
    kept = [*lines[: count - 1], with_ellipsis(lines[count - 1], fits)]
    return TitleLayout(size, tuple(kept), line_height(size), truncated=True)
