"""One build's cards to draw: a process of their own draws them while Pelican writes pages.

Pillow keeps Python's lock while it sets text and compresses a PNG, so a thread drawing
cards slows the build's own thread by as much as it draws. A second process does not: it
works on the other core from the first card asked for (posts are planned before any page
is written) and tells, card by card, which it has put in the cache. Whatever it has not
drawn when the pages are written, the build draws itself, from the last card backwards,
until the two meet; a process that cannot start or stops early only means the build draws
more itself. Both write a card to the cache whole (one rename) before it counts as drawn.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from coach_cards import draw
from coach_cards.cache import FOLDER, CardCache, card_key

log = logging.getLogger("pelican.plugins.cards")
CODE = (  # what the drawing process must import: this package and coachsite
    Path(__file__).resolve().parent.parent,
    Path(__file__).resolve().parent.parent.parent,
)

Item = tuple[str, str, draw.Palette]  # a card's cache key, the title it shows, its palette


class Worker:
    """The drawing process (``python -m coach_cards.worker``) and what it has reported."""

    def __init__(self, setup: dict[str, Any]) -> None:
        self.done: set[str] = set()
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, CODE))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coach_cards.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env=env,
            text=True,
        )
        # The pipe holds some hundred cards: a thread of its own feeds it, so the build never
        # waits for the process to start or to catch up.
        self._outbox: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=target, name=f"cards-{target.__name__}", daemon=True)
            for target in (self._feed, self._listen)
        ]
        for thread in self._threads:
            thread.start()
        self.send(setup)

    def _feed(self) -> None:
        assert self.process.stdin is not None
        while (line := self._outbox.get()) is not None:
            try:
                self.process.stdin.write(line)
                self.process.stdin.flush()
            except OSError:
                return  # it has stopped: the build draws what it would have

    def _listen(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.done.add(line.strip())

    def send(self, message: dict[str, Any]) -> None:
        self._outbox.put(json.dumps(message) + "\n")

    def stop(self) -> None:
        """End the process (its queue may hold cards the build drew itself) and say why it
        stopped early, if it did."""
        ended = self.process.poll()  # None: still drawing (it is killed, not at fault)
        if ended is None:
            self.process.kill()
        self.process.wait()
        self._outbox.put(None)
        for thread in self._threads:
            thread.join()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.errors.seek(0)
        said = self.errors.read().decode(errors="replace").strip()
        self.errors.close()
        if ended and said:
            log.warning("cards: the drawing process stopped early: %s", said.splitlines()[-1])


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
        self.cached: list[str] = []
        self.asked: list[Item] = []
        self.drawn_here = 0
        self._worker: Worker | None = None

    def ask(self, text: str) -> list[tuple[str, draw.Palette]]:
        """The cache keys of ``text``'s cards, by palette; those not cached are being drawn."""
        keys = []
        for palette in self.palettes:
            key = card_key(text, self.site_name, palette, self.faces)
            keys.append((key, palette))
            if self.cache.has(key):
                self.cached.append(key)
                continue
            self.asked.append((key, text, palette))
            self._draw_elsewhere(key, text, palette)
        return keys

    def _draw_elsewhere(self, key: str, text: str, palette: draw.Palette) -> None:
        if self._worker is None:
            self._worker = Worker(
                {
                    "folder": str(self.cache.folder),
                    "site_name": self.site_name,
                    "fonts": [str(path) for path in self.fonts],
                    "digests": [self.faces.title.digest, self.faces.label.digest],
                }
            )
        self._worker.send({"key": key, "text": text, "palette": palette.name})

    def reported(self) -> int:
        """How many cards the drawing process has put in the cache so far."""
        return len(self._worker.done) if self._worker is not None else 0

    def working(self) -> bool:
        """Whether the drawing process is still there to draw."""
        return self._worker is not None and self._worker.process.poll() is None

    def finish(self) -> int:
        """Draw here what the process has not; returns how many cards this build drew."""
        done = self._worker.done if self._worker is not None else set()
        bases: dict[str, draw.Base] = {}
        for key, text, palette in reversed(self.asked):  # the process works from the front
            if key in done:
                break  # it has drawn this one and every one before it
            base = bases.get(palette.name)
            if base is None:
                base = bases[palette.name] = draw.Base(self.site_name, palette, self.faces)
            self.cache.put(key, base.card(text))
            self.drawn_here += 1
        self.stop()
        return len(self.asked)

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
