"""Full-text search with Pagefind: pages are indexed as Pelican writes them (search/live.py).

Pages mark what is indexed with ``data-pagefind-body`` (articles and pages) and what is not
with ``data-pagefind-ignore`` (calls to action, forms, navigation). The index goes to
``SEARCH_PAGEFIND_DIR`` in the output folder (the staging folder during a build), in shards
rebuilt only when one of their pages changed (search/shards.py); the theme's ``search.html``
loads the Pagefind UI from there and merges the shards listed in ``SEARCH_SHARDS``.
``SEARCH_PAGEFIND = False`` turns it off.
"""

from __future__ import annotations

import atexit
import datetime as dt
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican import signals

from coach_search.shards import PRIMARY, SPLIT_FROM, Layout, ShardedIndex, bundle_dir
from coachsite import delta as output_delta
from coachsite.delta import KEPT_FROM, WRITTEN_AS

DEFAULTS = {
    "SEARCH_PAGEFIND": True,
    "SEARCH_PAGEFIND_DIR": "pagefind",
    "SEARCH_SHARDS_FROM": SPLIT_FROM,  # searchable pages from which the index is split by date
}


def configure(pelican: Any) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


# One live index per output folder being built (a build in progress), never more.
LIVE: dict[str, ShardedIndex] = {}


def close_all() -> None:
    """Stop indexes left by builds that failed before they finished."""
    while LIVE:
        LIVE.popitem()[1].close()


def _site_year(settings: dict[str, Any]) -> int:
    day = settings.get("SITE_DATE")
    return day.year if isinstance(day, dt.date) else dt.date.today().year


def start_index(generators: list[Any]) -> None:
    """Before Pelican writes anything: plan the shards, so pages are indexed as written."""
    close_all()
    settings = generators[0].settings if generators else {}
    if not (settings and settings.get("SEARCH_PAGEFIND", True)):
        return
    output = Path(settings["OUTPUT_PATH"])
    folder = settings.get("SEARCH_PAGEFIND_DIR", "pagefind")
    manifest = Path(settings["CACHE_PATH"]) / "search-shards.json"
    searchable = list(_searchable(generators, ARTICLE_LISTS))
    layout = Layout(
        _site_year(settings),
        len(searchable) + sum(1 for _ in _searchable(generators, ("pages",))),
        settings.get("SEARCH_SHARDS_FROM", SPLIT_FROM),
    )
    index = LIVE[str(output)] = ShardedIndex(
        output, folder, manifest, version("pagefind"), output_delta.of(settings), layout
    )
    dates = [
        a.date
        for g in generators
        for a in getattr(g, "articles", ())
        if getattr(a, "status", "published") == "published"
    ]
    shards = layout.planned(dates)
    counts: dict[str, int] = {}
    for article in searchable:
        shard = layout.of(article.date)
        counts[shard] = counts.get(shard, 0) + 1
    index.expect(counts, shards)
    index.start_early(((a.source_path, a.date) for a in searchable), layout.of)
    siteurl = settings.get("SITEURL", "")
    generators[0].context["SEARCH_SHARDS"] = [
        f"{siteurl}/{folder}/{bundle_dir(name)}/" for name in shards
    ]


ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles")


def _searchable(generators: list[Any], lists: tuple[str, ...]) -> Iterator[Any]:
    """The content of the generators' ``lists`` Pelican will write as a searchable page
    (drafts are not)."""
    for generator in generators:
        for name in lists:
            for content in getattr(generator, name, None) or ():
                if getattr(content, "status", "") != "draft" and content.save_as:
                    yield content


def index_page(path: str, context: Any = None) -> None:
    if not path.endswith(".html"):
        return
    page = Path(path)
    for output, index in LIVE.items():
        if page.is_relative_to(output):
            article = (context or {}).get("article")
            date = getattr(article, "date", None) if article is not None else None
            kept = (context or {}).get(KEPT_FROM)  # a page left in the last output
            written = (context or {}).get(WRITTEN_AS)  # its bytes and digest, as rendered
            shard = index.layout.of(date) if date and index.layout else PRIMARY
            if written is not None:
                if written[1] is not None:  # searchable
                    index.add_written(page, shard, *written)
            elif kept is None:
                index.add(page, shard)
            elif kept[1] is not None:  # searchable: its digest is known, no need to read it
                index.add_kept(page, shard, Path(kept[0]), kept[1])


def finish_index(pelican: Any) -> None:
    """After everything is written: put every shard's Pagefind bundle into the output folder."""
    output = str(Path(pelican.settings["OUTPUT_PATH"]))
    index = LIVE.pop(output, None)
    if index is not None:
        index.finish()


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(start_index)
    signals.content_written.connect(index_page)
    signals.finalized.connect(finish_index)
    atexit.register(close_all)
