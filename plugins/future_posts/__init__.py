"""Posts dated after the build date (``SITE_DATE``) are held back like drafts.

Pelican's own ``WITH_FUTURE_DATES`` compares with the wall clock; this compares with
``settings["SITE_DATE"]`` so a build for a given date is reproducible. A held-back post is
published nowhere (no listing, feed, sitemap or search index); the development build shows it
under ``drafts/`` like any draft, and the production build writes no drafts at all.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from future_posts.future import is_future


def hold_back_future_posts(generator: Any) -> None:
    """Move published articles dated after SITE_DATE to the drafts (before taxonomies)."""
    settings = generator.settings
    day, timezone = settings["SITE_DATE"], settings["TIMEZONE"]
    for published, drafts in (("articles", "drafts"), ("translations", "drafts_translations")):
        keep = []
        for article in getattr(generator, published):
            if is_future(article.date, day, timezone):
                article.status = "draft"
                getattr(generator, drafts).append(article)
            else:
                keep.append(article)
        setattr(generator, published, keep)


def register() -> None:
    signals.article_generator_pretaxonomy.connect(hold_back_future_posts)
