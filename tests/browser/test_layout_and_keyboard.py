"""Phones and keyboards: no sideways scrolling, a skip link, visible focus, marked navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import PAGES

WIDTHS = (320, 375)


@pytest.fixture(scope="module")
def phone_pages(browser):
    """One page per phone width, reused for every address."""
    pages = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 740})
        pages[width] = context.new_page()
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_no_horizontal_scrolling_on_phones(phone_pages, site_url, name, path, width) -> None:
    page = phone_pages[width]
    page.goto(site_url + path)
    if name == "search":
        page.locator(".pagefind-ui__result-link").first.wait_for()
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .map((el) => el.tagName.toLowerCase() + "." + el.className);
            return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], overflow
    assert overflow["wide"] == [], overflow


def test_the_first_tab_reaches_the_skip_link_which_moves_to_the_content(
    open_page, site_url
) -> None:
    page = open_page(site_url + "/posts/pseudo-interviews/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()  # waits for the condition: a busy machine is slow, not wrong
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["width"] > 20  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/posts/pseudo-interviews/#main")
    page.keyboard.press("Tab")  # the next stop is inside <main>, not the header
    page.wait_for_function("document.activeElement.closest('main') !== null")


def test_keyboard_alone_reaches_every_header_control_with_a_visible_focus(
    open_page, site_url
) -> None:
    page = open_page(site_url + "/about/", viewport={"width": 1280, "height": 800})
    expected = ["Skip to content", "Midlife Career Strategy", "Articles", "About", "Newsletter",
                "Search the articles", "Search", "Dark theme", "Work with me"]  # fmt: skip
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const label = el.labels && el.labels[0];
                return {
                    name: (el.getAttribute("aria-label") || (label && label.textContent)
                           || el.textContent).trim(),
                    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
                };
            }"""
        )
        assert focused["outline"], f"no visible focus on {focused['name']}"
        reached.append(focused["name"])
    assert reached == expected


def test_the_toggle_works_from_the_keyboard(open_page, site_url) -> None:
    page = open_page(site_url + "/", color_scheme="light")
    toggle = page.get_by_role("button", name="Dark theme")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.dataset.theme") == "light"


@pytest.mark.parametrize(
    ("path", "current"),
    [("/archives/", "Articles"), ("/about/", "About"), ("/newsletter/", "Newsletter"),
     ("/newsletter/2026-04/", "Newsletter"), ("/work-with-me/", "Work with me")],
)  # fmt: skip
def test_the_current_section_is_marked_in_the_header(open_page, site_url, path, current) -> None:
    page = open_page(site_url + path)
    marked = page.locator(".site-header [aria-current='page']")
    assert marked.count() == 1
    assert marked.inner_text().strip() == current


def test_nothing_is_marked_on_an_article(open_page, site_url) -> None:
    page = open_page(site_url + "/posts/pseudo-interviews/")
    assert page.locator(".site-header [aria-current]").count() == 0
