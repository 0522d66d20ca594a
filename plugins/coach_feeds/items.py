"""Feed items: what a feed says about one article, built from the Pelican article."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from markupsafe import Markup

from coachsite.links import absolutize_html
from coachsite.urls import absolute_url


@dataclass(frozen=True)
class FeedItem:
    """One article as a feed entry; every address in it is absolute."""

    title: str
    url: str
    atom_id: str
    published: dt.datetime
    updated: dt.datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    summary: str  # HTML: the summary's text, escaped (RSS readers read <description> as HTML)
    content: str  # HTML


def tag_uri(base: str, published: dt.date, path: str) -> str:
    """A stable Atom id (RFC 4151): ``tag:HOST,YYYY-MM-DD:/PATH``."""
    return f"tag:{urlparse(base).hostname},{published:%Y-%m-%d}:/{path.lstrip('/')}"


def one_line(text: str) -> str:
    """A title as the coach typed it (plain text, never HTML), on one line."""
    return " ".join(str(text).split())


def plain_text(fragment: str) -> str:
    """HTML (or a title with entities) as plain text."""
    return Markup(fragment).striptags()


def item_from_article(article: Any, base: str) -> FeedItem:
    """Build the feed entry of ``article`` with links made absolute against ``base``.

    The content is the article as published, with whatever plugins added to it (the call
    to action); intrasite links are resolved with ``base`` as the site address.
    """
    url = absolute_url(base, article.url)
    updated = getattr(article, "modified", None) or article.date
    category = getattr(article, "category", None)
    tags = getattr(article, "tags", None) or []
    return FeedItem(
        title=one_line(article.title),
        url=url,
        atom_id=tag_uri(base, article.date, article.url),
        published=article.date,
        updated=max(updated, article.date),
        authors=tuple(a.name for a in getattr(article, "authors", None) or ()),
        categories=tuple(str(t) for t in ([category] if category else []) + list(tags)),
        summary=html.escape(plain_text(article.summary or ""), quote=False),
        content=absolutize_html(article.get_content(base), url),
    )
