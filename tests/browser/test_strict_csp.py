"""Every page type works under a strict Content-Security-Policy: no inline code or styles.

The one exception is Pagefind's index on the search page, which is WebAssembly: compiling
it needs 'wasm-unsafe-eval' in script-src (it allows WebAssembly only, not JavaScript
eval). The test server adds it to the search page and /pagefind/ (the worker runs under its own
script's policy). Under the strict policy alone, the search page keeps its fallback links.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import Project

from coachsite.hosting import hosted_csp, strict_csp

from .support import PAGES, QuietHandler, serve

# The policy Netlify and Cloudflare Pages serve (content/extra/_headers), and the same
# without WebAssembly, which every page but search must work under.
SEARCH_CSP = hosted_csp()
CSP = strict_csp()


class StrictHandler(QuietHandler):
    """Every answer with the strict policy; the search page with Pagefind's WebAssembly."""

    def end_headers(self) -> None:
        # Pagefind's worker runs under its own script's policy, so /pagefind/ needs it too.
        policy = SEARCH_CSP if self.path.startswith(("/search/", "/pagefind/")) else CSP
        self.send_header("Content-Security-Policy", policy)
        super().end_headers()


class StrictestHandler(QuietHandler):
    extra_headers = {"Content-Security-Policy": CSP}  # noqa: RUF012


@pytest.fixture(scope="module")
def strict_url(april_site: Project) -> Iterator[str]:
    yield from serve(april_site.output, StrictHandler)


@pytest.fixture(scope="module")
def strictest_url(april_site: Project) -> Iterator[str]:
    yield from serve(april_site.output, StrictestHandler)


def open_watched(open_page, url: str):
    """Open ``url``, collecting console messages in ``page.messages``."""
    page = open_page("about:blank")
    page.messages = []
    page.on("console", lambda message: page.messages.append(message.text))
    response = page.goto(url)
    return page, response


def csp_violations(page) -> list[str]:
    page.wait_for_load_state("load")
    return [m for m in page.messages if "content security policy" in m.lower() or "Refused" in m]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_works_under_a_strict_csp(open_page, strict_url, name, path) -> None:
    page, response = open_watched(open_page, strict_url + path)
    assert response and response.headers["content-security-policy"] in (CSP, SEARCH_CSP)
    # the scripts ran: the theme switch is shown, and each page's own script did its part
    assert page.locator(".theme-toggle").is_visible()
    if name == "search":
        first = page.locator(".pagefind-ui__result-link").first
        assert first.get_attribute("href") == "/posts/pseudo-interviews/"
        assert page.locator("#search-fallback").is_hidden()
    if name in ("article", "consultation", "specials"):
        assert page.locator("a[href^='mailto:']").first.is_visible()
    assert csp_violations(page) == []
    assert page.errors == []


def test_without_wasm_the_search_page_keeps_its_fallback_links(open_page, strictest_url) -> None:
    page, _ = open_watched(open_page, strictest_url + "/search/?q=pseudo")
    fallback = page.locator("#search-fallback")
    page.wait_for_load_state("networkidle")  # Pagefind has tried, and failed
    assert fallback.is_visible()
    assert fallback.get_by_role("link", name="all articles by date").is_visible()
    assert any("WebAssembly" in message for message in csp_violations(page))
