"""The email steps at their edges: the site's own links, query strings, and each limit's
boundary (written out in bytes here, not derived from the module's constants)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach_newsletter.email_steps import (
    Link,
    collect,
    email_problems,
    inline_css,
    site_file,
    tag_links,
)
from coachsite.links import absolutize_html, with_params

SITE = "https://coach.example"
UTM = {"utm_source": "newsletter", "utm_medium": "email"}
TAGS = "utm_source=newsletter&amp;utm_medium=email"
UNSUB = '<a href="*|UNSUB|*">Unsubscribe</a>'
GMAIL_LIMIT = 92_160  # 90 KB: the largest email that passes
STYLE_LIMIT = 16_384  # 16 KB: the smallest <style> total that Gmail drops


@pytest.fixture
def built_site(tmp_path: Path) -> Path:
    (tmp_path / "posts/one").mkdir(parents=True)
    (tmp_path / "posts/one/index.html").write_text("ok", "utf-8")
    return tmp_path


def problems(html: str, built_site: Path, subject: str = "Subject") -> list[str]:
    return email_problems(html, subject, SITE, built_site)


def sized(size: int) -> str:
    """An otherwise fine email of exactly ``size`` bytes (UTF-8)."""
    html = f"<p>{UNSUB}</p><p></p>"
    return html[:-4] + "x" * (size - len(html.encode("utf-8"))) + "</p>"


def test_an_email_of_exactly_90_kb_passes_and_one_byte_more_is_refused(built_site: Path) -> None:
    assert len(sized(GMAIL_LIMIT).encode("utf-8")) == GMAIL_LIMIT
    assert problems(sized(GMAIL_LIMIT), built_site) == []
    assert problems(sized(GMAIL_LIMIT + 1), built_site) == [
        "the email is 90.0 KB; Gmail clips emails near 102 KB, so keep it under 90 KB "
        "(shorten the special or list fewer posts)"
    ]


def test_the_size_counts_bytes_not_characters(built_site: Path) -> None:
    html = sized(GMAIL_LIMIT)[:-5] + "é</p>"  # 90 KB of characters, one of them two bytes
    assert (len(html), len(html.encode("utf-8"))) == (GMAIL_LIMIT, GMAIL_LIMIT + 1)
    assert [p[:30] for p in problems(html, built_site)] == ["the email is 90.0 KB; Gmail cl"]


def style(size: int) -> str:
    return "<style>" + "p{}" + " " * (size - 3) + "</style>"


def test_style_blocks_are_refused_from_16_kb_on(built_site: Path) -> None:
    assert problems(style(STYLE_LIMIT - 1) + UNSUB, built_site) == []
    assert problems(style(STYLE_LIMIT) + UNSUB, built_site) == [
        "the email's <style> blocks are 16.0 KB; Gmail drops them from 16 KB on, so keep the "
        "CSS in theme/templates/email/ shorter"
    ]
    two = style(STYLE_LIMIT // 2) + "<p>text outside</p>" + style(STYLE_LIMIT // 2)
    assert len(problems(two + UNSUB, built_site)) == 1  # the blocks are added up
    assert problems(style(STYLE_LIMIT // 2) * 2 + UNSUB, built_site) != []


@pytest.mark.parametrize(("size", "said"), [(16_435, "16.0 KB"), (16_436, "16.1 KB")])
def test_the_style_size_is_said_in_kilobytes_of_1024_bytes(
    built_site: Path, size: int, said: str
) -> None:
    (problem,) = problems(style(size) + UNSUB, built_site)
    assert problem.startswith(f"the email's <style> blocks are {said}; ")


def test_the_subject_may_have_150_characters_and_must_not_be_blank(built_site: Path) -> None:
    assert problems(UNSUB, built_site, "S" * 150) == []
    assert problems(UNSUB, built_site, "S" * 151) == [
        "the subject has 151 characters; keep it under 150"
    ]
    assert problems(UNSUB, built_site, " \t") == ["the subject is empty"]
    assert problems(UNSUB, built_site, "") == ["the subject is empty"]


def test_without_the_unsubscribe_tag_the_email_is_refused(built_site: Path) -> None:
    assert problems('<a href="https://other.example/unsubscribe">x</a>', built_site) == [
        "the email has no unsubscribe link (*|UNSUB|*)"
    ]


def test_images_need_alt_text_or_an_empty_alt_and_both_dimensions(built_site: Path) -> None:
    html = (
        f"{UNSUB}\n"
        '<img src="ok.png" alt="A photo" width="1" height="1">\n'
        '<img src="decorative.png" alt="" width="1" height="1">\n'
        '<img src="blank.png" alt="  " width="1" height="1">\n'
        '<img src="none.png" width="1" height="1">\n'
        '<img src="wide.png" alt="w" width="1">\n'
        '<img src="tall.png" alt="t" height="1">\n'
    )
    assert problems(html, built_site) == [
        "an image (blank.png, line 4) has no alt text",
        "an image (none.png, line 5) has no alt text",
        "an image (wide.png, line 6) has no width and height",
        "an image (tall.png, line 7) has no width and height",
    ]


def test_links_into_the_site_are_checked_and_lookalike_domains_are_not(built_site: Path) -> None:
    html = (
        f'{UNSUB}<a href="{SITE}/posts/one/">ok</a>'
        f'<a href="{SITE}/posts/gone/">gone</a>'
        '<a href="https://coach.example.evil/posts/gone/">evil</a>'
        '<a href="https://other.example/gone/">elsewhere</a>'
    )
    assert problems(html, built_site) == [
        f"a link points to a page that does not exist: {SITE}/posts/gone/"
    ]


def test_the_bare_home_address_is_checked_as_the_home_page(built_site: Path) -> None:
    html = f'{UNSUB}<a href="{SITE}">home</a><a href="{SITE}/">home</a>'
    assert problems(html, built_site) == [
        f"a link points to a page that does not exist: {SITE}",
        f"a link points to a page that does not exist: {SITE}/",
    ]
    (built_site / "index.html").write_text("home", "utf-8")
    assert problems(html, built_site) == []


def test_site_file_maps_only_the_sites_own_links(built_site: Path) -> None:
    home = built_site.resolve() / "index.html"
    assert site_file(SITE, SITE, built_site) == home
    assert site_file(SITE, SITE + "/", built_site) == home
    one = built_site.resolve() / "posts/one/index.html"
    assert site_file(f"{SITE}/posts/one/", SITE, built_site) == one
    assert site_file("https://coach.example.evil/posts/one/", SITE, built_site) is None
    assert site_file("https://coach.example.evil", SITE, built_site) is None
    assert site_file("https://other.example/", SITE, built_site) is None


def test_tag_links_leaves_lookalike_domains_and_images_alone() -> None:
    html = (
        '<a href="https://coach.example.evil/p/">evil</a>'
        '<a href="https://coach.examples/p/">other</a>'
        f'<img src="{SITE}/images/a.png" alt="a">'
    )
    assert tag_links(html, SITE, UTM) == html


def test_tag_links_tags_the_bare_home_address_and_accepts_a_trailing_slash() -> None:
    html = f'<a href="{SITE}">home</a><a href="{SITE}/">home</a>'
    assert tag_links(html, SITE + "/", UTM) == (
        f'<a href="{SITE}?{TAGS}">home</a><a href="{SITE}/?{TAGS}">home</a>'
    )


def test_tag_links_reads_escaped_ampersands_and_keeps_blank_values() -> None:
    html = f'<a class="x" href="{SITE}/p/?a=1&amp;ref=&amp;utm_source=old">p</a>'
    assert tag_links(html, SITE, UTM) == (
        f'<a class="x" href="{SITE}/p/?a=1&amp;ref=&amp;{TAGS}">p</a>'
    )


def test_with_params_keeps_blank_values_and_order_and_replaces_keys() -> None:
    assert with_params(f"{SITE}/p/?ref=&a=1#top", {"a": "2", "b": ""}) == (
        f"{SITE}/p/?ref=&a=2&b=#top"
    )
    assert with_params(f"{SITE}/p/", {}) == f"{SITE}/p/"


def test_absolute_links_leaves_empty_special_and_absolute_addresses() -> None:
    html = (
        '<a href="">e</a><a href="tel:+15550100">t</a><a href="*|ARCHIVE|*">a</a>'
        '<a href="ftp://files.example/x">f</a><a href="mailto:c@example.com">m</a>'
        '<a href="#top">t</a><img src="/images/a.png" alt="a"><a title="x">n</a>'
    )
    out = absolutize_html(html, f"{SITE}/posts/one/", keep_fragments=True)
    assert out == html.replace('src="/images/a.png"', f'src="{SITE}/images/a.png"')


def test_absolute_links_resolves_relative_addresses_against_the_page() -> None:
    html = '<a href="two/">a</a><a href="/about/">b</a><a href="?q=1">c</a>'
    assert absolutize_html(html, f"{SITE}/posts/one/", keep_fragments=True) == (
        f'<a href="{SITE}/posts/one/two/">a</a><a href="{SITE}/about/">b</a>'
        f'<a href="{SITE}/posts/one/?q=1">c</a>'
    )


def test_inline_css_minifies_keeps_at_rules_and_never_loads_remote_sheets() -> None:
    html = (
        "<html><head><style>p { color: #123456; } "
        "@media (prefers-color-scheme: dark) { p { color: #fff !important; } }</style>"
        '<link rel="stylesheet" href="http://127.0.0.1:9/remote.css"></head>'
        "<body><p>Hi</p></body></html>"
    )
    assert inline_css(html) == (
        "<html><head><style>@media (prefers-color-scheme: dark) "
        "{ p { color: #fff !important; } } </style></head>"
        '<body><p style="color:#123456">Hi</p></body></html>'
    )


def test_collect_finds_links_with_an_address_images_and_style_text() -> None:
    found = collect(
        '<a href="">empty</a><a name="x">anchor</a>\n<a href="/p/">p</a>'
        "<style>a{}</style><p>between</p><style>b{}\n</style>\n"
        '<img src="i.png" alt="i">'
    )
    assert found.links == [Link("/p/", 2)]
    assert found.styles == ["a{}", "b{}\n"]
    assert found.images == [({"src": "i.png", "alt": "i"}, 4)]
