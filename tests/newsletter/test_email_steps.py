"""Each step of the email pipeline on its own."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from coach_newsletter.editions import build_editions
from coach_newsletter.email_steps import (
    email_problems,
    inline_css,
    tag_links,
)
from coach_newsletter.plaintext import html_to_text
from coachsite.links import absolutize_html, with_params

SITE = "https://coach.example"
UTM = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "specials-2026-04"}


def test_absolute_links_resolves_relative_and_leaves_others() -> None:
    html = (
        '<a href="../../about/">a</a><img src="images/x.png" alt="x">'
        '<a href="mailto:c@example.com">m</a><a href="*|UNSUB|*">u</a><a href="#top">t</a>'
        '<a href="https://other.example/p">o</a>'
    )
    out = absolutize_html(html, f"{SITE}/posts/one/", keep_fragments=True)
    assert f'href="{SITE}/about/"' in out
    assert f'src="{SITE}/posts/one/images/x.png"' in out
    for kept in ("mailto:c@example.com", "*|UNSUB|*", "#top", "https://other.example/p"):
        assert f'href="{kept}"' in out


def test_tag_links_only_tags_links_into_the_site() -> None:
    html = f'<a href="{SITE}/posts/one/?ref=x">a</a><a href="https://other.example/">b</a>'
    out = tag_links(html, SITE, UTM)
    assert (
        f'href="{SITE}/posts/one/?ref=x&amp;utm_source=newsletter&amp;utm_medium=email'
        '&amp;utm_campaign=specials-2026-04"' in out
    )
    assert 'href="https://other.example/"' in out


def test_with_params_replaces_existing_keys() -> None:
    assert with_params(f"{SITE}/?utm_source=x&a=1", {"utm_source": "y"}) == (
        f"{SITE}/?a=1&utm_source=y"
    )


def test_inline_css_inlines_rules_and_keeps_media_queries() -> None:
    html = (
        "<html><head><style>p { color: #123456; } "
        "@media (prefers-color-scheme: dark) { p { color: #fff !important; } }</style></head>"
        "<body><p>Hi</p></body></html>"
    )
    # css-inline with minify_css=True: the inlined declarations are minified, the kept
    # @media block is not.
    assert inline_css(html) == (
        "<html><head><style>@media (prefers-color-scheme: dark) "
        "{ p { color: #fff !important; } } </style></head>"
        '<body><p style="color:#123456">Hi</p></body></html>'
    )


def test_problems_found(tmp_path) -> None:
    (tmp_path / "posts/one").mkdir(parents=True)
    (tmp_path / "posts/one/index.html").write_text("ok")
    good = (
        f'<a href="{SITE}/posts/one/?utm_source=n">x</a> *|UNSUB|* '
        '<img src="a.png" alt="" width="1" height="1">'
    )
    assert email_problems(good, "Subject", SITE, tmp_path) == []

    bad = (
        f'<a href="{SITE}/posts/gone/">x</a><img src="b.png" width="1" height="1">'
        '<img src="c.png" alt="c">' + "x" * 92_160  # with the rest: over 90 KB
    )
    problems = " | ".join(email_problems(bad, "S" * 151, SITE, tmp_path))
    assert "Gmail clips" in problems
    assert "no unsubscribe link" in problems
    assert "151 characters" in problems
    assert "(b.png, line 1) has no alt text" in problems
    assert "(c.png, line 1) has no width and height" in problems
    assert f"does not exist: {SITE}/posts/gone/" in problems


def test_html_to_text_keeps_paragraphs_lists_and_links() -> None:
    html = '<p>Book <a href="https://c.example/b">here</a>.</p><ul><li>One</li><li>Two</li></ul>'
    assert html_to_text(html) == "Book here (https://c.example/b).\n\n- One\n- Two"


def test_editions_one_per_month_with_a_special_up_to_the_build_month() -> None:
    specials = [
        SimpleNamespace(month=m, title=f"T{m}", offer="Offer")
        for m in ("2026-03", "2026-04", "2026-05")
    ]
    posts = [
        SimpleNamespace(title="April", date=dt.datetime(2026, 4, 6, 9)),
        SimpleNamespace(title="March", date=dt.datetime(2026, 3, 2, 9)),
        SimpleNamespace(title="February", date=dt.datetime(2026, 2, 20, 9)),
    ]
    editions = build_editions(specials, posts, dt.date(2026, 4, 10), "Site")
    assert [e.month for e in editions] == ["2026-04", "2026-03"]  # May's is not public yet
    # Since the March edition: March's posts; April's wait for the next edition.
    assert [p.title for p in editions[0].posts] == ["March"]
    assert [p.title for p in editions[1].posts] == ["February"]  # the first: the month before
    assert editions[0].campaign_title == "specials-2026-04"
    assert editions[0].subject == "The April 2026 special: Offer"
    assert editions[0].preview_text == "New on the blog: March"
    assert editions[0].url == "newsletter/2026-04/"
