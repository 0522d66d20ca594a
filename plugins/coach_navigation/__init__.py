"""Reading aids on articles: reading time, newer/older neighbours and related posts.

Sets ``reading_minutes`` on every article (from its own Markdown text, before any call to
action is added), and ``newer_article``, ``older_article`` and ``related_articles`` on every
published article. The theme's partials ``post_nav.html`` and ``related.html`` render them.

Both are kept in the build cache between builds: reading times by the text they were counted
from, related posts with the dates, tags and categories of every post they were ranked from
(an edit to a post's text changes neither).
"""

from __future__ import annotations

import hashlib
import pickle
from operator import attrgetter
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article

from coach_navigation.reading_time import reading_minutes
from coach_navigation.related import RelatedIndex
from coachsite import pelican_adapter as adapter
from coachsite.cachefile import write_atomic
from coachsite.parallel_read import READ_POOL_EXTRAS
from coachsite.read_pool import BODY_READ

READING_MINUTES = "reading_minutes"  # its part of the reading pool's extras


class _Memo:
    """This build's and the last build's reading times and related posts (build cache)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.file: Path | None = None
        self.minutes: dict[str, int] = {}  # digest of a text -> its reading time (last build)
        self.seen: dict[str, int] = {}  # ... in this build
        self.related: tuple[str, dict[str, list[str]]] = ("", {})  # (ranking key, paths)

    def load(self, pelican: Any) -> None:
        settings = pelican.settings
        self.reset()
        if not settings.get("CACHE_PATH"):
            return
        self.file = Path(settings["CACHE_PATH"]) / "navigation.pickle"
        if settings.get("LOAD_CONTENT_CACHE", True):
            try:
                with self.file.open("rb") as handle:
                    self.minutes, self.related = pickle.load(handle)
            except Exception:  # missing or damaged: count and rank again
                self.minutes, self.related = {}, ("", {})
        # counted by the reading pool's workers, as they read (coachsite/read_pool.py)
        pooled = (settings.get(READ_POOL_EXTRAS) or {}).get(READING_MINUTES, {})
        self.minutes = {**self.minutes, **pooled}

    def save(self, pelican: Any) -> None:
        if self.file is None:
            return
        data = pickle.dumps((self.seen, self.related), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.file, data)


MEMO = _Memo()


def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def count_in_worker(path: str, html: str) -> tuple[str, str, int]:
    """A reading pool worker read a body: its reading time, for ``MEMO.load`` to find."""
    return (READING_MINUTES, _text_key(html), reading_minutes(html))


def time_the_reading(content: Any) -> None:
    """Reading time of a freshly read article."""
    if isinstance(content, Article):
        text = adapter.raw_body(content) or ""
        key = _text_key(text)
        minutes = MEMO.minutes.get(key)
        if minutes is None:
            minutes = reading_minutes(text)
        MEMO.seen[key] = content.reading_minutes = minutes


def _ranking_key(newest_first: list[Any], limit: int) -> str:
    """What related posts are ranked from: every post's place, tags and category."""
    digest = hashlib.blake2b(str(limit).encode(), digest_size=16)
    for post in newest_first:
        tags = ",".join(str(tag) for tag in getattr(post, "tags", None) or ())
        digest.update(f"{post.source_path}|{tags}|{getattr(post, 'category', '')}\n".encode())
    return digest.hexdigest()


def link_neighbours(generator: Any) -> None:
    """Newer/older and related posts, once the published articles are known."""
    limit = generator.settings.get("NAVIGATION_RELATED_COUNT", 3)
    newest_first = sorted(generator.articles, key=attrgetter("date"), reverse=True)
    key = _ranking_key(newest_first, limit)
    by_path = {post.source_path: post for post in newest_first}
    known = MEMO.related[1] if MEMO.related[0] == key else None
    related = None if known is not None else RelatedIndex(newest_first)
    ranked: dict[str, list[str]] = {}
    for index, article in enumerate(newest_first):
        article.newer_article = newest_first[index - 1] if index > 0 else None
        article.older_article = newest_first[index + 1] if index + 1 < len(newest_first) else None
        if known is not None:
            article.related_articles = [by_path[p] for p in known.get(article.source_path, ())]
        else:
            assert related is not None
            article.related_articles = related.related(article, limit)
        ranked[article.source_path] = [p.source_path for p in article.related_articles]
    MEMO.related = (key, ranked)


def register() -> None:
    signals.initialized.connect(MEMO.load)
    signals.content_object_init.connect(time_the_reading)
    BODY_READ.connect(count_in_worker)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.finalized.connect(MEMO.save)
