"""What a reader sees: searching the built site in a real browser (Debian's chromium).

Skips, saying why, when Playwright or /usr/bin/chromium is missing; nothing downloads a
browser. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Project

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SEED = "/posts/pseudo-interviews/"

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install -r requirements-dev.txt)",
)
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is missing: apt-get install -y chromium", allow_module_level=True
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(april_site: Project) -> Iterator[str]:
    """The built site served on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(april_site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


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
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-pseudo.png"), full_page=True)
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
