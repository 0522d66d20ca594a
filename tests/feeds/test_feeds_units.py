"""Pure parts of the feeds: absolute links, Atom ids, the feed document itself."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import feedparser

from coach_feeds.channel import Channel, render_feed
from coach_feeds.items import FeedItem, tag_uri
from coachsite.links import absolutize_html

BASE = "https://example.com/posts/one/"
NY = ZoneInfo("America/New_York")


def test_relative_links_and_images_become_absolute() -> None:
    fragment = (
        '<p><a href="../two/">two</a> <a href="/about/">about</a> <a href=#notes>notes</a>'
        '<img src=\'../../images/a.png\' alt="a"> <img srcset="a.png 1x, /b.png 2x" src=x.png>'
    )
    assert absolutize_html(fragment, BASE) == (
        '<p><a href="https://example.com/posts/two/">two</a> '
        '<a href="https://example.com/about/">about</a> '
        '<a href="https://example.com/posts/one/#notes">notes</a>'
        "<img src='https://example.com/images/a.png' alt=\"a\"> "
        '<img srcset="https://example.com/posts/one/a.png 1x, https://example.com/b.png 2x" '
        'src="https://example.com/posts/one/x.png">'
    )


def test_everything_else_is_left_byte_for_byte() -> None:
    fragment = (
        '<p class="x">caf&eacute; &#109;&#101; at &#103;</p>\r\n<!-- <a href="no"> -->'
        '<a href="https://other.org/?a=1&amp;b=2">x</a><a href="mailto:&#109;e@x">m</a>'
        '<span data-email="bWU=">z</span><a title="href=no">t</a>'
    )
    assert absolutize_html(fragment, BASE) == fragment


def test_escaped_query_strings_stay_escaped() -> None:
    assert absolutize_html('<a href="?a=1&amp;b=2">q</a>', BASE) == (
        '<a href="https://example.com/posts/one/?a=1&amp;b=2">q</a>'
    )


def test_tag_uri_is_built_from_host_date_and_path() -> None:
    published = dt.datetime(2026, 4, 6, 9, tzinfo=NY)
    assert tag_uri("https://www.example.com", published, "posts/x/") == (
        "tag:www.example.com,2026-04-06:/posts/x/"
    )


def item(number: int, day: int) -> FeedItem:
    date = dt.datetime(2026, 4, day, 9, tzinfo=NY)
    return FeedItem(
        title=f"Post & {number}",
        url=f"https://example.com/posts/{number}/",
        atom_id=f"tag:example.com,2026-04-{day:02d}:/posts/{number}/",
        published=date,
        updated=date + dt.timedelta(days=1),
        authors=("The Coach",),
        categories=("Interviews", "hiring"),
        summary="Short &lt;summary&gt;",
        content='<p>Full <a href="https://example.com/">text</a></p>',
    )


CHANNEL = Channel("Site", "About the site", "https://example.com/", "en", "The Coach")


def test_rss_and_atom_documents_from_items() -> None:
    items = [item(2, 8), item(1, 6)]
    updated = items[0].updated
    for kind in ("rss", "atom"):
        xml = render_feed(CHANNEL, items, kind, f"https://example.com/{kind}.xml", updated)
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, kind
        assert [e.title for e in parsed.entries] == ["Post & 2", "Post & 1"]
        assert parsed.entries[0].content[0].value.startswith("<p>Full <a href=")
        # HTML whose text is the summary: a "<" in it is shown, not taken for a tag
        assert parsed.entries[0].summary == "Short &lt;summary&gt;"
    rss = render_feed(CHANNEL, items, "rss", "https://example.com/rss.xml", updated).decode()
    assert "<lastBuildDate>Thu, 09 Apr 2026 09:00:00 -0400</lastBuildDate>" in rss
    assert '<guid isPermaLink="true">https://example.com/posts/2/</guid>' in rss
    assert "<dc:creator>The Coach</dc:creator>" in rss
    assert "<author>" not in rss  # RSS <author> must be an e-mail address: none is published
    atom = render_feed(CHANNEL, items, "atom", "https://example.com/atom.xml", updated).decode()
    assert "<id>tag:example.com,2026-04-08:/posts/2/</id>" in atom
    assert "<updated>2026-04-09T09:00:00-04:00</updated>" in atom


def test_same_input_gives_the_same_bytes() -> None:
    items = [item(1, 6)]
    first = render_feed(CHANNEL, items, "rss", "https://example.com/rss.xml", items[0].updated)
    second = render_feed(CHANNEL, items, "rss", "https://example.com/rss.xml", items[0].updated)
    assert first == second
