"""What of a page the search index reads, as a digest.

Pagefind indexes the elements marked ``data-pagefind-body`` without the elements inside them
marked ``data-pagefind-ignore``, in the page's language. A page whose related posts, reading
time or navigation changed has the same indexed part: its search shard need not be indexed
again. When the markup is not as expected, the digest covers the whole page (never less than
what Pagefind reads).
"""

from __future__ import annotations

import hashlib
import re

BODY = b"data-pagefind-body"
IGNORE = b"data-pagefind-ignore"
_TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
_LANG = re.compile(rb"<html\b[^>]*\blang=\"([^\"]*)\"", re.IGNORECASE)
_TAGS: dict[bytes, re.Pattern[bytes]] = {}


def _tag_at(html: bytes, marker: int) -> tuple[int, bytes] | None:
    """Start and name of the tag whose attributes hold the marker at ``marker``."""
    start = html.rfind(b"<", 0, marker)
    if start < 0 or b">" in html[start:marker]:
        return None  # the marker is text, not an attribute
    name = _TAG_NAME.match(html, start)
    return (start, name.group(1).lower()) if name else None


def _element_end(html: bytes, start: int, tag: bytes) -> int | None:
    """Where the element whose start tag is at ``start`` ends (after its closing tag)."""
    pattern = _TAGS.get(tag)
    if pattern is None:
        pattern = _TAGS[tag] = re.compile(rb"<(/?)" + re.escape(tag) + rb"\b[^>]*>", re.I)
    depth = 0
    for match in pattern.finditer(html, start):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(0).endswith(b"/>"):
            depth += 1
    return None


def _elements(html: bytes, marker: bytes, start: int = 0, end: int | None = None):
    """(start, end) of each element marked ``marker`` in html[start:end], outermost only."""
    limit = len(html) if end is None else end
    position = start
    while (found := html.find(marker, position, limit)) >= 0:
        tag = _tag_at(html, found)
        if tag is None:
            position = found + len(marker)
            continue
        element_end = _element_end(html, tag[0], tag[1])
        if element_end is None or element_end > limit:
            raise ValueError("unbalanced markup")
        yield tag[0], element_end
        position = element_end


def indexed_page(html: bytes) -> bytes:
    """A page of only what Pagefind indexes (its language and its marked parts), which
    Pagefind indexes exactly as the whole page, with less to parse; the page itself when its
    markup is not as expected."""
    lang = _LANG.search(html)
    try:
        parts = b"".join(html[start:end] for start, end in _elements(html, BODY))
    except ValueError:
        return html
    head = b'<!doctype html><html lang="' + (lang.group(1) if lang else b"") + b'"><body>'
    return head + parts + b"</body></html>"


def indexed_digest(html: bytes) -> str | None:
    """Digest of what Pagefind indexes in ``html``; None if the page is not searchable."""
    if BODY not in html:
        return None
    digest = hashlib.blake2b(digest_size=16)
    lang = _LANG.search(html)
    digest.update(lang.group(1) if lang else b"")
    try:
        for start, end in _elements(html, BODY):
            kept = start
            for ignored_start, ignored_end in _elements(html, IGNORE, start, end):
                digest.update(html[kept:ignored_start])
                kept = ignored_end
            digest.update(html[kept:end] + b"\0")
    except ValueError:
        return "page:" + hashlib.blake2b(html, digest_size=16).hexdigest()
    return digest.hexdigest()
