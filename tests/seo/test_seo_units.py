"""Pure helpers: the site's absolute address, page addresses, the build-date boundary."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from coach_future_posts.future import is_future
from coachsite.errors import CoachError
from coachsite.urls import absolute_siteurl, absolute_url, page_path

NY = ZoneInfo("America/New_York")


def test_public_address_wins_and_loses_its_trailing_slash() -> None:
    settings = {"SITE_PUBLIC_URL": "https://example.com/", "SITEURL": ""}
    assert absolute_siteurl(settings) == "https://example.com"
    assert absolute_siteurl({"SITEURL": "https://prod.example.com"}) == "https://prod.example.com"


@pytest.mark.parametrize("value", ["", "www.example.com", "/blog", "ftp://example.com"])
def test_a_relative_public_address_is_a_clear_mistake(value: str) -> None:
    with pytest.raises(CoachError, match=r"pelicanconf\.py: SITE_PUBLIC_URL=.* not an absolute"):
        absolute_siteurl({"SITE_PUBLIC_URL": value, "SITEURL": ""})


def test_paths_and_addresses() -> None:
    assert page_path("index.html") == ""
    assert page_path("tag/x/index.html") == "tag/x/"
    assert page_path("404.html") == "404.html"
    assert absolute_url("https://example.com", "/posts/x/") == "https://example.com/posts/x/"
    assert absolute_url("https://example.com/", "mailto:a@b") == "mailto:a@b"


def test_future_means_after_the_last_instant_of_the_build_date() -> None:
    day = dt.date(2026, 4, 10)
    assert not is_future(dt.datetime(2026, 4, 10, 23, 59, tzinfo=NY), day, "America/New_York")
    assert is_future(dt.datetime(2026, 4, 11, 0, 0, tzinfo=NY), day, "America/New_York")
    # 02:00 UTC on the 11th is still the 10th in New York
    utc = dt.datetime(2026, 4, 11, 2, 0, tzinfo=dt.UTC)
    assert not is_future(utc, day, "America/New_York")
    assert not is_future(dt.datetime(2026, 4, 10, 12), day, "America/New_York")  # naive
