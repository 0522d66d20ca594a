"""The edges of choosing a CTA and a special: exact messages, first days, one-day specials."""

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


def cta(name: str, tags: str = "") -> Cta:
    return Cta(
        name=name,
        headline=name.title(),
        body="<p>Body</p>",
        button="Go",
        link=Link("email"),
        tags=topic_keys(tags.split(",")),
    )


def special(start: str, end: str, topics: str = "") -> Special:
    first = dt.date.fromisoformat(start)
    return Special(
        month=start[:7],
        title=f"{start} special",
        offer="An offer.",
        valid_from=first,
        valid_until=dt.date.fromisoformat(end),
        topics=topic_keys(topics.split(",")),
    )


CTAS = {"general": cta("general"), "resumes": cta("resumes", "resumes"), "zoom": cta("zoom")}


def test_an_unknown_cta_is_named_with_the_file_and_every_choice_sorted() -> None:
    with pytest.raises(UnknownCta) as caught:
        choose_cta({"zoom": CTAS["zoom"], "general": CTAS["general"]}, requested="resumes")
    assert str(caught.value) == (
        "there is no call-to-action 'resumes' (no content/ctas/resumes.md); "
        "use one of: general, zoom, or 'none' for no block."
    )
    assert caught.value.name == "resumes"


def test_an_unknown_cta_suggests_only_the_closest_name() -> None:
    known = {name: cta(name) for name in ("resumes", "interviews", "general")}
    with pytest.raises(UnknownCta) as caught:
        choose_cta(known, requested="resumez")
    assert str(caught.value) == (
        "there is no call-to-action 'resumez' (no content/ctas/resumez.md); "
        "did you mean 'resumes'? use one of: general, interviews, resumes, or 'none' for no block."
    )


def test_a_missing_default_is_named_like_an_unknown_cta() -> None:
    with pytest.raises(UnknownCta) as caught:
        choose_cta({"resumes": CTAS["resumes"]}, requested=None, tags=["salary"])
    assert caught.value.name == "general"
    assert "(no content/ctas/general.md)" in str(caught.value)


def test_an_empty_request_means_the_rules_decide() -> None:
    assert choose_cta(CTAS, requested="", tags=["resumes"]) is CTAS["resumes"]
    assert choose_cta(CTAS, requested=None) is CTAS["general"]


APRIL = special("2026-04-01", "2026-04-30")
MAY = special("2026-05-01", "2026-05-31", topics="resumes")
ONE_DAY = special("2026-06-15", "2026-06-15")


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2026-06-14", None), ("2026-06-15", ONE_DAY), ("2026-06-16", None)],
)
def test_a_one_day_special_runs_on_that_day_only(day: str, expected: Special | None) -> None:
    assert current_special([APRIL, ONE_DAY], dt.date.fromisoformat(day)) is expected


def test_on_its_first_day_a_special_is_current_and_not_also_upcoming() -> None:
    first = dt.date(2026, 5, 1)
    assert current_special([APRIL, MAY, ONE_DAY], first) is MAY
    assert upcoming_specials([ONE_DAY, MAY, APRIL], first) == [ONE_DAY]
    assert upcoming_specials([ONE_DAY, MAY, APRIL], dt.date(2026, 4, 30)) == [MAY, ONE_DAY]


def test_on_a_day_two_specials_share_the_first_listed_is_shown() -> None:
    # The build refuses overlapping files (validation); the choice itself is still by order.
    ends_may_first = special("2026-04-20", "2026-05-01")
    day = dt.date(2026, 5, 1)
    assert current_special([ends_may_first, MAY], day) is ends_may_first
    assert current_special([MAY, ends_may_first], day) is MAY
    assert current_special([ends_may_first, MAY], dt.date(2026, 5, 2)) is MAY


def test_a_page_or_a_call_without_topics_shows_a_special_with_topics() -> None:
    day = dt.date(2026, 5, 10)
    assert current_special([MAY], day) is MAY
    assert active_special([MAY], day) is MAY  # topics left out: any special
    assert active_special([MAY], day, []) is None  # a post without tags: not a topical one
    assert active_special([MAY], dt.date(2026, 6, 1)) is None


def test_a_topical_special_needs_a_shared_topic_and_its_window() -> None:
    may_topical = special("2026-05-01", "2026-05-31", topics="resumes")
    assert active_special([may_topical], dt.date(2026, 5, 10), ["Resumes"]) is may_topical
    assert active_special([may_topical], dt.date(2026, 6, 10), ["Resumes"]) is None
    assert active_special([may_topical], dt.date(2026, 5, 10), ["salary"]) is None
