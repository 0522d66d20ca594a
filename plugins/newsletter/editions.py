"""Which newsletter editions exist and what each holds: pure functions over plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Edition:
    """One month's newsletter: the special as the lead, then the month's posts."""

    month: str  # YYYY-MM
    special: Any
    posts: list[Any] = field(default_factory=list)
    subject: str = ""
    preview_text: str = ""

    @property
    def campaign_title(self) -> str:
        """The deterministic Mailchimp campaign title, the key for sending exactly once."""
        return f"specials-{self.month}"

    @property
    def first_day(self) -> dt.date:
        year, month = (int(part) for part in self.month.split("-"))
        return dt.date(year, month, 1)

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


def build_editions(
    specials: Iterable[Any],
    articles: Sequence[Any],
    today: dt.date,
    sitename: str,
) -> list[Edition]:
    """One edition per month that has a special, up to the build date's month; newest first.

    A special's ``month`` is 'YYYY-MM'; articles need ``date``. An edition lists the posts
    published in its month, newest first.
    """
    current = month_of(today)
    editions = []
    for special in specials:
        month = str(special.month)
        if month > current:
            continue  # not public before its month starts
        posts = sorted(
            (a for a in articles if month_of(a.date) == month and a.date.date() <= today),
            key=lambda a: a.date,
            reverse=True,
        )
        edition = Edition(month=month, special=special, posts=posts)
        edition.subject = _one_line(
            getattr(special, "subject", None) or f"The {edition.label} special: {special.offer}"
        )
        edition.preview_text = _preview(edition, sitename)
        editions.append(edition)
    editions.sort(key=lambda e: e.month, reverse=True)
    return editions


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _preview(edition: Edition, sitename: str) -> str:
    """The inbox preview line: what else is inside, not a repeat of the subject."""
    if edition.posts:
        titles = "; ".join(_one_line(post.title) for post in edition.posts)
        text = f"New this month: {titles}"
    else:
        text = f"{edition.special.title}, and how to book a consultation with {sitename}"
    return text if len(text) <= 140 else text[:139].rsplit(" ", 1)[0] + "…"
