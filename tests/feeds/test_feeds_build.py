"""The built feeds: valid, absolute, complete, and carrying the call to action."""

from __future__ import annotations

import html
import re
from pathlib import Path

import feedparser
from conftest import Project

SEED_URL = "https://www.midlifecareerstrategy.com/posts/pseudo-interviews/"
RAW_ADDRESSES = ("midlifecareerstrategy@gmail.com", "midlifecareerstrategy (a) gmail.com")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
URL_ATTRIBUTE = re.compile(r"""\s(?:href|src|poster|cite|action)\s*=\s*["']([^"']*)["']""", re.I)
ABSOLUTE = re.compile(r"^(https?://[^/\s]+/|mailto:|tel:)")


def feed_files(site: Project) -> list[Path]:
    return sorted((site.output / "feeds").rglob("*.xml"))


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path.name}: {parsed.get('bozo_exception')}"
    return parsed


def test_all_category_and_tag_feeds_exist(april_site: Project) -> None:
    names = {str(p.relative_to(april_site.output / "feeds")) for p in feed_files(april_site)}
    assert {"all.atom.xml", "all.rss.xml", "category/interviews.atom.xml",
            "category/interviews.rss.xml", "tag/interviews.rss.xml",
            "tag/job-search.atom.xml", "tag/hiring.rss.xml"} <= names  # fmt: skip


def test_every_feed_parses_without_bozo(april_site: Project) -> None:
    files = feed_files(april_site)
    assert len(files) >= 8
    for path in files:
        parsed = parse(path)
        assert parsed.version in {"rss20", "atom10"}, path.name
        assert parsed.entries, path.name


def test_rss_channel_and_items(april_site: Project) -> None:
    xml = (april_site.output / "feeds/all.rss.xml").read_text("utf-8")
    parsed = parse(april_site.output / "feeds/all.rss.xml")
    channel = parsed.feed
    assert channel.title == "Midlife Career Strategy"
    assert channel.link == "https://www.midlifecareerstrategy.com/"
    assert channel.language == "en"
    assert channel.subtitle.startswith("Straight talk on interviews")
    assert channel.image.href == "https://www.midlifecareerstrategy.com/theme/images/logo.png"
    self_link = '<atom:link href="{}" rel="self" type="application/rss+xml"/>'
    assert self_link.format("https://www.midlifecareerstrategy.com/feeds/all.rss.xml") in xml
    entry = next(e for e in parsed.entries if e.link == SEED_URL)
    assert entry.title == "Pseudo-Interviews: When the Interview Was Never Real"
    assert entry.id == SEED_URL
    assert f'<guid isPermaLink="true">{SEED_URL}</guid>' in xml
    assert entry.author == "Midlife Career Strategy"
    assert [t.term for t in entry.tags] == ["Interviews", "interviews", "job search", "hiring"]
    assert entry.summary.startswith("Getting interviews, even second interviews")
    assert "Boston" in entry.content[0].value  # the whole post, not the summary


def test_atom_ids_are_stable_tag_uris(april_site: Project) -> None:
    parsed = parse(april_site.output / "feeds/all.atom.xml")
    assert parsed.feed.id == "https://www.midlifecareerstrategy.com/"
    entry = next(e for e in parsed.entries if e.link == SEED_URL)
    assert entry.id == "tag:www.midlifecareerstrategy.com,2026-04-06:/posts/pseudo-interviews/"
    assert entry.published == "2026-04-06T09:00:00-04:00"
    assert entry.author_detail.name == "Midlife Career Strategy"


def test_dates_are_rfc822_in_rss_and_rfc3339_in_atom(april_site: Project) -> None:
    for path in feed_files(april_site):
        xml = path.read_text("utf-8")
        if path.name.endswith(".rss.xml"):
            dates = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]*)<", xml)
            pattern = RFC822
        else:
            dates = re.findall(r"<(?:updated|published)>([^<]*)<", xml)
            pattern = RFC3339
        assert dates, path.name
        assert all(pattern.match(d) for d in dates), (path.name, dates)


def test_last_build_date_is_the_newest_item_not_the_clock(april_site: Project) -> None:
    xml = (april_site.output / "feeds/all.rss.xml").read_text("utf-8")
    last_build = re.search(r"<lastBuildDate>([^<]*)<", xml)[1]
    newest = re.findall(r"<pubDate>([^<]*)<", xml)[0]
    assert last_build == newest == "Mon, 06 Apr 2026 09:00:00 -0400"
    atom = (april_site.output / "feeds/all.atom.xml").read_text("utf-8")
    assert re.search(r"<updated>([^<]*)<", atom)[1] == "2026-04-06T09:00:00-04:00"


def test_ids_are_unique_in_each_feed(april_site: Project) -> None:
    for path in feed_files(april_site):
        ids = [entry.id for entry in parse(path).entries]
        assert len(ids) == len(set(ids)), path.name


def test_no_relative_url_anywhere(april_site: Project) -> None:
    for path in feed_files(april_site):
        parsed = parse(path)
        xml = path.read_text("utf-8")
        links = [parsed.feed.link, *(link.href for link in parsed.feed.get("links", []))]
        for entry in parsed.entries:
            links += [entry.link, *(link.href for link in entry.links)]
            for content in entry.get("content", []):
                links += URL_ATTRIBUTE.findall(content.value)
        links += re.findall(r'href="([^"]*)"', xml)  # atom:link / <link href>
        assert links
        relative = [link for link in links if not ABSOLUTE.match(link)]
        assert relative == [], path.name


def test_items_carry_the_post_as_published(april_site: Project) -> None:
    page = april_site.read("posts/pseudo-interviews/index.html")
    xml = (april_site.output / "feeds/all.atom.xml").read_text("utf-8")
    parsed = parse(april_site.output / "feeds/all.atom.xml")
    content = next(e for e in parsed.entries if e.link == SEED_URL).content[0].value
    assert "One of the most common questions I get goes like this:" in content
    # plugins/coach_consult puts its block in the post, and the feed carries it along
    assert '<aside class="cta"' in page
    assert '<aside class="cta"' in content
    # the address stays cloaked: feedparser drops data-* attributes, so read the XML
    cloaked = re.search(r'<span class="email" data-email="[^"]+"[^>]*>.*?</span>', page)
    assert cloaked is not None, "the post's CTA has no cloaked email address"
    assert html.escape(cloaked[0], quote=False) in xml


def test_consult_plugin_puts_its_block_in_the_seed_post(april_site: Project) -> None:
    from coachsite.build import load_settings

    assert "coach_consult" in load_settings(april_site.root / "pelicanconf.py")["PLUGINS"]
    assert '<aside class="cta"' in april_site.read("posts/pseudo-interviews/index.html")


def test_no_raw_address_in_any_feed(april_site: Project) -> None:
    for path in feed_files(april_site):
        xml = path.read_text("utf-8")
        parsed = parse(path)
        texts = [xml] + [c.value for e in parsed.entries for c in e.get("content", [])]
        texts += [e.get("summary", "") for e in parsed.entries]
        for text in texts:
            for address in RAW_ADDRESSES:
                assert address not in text, path.name
