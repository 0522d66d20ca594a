"""Plain data for call-to-action (CTA) variants and monthly specials."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

NONE = "none"
"""The ``CTA:`` value that turns the block off for one post or page."""

LinkKind = Literal["email", "url", "content"]


def topic_key(name: str) -> str:
    """Compare tags and categories loosely: ``Job search`` == ``job-search``."""
    return re.sub(r"[\W_]+", "-", str(name).casefold()).strip("-")


def topic_keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(key for key in map(topic_key, names) if key)


@dataclass(frozen=True)
class Link:
    """Where a CTA's button goes.

    ``email``: the contact address (``target`` is an address, or empty for CONSULT_EMAIL);
    ``url``: a web address such as a booking page; ``content``: a file of this site,
    ``target`` being its path inside the content folder (e.g. ``pages/work-with-me.md``).
    """

    kind: LinkKind
    target: str = ""

    def resolve(self, default_email: str, content_url: Callable[[str], str]) -> tuple[str, str]:
        """Where the button goes, for the site and the email alike: ``("email", address)``
        or ``("url", address)``, a ``content`` target's address given by ``content_url``."""
        if self.kind == "email":
            return "email", self.target or default_email
        return "url", content_url(self.target) if self.kind == "content" else self.target

    def __str__(self) -> str:
        """The link as a ``Link:`` line would say it: ``email``, a URL or ``{filename}/...``."""
        if self.kind == "email":
            return f"mailto:{self.target}" if self.target else "email"
        return self.target if self.kind == "url" else "{filename}/" + self.target


@dataclass(frozen=True)
class Cta:
    """One call-to-action variant, read from ``content/ctas/NAME.md``."""

    name: str
    headline: str
    body: str  # HTML, from the file's Markdown
    button: str
    link: Link
    tags: frozenset[str] = frozenset()  # topic keys
    categories: frozenset[str] = frozenset()  # topic keys
    source_path: Path | None = None  # as shown to the coach, e.g. content/ctas/x.md

    def score(self, topics: frozenset[str], category: str | None) -> int:
        """How many of this variant's rules a post matches (0: none)."""
        hits = len(self.tags & topics)
        if category is not None and topic_key(category) in self.categories:
            hits += 1
        return hits


@dataclass(frozen=True)
class Special:
    """One month's special, read from ``content/specials/YYYY-MM.md``.

    The window runs from ``valid_from`` to ``valid_until``, both days included, in the
    site's time zone.
    """

    month: str  # YYYY-MM
    title: str
    offer: str
    valid_from: dt.date
    valid_until: dt.date
    price: str | None = None  # a decimal number as text, e.g. "95" or "95.50"
    topics: frozenset[str] = frozenset()  # topic keys; empty: shown on every post
    body: str = ""  # HTML
    source_path: Path | None = None  # as shown to the coach, e.g. content/ctas/x.md

    @property
    def first_day(self) -> dt.date:
        year, month = map(int, self.month.split("-"))
        return dt.date(year, month, 1)

    @property
    def month_name(self) -> str:
        """The month's name, e.g. ``April``."""
        return self.first_day.strftime("%B")

    @property
    def anchor(self) -> str:
        """A stable fragment id, e.g. ``special-2026-04``."""
        return f"special-{self.month}"

    def is_active(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def shown_for(self, topics: frozenset[str] | None) -> bool:
        """Whether a post on ``topics`` shows it (``None``: a page, which shows any)."""
        return topics is None or not self.topics or bool(self.topics & topics)

    def starts_at(self, timezone: str) -> dt.datetime:
        """The first instant of the window, aware."""
        return dt.datetime.combine(self.valid_from, dt.time(0, 0), tzinfo=ZoneInfo(timezone))

    def ends_at(self, timezone: str) -> dt.datetime:
        """The last second of the window, aware (for ``data-valid-until``)."""
        return dt.datetime.combine(self.valid_until, dt.time(23, 59, 59), tzinfo=ZoneInfo(timezone))


@dataclass(frozen=True)
class Catalog:
    """Everything the coach wrote for the plugin: CTAs by name, specials by start date."""

    ctas: Mapping[str, Cta]
    specials: tuple[Special, ...] = field(default=())
