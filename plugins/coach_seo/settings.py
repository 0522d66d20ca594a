"""The SEO plugin's settings (``SEO_*``) and their defaults."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

DEFAULTS: dict[str, Any] = {
    # Social card used when a post has no "Image:" (a path in the site, with its size).
    "SEO_DEFAULT_IMAGE": "theme/images/social-card.png",
    "SEO_DEFAULT_IMAGE_WIDTH": 1200,
    "SEO_DEFAULT_IMAGE_HEIGHT": 630,
    "SEO_DEFAULT_IMAGE_ALT": "",
    # The publisher's logo in JSON-LD (a path in the site), or None.
    "SEO_LOGO": None,
    # Page about the author (a path in the site), linked from the author in JSON-LD, or None.
    "SEO_AUTHOR_URL": None,
    # "@handle" for twitter:site, or None.
    "SEO_TWITTER_SITE": None,
    # Written into the output folder; None turns them off.
    "SEO_SITEMAP": "sitemap.xml",
    "SEO_ROBOTS": "robots.txt",
    # Direct templates left out of the sitemap (never indexed).
    "SEO_SITEMAP_EXCLUDE": ("404", "search"),
}


def apply_defaults(settings: MutableMapping[str, Any]) -> None:
    """Fill in the settings the site did not set, so templates can use them too."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
