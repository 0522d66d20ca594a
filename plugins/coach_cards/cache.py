"""Cards drawn before: PNG bytes in the build's cache folder, by a digest of what they show.

The key covers everything that decides a card's bytes: its text, colours, font files, the
layout version and the libraries that draw and compress it. A build that needs a card it
has drawn before copies the bytes and draws nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

import PIL
from PIL import features

from coach_cards.draw import LAYOUT_VERSION, Faces, Palette

SUFFIX = ".png"
PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"  # the last chunk: a file cut short lacks it


def card_key(title: str, site_name: str, palette: Palette, faces: Faces) -> str:
    """The digest a card is cached under."""
    decided_by = {
        "layout": LAYOUT_VERSION,
        "pillow": PIL.__version__,
        "freetype": features.version("freetype2"),
        "zlib": features.version("zlib"),
        "title": title,
        "site_name": site_name,
        "palette": asdict(palette),
        "fonts": [faces.title.digest, faces.label.digest],
    }
    encoded = json.dumps(decided_by, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.blake2b(encoded, digest_size=20).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


class CardCache:
    """``folder/<key>.png`` for each card drawn; ``load=False`` draws every card again
    (a build that ignores its caches) but still keeps what it drew."""

    def __init__(self, folder: Path, *, load: bool = True) -> None:
        self.folder = folder
        self.load = load
        self.used: set[str] = set()

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        if not self.load:
            return None
        try:
            data = (self.folder / f"{key}{SUFFIX}").read_bytes()
        except OSError:
            return None
        return data if data.startswith(PNG_START) and data.endswith(PNG_END) else None

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        write_atomic(self.folder / f"{key}{SUFFIX}", data)

    def prune(self) -> int:
        """Remove the cards this build did not use (old titles); returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return removed
        for path in self.folder.iterdir():
            if path.suffix == SUFFIX and path.stem not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
