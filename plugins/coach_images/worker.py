"""The picture process (``python -m coach_images.worker``): makes a picture's files.

Each job names a picture under content/images/ and the cache folder its files go to; they
are written there, then ``files.json`` with their paths in the site, last, so a folder with
``files.json`` is complete (coach_images ``Images.write`` waits for them; see
coachsite/side_process.py). Answered with the folder's name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach_images.pictures import open_picture, variants
from coachsite.cachefile import write_json
from coachsite.side_process import serve

FILES = "files.json"  # in a picture's cache folder: its files' paths in the site, written last


def make_files(source: Path, site: str, target: Path, widths: tuple[int, ...], folder: str) -> None:
    """Every file of the picture ``source`` (``site``: its path in the site) into ``target``."""
    picture, upright = open_picture(source.read_bytes(), site, site)
    files = variants(picture, upright, widths, folder)
    target.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(files.values()):
        (target / str(i)).write_bytes(body)
    write_json(target / FILES, list(files))


def handler_for(setup: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    widths, folder = tuple(setup["widths"]), setup["folder"]

    def make(job: dict[str, Any]) -> str:
        make_files(Path(job["source"]), job["site"], Path(job["target"]), widths, folder)
        return str(job["target"])

    return make


if __name__ == "__main__":
    raise SystemExit(serve(handler_for))
