"""Specials that overlap (one shared day is enough), and specials whose topics no post has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from special_helpers import field, special

from coach_consult import validation as check
from coach_consult.errors import ConsultError

# Overlaps


def test_two_specials_sharing_exactly_one_day_overlap() -> None:
    april = special("2026-04", "2026-04-01", "2026-05-01")
    may = special("2026-05", "2026-05-01", "2026-05-31")
    with pytest.raises(ConsultError) as caught:
        check.check_overlaps([may, april])
    assert str(caught.value) == (
        "content/specials/2026-05.md: this special (2026-05-01 to 2026-05-31) overlaps "
        "content/specials/2026-04.md (2026-04-01 to 2026-05-01); change their "
        "Valid_from/Valid_until so that only one runs on any day."
    )


def test_one_day_specials_on_following_days_do_not_overlap() -> None:
    check.check_overlaps(
        [
            special("2026-05", "2026-05-01", "2026-05-01"),
            special("2026-04", "2026-04-30", "2026-04-30"),
        ]
    )


def test_a_special_inside_another_overlaps_it() -> None:
    april = special("2026-04", "2026-04-01", "2026-04-30")
    inner = special("2026-05", "2026-04-10", "2026-04-10")
    with pytest.raises(ConsultError) as caught:
        check.check_overlaps([april, inner])
    assert caught.value.path == Path("content/specials/2026-05.md")
    assert caught.value.message.startswith(
        "this special (2026-04-10 to 2026-04-10) overlaps content/specials/2026-04.md "
        "(2026-04-01 to 2026-04-30);"
    )


def test_one_special_or_none_cannot_overlap() -> None:
    check.check_overlaps([])
    check.check_overlaps([special("2026-04", "2026-04-01", "2026-04-30")])


# Topics


def test_specials_whose_topics_match_no_post_and_are_not_over() -> None:
    today = dt.date(2026, 4, 10)
    no_topics = special("2026-03", "2026-03-01", "2026-03-31")
    matched = special("2026-04", "2026-04-01", "2026-04-30", "Job search")
    lost = special("2026-05", "2026-05-01", "2026-05-31", "negotiation")
    over = special("2026-02", "2026-02-01", "2026-02-28", "negotiation")
    ends_today = special("2026-06", "2026-04-01", "2026-04-10", "salary")
    found = check.unmatched_topics(
        [no_topics, matched, lost, over, ends_today], ["job-search", "Interviews"], today
    )
    assert found == [lost, ends_today]


def test_no_special_is_unmatched_when_posts_carry_its_topics() -> None:
    april = special("2026-04", "2026-04-01", "2026-04-30", "salary, interviews")
    assert check.unmatched_topics([april], ["Salary"], dt.date(2026, 4, 10)) == []


def test_topics_warning_names_file_line_topics_and_the_close_names() -> None:
    april = special("2026-04", "2026-04-01", "2026-04-30", "interveiws, resume")
    topics = ["Interviews", "Resumes", "Career change", "interviews"]
    message = check.topics_warning(april, field("topics", "interveiws, resume", 6), topics)
    assert message == (
        "content/specials/2026-04.md:6: the Topics ('interveiws', 'resume') match no post's "
        "tags or category, so no post shows this special. Did you mean 'interviews' or "
        "'Resumes'? The posts' tags and categories are: Career change, interviews, Resumes. "
        "Remove the 'Topics:' line to show it on every post."
    )


def test_topics_warning_without_posts_or_a_line() -> None:
    april = special("2026-04", "2026-04-01", "2026-04-30", "salary")
    assert check.topics_warning(april, None, []) == (
        "content/specials/2026-04.md: the Topics ('salary') match no post's tags or category, "
        "so no post shows this special. No post has tags yet. Remove the 'Topics:' line to "
        "show it on every post."
    )


def test_topics_warning_lists_twelve_names_and_counts_the_rest() -> None:
    april = special("2026-04", "2026-04-01", "2026-04-30", "zzzz")
    names = [f"topic {letter}" for letter in "abcdefghijklmn"]  # 14
    message = check.topics_warning(april, field("topics", "zzzz", 4), [" ", *names])
    shown = ", ".join(names[:12])
    assert message == (
        "content/specials/2026-04.md:4: the Topics ('zzzz') match no post's tags or category, "
        f"so no post shows this special. The posts' tags and categories are: {shown} and 2 "
        "more. Remove the 'Topics:' line to show it on every post."
    )
