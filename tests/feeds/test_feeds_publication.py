"""Only published, current posts reach feeds and listings; the FEEDS_* settings are obeyed."""

from __future__ import annotations

import re

import feedparser
import pytest
from conftest import Project

POSTS = {
    "content/articles/2026-04-08-current.md": (
        "Title: A current post\nDate: 2026-04-08 10:00\nCategory: Interviews\n"
        "Tags: interviews\nSummary: Current.\n\nPublished text.\n"
    ),
    "content/articles/2026-04-09-draft.md": (
        "Title: A draft post\nDate: 2026-04-09\nCategory: Interviews\nTags: interviews\n"
        "Status: draft\nSummary: Draft.\n\nDraft text.\n"
    ),
    "content/articles/2026-04-11-future.md": (
        "Title: A future post\nDate: 2026-04-11 08:00\nCategory: Interviews\n"
        "Tags: interviews\nSummary: Future.\n\nFuture text.\n"
    ),
}
LISTINGS = ("index.html", "archives/index.html", "archives/2026/04/index.html", "sitemap.xml",
            "tag/interviews/index.html", "category/interviews/index.html")  # fmt: skip


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from conftest import copy_project

    site = copy_project(tmp_path_factory.mktemp("dated") / "site")
    for path, text in POSTS.items():
        site.write(path, text)
    site.build(site_date="2026-04-10")
    return site


def feed_titles(site: Project, relative: str) -> set[str]:
    return {entry.title for entry in feedparser.parse(site.read(relative)).entries}


def test_feeds_hold_published_posts_only(dated_site: Project) -> None:
    for feed in ("feeds/all.rss.xml", "feeds/all.atom.xml", "feeds/tag/interviews.rss.xml",
                 "feeds/category/interviews.atom.xml"):  # fmt: skip
        titles = feed_titles(dated_site, feed)
        assert "A current post" in titles, feed
        assert "A draft post" not in titles, feed
        assert "A future post" not in titles, feed


def test_future_post_is_published_nowhere(dated_site: Project) -> None:
    for listing in LISTINGS:
        text = dated_site.read(listing)
        assert "current" in text, listing
        assert "future" not in text and "A draft post" not in text, listing
    assert not (dated_site.output / "posts/future/index.html").exists()
    # The development build previews it like any draft, marked noindex.
    preview = dated_site.read("drafts/a-future-post/index.html")
    assert '<meta name="robots" content="noindex">' in preview
    assert "data-pagefind-body" not in preview


def test_future_post_appears_on_its_date(project: Project) -> None:
    project.write(
        "content/articles/2026-04-11-future.md", POSTS["content/articles/2026-04-11-future.md"]
    )
    project.build(site_date="2026-04-11")
    assert "A future post" in feed_titles(project, "feeds/all.rss.xml")
    assert (project.output / "posts/a-future-post/index.html").is_file()


def test_production_build_writes_no_drafts(project: Project) -> None:
    for path, text in POSTS.items():
        project.write(path, text)
    public = project.build("publishconf.py", site_date="2026-04-10").output
    assert public.name == "public"  # the production build's own folder
    assert (public / "index.html").is_file() and not (public / "drafts").exists()
    assert "A future post" not in (public / "feeds/all.atom.xml").read_text("utf-8")


def test_feed_settings_turn_feeds_off_and_limit_items(project: Project) -> None:
    for path, text in POSTS.items():
        project.write(path, text)
    project.write(
        "testconf.py",
        "import sys\nfrom pathlib import Path\n"
        "sys.path.insert(0, str(Path(__file__).resolve().parent))\n"
        "from pelicanconf import *  # noqa\n"
        "FEEDS_TAG_RSS = None\nFEEDS_TAG_ATOM = None\nFEEDS_MAX_ITEMS = 1\n"
        "FEEDS_ALL_RSS = 'rss.xml'\n",
    )
    project.build("testconf.py", site_date="2026-04-10")
    assert not (project.output / "feeds/tag").exists()
    assert not (project.output / "feeds/all.rss.xml").exists()
    assert [e.title for e in feedparser.parse(project.read("rss.xml")).entries] == [
        "A current post"
    ]
    page = project.read("index.html")
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]* href="(\./)?rss\.xml"', page
    )
    assert re.search(r'<a href="(\./)?rss\.xml" type="application/rss\+xml">RSS feed</a>', page)
    assert "feeds/tag/" not in project.read("tag/interviews/index.html")


def test_every_page_announces_the_feeds(dated_site: Project) -> None:
    pages = [p for p in dated_site.output.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        head = page.read_text("utf-8").split("</head>", 1)[0]
        assert 'rel="alternate" type="application/rss+xml"' in head, page
        assert 'rel="alternate" type="application/atom+xml"' in head, page
    tag_head = dated_site.read("tag/interviews/index.html").split("</head>", 1)[0]
    assert 'href="../../feeds/tag/interviews.atom.xml"' in tag_head
    footer = dated_site.read("index.html").split('<footer class="site-footer">', 1)[1]
    assert '<a href="./feeds/all.rss.xml" type="application/rss+xml">RSS feed</a>' in footer
