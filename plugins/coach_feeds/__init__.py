"""RSS 2.0 and Atom feeds written with feedgen, in place of Pelican's own feeds.

Feeds of all posts, per category and per tag (``FEEDS_*`` settings, see
:mod:`feeds.settings`), written after the article pages, so each item carries the article
as published, call to action included, with every address absolute.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from coach_feeds.settings import apply_defaults
from coach_feeds.writer import write_feeds


def _defaults(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def register() -> None:
    signals.initialized.connect(_defaults)
    signals.article_writer_finalized.connect(write_feeds)
