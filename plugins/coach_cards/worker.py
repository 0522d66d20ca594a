"""The card-drawing process (``python -m coach_cards.worker``; see ``coach_cards.drawing``).

Its setup line says where to put cards, the site's name and the fonts (with the digests the
build's cache keys used); each job is one card, written to the cache whole, answered with
its key (coachsite/side_process.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach_cards import draw
from coach_cards.layout import Face
from coachsite.cachefile import write_atomic
from coachsite.side_process import serve


def handler_for(setup: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    faces = draw.Faces(*(Face.from_path(Path(path)) for path in setup["fonts"]))
    if [faces.title.digest, faces.label.digest] != setup["digests"]:
        sys.exit("the fonts changed during the build")
    folder = Path(setup["folder"])
    palettes = {palette.name: palette for palette in draw.PALETTES}
    bases = draw.Bases(setup["site_name"], faces)

    def draw_card(card: dict[str, Any]) -> str:
        drawn = bases.card(card["text"], palettes[card["palette"]])
        write_atomic(folder / f"{card['key']}.png", drawn)
        return str(card["key"])

    return draw_card


if __name__ == "__main__":
    raise SystemExit(serve(handler_for))
