"""Drawing one card: 1200 x 630, the title in the theme's colours, the site's name below.

``LAYOUT_VERSION`` goes into every cached card's key: raise it whenever a change here moves a
pixel, so no build serves a card drawn the old way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from coach_cards.layout import Face, TitleLayout, drawable, layout_title, with_ellipsis

LAYOUT_VERSION = 3
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
LEFT = BAND + MARGIN  # where the text starts
HAIRLINE = 0.16  # the hairline's share of the text colour over the background
SHADES = 128  # steps from the background to the text, and to the accent


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


def colours(palette: Palette) -> list[int]:
    """The card's 256 colours: index ``i`` < 128 is the text at ``i``/127 over the background,
    ``128 + i`` the accent at ``i``/127 (so index 0 is the background, 127 the text and 255 the
    accent). Every pixel of a card is one of them: it is drawn as indices into this ramp."""
    ramp: list[int] = []
    for colour in (palette.text, palette.accent):
        for step in range(SHADES):
            ramp.extend(_mix(colour, palette.background, step / (SHADES - 1)))
    return ramp


class Base:
    """What every card of one site and palette shares, drawn once: the band, the hairline
    and the site's name. A card is a copy with its rule and title added."""

    def __init__(self, site_name: str, palette: Palette, faces: Faces) -> None:
        self.palette = palette
        self.colours = colours(palette)
        self.faces = faces
        accent = Image.new("L", (WIDTH, HEIGHT), 0)
        draw = ImageDraw.Draw(accent)
        draw.rectangle((0, 0, BAND - 1, HEIGHT - 1), fill=SHADES - 1)
        name_font = faces.label.at(NAME_SIZE)
        name = drawable(site_name, faces.label) or ""
        if name_font.getlength(name) > TEXT_WIDTH:
            name = with_ellipsis(name, lambda text: name_font.getlength(text) <= TEXT_WIDTH)
        draw.text((LEFT, FOOTER + 34), name, font=name_font, fill=SHADES - 1, anchor="la")
        # accent shades move up to the accent's half of the ramp; the background stays 0
        self.image = accent.point([0] + [SHADES + step for step in range(1, 256)])
        hairline = round(HAIRLINE * (SHADES - 1))
        ImageDraw.Draw(self.image).rectangle(
            (LEFT, FOOTER, WIDTH - MARGIN - 1, FOOTER + 1), fill=hairline
        )

    def card(self, title: str) -> bytes:
        """The card for ``title`` as PNG bytes (no timestamps or other metadata: equal input,
        equal bytes)."""
        image = self.image.copy()
        draw = ImageDraw.Draw(image)
        layout = title_layout(title, self.faces)
        font = self.faces.title.at(layout.size)
        capitals = -font.getbbox("H", anchor="ls")[1]
        block = capitals + (len(layout.lines) - 1) * layout.line_height
        top = REGION[0] + (REGION[1] - REGION[0] - RULE[1] - RULE_GAP - block) // 2
        rule = (LEFT, top, LEFT + RULE[0] - 1, top + RULE[1] - 1)
        draw.rectangle(rule, fill=2 * SHADES - 1)
        baseline = top + RULE[1] + RULE_GAP + capitals
        for number, line in enumerate(layout.lines):
            # the title's shades over the background (0): indices 0 to 127, the text's ramp
            y = baseline + number * layout.line_height
            draw.text((LEFT, y), line, font=font, fill=SHADES - 1, anchor="ls")
        image.putpalette(self.colours)  # now a palette image
        buffer = io.BytesIO()
        # a palette image at level 1: a third of an RGB card's bytes, drawn in half its time
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()


class Bases:
    """The ``Base`` of each palette of one site, drawn the first time a card needs it."""

    def __init__(self, site_name: str, faces: Faces) -> None:
        self.site_name = site_name
        self.faces = faces
        self._drawn: dict[str, Base] = {}

    def card(self, title: str, palette: Palette) -> bytes:
        base = self._drawn.get(palette.name)
        if base is None:
            base = self._drawn[palette.name] = Base(self.site_name, palette, self.faces)
        return base.card(title)
