"""What a reader sees in a real browser: the script under a strict CSP, and without it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import Project
from consult_helpers import POST

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'"


class _StrictHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def served(april_site: Project) -> Iterator[str]:
    """The April site over loopback HTTP, every answer with a strict CSP header."""
    handler = functools.partial(_StrictHandler, directory=str(april_site.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    """The session's shared chromium (tests/browser/support.py): Playwright's sync API runs
    one instance at a time. Skips without Playwright or chromium, unless
    REQUIRE_BROWSER_TESTS=1."""
    from browser.support import shared_browser

    return shared_browser()


def _open(browser, url: str, *, now: str | None = None, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5_000)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    if now:
        page.clock.set_fixed_time(now)
    page.goto(url)
    return context, page, violations


def test_with_javascript_the_address_is_a_mailto_link(browser, served: str) -> None:
    context, page, violations = _open(browser, f"{served}/{POST}", now="2026-04-10T12:00:00-04:00")
    try:
        aside = page.get_by_role("complementary", name="Interviews that lead nowhere?")
        link = aside.get_by_role("link", name="midlifecareerstrategy@gmail.com")
        assert link.get_attribute("href") == "mailto:midlifecareerstrategy@gmail.com"
        assert aside.locator(".cta-special").is_visible()
        assert "ask about specials for April" in aside.inner_text()
        assert violations == []
    finally:
        context.close()


def test_an_email_button_appears_only_with_javascript(browser, served: str) -> None:
    context, page, _ = _open(browser, f"{served}/work-with-me/")
    try:
        button = page.get_by_role("link", name="Send an email")
        assert button.get_attribute("href") == "mailto:midlifecareerstrategy@gmail.com"
        assert button.is_visible()
    finally:
        context.close()


def test_an_expired_special_is_hidden_without_a_rebuild(browser, served: str) -> None:
    # one second after April 30 ends in New York
    context, page, _ = _open(browser, f"{served}/{POST}", now="2026-05-01T04:00:00Z")
    try:
        aside = page.get_by_role("complementary", name="Interviews that lead nowhere?")
        assert aside.locator(".cta-special").is_hidden()
        text = aside.inner_text()
        assert "April" not in text
        assert "Send an email: midlifecareerstrategy@gmail.com" in text
        assert page.locator("#special-2026-04").count() == 0  # (not on this page)
    finally:
        context.close()
    context, page, _ = _open(browser, f"{served}/specials/", now="2026-05-01T04:00:00Z")
    try:
        assert page.locator("#special-2026-04").is_hidden()
    finally:
        context.close()


# Before the page's own scripts: what every frame shows, and the layout shifts (what
# Lighthouse's CLS adds up). Init scripts run outside the page's CSP.
WATCH_FRAMES = """
window.__frames = [];
window.__shifts = [];
window.__moved = [];  // what each shift moved, and when: said when the test fails
new PerformanceObserver((list) => {
  list.getEntries().forEach((entry) => {
    window.__shifts.push(entry.value);
    const what = (entry.sources || []).map((s) => s.node
      ? `${s.node.nodeName}#${s.node.id || ""}.${s.node.className || ""}` : "?");
    window.__moved.push(`${entry.value.toFixed(3)} at ${Math.round(entry.startTime)} ms: ${what}`);
  });
}).observe({type: "layout-shift", buffered: true});
(function frame() {
  const all = [...document.querySelectorAll("[data-valid-until]")];
  const shown = all.filter((el) => !el.closest("[hidden]")).length;
  window.__frames.push([all.length, shown]);
  if (document.readyState !== "complete" || window.__frames.length < 5) {
    requestAnimationFrame(frame);
  }
})();
"""


@pytest.mark.parametrize("path", ["specials/", POST, ""])
def test_a_special_read_months_later_is_hidden_before_the_first_paint(
    browser, served: str, path: str
) -> None:
    """Built in April, read in December: no frame shows the April special, nothing shifts
    (the specials page measured a cumulative layout shift of 0.265 when the special was hidden
    by a deferred script, and the theme button's appearance shifted the header)."""
    context = browser.new_context()
    context.set_default_timeout(5_000)
    context.add_init_script(WATCH_FRAMES)
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-01T10:00:00-05:00")
    try:
        page.goto(f"{served}/{path}")
        page.wait_for_function("() => window.__frames.length >= 5")
        frames = page.evaluate("window.__frames")
        assert max(count for count, _ in frames) > 0, frames  # the special is in the page
        assert all(shown == 0 for _, shown in frames), frames
        # (what may remain: the email address becoming a link once js/consult.js ran, 0.002)
        moved = page.evaluate("window.__moved")
        assert sum(page.evaluate("window.__shifts")) < 0.01, moved
        # the measure can fail: a block that appears at the top now shifts what follows it
        page.evaluate(
            "document.querySelector('main').prepend(Object.assign("
            "document.createElement('div'), {style: 'height: 200px'}))"
        )
        page.wait_for_function("() => window.__shifts.length > 0")
    finally:
        context.close()


def test_without_javascript_the_address_is_readable_text(browser, served: str) -> None:
    context, page, _ = _open(browser, f"{served}/{POST}", javascript=False)
    try:
        aside = page.get_by_role("complementary", name="Interviews that lead nowhere?")
        text = aside.inner_text()
        assert (
            "Send an email to ask about specials for April: midlifecareerstrategy at gmail.com"
            in text
        )
        assert aside.locator("a[href^='mailto:']").count() == 0
        assert page.get_by_role("link", name="Send an email").count() == 0
    finally:
        context.close()
