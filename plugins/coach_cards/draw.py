"""Drawing one card: 1200 x 630, the title in the theme's colours, the site's name below.

``LAYOUT_VERSION`` goes into every cached card's key: raise it whenever a change here moves a
pixel, so no build serves a card drawn the old way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from coach_cards.layout import Face, TitleLayout, drawable, layout_title, with_ellipsis

LAYOUT_VERSION = 2
WIDTH, HEIGHT = 1200, 630
BAND = 18  # the accent band down the left edge
MARGIN = 96  # left and right of the text, from the band
RULE = (88, 8)  # the short accent rule above the title
RULE_GAP = 44  # from the rule to the top of the title's capitals
# The rule and the title are centred between these; the site's name sits below the hairline.
REGION = (60, 468)
FOOTER = 520  # the hairline above the site's name
NAME_SIZE = 28
TEXT_WIDTH = WIDTH - BAND - 2 * MARGIN


@dataclass(frozen=True)
class Palette:
    """A card's colours: the theme's --bg, --text and --accent (theme/static/css/site.css)."""

    name: str
    background: str
    text: str
    accent: str


LIGHT = Palette("light", background="#fbfaf6", text="#1c2326", accent="#1a5a61")
DARK = Palette("dark", background="#121a1d", text="#e7e4dc", accent="#7fcbd1")
PALETTES = (LIGHT, DARK)


@dataclass(frozen=True)
class Faces:
    """The card's fonts: the title's and the site name's."""

    title: Face
    label: Face


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mix(colour: str, over: str, amount: float) -> tuple[int, int, int]:
    """``colour`` laid over ``over`` at ``amount`` opacity."""
    (r, g, b), (r0, g0, b0) = _rgb(colour), _rgb(over)
    return (
        round(r0 + (r - r0) * amount),
        round(g0 + (g - g0) * amount),
        round(b0 + (b - b0) * amount),
    )


def title_layout(title: str, faces: Faces) -> TitleLayout:
    """How ``title`` is set on the card."""
    room = REGION[1] - REGION[0] - RULE[1] - RULE_GAP
    return layout_title(title, faces.title, TEXT_WIDTH, room)


def render_card(title: str, site_name: str, palette: Palette, faces: Faces) -> bytes:
    """The card as PNG bytes (no timestamps or other metadata: equal input, equal bytes)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _rgb(palette.background))
    draw = ImageDraw.Draw(image)
    left = BAND + MARGIN
    draw.rectangle((0, 0, BAND - 1, HEIGHT - 1), fill=_rgb(palette.accent))
    layout = title_layout(title, faces)
    font = faces.title.at(layout.size)
    capitals = -font.getbbox("H", anchor="ls")[1]
    block = capitals + (len(layout.lines) - 1) * layout.line_height
    top = REGION[0] + (REGION[1] - REGION[0] - RULE[1] - RULE_GAP - block) // 2
    draw.rectangle((left, top, left + RULE[0] - 1, top + RULE[1] - 1), fill=_rgb(palette.accent))
    baseline = top + RULE[1] + RULE_GAP + capitals
    for number, line in enumerate(layout.lines):
        y = baseline + number * layout.line_height
        draw.text((left, y), line, font=font, fill=_rgb(palette.text), anchor="ls")
    hairline = _mix(palette.text, palette.background, 0.16)
    draw.rectangle((left, FOOTER, WIDTH - MARGIN - 1, FOOTER + 1), fill=hairline)
    name_font = faces.label.at(NAME_SIZE)
    name = drawable(site_name, faces.label) or ""
    if name_font.getlength(name) > TEXT_WIDTH:
        name = with_ellipsis(name, lambda text: name_font.getlength(text) <= TEXT_WIDTH)
    draw.text((left, FOOTER + 34), name, font=name_font, fill=_rgb(palette.accent), anchor="la")
    buffer = io.BytesIO()
    # level 1: half the time of the default for 20 % more bytes (50 KB); cards are drawn for
    # every post of a first build
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
