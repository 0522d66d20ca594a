"""The demo site, built for real, holds what a reader expects to find."""

from __future__ import annotations

import html
import re

from conftest import DEMO_CONTENT, ROOT, Project, require_shared

from coachsite.site_check import broken_links

SEED = ROOT.parent / "shared" / "content-seed" / "pseudo-interviews.txt"
POST = "posts/pseudo-interviews/index.html"


def paragraphs(page: str) -> list[str]:
    """The text of each <p> inside the article body."""
    body = page.split('<div class="post-body">', 1)[1].split("</div>", 1)[0]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
        for p in re.findall(r"<p>(.*?)</p>", body, re.S)
    ]


def test_seed_post_page_holds_the_coachs_words(april_site: Project) -> None:
    page = april_site.read(POST)
    text = paragraphs(page)
    assert text[0] == "One of the most common questions I get goes like this:"
    assert any(p.startswith("Once I went on a pseudo-interview in Boston.") for p in text)
    assert "<h1>Pseudo-Interviews" in page


def test_seed_post_markdown_is_the_seed_verbatim() -> None:
    source = (DEMO_CONTENT / "articles/2026-04-06-pseudo-interviews.md").read_text("utf-8")
    body = source.split("\n\n", 1)[1]
    written = [line for line in body.splitlines() if line.strip()]
    seed_text = require_shared(SEED).read_text("utf-8")
    seed = [line for line in seed_text.splitlines() if line.strip()]
    # The article's own text is the seed, line for line, up to where the consultation
    # block takes over (that block is produced by plugins/coach_consult, if present).
    assert written == seed[: len(written)]
    assert len(written) >= len(seed) - 2


def test_index_links_to_the_post(april_site: Project) -> None:
    index = april_site.read("index.html")
    assert re.search(r'href="(\./)?posts/pseudo-interviews/"', index)
    assert "Pseudo-Interviews: When the Interview Was Never Real" in index


def test_archives_tags_and_category_list_the_post(april_site: Project) -> None:
    for listing in (
        "archives/index.html",
        "archives/2026/index.html",
        "archives/2026/04/index.html",
        "tag/interviews/index.html",
        "tag/job-search/index.html",
        "category/interviews/index.html",
    ):
        page = april_site.read(listing)
        assert "posts/pseudo-interviews/" in page, listing
    assert "tag/interviews/" in april_site.read("tags/index.html")
    assert "category/interviews/" in april_site.read("categories/index.html")


def test_pages_and_404_exist(april_site: Project) -> None:
    for page, title in (
        ("about/index.html", "About"),
        ("work-with-me/index.html", "Work with me"),
        ("newsletter/index.html", "Newsletter"),
        ("privacy/index.html", "Privacy"),
    ):
        assert f"<h1>{title}</h1>" in april_site.read(page)
    not_found = april_site.read("404.html")
    assert "Page not found" in not_found
    assert '<meta name="robots" content="noindex">' in not_found
    # Served for any missing address, so its links must be root-relative.
    assert 'href="/archives/"' in not_found


def test_every_internal_link_resolves(april_site: Project) -> None:
    # The same check `invoke check` and `invoke publish` run on the built site.
    assert broken_links(april_site.output) == []


def test_no_javascript_is_needed_to_read(april_site: Project) -> None:
    page = april_site.read(POST)
    assert "<noscript>" not in page
    assert "Boston" in page  # the text is in the HTML itself


def test_copies_are_built_from_the_demo_content_not_the_coachs(project: Project) -> None:
    """The coach adding, dating or editing posts in content/ cannot change what tests build."""
    copied = sorted(
        p.relative_to(project.root / "content") for p in project.root.glob("content/**/*")
    )
    demo = sorted(p.relative_to(DEMO_CONTENT) for p in DEMO_CONTENT.glob("**/*"))
    assert copied == demo
    seed = "articles/2026-04-06-pseudo-interviews.md"
    assert (project.root / "content" / seed).read_bytes() == (DEMO_CONTENT / seed).read_bytes()
