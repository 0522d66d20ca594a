"""Posts dated after the build date (``SITE_DATE``) are held back like drafts.

Pelican's own ``WITH_FUTURE_DATES`` compares with the wall clock; this compares with
``settings["SITE_DATE"]`` so a build for a given date is reproducible. A held-back post is
published nowhere (no listing, feed, sitemap or search index); the development build shows it
under ``drafts/`` like any draft, and the production build writes no drafts at all.

For templates and the build report: a held-back post keeps ``status == "draft"`` (so every
"not public" check still holds) and gets ``scheduled = True``; a post whose ``Status: draft``
the coach wrote has no such attribute. The development build also writes ``/drafts/``
(``DRAFTS_INDEX_SAVE_AS``, see drafts_page.py), the list of drafts and scheduled posts.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from coach_future_posts.drafts_page import DraftsIndexGenerator, apply_defaults
from coach_future_posts.future import is_future

NAME = __name__


def _enabled(settings: Any) -> bool:
    """Signals are process-wide: act only for builds that list this plugin."""
    return NAME in (settings.get("PLUGINS") or [])


def hold_back_future_posts(generator: Any) -> None:
    """Move published articles dated after SITE_DATE to the drafts (before taxonomies)."""
    settings = generator.settings
    day, timezone = settings["SITE_DATE"], settings["TIMEZONE"]
    for published, drafts in (("articles", "drafts"), ("translations", "drafts_translations")):
        keep = []
        for article in getattr(generator, published):
            if is_future(article.date, day, timezone):
                article.status = "draft"
                article.scheduled = True
                getattr(generator, drafts).append(article)
            else:
                keep.append(article)
        setattr(generator, published, keep)


def on_initialized(pelican: Any) -> None:
    if _enabled(pelican.settings):
        apply_defaults(pelican.settings)


def on_get_generators(pelican: Any) -> type | None:
    return DraftsIndexGenerator if _enabled(pelican.settings) else None


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_pretaxonomy.connect(hold_back_future_posts)
    signals.get_generators.connect(on_get_generators)
