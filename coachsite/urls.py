"""The site's absolute address, for what must not be relative (feeds, canonical links, sitemap)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from coachsite.errors import CoachError

ABSOLUTE = re.compile(r"^https?://[^/\s]+", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def absolute_siteurl(settings: Mapping[str, Any]) -> str:
    """The published site's address, without trailing slash, even in a development build.

    ``SITE_PUBLIC_URL`` (else an absolute ``SITEURL``): feeds, canonical and Open Graph
    links, JSON-LD and the sitemap are read away from the site, so they are never relative.
    """
    base = str(settings.get("SITE_PUBLIC_URL") or settings.get("SITEURL") or "").rstrip("/")
    if not ABSOLUTE.match(base):
        raise CoachError(
            f"SITE_PUBLIC_URL={base!r} is not an absolute address; set it to the site's "
            "address, e.g. SITE_PUBLIC_URL = 'https://www.example.com'",
            "pelicanconf.py",
        )
    return base


def page_path(save_as: str) -> str:
    """The address of a saved file: ``tag/x/index.html`` -> ``tag/x/``, ``index.html`` -> ``""``."""
    if save_as == "index.html" or save_as.endswith("/index.html"):
        return save_as[: -len("index.html")]
    return save_as


def absolute_url(base: str, path: str) -> str:
    """Join a site-relative ``path`` (``posts/x/``, ``/images/a.png``) to ``base``.

    Paths that already carry a scheme (``https:``, ``mailto:``) are returned unchanged.
    """
    if SCHEME.match(path):
        return path
    return f"{base.rstrip('/')}/{path.lstrip('/')}"
