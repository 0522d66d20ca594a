"""A search index in shards, each indexed again only when one of its pages changed.

Pagefind cannot update an index: every page must be indexed again to change one. So the site
gets one Pagefind index per shard, and the search page merges them (Pagefind's
``mergeIndex``, which shares the main index's WebAssembly). Shards follow the coach's
writing: ``recent`` (the site's pages and this year's posts: the main index, in
``/pagefind/``), one for each of the two years before (``/pagefind/archive-2025/``) and one
per decade of older posts (``/pagefind/archive-2010s/``). Editing a post re-indexes its shard
only; the shard of this year's posts, the one most edited, stays small.

Shards cost ranking: each ranks its hits with its own statistics (BM25's page counts, pages
holding a word, page lengths) and the search page merges them by score, so the merged top
hits differ from those of one index of the same pages. A word on nearly every page weighs
almost nothing in the whole site but many times more in a shard where a few pages lack it
(bench/search_rerank.py: "interview", IDF 0.0045 in the site, up to 0.17 in a shard), and that
shard's pages take the top places. bench/search_ranking.py (20 queries, top 5 in chromium
against a single index) finds a mean top-5 overlap of 0.28 for this layout at 300 posts and
0.26 at 1,000; one shard per year agrees less (0.16), and no layout reaches 0.9. So a site
with fewer than ``SEARCH_SHARDS_FROM`` (500) searchable pages keeps one index, which ranks
as it should: an edit then indexes every page again (300 posts: 1.6 CPU-s of Pagefind, on
the second core, and about 1 s more per build), which a larger site cannot afford (at 5,000
posts one index holds 1.5 GB while Pagefind writes it).

The build cache keeps a manifest: for each shard, the digest of every page it indexed and the
files of its bundle (size and modification time) in the output. While Pelican writes, a page
that differs from the manifest's (or is new) marks its shard as changed: Pagefind starts on
that shard, with its pages written so far, and gets the rest as they come. A shard whose pages
and files are all as the manifest says stays where it is in the last output
(coachsite/delta.py); without a last output, every shard is indexed.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach_search.errors import SearchIndexError
from coach_search.live import PagefindService
from coachsite import delta as output_delta
from coachsite.cachefile import read_json, stamp, write_json
from coachsite.searchable import indexed_digest, indexed_page

PRIMARY = "recent"
# What a merged (non-main) shard needs; the main one also has Pagefind's scripts and UI.
MERGED_PARTS = ("pagefind-entry.json", "index", "fragment", "filter")
PAGEFIND_JS = "pagefind.js"
# Searchable pages from which the index is split by date (SEARCH_SHARDS_FROM); see above.
SPLIT_FROM = 500


@dataclass(frozen=True)
class Layout:
    """Which shard holds a post dated ``date``: by date once the site has ``split_from``
    searchable pages or more, the main index for every page before that."""

    year: int  # the build date's year
    pages: int  # searchable pages the build writes
    split_from: int = SPLIT_FROM

    @property
    def split(self) -> bool:
        return self.pages >= self.split_from

    def of(self, date: dt.date | None) -> str:
        return shard_of(date, self.year) if self.split else PRIMARY

    def planned(self, dates: Iterable[dt.date]) -> list[str]:
        """The shards the search page merges (none while the site is one index)."""
        return planned_shards(dates, self.year) if self.split else []


def shard_of(date: dt.date | None, site_year: int) -> str:
    """The shard of a post dated ``date`` (pages and undated content: the main shard)."""
    if date is None or date.year >= site_year:
        return PRIMARY
    if date.year >= site_year - 2:
        return f"archive-{date.year}"
    return f"archive-{date.year // 10 * 10}s"


def bundle_dir(shard: str) -> str:
    """Where a shard's bundle goes, relative to the Pagefind folder of the site."""
    return "" if shard == PRIMARY else shard


def planned_shards(dates: Iterable[dt.date], site_year: int) -> list[str]:
    """Shards other than the main one that the given post dates fill, newest first."""
    found = {shard_of(d, site_year) for d in dates} - {PRIMARY}
    return sorted(found, reverse=True)


def _bundle_files(folder: Path) -> Iterator[tuple[str, int, int]]:
    """(path inside the bundle, size, modification time) of each file of a bundle."""
    for root, dirs, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        if base == Path("."):
            dirs[:] = [d for d in dirs if d in MERGED_PARTS]  # not the merged shards' folders
        for name in names:
            size, mtime = stamp(Path(root, name)) or (-1, -1)
            yield (base / name).as_posix(), size, mtime


class _Shard:
    def __init__(self, name: str, cached: dict[str, Any] | None) -> None:
        self.name = name
        self.pages: dict[str, str] = {}  # page (relative to the site) -> digest, in order
        self.sources: dict[str, Path] = {}  # where each page's file is (kept: the last output)
        self.cached = cached  # the manifest's entry (None: nothing to keep)
        self.cached_digests = dict(map(tuple, cached["pages"])) if cached else None
        self.files: list[list[Any]] = []  # the bundle's files, once written or kept
        self.index_id: str | None = None
        self.pending: list[int] = []
        self.writer: threading.Thread | None = None  # writing the bundle (Pagefind)
        self.failure: BaseException | None = None


class ShardedIndex:
    """The site's search index: shards indexed as pages are written, or kept."""

    def __init__(
        self,
        site: Path,
        pagefind_dir: str,
        manifest: Path,
        version: str,
        delta: output_delta.Delta | None = None,
        layout: Layout | None = None,
    ) -> None:
        """``delta``: the files of the last output the build keeps (None: index everything);
        ``layout``: which shard a post goes to (None: the callers name each page's shard)."""
        self.site = site
        self.folder = pagefind_dir
        self.output = site / pagefind_dir
        self.manifest_file = manifest
        self.version = version
        self.delta = delta
        self.manifest = self._load_manifest() if self.delta is not None else {}
        self.shards: dict[str, _Shard] = {}
        self.service: PagefindService | None = None
        self.expected: dict[str, int] = {}  # pages each shard (not the main one) will get
        self.requested: dict[str, int] = {}  # shard -> NewIndex message sent ahead
        self.planned: list[str] = []  # the shards the search page merges
        self.layout = layout

    def expect(self, counts: dict[str, int], shards: Iterable[str] = ()) -> None:
        """How many searchable pages each shard gets (a shard is written once it has them),
        and which shards the search page merges (each is written, even if empty)."""
        self.expected = dict(counts)
        self.planned = list(shards)
        if self.delta is None:  # every shard is indexed: ask for their indexes while
            # Pagefind is idle, not in the middle of the pages (each answer waits for them)
            self.service = self.service or PagefindService()
            for name in (PRIMARY, *self.planned):
                self.requested[name] = self.service.send({"type": "NewIndex", "config": None})

    def start_early(
        self,
        posts: Iterable[tuple[str, dt.date | None]],
        shard_for: Callable[[dt.date | None], str],
    ) -> None:
        """Shards holding a post saved since the last build's index (``posts``: source path,
        date): their pages go to Pagefind as Pelican writes them, from the first, instead of
        all at once when the first changed one is found (for an old post, near the end). A
        guess: a shard started for nothing is indexed again, to the same files.
        ``shard_for``: a post's date -> its shard (``Layout.of``)."""
        since = stamp(self.manifest_file) if self.delta is not None and self.manifest else None
        if since is None:
            return
        saved = set()
        for path, date in posts:
            now = stamp(Path(path))
            if now is None or now[1] > since[1]:
                saved.add(shard_for(date))
        for name in sorted(saved):
            shard = self._shard(name)
            if shard.index_id is None:
                self._start(shard)

    def _load_manifest(self) -> dict[str, Any]:
        data = read_json(self.manifest_file)
        if not isinstance(data, dict) or data.get("pagefind") != self.version:
            return {}
        shards = data.get("shards")
        return shards if isinstance(shards, dict) else {}

    def _shard(self, name: str) -> _Shard:
        shard = self.shards.get(name)
        if shard is None:
            shard = self.shards[name] = _Shard(name, self.manifest.get(name))
        return shard

    def add(self, page: Path, shard_name: str) -> None:
        """A page Pelican has just written (ignored unless it has searchable content)."""
        data = page.read_bytes()
        digest = indexed_digest(data)
        if digest is not None:
            self._add(page, shard_name, page, digest, data)

    def add_written(self, page: Path, shard_name: str, data: bytes, digest: str) -> None:
        """A searchable page Pelican has just written, with its bytes and ``indexed_digest``
        as the render cache computed them."""
        self._add(page, shard_name, page, digest, data)

    def add_kept(self, page: Path, shard_name: str, source: Path, digest: str) -> None:
        """A searchable page left as it is in the last output (``source``); ``digest`` is
        its ``indexed_digest``."""
        self._add(page, shard_name, source, digest, None)

    def _add(
        self, page: Path, shard_name: str, source: Path, digest: str, data: bytes | None
    ) -> None:
        relative = page.relative_to(self.site).as_posix()
        shard = self._shard(shard_name)
        shard.pages[relative] = digest
        shard.sources[relative] = source
        if shard.writer is not None:  # a page after the shard was written: index it again
            self._restart(shard)
        elif shard.index_id is not None:
            self._send(shard, relative, data if data is not None else source.read_bytes())
        elif shard.cached_digests is None or shard.cached_digests.get(relative) != digest:
            self._start(shard)
        if (
            shard.index_id is not None
            and shard.name != PRIMARY
            and len(shard.pages) == self.expected.get(shard.name, -1)
        ):  # every page of this shard is in: Pagefind writes it while Pelican goes on
            self._write_soon(shard)

    def _restart(self, shard: _Shard) -> None:
        assert shard.writer is not None
        shard.writer.join()
        shard.writer = shard.failure = None
        shutil.rmtree(self._bundle(shard, self.site), ignore_errors=True)
        self._start(shard)

    def _start(self, shard: _Shard) -> None:
        """Index ``shard`` from scratch: its pages so far, then the rest as they come."""
        shard.cached = shard.cached_digests = None
        if self.service is None:
            self.service = PagefindService()
        request = self.requested.pop(shard.name, None)
        if request is None:
            request = self.service.send({"type": "NewIndex", "config": None})
        answer = self.service.wait(request)
        shard.index_id = answer["index_id"]
        shard.pending = []
        for relative in shard.pages:
            self._send(shard, relative, shard.sources[relative].read_bytes())

    def _send(self, shard: _Shard, relative: str, data: bytes) -> None:
        assert self.service is not None
        shard.pending.append(
            self.service.send(
                {
                    "type": "AddFile",
                    "index_id": shard.index_id,
                    "file_path": relative,
                    "url": None,
                    "file_contents": indexed_page(data).decode("utf-8"),
                }
            )
        )

    def _bundle(self, shard: _Shard, site: Path) -> Path:
        return site / self.folder / bundle_dir(shard.name)

    def _keepable(self, shard: _Shard) -> bool:
        """The shard indexed the same pages and its files are in the last output, unchanged."""
        if shard.cached is None or self.delta is None:
            return False
        if [list(item) for item in shard.pages.items()] != shard.cached["pages"]:
            return False
        bundle = self._bundle(shard, self.delta.previous)
        files = shard.cached["files"]
        return bool(files) and all(stamp(bundle / f) == [size, t] for f, size, t in files)

    def finish(self) -> list[str]:
        """Write every changed shard into the site and keep the others; returns the shards."""
        for name in (PRIMARY, *self.planned):
            self._shard(name)
        try:
            for shard in self.shards.values():
                if shard.index_id is None and not self._keepable(shard):
                    self._start(shard)
            # the main shard first: its folder holds the others
            for shard in sorted(self.shards.values(), key=lambda s: s.name != PRIMARY):
                if shard.index_id is not None and shard.writer is None:
                    self._write(shard)
            for shard in self.shards.values():
                if shard.writer is not None:
                    shard.writer.join()
                    if shard.failure is not None:
                        raise shard.failure
            if self.service is not None:
                self.service.close()  # Pagefind may still be writing: let it finish and exit
                self.service = None
        except BaseException:
            self.close()
            raise
        for shard in self.shards.values():
            if shard.index_id is not None:
                shard.files = self._written_files(shard)
            else:  # kept in the last output
                assert self.delta is not None and shard.cached is not None
                shard.files = shard.cached["files"]
                prefix = Path(self.folder) / bundle_dir(shard.name)
                self.delta.keep_all((prefix / f).as_posix() for f, _, _ in shard.files)
        if not any(f == PAGEFIND_JS for f, _, _ in self.shards[PRIMARY].files):
            raise SearchIndexError("Pagefind wrote no index (pagefind.js is missing)")
        self._save_manifest()
        return sorted(self.shards)

    def _write(self, shard: _Shard) -> None:
        """Once Pagefind has every page of ``shard``: write its bundle into the site."""
        assert self.service is not None
        for message_id in shard.pending:
            self.service.wait(message_id)
        # GetFiles, not WriteFiles: Pagefind answers WriteFiles before its files are on disk,
        # and a service whose input then ends can exit with some of them still empty.
        answer = self.service.wait(
            self.service.send({"type": "GetFiles", "index_id": shard.index_id})
        )
        bundle = self._bundle(shard, self.site)
        for item in answer["files"]:
            target = bundle / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(item["content"]))
        del answer
        # Written: Pagefind forgets this shard, so it holds one shard at a time, not the site.
        self.service.wait(self.service.send({"type": "DeleteIndex", "index_id": shard.index_id}))

    def _write_soon(self, shard: _Shard) -> None:
        """``_write`` in the background (the main shard's folder exists first)."""
        self.output.mkdir(parents=True, exist_ok=True)

        def write() -> None:
            try:
                self._write(shard)
            except BaseException as err:  # raised again by finish
                shard.failure = err

        shard.writer = threading.Thread(target=write, name=f"pagefind-{shard.name}", daemon=True)
        shard.writer.start()

    def _written_files(self, shard: _Shard) -> list[list[Any]]:
        """The bundle Pagefind wrote; a merged shard keeps only its index (the main one's
        scripts serve it)."""
        bundle = self._bundle(shard, self.site)
        if shard.name != PRIMARY:
            for item in bundle.iterdir():
                if item.name not in MERGED_PARTS and item.suffix != ".pf_meta":
                    if item.is_dir():
                        shutil.rmtree(item)
                    else:
                        item.unlink()
        files = [list(entry) for entry in _bundle_files(bundle)]
        if not any(f.endswith(".pf_meta") for f, _, _ in files):
            raise SearchIndexError(f"Pagefind wrote no index for the '{shard.name}' pages")
        return files

    def _save_manifest(self) -> None:
        data = {
            "pagefind": self.version,
            "shards": {
                name: {"pages": [list(item) for item in s.pages.items()], "files": s.files}
                for name, s in self.shards.items()
            },
        }
        write_json(self.manifest_file, data)

    def close(self) -> None:
        """Stop Pagefind without writing anything (the build failed)."""
        if self.service is not None:
            self.service.abort()
            self.service = None
