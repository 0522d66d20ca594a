"""Jinja filters and globals of the SEO plugin (registered in ``seo.register``).

Filters: ``jsonld`` (data -> safe JSON for a script tag), ``absolute`` (site path -> full
address), ``page_path`` (``output_file`` -> its address in the site).
Globals: ``social_image(content=None)``, ``jsonld_website()``, ``jsonld_blog_posting(article)``,
``jsonld_web_page(page)``, ``jsonld_collection(title, articles)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from coach_seo import structured_data as sd
from coach_seo.jsonld import jsonld
from coachsite.urls import SCHEME, absolute_siteurl, absolute_url, page_path


@pass_context
def absolute(ctx: Context, path: str) -> str:
    """A path in the site (``posts/x/``) as a full address on ``ABSOLUTE_SITEURL``."""
    return absolute_url(absolute_siteurl(ctx), str(path))


@pass_context
def social_image(ctx: Context, content: Any = None) -> dict[str, Any]:
    """The card image of ``content`` (its ``Image:`` setting, else the card drawn for it by
    plugins/coach_cards) or the site's default card."""
    base = absolute_siteurl(ctx)
    image = str(getattr(content, "image", "") or "").strip()
    if image:
        path = image if SCHEME.match(image) else image.removeprefix("{static}")
        alt = getattr(content, "image_alt", None) or sd.text(getattr(content, "title", ""))
        pictures = None if SCHEME.match(image) else ctx.get("PICTURES")  # plugins/coach_images
        shared = pictures.for_sharing(path) if pictures is not None else None
        if shared is not None:  # a 1,200-pixel variant of the coach's picture, not the original
            url = absolute_url(base, shared[0])
            return {"url": url, "width": shared[1], "height": shared[2], "alt": alt}
        return {"url": absolute_url(base, path), "width": None, "height": None, "alt": alt}
    card = getattr(content, "social_card", None)
    if card:
        url = absolute_url(base, card["path"])
        return {"url": url, "width": card["width"], "height": card["height"], "alt": card["alt"]}
    return {
        "url": absolute_url(base, ctx["SEO_DEFAULT_IMAGE"]),
        "width": ctx["SEO_DEFAULT_IMAGE_WIDTH"],
        "height": ctx["SEO_DEFAULT_IMAGE_HEIGHT"],
        "alt": ctx["SEO_DEFAULT_IMAGE_ALT"] or ctx["SITENAME"],
    }


@pass_context
def jsonld_website(ctx: Context) -> dict[str, Any]:
    return sd.website(sd.SiteInfo.from_settings(ctx))


@pass_context
def jsonld_blog_posting(ctx: Context, article: Any) -> dict[str, Any]:
    site = sd.SiteInfo.from_settings(ctx)
    url = absolute_url(site.url, article.url)
    return sd.blog_posting(article, site, url, social_image(ctx, article)["url"])


@pass_context
def jsonld_web_page(ctx: Context, page: Any) -> dict[str, Any]:
    site = sd.SiteInfo.from_settings(ctx)
    description = page.summary or site.description
    return sd.web_page(page.title, description, absolute_url(site.url, page.url), site)


@pass_context
def jsonld_collection(ctx: Context, title: str, articles: Iterable[Any]) -> dict[str, Any]:
    site = sd.SiteInfo.from_settings(ctx)
    url = absolute_url(site.url, page_path(ctx["output_file"]))
    items = [absolute_url(site.url, article.url) for article in articles]
    return sd.collection_page(title, url, site, items)


# What the incremental build tracks of the posts handed over (coach_incremental/tracking.py).
jsonld_collection.incremental_reads = ("url",)  # type: ignore[attr-defined]

FILTERS = {"jsonld": jsonld, "absolute": absolute, "page_path": page_path}
GLOBALS = {
    "social_image": social_image,
    "jsonld_website": jsonld_website,
    "jsonld_blog_posting": jsonld_blog_posting,
    "jsonld_web_page": jsonld_web_page,
    "jsonld_collection": jsonld_collection,
}
