"""Each content object's address (``url``) worked out once while pages are written.

Pelican computes ``Content.url`` from the settings and the metadata on every access, and a
build reads it tens of times per post (listings, neighbours, related posts, feeds). Between
``start`` (the writer's creation: all content final) and ``stop`` (the end of the build),
``Content.url`` is replaced, through coachsite/pelican_adapter.py, by one that keeps the first
answer for each object. Outside that window ``url`` is Pelican's own property.
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Content

from coachsite import pelican_adapter as adapter

_known: dict[int, tuple[Any, str]] | None = None


def _url(self: Content) -> str:
    if _known is None:
        return adapter.pelican_url(self)
    found = _known.get(id(self))
    if found is None or found[0] is not self:
        found = _known[id(self)] = (self, adapter.pelican_url(self))
    return found[1]


def start() -> None:
    """Remember addresses from now on (content is final)."""
    global _known
    _known = {}
    adapter.replace_content_url(_url)


def stop() -> None:
    """Forget them and give ``Content.url`` back to Pelican."""
    global _known
    adapter.restore_content_url()
    _known = None
