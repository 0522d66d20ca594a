"""Each content object's address (``url``) worked out once while pages are written.

Pelican computes ``Content.url`` from the settings and the metadata on every access, and a
build reads it tens of times per post (listings, neighbours, related posts, feeds). Between
the writer's creation (all content final) and the end of the build, the first answer for
each object is kept. Outside that window ``url`` is Pelican's own.
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Content

_PELICAN_URL = Content.url
_known: dict[int, tuple[Any, str]] | None = None


def _url(self: Content) -> str:
    if _known is None:
        return _PELICAN_URL.fget(self)
    found = _known.get(id(self))
    if found is None or found[0] is not self:
        found = _known[id(self)] = (self, _PELICAN_URL.fget(self))
    return found[1]


Content.url = property(_url, doc=_PELICAN_URL.__doc__)  # type: ignore[method-assign,assignment]


def start() -> None:
    global _known
    _known = {}


def stop() -> None:
    global _known
    _known = None
