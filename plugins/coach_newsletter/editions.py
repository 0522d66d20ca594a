"""Which newsletter editions exist and what each holds: pure functions over plain data.

An edition goes out early in its month, led by that month's special. It lists the posts
published since the previous edition: those dated from the first day of the previous
edition's month (the last month before it that has a special) up to the end of the month
before its own. The January edition lists December's posts (and November's, when November
had no special); posts dated in January wait for the next edition. Each post is thus in
exactly one edition, and an edition does not change while its month runs (the daily build
rebuilds the same email). The first edition ever lists the posts of the month before it.
Drafts and posts dated after the build date are never listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Edition:
    """One month's newsletter: the special as the lead, then the posts since the last one."""

    month: str  # YYYY-MM
    special: Any
    posts: list[Any] = field(default_factory=list)
    subject: str = ""
    preview_text: str = ""
    since: dt.date | None = None  # the first day whose posts it lists
    previous: str | None = None  # the month of the edition before it, if any

    @property
    def campaign_title(self) -> str:
        """The deterministic Mailchimp campaign title, the key for sending exactly once."""
        return f"specials-{self.month}"

    @property
    def first_day(self) -> dt.date:
        return first_day_of(self.month)

    @property
    def label(self) -> str:
        """'April 2026'."""
        return self.first_day.strftime("%B %Y")

    @property
    def url(self) -> str:
        return f"newsletter/{self.month}/"

    @property
    def save_as(self) -> str:
        return f"newsletter/{self.month}/index.html"


def month_of(value: dt.date | dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def first_day_of(month: str) -> dt.date:
    """``2026-04`` -> 2026-04-01."""
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1)


def month_before(day: dt.date) -> dt.date:
    """The first day of the month before ``day``'s month."""
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def posts_between(articles: Iterable[Any], since: dt.date, before: dt.date) -> list[Any]:
    """Published posts (no drafts) dated from ``since`` to the day before ``before``, newest
    first. ``before`` is never after the build date, so scheduled posts are left out too."""
    return sorted(
        (
            a
            for a in articles
            if getattr(a, "status", "published") == "published" and since <= a.date.date() < before
        ),
        key=lambda a: a.date,
        reverse=True,
    )


def build_editions(
    specials: Iterable[Any],
    articles: Sequence[Any],
    today: dt.date,
    sitename: str,
) -> list[Edition]:
    """One edition per month that has a special, up to the build date's month; newest first.

    A special's ``month`` is 'YYYY-MM'; articles need ``date`` (and may have ``status``).
    What each edition lists: see the module's docstring.
    """
    current = month_of(today)
    months = sorted({str(s.month): s for s in specials if str(s.month) <= current}.items())
    editions = []
    previous: str | None = None
    for month, special in months:
        start = first_day_of(month)
        since = first_day_of(previous) if previous else month_before(start)
        edition = Edition(
            month=month,
            special=special,
            posts=posts_between(articles, since, start),
            since=since,
            previous=previous,
        )
        edition.subject = _one_line(
            getattr(special, "subject", None) or f"The {edition.label} special: {special.offer}"
        )
        edition.preview_text = _preview(edition, sitename)
        editions.append(edition)
        previous = month
    editions.sort(key=lambda e: e.month, reverse=True)
    return editions


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _preview(edition: Edition, sitename: str) -> str:
    """The inbox preview line: what else is inside, not a repeat of the subject."""
    if edition.posts:
        titles = "; ".join(_one_line(post.title) for post in edition.posts)
        text = f"New on the blog: {titles}"
    else:
        text = f"{edition.special.title}, and how to book a consultation with {sitename}"
    return text if len(text) <= 140 else text[:139].rsplit(" ", 1)[0] + "…"
