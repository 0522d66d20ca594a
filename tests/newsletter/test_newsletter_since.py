"""A real build on January 1: the edition lists the posts since the last one; prices read
with their currency in the email, its plain text and on the site alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Project
from newsletter_fixtures import artifacts, fixture_site, post, special

JANUARY_1 = "2027-01-01"
LISTED = ["Dec 17 post", "Dec 3 post", "Nov 12 post", "Oct 15 post"]  # newest first
POSTS = {
    "2026-09-28-sep.md": post("sep-28", "2026-09-28 09:00", "Sep 28 post"),
    "2026-10-15-oct.md": post("oct-15", "2026-10-15 09:00", "Oct 15 post"),
    "2026-11-12-nov.md": post("nov-12", "2026-11-12 09:00", "Nov 12 post"),
    "2026-12-03-dec.md": post("dec-03", "2026-12-03 09:00", "Dec 3 post"),
    "2026-12-17-dec.md": post("dec-17", "2026-12-17 09:00", "Dec 17 post"),
    "2027-01-01-jan.md": post("jan-01", "2027-01-01 08:00", "Jan 1 post"),
    "2026-12-20-draft.md": post(
        "dec-draft", "2026-12-20 09:00", "Dec draft", extra="Status: draft\n"
    ),
    "2027-01-12-later.md": post("jan-12", "2027-01-12 09:00", "Scheduled Jan 12 post"),
}
SPECIALS = {
    # No special in November or December: January's edition is the next after October's.
    "2026-10": special("2026-10", "October special", "A free first call.", "0"),
    "2027-01": special("2027-01", "January special", "A resume review.", "95"),
}
NEVER = ["Sep 28 post", "Jan 1 post", "Dec draft", "Scheduled Jan 12 post"]


@pytest.fixture(scope="module")
def january(tmp_path_factory: pytest.TempPathFactory) -> Project:
    site = fixture_site(tmp_path_factory.mktemp("january") / "site", POSTS, SPECIALS)
    site.build(site_date=JANUARY_1)
    return site


def titles_in_order(text: str, titles: list[str]) -> list[str]:
    found = [(text.find(title), title) for title in titles if title in text]
    return [title for _, title in sorted(found)]


def test_january_email_lists_the_posts_since_the_october_edition(january: Project) -> None:
    html, text, campaign = artifacts(january, "2027-01")
    for part in (html, text):
        assert titles_in_order(part, LISTED + NEVER) == LISTED
    assert "New on the blog\n---------------" in text
    assert campaign["preview_text"].startswith("New on the blog: Dec 17 post; Dec 3 post")
    edition = january.read("newsletter/2027-01/index.html")
    section = edition.split('id="new-on-the-blog"', 1)[1]
    assert titles_in_order(section, LISTED + NEVER) == LISTED


def test_the_october_edition_keeps_its_own_posts(january: Project) -> None:
    html, text, _ = artifacts(january, "2026-10")
    for part in (html, text):
        assert titles_in_order(part, LISTED + NEVER) == ["Sep 28 post"]


def test_the_price_reads_with_its_currency_everywhere(january: Project) -> None:
    html, text, _ = artifacts(january, "2027-01")
    assert re.search(r'<p class="price"[^>]*>Price: \$95</p>', html)
    assert "\nPrice: $95\n" in text
    assert '<p class="price">Price: $95</p>' in january.read("newsletter/2027-01/index.html")
    assert "Price: $95." in january.read("specials/index.html")
    assert "Price: $95." in january.read("posts/jan-01/index.html")  # the CTA block
    for part in (html, text):
        assert not re.search(r"(?<![$\d,.])95(?![\d,.])", part.replace("$95", ""))


def test_a_price_of_zero_reads_free(january: Project) -> None:
    html, text, _ = artifacts(january, "2026-10")
    assert re.search(r'<p class="price"[^>]*>Price: free</p>', html)
    assert "\nPrice: free\n" in text
    assert '<p class="price">Price: free</p>' in january.read("newsletter/2026-10/index.html")


def test_the_currency_setting_changes_every_price(tmp_path: Path) -> None:
    site = fixture_site(tmp_path / "site", POSTS, SPECIALS)
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + '\nSPECIALS_CURRENCY = "EUR"\n', "utf-8")
    site.build(site_date=JANUARY_1)
    html, text, _ = artifacts(site, "2027-01")
    assert "Price: €95" in html and "\nPrice: €95\n" in text
    assert "Price: €95." in site.read("specials/index.html")
    assert '"priceCurrency": "EUR"' in site.read("specials/index.html")
    assert "$95" not in html + text + site.read("posts/jan-01/index.html")
