"""What a reader does: switch to dark and keep it, write to the coach, follow the CTA."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

BACKGROUND = "getComputedStyle(document.body).backgroundColor"
ARTICLE = "/posts/pseudo-interviews/"


def test_the_theme_switch_is_remembered_across_pages(open_page, site_url) -> None:
    page = open_page(site_url + "/", color_scheme="light")
    light = page.evaluate(BACKGROUND)
    toggle = page.get_by_role("button", name="Dark theme")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    dark = page.evaluate(BACKGROUND)
    assert dark != light
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    # another page: dark from the first paint (set in <head>), and the switch says so
    page.goto(site_url + ARTICLE)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(BACKGROUND) == dark
    toggle = page.get_by_role("button", name="Dark theme")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()  # back to light, and that is remembered too
    page.goto(site_url + "/about/")
    assert page.evaluate(BACKGROUND) == light
    assert page.evaluate("localStorage.getItem('theme')") == "light"


def test_the_theme_is_set_before_the_page_is_drawn(open_page, site_url) -> None:
    """data-theme is already there when the body starts: no flash of the wrong scheme."""
    page = open_page("about:blank", color_scheme="light")
    page.context.add_init_script(
        "localStorage.setItem('theme', 'dark');"
        "new MutationObserver((_, observer) => { if (document.body) {"
        "  window.atBody = document.documentElement.dataset.theme || 'none';"
        "  observer.disconnect(); } }).observe(document, {childList: true, subtree: true});"
    )
    page.goto(site_url + ARTICLE)
    assert page.evaluate("window.atBody") == "dark"


def test_without_javascript_the_switch_is_absent_and_the_system_scheme_rules(
    open_page, site_url
) -> None:
    page = open_page(site_url + "/", color_scheme="dark", java_script_enabled=False)
    assert page.locator(".theme-toggle").is_hidden()
    dark = page.evaluate(BACKGROUND)
    light_page = open_page(site_url + "/", color_scheme="light", java_script_enabled=False)
    assert light_page.evaluate(BACKGROUND) != dark
    # everything is readable: the article's text is all there
    article = open_page(site_url + ARTICLE, java_script_enabled=False)
    assert "boarding your dog" in article.locator("main").inner_text()


def test_the_cloaked_address_becomes_a_working_mailto_link(open_page, site_url) -> None:
    page = open_page(site_url + ARTICLE)
    link = page.locator(".cta").get_by_role("link", name="midlifecareerstrategy@gmail.com")
    assert link.get_attribute("href") == "mailto:midlifecareerstrategy@gmail.com"
    assert link.is_visible()
    assert page.errors == []


def test_the_cta_button_carries_its_utm_tags_to_the_consultation_page(open_page, site_url) -> None:
    page = open_page(site_url + ARTICLE)
    button = page.locator(".cta").get_by_role("link", name="How a consultation works")
    query = parse_qs(urlsplit(button.get_attribute("href")).query)
    assert query == {"utm_source": ["site"], "utm_medium": ["cta"], "utm_campaign": ["interviews"]}
    button.click()
    page.wait_for_url("**/work-with-me/?utm_source=site&utm_medium=cta&utm_campaign=interviews")
    assert page.get_by_role("heading", level=1).inner_text() == "Work with me"
    # the consultation page's own button writes an email
    email = page.get_by_role("link", name="Send an email")
    assert email.get_attribute("href") == "mailto:midlifecareerstrategy@gmail.com"
    assert email.is_visible()
