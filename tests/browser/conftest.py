"""Browser tests: one Debian chromium per session, the April site served over loopback.

Nothing downloads a browser: Playwright drives /usr/bin/chromium. Without it (or without
Playwright, axe or the HTML checker) these tests skip, and the terminal summary says so
loudly; with REQUIRE_BROWSER_TESTS=1 (.ci/run) they fail instead.

``tests/browser`` is a package, so this conftest does not shadow ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Project, copy_project
from pictures.photos import POST, phone_photo, with_picture

from .support import APRIL_10, close_shared_browser, serve, shared_browser


@pytest.fixture(scope="session")
def site_url(april_site: Project) -> Iterator[str]:
    """The April site served on a free loopback port."""
    yield from serve(april_site.output)


@pytest.fixture(scope="session")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The April site with a phone photo (4,000 x 3,000, stored sideways, GPS tags) leading the
    post, served on a free loopback port."""
    site: Project = copy_project(tmp_path_factory.mktemp("photo") / "site")
    site.write("content/images/office.jpg", phone_photo(4000, 3000))
    text = (site.root / POST).read_text(encoding="utf-8")
    lead = "![The coach's desk by the window]({static}/images/office.jpg)"
    site.write(POST, with_picture(lead, text))
    site.build(site_date="2026-04-10")
    yield from serve(Path(site.output))


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, launched once for the session (shared with tests/consult)."""
    return shared_browser()


def pytest_sessionfinish(session, exitstatus) -> None:
    close_shared_browser()


@pytest.fixture
def open_page(browser):
    """``open_page(url, **context_options)``: a page in a fresh context, the clock at April 10.

    Page errors are collected in ``page.errors``; contexts close after the test.
    """
    contexts = []

    def _open(url: str, *, clock: str | None = APRIL_10, **options):
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        if clock:
            page.clock.set_fixed_time(clock)
        page.goto(url)
        return page

    yield _open
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say loudly when browser tests were skipped: a green run then proved less."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "browser" in str(getattr(report, "nodeid", "") or report.fspath)
    ]
    if not skipped:
        return
    reasons = sorted({str(report.longrepr[-1]) for report in skipped if report.longrepr})
    terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
    terminalreporter.write_line(
        f"WARNING: {len(skipped)} browser test(s) did not run, so the theme was NOT checked "
        "in a real browser (axe, layout, CSP, screenshots, HTML validity).",
        red=True,
        bold=True,
    )
    for reason in reasons:
        terminalreporter.write_line(f"  reason: {reason}", red=True)
    terminalreporter.write_line(
        "  Install Debian's chromium (apt-get install -y chromium) and java "
        "(default-jre-headless); CI sets REQUIRE_BROWSER_TESTS=1 to fail instead.",
        red=True,
    )
