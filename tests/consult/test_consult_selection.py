"""Which CTA and which special a post gets: pure, no Pelican."""

from __future__ import annotations

import datetime as dt

import pytest

from coach_consult.model import Cta, Link, Special, topic_keys
from coach_consult.selection import (
    UnknownCta,
    active_special,
    choose_cta,
    current_special,
    upcoming_specials,
)


def cta(name: str, tags: str = "", categories: str = "") -> Cta:
    return Cta(
        name=name,
        headline=name.title(),
        body="<p>Body</p>",
        button="Go",
        link=Link("email"),
        tags=topic_keys(tags.split(",")),
        categories=topic_keys(categories.split(",")),
    )


CTAS = {
    "general": cta("general"),
    "interviews": cta("interviews", tags="interviews", categories="Interviews"),
    "resumes": cta("resumes", tags="resumes, cover letters"),
    "changers": cta("changers", tags="career change, resumes"),
}


def special(month: str, start: str | None = None, end: str | None = None, topics: str = ""):
    first = dt.date.fromisoformat(f"{month}-01")
    return Special(
        month=month,
        title=f"{month} special",
        offer="An offer.",
        valid_from=dt.date.fromisoformat(start) if start else first,
        valid_until=dt.date.fromisoformat(end) if end else first.replace(day=28),
        topics=topic_keys(topics.split(",")),
    )


def test_front_matter_beats_rules() -> None:
    chosen = choose_cta(CTAS, requested="resumes", tags=["interviews"], category="Interviews")
    assert chosen is CTAS["resumes"]


def test_front_matter_is_case_insensitive_and_none_turns_off() -> None:
    assert choose_cta(CTAS, requested=" Interviews ") is CTAS["interviews"]
    assert choose_cta(CTAS, requested="none", tags=["interviews"]) is None
    assert choose_cta(CTAS, requested="NONE") is None


def test_tag_rule_beats_default() -> None:
    assert choose_cta(CTAS, requested=None, tags=["Interviews", "hiring"]) is CTAS["interviews"]


def test_category_rule_matches_loosely() -> None:
    assert choose_cta(CTAS, requested=None, category="interviews") is CTAS["interviews"]


def test_tags_compare_by_slug() -> None:
    assert choose_cta(CTAS, requested=None, tags=["Cover-Letters"]) is CTAS["resumes"]


def test_most_matching_rules_win_then_name() -> None:
    both = choose_cta(CTAS, requested=None, tags=["resumes", "career change"])
    assert both is CTAS["changers"]  # two hits beat one
    tie = choose_cta(CTAS, requested=None, tags=["resumes"])
    assert tie is CTAS["changers"]  # one hit each: first by name, whatever the dict order
    reordered = dict(reversed(list(CTAS.items())))
    assert choose_cta(reordered, requested=None, tags=["resumes"]) is CTAS["changers"]


def test_no_rule_gives_the_default() -> None:
    assert choose_cta(CTAS, requested=None, tags=["salary"], category="Money") is CTAS["general"]
    assert choose_cta(CTAS, requested=None, default="resumes") is CTAS["resumes"]


def test_unknown_name_suggests_the_close_one() -> None:
    with pytest.raises(UnknownCta) as caught:
        choose_cta(CTAS, requested="interview")
    assert "did you mean 'interviews'" in str(caught.value)
    assert "general" in str(caught.value)


def test_missing_default_is_an_error() -> None:
    with pytest.raises(UnknownCta):
        choose_cta({"resumes": CTAS["resumes"]}, requested=None)


APRIL = special("2026-04", end="2026-04-30")
MAY_TOPICAL = special("2026-05", end="2026-05-31", topics="resumes")
JUNE = special("2026-06", start="2026-06-10", end="2026-06-20")
SPECIALS = (APRIL, MAY_TOPICAL, JUNE)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-31", None),
        ("2026-04-01", APRIL),
        ("2026-04-10", APRIL),
        ("2026-04-30", APRIL),  # the last day is included
        ("2026-06-09", None),
        ("2026-06-20", JUNE),
        ("2026-06-21", None),
    ],
)
def test_the_special_is_the_one_whose_window_holds_the_day(day: str, expected) -> None:
    assert active_special(SPECIALS, dt.date.fromisoformat(day)) is expected


def test_a_special_with_topics_shows_only_on_matching_posts() -> None:
    day = dt.date(2026, 5, 10)
    assert active_special(SPECIALS, day, ["interviews"]) is None
    assert active_special(SPECIALS, day, ["Resumes"]) is MAY_TOPICAL
    assert active_special(SPECIALS, day, None) is MAY_TOPICAL  # pages show any
    assert active_special(SPECIALS, dt.date(2026, 4, 10), ["anything"]) is APRIL


def test_current_and_upcoming() -> None:
    day = dt.date(2026, 4, 10)
    assert current_special(SPECIALS, day) is APRIL
    assert upcoming_specials(SPECIALS, day) == [MAY_TOPICAL, JUNE]
    assert upcoming_specials(SPECIALS, dt.date(2026, 7, 1)) == []


def test_special_window_in_the_time_zone() -> None:
    ends = APRIL.ends_at("America/New_York")
    assert ends.isoformat() == "2026-04-30T23:59:59-04:00"
    assert APRIL.starts_at("America/New_York").isoformat() == "2026-04-01T00:00:00-04:00"
    assert APRIL.month_name == "April"
