"""axe-core (axe-playwright-python) finds no violation on any page type, in either scheme.

Four ways a page can be coloured: the system's light or dark (emulated
prefers-color-scheme), and the reader's choice remembered by the header's switch
(data-theme from localStorage) overriding the opposite system setting. Every axe rule
runs in each (its default rule set: WCAG A/AA and best practices).
"""

from __future__ import annotations

import pytest

from .support import APRIL_10, PAGES, unavailable

# name: (emulated system scheme, the reader's stored choice or None)
SCHEMES = {
    "light": ("light", None),
    "dark": ("dark", None),
    "chosen-dark": ("light", "dark"),
    "chosen-light": ("dark", "light"),
}


@pytest.fixture(scope="module")
def axe_script() -> str:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -r requirements-dev.txt)")
    return Axe().axe_script


@pytest.fixture(scope="module")
def scheme_pages(browser):
    """One page per scheme, reused for every address (a context costs more than axe)."""
    pages: dict[str, object] = {}

    def get(scheme: str):
        if scheme not in pages:
            system, chosen = SCHEMES[scheme]
            context = browser.new_context(color_scheme=system)
            if chosen:
                context.add_init_script(f"localStorage.setItem('theme', '{chosen}')")
            page = context.new_page()
            page.clock.set_fixed_time(APRIL_10)
            pages[scheme] = page
        return pages[scheme]

    yield get
    for page in pages.values():
        page.context.close()


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_no_axe_violations(axe_script, scheme_pages, site_url, name, path, scheme) -> None:
    system, chosen = SCHEMES[scheme]
    page = scheme_pages(scheme)
    page.goto(site_url + path)
    if name == "search":
        page.locator(".pagefind-ui__result-link").first.wait_for()
    assert page.evaluate("document.documentElement.dataset.theme") == chosen
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (system == "dark")
    page.evaluate(axe_script)
    violations = page.evaluate("axe.run(document).then(results => results.violations)")
    assert violations == [], f"{path} ({scheme}):\n{describe(violations)}"
