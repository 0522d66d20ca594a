"""Shared pieces of the browser tests: the browser's flags, the pages, a loopback server."""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts"
# The day the April special runs: pages are looked at as a reader saw them then.
APRIL_10 = "2026-04-10T12:00:00-04:00"
# One page of each type: (name, address).
PAGES = [
    ("home", "/"),
    ("article", "/posts/pseudo-interviews/"),
    ("page", "/about/"),
    ("consultation", "/work-with-me/"),
    ("archives", "/archives/"),
    ("tag", "/tag/interviews/"),
    ("category", "/category/interviews/"),
    ("specials", "/specials/"),
    ("newsletter", "/newsletter/"),
    ("edition", "/newsletter/2026-04/"),
    ("search", "/search/?q=pseudo"),
    ("404", "/404.html"),
]


def required() -> bool:
    """CI sets REQUIRE_BROWSER_TESTS=1: a missing tool is then a failure, not a skip."""
    return os.environ.get("REQUIRE_BROWSER_TESTS") == "1"


def unavailable(reason: str) -> None:
    """Skip the test saying why, or fail when the browser tests are required."""
    if required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS=1)", pytrace=False)
    pytest.skip(reason)


_SHARED: dict[str, object] = {}


def shared_browser():
    """Debian's chromium through Playwright, started once per test session.

    Playwright's sync API allows one running instance per thread, so every browser test,
    tests/consult's too, shares this one. Skips (or fails, see ``required``) when Playwright
    or chromium is missing.
    """
    if "browser" not in _SHARED:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
        if not CHROMIUM.exists():
            unavailable("Debian's chromium is missing: apt-get install -y chromium")
        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        atexit.register(close_shared_browser)
    return _SHARED["browser"]


def close_shared_browser() -> None:
    """Close the shared browser, if it was started."""
    browser = _SHARED.pop("browser", None)
    playwright = _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    extra_headers: dict[str, str] = {}  # noqa: RUF012 (set by subclasses)

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port until the generator is closed."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
