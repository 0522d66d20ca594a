"""One build's cards to draw: a process of their own draws them while Pelican writes pages.

The process (``coach_cards.worker``, through coachsite/side_process.py) works on the other
core from the first card asked for: posts are planned before any page is written. What it
has not drawn when the pages are written, the build draws itself, from the last card
backwards, until the two meet. Both write a card to the cache whole (one rename) before it
counts as drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach_cards import draw
from coach_cards.cache import FOLDER, CardCache, keys_for
from coachsite.side_process import SideProcess

Item = tuple[str, str, draw.Palette]  # a card's cache key, the title it shows, its palette


class Drawing:
    """One build's cards: those already in the cache, and those asked to be drawn."""

    def __init__(self, settings: Any, faces: draw.Faces, fonts: tuple[Path, Path]) -> None:
        self.cache = CardCache(
            Path(settings["CACHE_PATH"]) / FOLDER,
            load=bool(settings.get("LOAD_CONTENT_CACHE", True)),
        )
        self.site_name = str(settings.get("SITENAME") or "")
        self.palettes = draw.PALETTES if settings.get("CARDS_DARK") else (draw.LIGHT,)
        self.faces = faces
        self.fonts = fonts
        self._keys = {p.name: keys_for(self.site_name, p, faces) for p in self.palettes}
        self.cached: list[str] = []
        self._seen: set[str] = set()  # every key asked for, each once in ``cached`` or ``asked``
        self.asked: list[Item] = []
        self.drawn_here = 0
        self._worker: SideProcess | None = None

    def ask(self, text: str) -> list[tuple[str, draw.Palette]]:
        """The cache keys of ``text``'s cards, by palette; those not cached are being drawn."""
        keys = []
        for palette in self.palettes:
            key = self._keys[palette.name](text)
            keys.append((key, palette))
            if key in self._seen:
                continue  # two pages of one title share their card: asked once
            self._seen.add(key)
            if self.cache.has(key):
                self.cached.append(key)
                continue
            self.asked.append((key, text, palette))
            self._draw_elsewhere(key, text, palette)
        return keys

    def _draw_elsewhere(self, key: str, text: str, palette: draw.Palette) -> None:
        if self._worker is None:
            setup = {
                "folder": str(self.cache.folder),
                "site_name": self.site_name,
                "fonts": [str(path) for path in self.fonts],
                "digests": [self.faces.title.digest, self.faces.label.digest],
            }
            self._worker = SideProcess("coach_cards.worker", setup, "cards: the drawing")
        self._worker.send({"key": key, "text": text, "palette": palette.name})

    def planned(self) -> None:
        """Every card is asked for: the drawing process ends once it has drawn them (a card
        asked for later is drawn by ``finish``)."""
        if self._worker is not None:
            self._worker.no_more()

    def reported(self) -> int:
        """How many cards the drawing process has put in the cache so far."""
        return len(self._worker.done) if self._worker is not None else 0

    def working(self) -> bool:
        """Whether the drawing process is still there to draw."""
        return self._worker is not None and self._worker.working()

    def finish(self) -> int:
        """Draw here what the process has not; returns how many cards this build drew."""
        done = self._worker.done if self._worker is not None else set()
        bases = draw.Bases(self.site_name, self.faces)
        for key, text, palette in reversed(self.asked):  # the process works from the front
            if key in done:
                break  # it has drawn this one and every one before it (each key is sent once)
            self.cache.put(key, bases.card(text, palette))
            self.drawn_here += 1
        self.stop()
        return len(self.asked)

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
