"""Reading aids on articles: reading time, newer/older neighbours and related posts.

Sets ``reading_minutes`` on every article (from its own Markdown text, before any call to
action is added), and ``newer_article``, ``older_article`` and ``related_articles`` on every
published article. The theme's partials ``post_nav.html`` and ``related.html`` render them.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from pelican import signals
from pelican.contents import Article

from navigation.reading_time import reading_minutes
from navigation.related import RelatedIndex


def time_the_reading(content: Any) -> None:
    """Reading time of a freshly read article."""
    if isinstance(content, Article):
        content.reading_minutes = reading_minutes(content._content or "")


def link_neighbours(generator: Any) -> None:
    """Newer/older and related posts, once the published articles are known."""
    limit = generator.settings.get("NAVIGATION_RELATED_COUNT", 3)
    newest_first = sorted(generator.articles, key=attrgetter("date"), reverse=True)
    related = RelatedIndex(newest_first)
    for index, article in enumerate(newest_first):
        article.newer_article = newest_first[index - 1] if index > 0 else None
        article.older_article = newest_first[index + 1] if index + 1 < len(newest_first) else None
        article.related_articles = related.related(article, limit)


def register() -> None:
    signals.content_object_init.connect(time_the_reading)
    signals.article_generator_finalized.connect(link_neighbours)
