"""A feed document (RSS 2.0 or Atom 1.0) made with feedgen from a channel and its items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from feedgen.feed import FeedGenerator

from coach_feeds.items import FeedItem

Kind = Literal["rss", "atom"]
KINDS: tuple[Kind, ...] = ("atom", "rss")
MEDIA_TYPES: dict[Kind, str] = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself; ``link`` is the HTML page it mirrors."""

    title: str
    description: str
    link: str
    language: str
    author: str
    logo: str | None = None


def last_update(items: Sequence[FeedItem], fallback: dt.datetime) -> dt.datetime:
    """The newest item's update (not the wall clock: rebuilding gives the same bytes)."""
    return max((item.updated for item in items), default=fallback)


def render_feed(
    channel: Channel, items: Sequence[FeedItem], kind: Kind, self_url: str, updated: dt.datetime
) -> bytes:
    """The feed as UTF-8 XML; ``items`` are newest first."""
    fg = FeedGenerator()
    if kind == "rss":
        fg.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> needs an e-mail
    fg.id(channel.link)
    fg.title(channel.title)
    fg.description(channel.description)
    fg.link(href=self_url, rel="self", type=MEDIA_TYPES[kind])
    fg.link(href=channel.link, rel="alternate", type="text/html")  # last: feedgen's RSS <link>
    fg.language(channel.language)
    fg.author(name=channel.author)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    if channel.logo:
        fg.logo(channel.logo)
        fg.image(url=channel.logo, title=channel.title, link=channel.link)
    for item in items:
        entry = fg.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        if kind == "atom":
            entry.id(item.atom_id)
            for name in item.authors:
                entry.author(name=name)
        else:
            entry.guid(item.url, permalink=True)
            for name in item.authors:
                entry.dc.dc_creator(name)
        entry.published(item.published)
        entry.updated(item.updated)
        for term in item.categories:
            entry.category(term=term)
        entry.summary(item.summary, type="html")
        entry.content(item.content, type="html")
    if kind == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)
