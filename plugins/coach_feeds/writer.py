"""Write the site's feeds (all posts, per category, per tag) into the output folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coach_feeds.channel import KINDS, Channel, Kind, last_update, render_feed
from coach_feeds.items import FeedItem, item_from_article
from coach_incremental.files import file_memo
from coachsite.urls import absolute_siteurl, absolute_url


def feed_paths(
    settings: Mapping[str, Any], scope: str, slug: str = ""
) -> Iterator[tuple[Kind, str]]:
    """The (kind, output path) of each feed turned on for ``scope`` (ALL, CATEGORY, TAG)."""
    for kind in KINDS:
        pattern = settings.get(f"FEEDS_{scope}_{kind.upper()}")
        if pattern:
            yield kind, pattern.format(slug=slug)


def site_channel(settings: Mapping[str, Any], base: str) -> Channel:
    logo = settings.get("FEEDS_LOGO")
    return Channel(
        title=settings["SITENAME"],
        description=settings.get("SITEDESCRIPTION") or settings.get("SITESUBTITLE") or "",
        link=base + "/",
        language=settings["DEFAULT_LANG"],
        author=settings["AUTHOR"],
        logo=absolute_url(base, logo) if logo else None,
    )


def write_feeds(generator: Any, writer: Any = None) -> list[Path]:
    """Write every configured feed of ``generator``'s published articles; return their paths."""
    settings = generator.settings
    base = absolute_siteurl(settings)
    limit = int(settings["FEEDS_MAX_ITEMS"])
    built: dict[int, FeedItem] = {}  # each article's item is built once, shared by its feeds

    def items_of(chosen: Sequence[Any]) -> list[FeedItem]:
        for article in chosen:
            if id(article) not in built:
                built[id(article)] = item_from_article(article, base)
        return [built[id(article)] for article in chosen]

    site = site_channel(settings, base)
    feeds = [(site, generator.articles, "ALL", "")]
    for category, articles in generator.categories:
        channel = dataclasses.replace(
            site,
            title=f"{site.title}: {category}",
            description=f"Articles in {category} from {site.title}.",
            link=absolute_url(base, category.url),
        )
        feeds.append((channel, articles, "CATEGORY", category.slug))
    for tag, articles in sorted(dict(generator.tags).items()):
        channel = dataclasses.replace(
            site,
            title=f"{site.title}: articles on {tag}",
            description=f"Articles on {tag} from {site.title}.",
            link=absolute_url(base, tag.url),
        )
        feeds.append((channel, articles, "TAG", tag.slug))

    # An empty feed is dated by the build date, never by the clock.
    start_of_day = dt.datetime.combine(
        settings["SITE_DATE"], dt.time.min, tzinfo=ZoneInfo(settings["TIMEZONE"])
    )
    output = Path(settings["OUTPUT_PATH"])
    memo = file_memo(
        writer, settings, "feeds"
    )  # feeds whose articles did not change stay as they are
    written = []
    for channel, articles, scope, slug in feeds:
        paths = list(feed_paths(settings, scope, slug))
        if not paths:
            continue
        chosen = sorted(articles, key=attrgetter("date"), reverse=True)[:limit]
        sources = [article.source_path for article in chosen]
        # the build date is not in the memo's digest: only an empty feed is dated by it
        dated = "" if chosen else start_of_day.isoformat()
        for kind, relative in paths:
            key = memo.key(repr(channel), kind, relative, dated, contents=sources) if memo else None
            if memo is not None and memo.keep(relative, key):
                continue
            items = items_of(chosen)
            updated = last_update(items, start_of_day)
            path = output / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(
                render_feed(channel, items, kind, absolute_url(base, relative), updated)
            )
            written.append(path)
            if memo is not None:
                memo.wrote(relative, key, path)
    if memo is not None:
        memo.save()
    return written
