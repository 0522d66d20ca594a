"""A search index in shards, each rebuilt only when one of its pages changed.

Pagefind cannot update an index: every page must be indexed again to change one. So the site
gets one Pagefind index per shard, and the search page merges them (Pagefind's
``mergeIndex``, which shares the main index's WebAssembly). Shards follow the coach's
writing: ``recent`` (the site's pages and the posts of this year and last year, the main
index, in ``/pagefind/``) and one per decade of older posts (``/pagefind/archive-2010s/``).
Editing a post re-indexes its shard only.

Each shard's last bundle is kept in the build cache with the digest of every page it
indexed. While Pelican writes, a page that differs from the cached shard's (or is new) marks
its shard as changed: Pagefind starts on that shard, with its pages written so far, and
gets the rest as they come. At the end, unchanged shards are linked from the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from search.errors import SearchIndexError
from search.live import PagefindService

PRIMARY = "recent"
MARKER = b"data-pagefind-body"
# What a merged (non-main) shard needs; the main one also has Pagefind's scripts and UI.
MERGED_PARTS = ("pagefind-entry.json", "index", "fragment", "filter")
# In each cached bundle: the Pagefind version and the digest of every page it indexed.
PAGES_FILE = ".coach-pages.json"


def shard_of(date: dt.date | None, site_year: int) -> str:
    """The shard of a post dated ``date`` (pages and undated content: the main shard)."""
    if date is None or date.year >= site_year - 1:
        return PRIMARY
    return f"archive-{date.year // 10 * 10}s"


def bundle_dir(shard: str) -> str:
    """Where a shard's bundle goes, relative to the Pagefind folder of the site."""
    return "" if shard == PRIMARY else shard


def planned_shards(dates: Iterable[dt.date], site_year: int) -> list[str]:
    """Shards other than the main one that the given post dates fill, newest first."""
    found = {shard_of(d, site_year) for d in dates} - {PRIMARY}
    return sorted(found, reverse=True)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _link_tree(source: Path, target: Path, *, merged: bool) -> None:
    """Hard-link (or copy) a cached bundle into the site; a merged shard needs only its index."""
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.name == PAGES_FILE:
            continue
        if merged and item.name not in MERGED_PARTS and item.suffix != ".pf_meta":
            continue
        if item.is_dir():
            shutil.copytree(
                item, target / item.name, copy_function=_link_or_copy, dirs_exist_ok=True
            )
        else:
            _link_or_copy(str(item), str(target / item.name))


def _link_or_copy(source: str, target: str) -> str:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return target


class _Shard:
    def __init__(self, name: str, cached_pages: list[list[str]] | None) -> None:
        self.name = name
        self.pages: dict[str, str] = {}  # page (relative to the site) -> digest, in order
        self.cached_pages = cached_pages  # what the cached bundle indexed (None: no bundle)
        self.cached = dict(map(tuple, cached_pages)) if cached_pages is not None else None
        self.index_id: str | None = None
        self.pending: list[int] = []


class ShardedIndex:
    """The site's search index: shards indexed as pages are written, or taken from the cache."""

    def __init__(
        self, site: Path, pagefind_dir: str, cache: Path, version: str, *, use_cache: bool = True
    ) -> None:
        self.site = site
        self.use_cache = use_cache
        self.output = site / pagefind_dir
        self.cache = cache
        self.version = version
        self.shards: dict[str, _Shard] = {}
        self.service: PagefindService | None = None

    def _cached_pages(self, name: str) -> list[list[str]] | None:
        if not self.use_cache:
            return None
        try:
            data = json.loads((self.cache / name / PAGES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("pagefind") != self.version:
            return None
        pages = data.get("pages")
        return pages if isinstance(pages, list) else None

    def _shard(self, name: str) -> _Shard:
        shard = self.shards.get(name)
        if shard is None:
            shard = self.shards[name] = _Shard(name, self._cached_pages(name))
        return shard

    def add(self, page: Path, shard_name: str) -> None:
        """A page Pelican has just written (ignored unless it has searchable content)."""
        data = page.read_bytes()
        if MARKER not in data:
            return
        relative = page.relative_to(self.site).as_posix()
        shard = self._shard(shard_name)
        digest = _digest(data)
        shard.pages[relative] = digest
        if shard.index_id is not None:
            self._send(shard, relative, data)
        elif shard.cached is None or shard.cached.get(relative) != digest:
            self._start(shard)

    def _start(self, shard: _Shard) -> None:
        """Index ``shard`` from scratch: its pages so far, then the rest as they come."""
        shard.cached_pages = shard.cached = None  # its cached bundle is out of date
        if self.service is None:
            self.service = PagefindService()
        answer = self.service.wait(self.service.send({"type": "NewIndex", "config": None}))
        shard.index_id = answer["index_id"]
        for relative in shard.pages:
            self._send(shard, relative, (self.site / relative).read_bytes())

    def _send(self, shard: _Shard, relative: str, data: bytes) -> None:
        assert self.service is not None
        shard.pending.append(
            self.service.send(
                {
                    "type": "AddFile",
                    "index_id": shard.index_id,
                    "file_path": relative,
                    "url": None,
                    "file_contents": data.decode("utf-8"),
                }
            )
        )

    def finish(self, expected: Iterable[str] = ()) -> list[str]:
        """Write or link every shard into the site; returns the shards."""
        for name in (PRIMARY, *expected):
            self._shard(name)
        try:
            for shard in self.shards.values():
                same = [list(item) for item in shard.pages.items()] == shard.cached_pages
                if shard.index_id is None and not same:
                    self._start(shard)
            written = [self._write(s) for s in self.shards.values() if s.index_id is not None]
            if self.service is not None:
                self.service.close()  # Pagefind may still be writing: let it finish and exit
                self.service = None
        except BaseException:
            self.close()
            raise
        for shard, fresh in written:
            if not any(fresh.glob("*.pf_meta")):
                raise SearchIndexError(f"Pagefind wrote no index for the '{shard.name}' pages")
            (fresh / PAGES_FILE).write_text(
                json.dumps({"pagefind": self.version, "pages": shard.cached_pages}),
                encoding="utf-8",
            )
            final = self.cache / shard.name
            shutil.rmtree(final, ignore_errors=True)
            fresh.rename(final)  # bundle and its page list replaced together
        for shard in self.shards.values():
            target = self.output / bundle_dir(shard.name)
            _link_tree(self.cache / shard.name, target, merged=shard.name != PRIMARY)
        if not (self.output / "pagefind.js").is_file():
            raise SearchIndexError("Pagefind wrote no index (pagefind.js is missing)")
        return sorted(self.shards)

    def _write(self, shard: _Shard) -> tuple[_Shard, Path]:
        assert self.service is not None
        for message_id in shard.pending:
            self.service.wait(message_id)
        self.cache.mkdir(parents=True, exist_ok=True)
        fresh = self.cache / f".{shard.name}.new-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        self.service.wait(
            self.service.send(
                {"type": "WriteFiles", "index_id": shard.index_id, "output_path": str(fresh)}
            )
        )
        shard.cached_pages = [list(item) for item in shard.pages.items()]
        return shard, fresh

    def close(self) -> None:
        """Stop Pagefind without writing anything (the build failed)."""
        if self.service is not None:
            self.service.abort()
            self.service = None
