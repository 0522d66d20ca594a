"""Files other than pages (feeds) left in place when what they are made from is unchanged.

A writer computes a key for each file from the render cache's digests (``key``); if the last
build wrote the file with that key and it is still in the last output as written (same size
and modification time), the file is kept there (coachsite/delta.py) instead of written again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coach_incremental.digest import sha
from coach_incremental.memo import RenderMemo
from coachsite import delta as output_delta
from coachsite.cachefile import read_json, stamp, write_json


class FileMemo:
    """Keys of the files one writer (``name``) wrote in the last build and in this one."""

    def __init__(
        self, memo: RenderMemo, cache: Path, name: str, delta: output_delta.Delta | None
    ) -> None:
        self.memo = memo
        self.records_file = cache / f"{name}-memo.json"
        self.delta = delta
        self.previous: dict[str, list[Any]] = {}
        if self.delta is not None:
            stored = read_json(self.records_file)
            self.previous = stored if isinstance(stored, dict) else {}
        self.current: dict[str, list[Any]] = {}

    def key(self, *parts: str, contents: Iterable[str] = ()) -> str | None:
        """A key over ``parts`` and the whole digest of each content (by source path)."""
        digests = []
        for path in contents:
            digest = self.memo.contents.own(path)
            if digest is None:
                return None
            digests.append(f"{path}={digest}")
        return sha("\n".join([self.memo.build_digest, *parts, *digests]))

    def keep(self, relative: str, key: str | None) -> bool:
        """Leave ``relative`` as the last output has it, if it was made from ``key``."""
        record = self.previous.get(relative)
        if key is None or self.delta is None or not record or record[0] != key:
            return False
        if stamp(self.delta.previous / relative) != record[1:]:
            return False
        self.delta.keep(relative)
        self.current[relative] = record
        return True

    def wrote(self, relative: str, key: str | None, path: Path) -> None:
        written = stamp(path)
        if key is not None and written is not None:
            self.current[relative] = [key, *written]

    def save(self) -> None:
        write_json(self.records_file, self.current)


def file_memo(writer: Any, settings: dict[str, Any], name: str) -> FileMemo | None:
    """The file memo of writer ``name`` for the build in progress (None: write everything):
    ``writer`` is the one Pelican hands to the plugin, the engine's when it is on."""
    memo = getattr(writer, "render_memo", None)
    if not isinstance(memo, RenderMemo):
        return None
    return FileMemo(memo, Path(settings["CACHE_PATH"]), name, output_delta.of(settings))
