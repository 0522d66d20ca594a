"""sitemap.xml: articles, pages and listing pages, with their last modification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from coachsite.urls import absolute_url, page_path

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class SitemapEntry:
    """One address; ``lastmod`` is None when the source says nothing about it."""

    loc: str
    lastmod: dt.datetime | None = None


def updated(content: Any) -> dt.datetime | None:
    """Last change of an article or page: ``Modified:``, else ``Date:``, else unknown."""
    dates = [d for d in (getattr(content, "modified", None), getattr(content, "date", None)) if d]
    return max(dates) if dates else None


def newest(contents: Iterable[Any]) -> dt.datetime | None:
    return max((d for d in map(updated, contents) if d), default=None)


def sitemap_entries(
    settings: Mapping[str, Any], base: str, articles: Sequence[Any], pages: Sequence[Any],
    taxonomies: Iterable[tuple[str, Sequence[Any]]],
) -> list[SitemapEntry]:  # fmt: skip
    """Entries for the published content and the listings built from it, in site order.

    ``taxonomies`` are (url, articles) for each category, tag and period archive. Direct
    templates named in ``SEO_SITEMAP_EXCLUDE`` (the 404 page, search) are left out, as are
    drafts, hidden content and the pages 2, 3... of paginated listings.
    """
    latest = newest(articles)
    entries = []
    excluded = set(settings.get("SEO_SITEMAP_EXCLUDE", ()))
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if name not in excluded and save_as:
            entries.append(SitemapEntry(absolute_url(base, page_path(save_as)), latest))
    for url, listed in taxonomies:
        entries.append(SitemapEntry(absolute_url(base, url), newest(listed)))
    for content in (*articles, *pages):
        entries.append(SitemapEntry(absolute_url(base, content.url), updated(content)))
    unique: dict[str, SitemapEntry] = {}
    for entry in entries:
        unique.setdefault(entry.loc, entry)
    return list(unique.values())


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """The sitemap document (UTF-8, with XML declaration)."""
    ET.register_namespace("", NAMESPACE)
    urlset = ET.Element(f"{{{NAMESPACE}}}urlset")
    for entry in entries:
        url = ET.SubElement(urlset, f"{{{NAMESPACE}}}url")
        ET.SubElement(url, f"{{{NAMESPACE}}}loc").text = entry.loc
        if entry.lastmod is not None:
            ET.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = entry.lastmod.isoformat()
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
