"""The feed plugin's settings (``FEEDS_*``) and their defaults.

Each path is relative to the output folder; ``{slug}`` is the category's or tag's slug.
Set a path to None to turn that feed off. Item links are absolute, built on
``ABSOLUTE_SITEURL`` (see pelicanconf.py).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

DEFAULTS: dict[str, Any] = {
    "FEEDS_ALL_ATOM": "feeds/all.atom.xml",
    "FEEDS_ALL_RSS": "feeds/all.rss.xml",
    "FEEDS_CATEGORY_ATOM": "feeds/category/{slug}.atom.xml",
    "FEEDS_CATEGORY_RSS": "feeds/category/{slug}.rss.xml",
    "FEEDS_TAG_ATOM": "feeds/tag/{slug}.atom.xml",
    "FEEDS_TAG_RSS": "feeds/tag/{slug}.rss.xml",
    # newest items per feed
    "FEEDS_MAX_ITEMS": 20,
    # channel logo/image: a path in the site (e.g. "theme/images/logo.png") or None
    "FEEDS_LOGO": None,
}


def apply_defaults(settings: MutableMapping[str, Any]) -> None:
    """Fill in the settings the site did not set, so templates can use them too."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
