"""schema.org data (JSON-LD) for each kind of page, as plain dicts.

Serialise with :func:`seo.jsonld.jsonld`; never build JSON-LD by joining strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from coachsite.urls import absolute_siteurl, absolute_url

CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class SiteInfo:
    """What every JSON-LD block says about the site; all addresses absolute."""

    name: str
    url: str
    description: str
    language: str
    author: str
    author_url: str | None = None
    logo: str | None = None
    search_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> SiteInfo:
        base = absolute_siteurl(settings)

        def optional(path: str | None) -> str | None:
            return absolute_url(base, path) if path else None

        search = None
        if "search" in settings.get("DIRECT_TEMPLATES", ()) and settings.get("SEARCH_SAVE_AS"):
            search = absolute_url(base, settings.get("SEARCH_URL") or "search/")
        return cls(
            name=settings["SITENAME"],
            url=base + "/",
            description=settings.get("SITEDESCRIPTION") or settings.get("SITESUBTITLE") or "",
            language=settings.get("DEFAULT_LANG", "en"),
            author=settings.get("AUTHOR") or settings["SITENAME"],
            author_url=optional(settings.get("SEO_AUTHOR_URL")),
            logo=optional(settings.get("SEO_LOGO")),
            search_url=search,
        )


def text(value: Any) -> str:
    """Markup or a title with entities, as plain text."""
    return Markup(str(value or "")).striptags()


def publisher(site: SiteInfo) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": site.name, "url": site.url}
    if site.logo:
        data["logo"] = {"@type": "ImageObject", "url": site.logo}
    return data


def person(name: str, url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    return data


def website(site: SiteInfo) -> dict[str, Any]:
    """The home page: the site itself, and how to search it."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": site.name,
        "url": site.url,
        "description": site.description,
        "inLanguage": site.language,
        "publisher": publisher(site),
    }
    if site.search_url:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": site.search_url + "?q={query}"},
            "query-input": "required name=query",
        }
    return data


def blog_posting(article: Any, site: SiteInfo, url: str, image: str) -> dict[str, Any]:
    """An article: headline, dates, author, publisher, image, topics."""
    modified = getattr(article, "modified", None) or article.date
    authors = [a.name for a in getattr(article, "authors", None) or ()] or [site.author]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": " ".join(str(article.title).split()),  # plain text as typed
        "description": text(article.summary),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.date.isoformat(),
        "dateModified": max(modified, article.date).isoformat(),
        "author": [person(name, site.author_url) for name in authors],
        "publisher": publisher(site),
        "image": [image],
        "inLanguage": getattr(article, "lang", None) or site.language,
    }
    if getattr(article, "category", None):
        data["articleSection"] = str(article.category)
    if getattr(article, "tags", None):
        data["keywords"] = [str(tag) for tag in article.tags]
    if getattr(article, "reading_minutes", None):
        data["timeRequired"] = f"PT{article.reading_minutes}M"
    return data


def web_page(title: str, description: str, url: str, site: SiteInfo) -> dict[str, Any]:
    """A standalone page (about, consultation, privacy)."""
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": text(title),
        "description": text(description),
        "url": url,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
    }


def collection_page(title: str, url: str, site: SiteInfo, items: Iterable[str]) -> dict[str, Any]:
    """A listing (archives, a tag, a category): the addresses of what it lists, in order."""
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": text(title),
        "url": url,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "url": item}
                for position, item in enumerate(items, start=1)
            ],
        },
    }
