"""Files of the build cache: written whole or not at all, read back as nothing when damaged."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any


def stamp(path: Path) -> list[int] | None:
    """``[size, modification time]`` of a file (None: not there): the cache knows a file it
    wrote is still the same by these."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` with one rename: a crash leaves the old file or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)


def write_json(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data).encode())


def read_json(path: Path | None) -> Any:
    """What ``path`` holds, or None if it is missing or not JSON (the cache starts afresh)."""
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def place(cached: Path, target: Path) -> None:
    """Put the cached file ``cached`` at ``target`` (in a build's output) with one rename: a
    hard link, so no bytes are copied (a copy where links cannot be made). Nothing writes
    into an output file in place, so the cache cannot be changed through the link."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        os.link(cached, partial)
    except OSError:
        shutil.copyfile(cached, partial)
    partial.replace(target)
