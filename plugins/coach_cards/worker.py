"""The card-drawing process (``python -m coach_cards.worker``; see ``coach_cards.drawing``).

Reads JSON lines on stdin: first where to put cards, the site's name and the fonts (with
the digests the build's cache keys used), then one card per line. Each card is written to
the cache whole, then its key is printed. It ends at the end of its input, when the build
is gone (nothing to print to) or when the build kills it.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from coach_cards import draw
from coach_cards.layout import Face
from coachsite.cachefile import write_atomic


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the build, which ends this
    setup = json.loads(sys.stdin.readline())
    faces = draw.Faces(*(Face.from_path(Path(path)) for path in setup["fonts"]))
    if [faces.title.digest, faces.label.digest] != setup["digests"]:
        print("the fonts changed during the build", file=sys.stderr)
        return 1
    folder = Path(setup["folder"])
    palettes = {palette.name: palette for palette in draw.PALETTES}
    bases: dict[str, draw.Base] = {}
    for line in sys.stdin:
        card = json.loads(line)
        name = card["palette"]
        if name not in bases:
            bases[name] = draw.Base(setup["site_name"], palettes[name], faces)
        write_atomic(folder / f"{card['key']}.png", bases[name].card(card["text"]))
        try:
            print(card["key"], flush=True)
        except BrokenPipeError:
            return 0  # the build is gone
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
