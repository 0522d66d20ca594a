"""Cards drawn before: PNG bytes in the build's cache folder, by a digest of what they show.

The key covers everything that decides a card's bytes: its text, colours, font files, the
layout version and the libraries that draw and compress it. A build that needs a card it
has drawn before links the cached file into the output and draws nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import PIL
from PIL import features

from coach_cards.draw import LAYOUT_VERSION, Faces, Palette
from coachsite.cachefile import place, write_atomic

FOLDER = "social-cards"  # below CACHE_PATH
SUFFIX = ".png"
PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"  # the last chunk: a file cut short lacks it


def card_key(title: str, site_name: str, palette: Palette, faces: Faces) -> str:
    """The digest a card is cached under."""
    return keys_for(site_name, palette, faces)(title)


def keys_for(site_name: str, palette: Palette, faces: Faces) -> Callable[[str], str]:
    """``card_key`` for many titles of one site and palette: what is the same for all of
    them is encoded once."""
    decided_by = {
        "layout": LAYOUT_VERSION,
        "pillow": PIL.__version__,
        "freetype": features.version("freetype2"),
        "zlib": features.version("zlib"),
        "site_name": site_name,
        "palette": asdict(palette),
        "fonts": [faces.title.digest, faces.label.digest],
    }
    shared = hashlib.blake2b(digest_size=20)
    shared.update(json.dumps(decided_by, sort_keys=True, ensure_ascii=False).encode() + b"\0")

    def key(title: str) -> str:
        digest = shared.copy()
        digest.update(title.encode())
        return digest.hexdigest()

    return key


class CardCache:
    """``folder/<key>.png`` for each card drawn; ``load=False`` draws every card again
    (a build that ignores its caches) but still keeps what it drew."""

    def __init__(self, folder: Path, *, load: bool = True) -> None:
        self.folder = folder
        self.load = load
        self.used: set[str] = set()
        self._there: set[str] | None = None  # the cached files' names, listed once

    def file(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether the card ``key`` is in the cache whole (False: it must be drawn)."""
        self.used.add(key)
        if not self.load:
            return False
        if self._there is None:
            try:
                self._there = set(os.listdir(self.folder))
            except OSError:
                self._there = set()
        if f"{key}{SUFFIX}" not in self._there:
            return False
        try:
            with self.file(key).open("rb") as handle:
                return handle.read(8) == PNG_START and bool(
                    handle.seek(-len(PNG_END), os.SEEK_END) and handle.read() == PNG_END
                )
        except OSError:
            return False

    def place(self, key: str, target: Path) -> None:
        """Put the cached card ``key`` at ``target`` (a hard link: no bytes copied)."""
        place(self.file(key), target)

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        write_atomic(self.file(key), data)

    def prune(self) -> int:
        """Remove the cards this build did not use (old titles) and any card a stopped
        drawing process left half written (``.<key>.png.<pid>``); returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return removed
        for path in self.folder.iterdir():
            unused = path.suffix == SUFFIX and path.stem not in self.used
            if unused or (path.name.startswith(".") and f"{SUFFIX}." in path.name):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
