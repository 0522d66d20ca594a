"""A post saved with a mistake while make serve runs: the page in the browser says so.

The real ``invoke serve`` runs in a copy of the project; every answer the browser gets is
given the site's strict Content-Security-Policy on the way (Playwright's routing), so the
banner is shown with no inline script or style. Screenshot:
test-artifacts/screenshots/dev-build-error-1280.png.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from conftest import Project
from playwright.sync_api import Error as PlaywrightError
from running import Running, free_port

from .support import ARTIFACTS
from .test_strict_csp import CSP

BROKEN = "Title: Broken\nDate: 2026-13-45\nSlug: broken\n\nText.\n"
SAID = "error: content/articles/broken.md:2: '2026-13-45' is not a date I can read."
WAIT = 120_000  # ms: how long a rebuild may take on a busy machine before the test fails


@pytest.fixture
def served(project: Project) -> Iterator[tuple[Project, str]]:
    port = free_port()
    serve = Running(project.root, "serve", "--port", str(port))
    try:
        base = f"http://127.0.0.1:{port}"
        serve.wait_for_line(f"Serving the site at {base}/")
        yield project, base
    finally:
        serve.stop()


def with_strict_csp(route) -> None:
    """Add the CSP to each answer; once the test is over (server or page gone), let go."""
    try:
        answer = route.fetch()
        route.fulfill(response=answer, headers={**answer.headers, "content-security-policy": CSP})
    except PlaywrightError:
        with contextlib.suppress(PlaywrightError):
            route.abort()


def test_a_failed_build_shows_a_banner_on_the_page_until_a_build_succeeds(
    served, open_page
) -> None:  # served first: the page closes before the server stops
    project, base = served
    page = open_page("about:blank", clock=None, viewport={"width": 1280, "height": 800})
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.route("**/*", with_strict_csp)
    page.goto(base + "/posts/pseudo-interviews/")
    page.wait_for_function("() => document.readyState === 'complete'")
    banner = page.locator(".dev-build-error")
    assert banner.count() == 0

    project.write("content/articles/broken.md", BROKEN)
    banner.wait_for(state="visible", timeout=WAIT)
    assert banner.get_attribute("role") == "alert"
    text = banner.inner_text()
    assert SAID in text
    assert "The last build failed" in text and "save the file" in text
    # Styled by its own stylesheet (no inline style): a red rule along its bottom edge.
    border = banner.evaluate("element => getComputedStyle(element).borderBottomColor")
    assert border == "rgb(166, 27, 27)"
    assert page.locator("h1").first.is_visible()  # the last good page is still there below
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "dev-build-error-1280.png"))

    (project.root / "content/articles/broken.md").unlink()
    banner.wait_for(state="detached", timeout=WAIT)
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.locator(".dev-build-error").count() == 0
    violations = [m for m in messages if "Content Security Policy" in m or "Refused" in m]
    assert violations == []
    assert page.errors == []
