"""Titles, descriptions, canonical and social tags; sitemap and robots.txt."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from conftest import Project
from PIL import Image

SITE = "https://www.midlifecareerstrategy.com/"
POST = "posts/pseudo-interviews/index.html"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(page: str, key: str) -> list[str]:
    """Values of <meta property|name=key content=...>."""
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)


def canonical(page: str) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]*)">', page)


INDEXED = {
    POST: SITE + "posts/pseudo-interviews/",
    "index.html": SITE,
    "about/index.html": SITE + "about/",
    "tag/interviews/index.html": SITE + "tag/interviews/",
    "archives/2026/index.html": SITE + "archives/2026/",
}


@pytest.mark.parametrize("path", sorted(INDEXED))
def test_indexed_pages_have_canonical_and_social_tags(april_site: Project, path: str) -> None:
    page = april_site.read(path)
    assert canonical(page) == [INDEXED[path]]
    assert meta(page, "og:url") == [INDEXED[path]]
    assert re.search(r"<title>[^<]+</title>", page)
    assert meta(page, "description")[0].strip()
    assert meta(page, "og:title")[0].strip() and meta(page, "og:description")[0].strip()
    assert meta(page, "og:image")[0].startswith(SITE)
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert re.match(r'<!doctype html>\s*<html lang="en">', page)


def test_article_tags(april_site: Project) -> None:
    page = april_site.read(POST)
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == ["Pseudo-Interviews: When the Interview Was Never Real"]
    assert meta(page, "description")[0].startswith("Getting interviews, even second interviews")
    assert meta(page, "article:published_time") == ["2026-04-06T09:00:00-04:00"]
    assert meta(page, "article:tag") == ["interviews", "job search", "hiring"]


def test_default_social_card_is_a_real_image_of_the_announced_size(april_site: Project) -> None:
    page = april_site.read("index.html")
    assert meta(page, "og:image") == [SITE + "theme/images/social-card.png"]
    width, height = int(meta(page, "og:image:width")[0]), int(meta(page, "og:image:height")[0])
    png = (april_site.output / "theme/images/social-card.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (width, height)
    assert meta(page, "og:image:alt")[0]


def test_a_posts_own_image_replaces_the_card(project: Project) -> None:
    project.write(
        "content/images/boston.png", (project.root / "theme/static/images/logo.png").read_bytes()
    )
    project.write(
        "content/articles/2026-04-08-boston.md",
        "Title: Boston\nDate: 2026-04-08\nCategory: Interviews\nImage: images/boston.png\n"
        "Image_alt: The hotel\n\nText.\n",
    )
    project.build()
    page = project.read("posts/boston/index.html")
    # the picture as published for sharing: its widest variant up to 1,200 px, with its size
    side = str(Image.open(project.root / "content/images/boston.png").width)
    assert meta(page, "og:image") == [SITE + f"images/sizes/boston-{side}.png"]
    assert (project.output / f"images/sizes/boston-{side}.png").is_file()
    assert meta(page, "og:image:alt") == ["The hotel"]
    assert meta(page, "og:image:width") == [side] and meta(page, "og:image:height") == [side]


def test_not_found_and_search_are_noindex_without_canonical(april_site: Project) -> None:
    for path in ("404.html", "search/index.html"):
        page = april_site.read(path)
        assert '<meta name="robots" content="noindex">' in page, path
        assert canonical(page) == [], path


def sitemap_entries(site: Project) -> dict[str, str | None]:
    root = ET.fromstring(site.read("sitemap.xml"))
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_posts_pages_and_listings(april_site: Project) -> None:
    entries = sitemap_entries(april_site)
    assert entries[SITE + "posts/pseudo-interviews/"] == "2026-04-06T09:00:00-04:00"
    for listing in ("", "archives/", "tags/", "categories/", "tag/interviews/",
                    "category/interviews/", "archives/2026/", "archives/2026/04/"):  # fmt: skip
        assert entries[SITE + listing] == "2026-04-06T09:00:00-04:00", listing
    for page in ("about/", "work-with-me/", "privacy/", "newsletter/"):
        assert SITE + page in entries, page


def test_sitemap_addresses_are_absolute_built_and_indexable(april_site: Project) -> None:
    entries = sitemap_entries(april_site)
    for loc in entries:
        assert loc.startswith(SITE), loc
        path = loc.removeprefix(SITE)
        built = april_site.output / path / "index.html" if path.endswith("/") or not path else None
        assert built is not None and built.is_file(), loc
        assert "noindex" not in built.read_text("utf-8"), loc
    assert not any("404" in loc or "/search/" in loc or "/drafts/" in loc for loc in entries)


def test_robots_points_to_the_sitemap(april_site: Project) -> None:
    robots = april_site.read("robots.txt")
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITE}sitemap.xml" in robots.splitlines()


def test_production_build_uses_its_own_siteurl_for_links_and_the_public_one_for_meta(
    project: Project,
) -> None:
    public = project.build("publishconf.py").output
    page = (public / POST).read_text("utf-8")
    assert canonical(page) == [SITE + "posts/pseudo-interviews/"]
    assert 'href="https://www.midlifecareerstrategy.com/feeds/all.atom.xml"' in page
    search = (public / "search/index.html").read_text("utf-8")
    assert 'src="https://www.midlifecareerstrategy.com/pagefind/pagefind-ui.js" defer' in search
    assert (public / "pagefind/pagefind.js").is_file()
