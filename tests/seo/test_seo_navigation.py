"""Reading aids: reading time, previous/next, related posts, archives by year and month."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from conftest import Project, copy_project

from coach_navigation.reading_time import reading_minutes, word_count
from coach_navigation.related import related_posts

POST = "posts/pseudo-interviews/index.html"
OTHERS = {
    "b": ("2026-04-07", "Resumes", "interviews, hiring"),
    "c": ("2026-04-08", "Interviews", "resumes"),
    "d": ("2026-04-09", "Resumes", "resumes"),
    "e": ("2026-04-05", "Money", "salary"),
}


@pytest.fixture(scope="module")
def five_posts(tmp_path_factory: pytest.TempPathFactory) -> Project:
    site = copy_project(tmp_path_factory.mktemp("five") / "site")
    for slug, (date, category, tags) in OTHERS.items():
        site.write(
            f"content/articles/{date}-{slug}.md",
            f"Title: Post {slug.upper()}\nDate: {date} 08:00\nCategory: {category}\nTags: {tags}\n"
            f"Slug: {slug}\nSummary: About {slug}.\n\n" + "word " * 500 + "\n",
        )
    site.build(site_date="2026-04-10")
    return site


def post(name: str, day: int, category: str, *tags: str) -> SimpleNamespace:
    return SimpleNamespace(name=name, date=day, category=category, tags=list(tags))


def test_related_ranks_shared_tags_then_category_then_date() -> None:
    me = post("me", 5, "Interviews", "interviews", "hiring")
    two_tags = post("two", 1, "Resumes", "interviews", "hiring")
    one_tag_old = post("one-old", 2, "Money", "hiring")
    one_tag_new = post("one-new", 3, "Money", "interviews")
    category = post("category", 9, "Interviews")
    unrelated = post("unrelated", 10, "Money", "salary")
    ranked = related_posts(me, [me, unrelated, category, one_tag_old, two_tags, one_tag_new], 3)
    assert [p.name for p in ranked] == ["two", "one-new", "one-old"]
    ranked = related_posts(me, [me, unrelated, category, two_tags], 3)
    assert [p.name for p in ranked] == ["two", "category"]


def test_reading_time_counts_words_not_markup() -> None:
    assert word_count('<p class="x">One <a href="/y">two</a> don\u2019t&nbsp;four</p>') == 4
    assert reading_minutes("<p>short</p>") == 1
    assert reading_minutes("<p>" + "word " * 461 + "</p>") == 3


def test_reading_time_on_article_and_listings(april_site: Project) -> None:
    article = april_site.read(POST)
    assert re.search(r'<span class="reading-time">2 min read</span>', article)
    for listing in ("index.html", "tag/interviews/index.html", "category/interviews/index.html"):
        assert '<span class="reading-time">2 min read</span>' in april_site.read(listing), listing


def test_previous_and_next_follow_the_dates(five_posts: Project) -> None:
    page = five_posts.read(POST)
    nav = page.split('<nav class="post-nav"', 1)[1].split("</nav>", 1)[0]
    assert re.search(
        r'rel="prev" href="\.\./\.\./posts/e/"><span class="post-nav-label">[^<]*</span> Post E',
        nav,
    )
    assert re.search(
        r'rel="next" href="\.\./\.\./posts/b/"><span class="post-nav-label">[^<]*</span> Post B',
        nav,
    )
    newest = five_posts.read("posts/d/index.html").split('<nav class="post-nav"', 1)[1]
    assert (
        'rel="prev" href="../../posts/c/"' in newest
        and 'rel="next"' not in newest.split("</nav>")[0]
    )


def test_related_posts_share_tags_first_then_the_category(five_posts: Project) -> None:
    page = five_posts.read(POST)
    related = page.split('<section class="related"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<a href="\.\./\.\./posts/(\w)/">', related) == ["b", "c"]
    assert "data-pagefind-ignore" in page.split('<section class="related"', 1)[1][:80]


def test_single_post_has_no_empty_navigation(april_site: Project) -> None:
    page = april_site.read(POST)
    assert '<nav class="post-nav"' not in page
    assert '<section class="related"' not in page


def test_archives_group_by_year_and_month_with_links(five_posts: Project) -> None:
    page = five_posts.read("archives/index.html")
    assert '<h2><a href="../archives/2026/">2026</a></h2>' in page
    assert '<h3 class="archive-month"><a href="../archives/2026/04/">April</a></h3>' in page
    order = re.findall(r'<a href="\.\./posts/([\w-]+)/">', page)
    assert order == ["d", "c", "b", "pseudo-interviews", "e"]
