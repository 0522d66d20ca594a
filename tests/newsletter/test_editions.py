"""What each edition lists: the posts published since the previous edition (pure functions)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from coach_newsletter.editions import build_editions, month_before

JAN_1 = dt.date(2027, 1, 1)


def specials(*months: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(month=m, title=f"{m} special", offer="Offer") for m in months]


def article(title: str, *when: int, status: str = "published") -> SimpleNamespace:
    return SimpleNamespace(title=title, date=dt.datetime(*when), status=status)


def listed(editions: list, month: str) -> list[str]:
    (edition,) = [e for e in editions if e.month == month]
    return [post.title for post in edition.posts]


def test_the_january_edition_built_on_january_1_lists_decembers_posts() -> None:
    posts = [
        article("Dec 3", 2026, 12, 3, 9),
        article("Dec 31, late", 2026, 12, 31, 23, 30),
        article("Jan 1", 2027, 1, 1, 8),  # this month's: the next edition's
        article("Nov 30", 2026, 11, 30, 9),  # November's edition already listed it
    ]
    editions = build_editions(specials("2026-12", "2027-01"), posts, JAN_1, "Site")
    assert listed(editions, "2027-01") == ["Dec 31, late", "Dec 3"]  # newest first
    assert listed(editions, "2026-12") == ["Nov 30"]
    january = editions[0]
    assert (january.since, january.previous) == (dt.date(2026, 12, 1), "2026-12")


def test_months_without_a_special_are_covered_by_the_next_edition() -> None:
    posts = [
        article("Sep 30", 2026, 9, 30, 9),
        article("Oct 1", 2026, 10, 1, 0, 0),
        article("Nov 14", 2026, 11, 14, 9),
        article("Dec 20", 2026, 12, 20, 9),
    ]
    editions = build_editions(specials("2026-10", "2027-01"), posts, JAN_1, "Site")
    assert listed(editions, "2027-01") == ["Dec 20", "Nov 14", "Oct 1"]
    assert listed(editions, "2026-10") == ["Sep 30"]


def test_the_first_edition_lists_the_month_before_it() -> None:
    posts = [
        article("Mar 31", 2026, 3, 31, 9),
        article("Mar 1", 2026, 3, 1, 9),
        article("Feb 28", 2026, 2, 28, 9),
        article("Apr 2", 2026, 4, 2, 9),
    ]
    (april,) = build_editions(specials("2026-04"), posts, dt.date(2026, 4, 10), "Site")
    assert [p.title for p in april.posts] == ["Mar 31", "Mar 1"]
    assert (april.since, april.previous) == (dt.date(2026, 3, 1), None)


def test_every_post_is_in_exactly_one_edition() -> None:
    posts = [article(f"{m}-{d}", 2026, m, d, 9) for m in range(1, 13) for d in (1, 15, 28)]
    months = ("2026-02", "2026-03", "2026-06", "2026-07", "2026-11", "2027-01")
    editions = build_editions(specials(*months), posts, JAN_1, "Site")
    seen = [post.title for edition in editions for post in edition.posts]
    # The first edition starts on January 1 (the month before February); the last ends on
    # December 31: every 2026 post is listed, none twice.
    assert sorted(seen) == sorted(post.title for post in posts)
    assert len(seen) == len(set(seen)) == 36


def test_drafts_and_hidden_posts_are_never_listed() -> None:
    posts = [
        article("Published", 2026, 12, 2, 9),
        article("Draft", 2026, 12, 3, 9, status="draft"),
        article("Hidden", 2026, 12, 4, 9, status="hidden"),
    ]
    (january,) = build_editions(specials("2027-01"), posts, JAN_1, "Site")
    assert [p.title for p in january.posts] == ["Published"]


def test_an_edition_does_not_change_while_its_month_runs() -> None:
    posts = [article("Dec", 2026, 12, 2, 9), article("Jan", 2027, 1, 10, 9)]
    for day in (1, 15, 31):
        (january,) = build_editions(specials("2027-01"), posts, dt.date(2027, 1, day), "Site")
        assert [p.title for p in january.posts] == ["Dec"]


def test_no_edition_before_its_month() -> None:
    editions = build_editions(specials("2026-12", "2027-01"), [], dt.date(2026, 12, 31), "Site")
    assert [e.month for e in editions] == ["2026-12"]


def test_preview_text_names_the_posts_or_the_special() -> None:
    posts = [article("One", 2026, 12, 2, 9), article("Two", 2026, 12, 9, 9)]
    (january,) = build_editions(specials("2027-01"), posts, JAN_1, "Coach")
    assert january.preview_text == "New on the blog: Two; One"
    (empty,) = build_editions(specials("2027-01"), [], JAN_1, "Coach")
    assert empty.preview_text == "2027-01 special, and how to book a consultation with Coach"


def test_month_before() -> None:
    assert month_before(dt.date(2027, 1, 15)) == dt.date(2026, 12, 1)
    assert month_before(dt.date(2026, 3, 31)) == dt.date(2026, 2, 1)
