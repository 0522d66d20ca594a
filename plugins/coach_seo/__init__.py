"""Search-engine and social metadata: JSON-LD, canonical/Open Graph helpers, sitemap, robots.

The markup lives in the theme (``partials/head_meta.html``, ``partials/jsonld.html``); this
plugin gives it data through Jinja filters and globals (:mod:`seo.template_helpers`) and writes
``sitemap.xml`` and ``robots.txt``. Settings: ``SEO_*`` (:mod:`seo.settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from coach_seo.robots import robots_txt
from coach_seo.settings import apply_defaults
from coach_seo.sitemap import sitemap_entries, sitemap_xml
from coach_seo.template_helpers import FILTERS, GLOBALS
from coachsite.urls import absolute_siteurl, absolute_url


def configure(pelican: Any) -> None:
    """Defaults and template helpers, before the generators build their Jinja environments."""
    settings = pelican.settings
    apply_defaults(settings)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), **GLOBALS}


def listings(generator: ArticlesGenerator) -> list[tuple[str, list[Any]]]:
    """(url, articles) of each category, tag and period archive page."""
    found = [(category.url, listed) for category, listed in generator.categories]
    found += [(tag.url, listed) for tag, listed in sorted(dict(generator.tags).items())]
    for granularity in ("year", "month", "day"):
        archives = generator.period_archives.get(granularity, ())
        found += [(archive["url"], archive["articles"]) for archive in archives]
    return found


def write_sitemap(generators: list[Any]) -> None:
    """sitemap.xml and robots.txt, from what is published (once everything is read)."""
    if not generators:
        return
    settings = generators[0].settings
    base = absolute_siteurl(settings)
    articles, pages, taxonomies = [], [], []
    # Other plugins' own pages: (url, articles they list), e.g. /specials/ and newsletter editions.
    taxonomies += list(generators[0].context.get("SITEMAP_EXTRA", ()))
    for generator in generators:
        translations = [c for c in getattr(generator, "translations", None) or () if c.save_as]
        if isinstance(generator, ArticlesGenerator):
            articles += [*generator.articles, *translations]
            taxonomies += listings(generator)
        elif isinstance(generator, PagesGenerator):
            pages += [*(p for p in generator.pages if p.save_as), *translations]
    output = Path(settings["OUTPUT_PATH"])
    sitemap = settings.get("SEO_SITEMAP")
    if sitemap:
        entries = sitemap_entries(settings, base, articles, pages, taxonomies)
        (output / sitemap).parent.mkdir(parents=True, exist_ok=True)
        (output / sitemap).write_bytes(sitemap_xml(entries))
    robots = settings.get("SEO_ROBOTS")
    if robots:
        sitemap_url = absolute_url(base, sitemap) if sitemap else None
        (output / robots).write_text(robots_txt(sitemap_url), encoding="utf-8")


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(write_sitemap)
