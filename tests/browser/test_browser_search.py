"""What a reader sees: searching the built site in a real browser (Debian's chromium).

Fixtures in conftest.py (Debian's chromium, the April site on loopback). Screenshots go to
test-artifacts/browser/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import copy_project, split_by_date

from .support import ARTIFACTS, serve

SEED = "/posts/pseudo-interviews/"


def result_links(page) -> list[str]:
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=15_000)
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def test_search_page_finds_the_seed_post(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{site_url}/search/?q=pseudo")
    assert SEED in result_links(page)
    assert "Pseudo-Interviews" in page.locator(".pagefind-ui__result-title").first.inner_text()
    assert page.locator("#search-fallback").is_hidden()
    assert page.locator(".pagefind-ui__search-input").input_value() == "pseudo"
    (ARTIFACTS / "browser").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser" / "search-pseudo.png"), full_page=True)
    assert errors == []
    page.close()


def test_header_box_leads_to_results(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.goto(f"{site_url}/posts/pseudo-interviews/")
    page.get_by_label("Search the articles").fill("Boston")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=Boston")
    assert SEED in result_links(page)
    page.close()


def test_without_javascript_the_page_offers_archives_and_topics(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search/?q=pseudo")
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    hrefs = [fallback.locator("a").nth(i).get_attribute("href") for i in range(2)]
    assert hrefs == ["../archives/", "../tags/"]
    context.close()


def test_a_word_that_is_nowhere_finds_nothing(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/search/?q=xylophone")
    message = page.locator(".pagefind-ui__message")
    message.wait_for(timeout=15_000)
    page.wait_for_function(
        "() => /No results/i.test(document.querySelector('.pagefind-ui__message').textContent)"
    )
    assert page.locator(".pagefind-ui__result-link").count() == 0
    page.close()


OLD_POST = """Title: Salary talks in 2015
Date: 2015-03-02 09:00
Category: Career change
Tags: salary

Back then I told clients about the zebracorn rule of negotiating.
"""


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site plus a 2015 post, which goes into a search shard of its own."""
    site = copy_project(tmp_path_factory.mktemp("sharded") / "site")
    split_by_date(site)
    site.write("content/articles/2015-03-02-salary-talks.md", OLD_POST)
    site.build(site_date="2026-04-10")
    assert (site.output / "pagefind" / "archive-2010s" / "pagefind-entry.json").is_file()
    yield from serve(site.output)


def test_search_finds_posts_in_older_shards(browser, sharded_site: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{sharded_site}/search/?q=zebracorn")
    assert result_links(page) == ["/posts/salary-talks-in-2015/"]
    page.goto(f"{sharded_site}/search/?q=pseudo")  # and the main shard still answers
    assert SEED in result_links(page)
    assert errors == []
    page.close()
