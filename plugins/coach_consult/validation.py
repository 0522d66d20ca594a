"""Checks on what the coach writes in CTA and special files: pure, each names file and line."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import posixpath
import re
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path

from coach_consult.errors import ConsultError
from coach_consult.model import NONE, Link, Special, topic_keys
from coachsite.content_check import MetaField

CTA_KEYS = ("headline", "button", "link", "tags", "categories")
SPECIAL_KEYS = ("title", "month", "valid_from", "valid_until", "offer", "price", "topics")
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
FILENAME_LINK = re.compile(r"^\{filename\}(?P<path>.+)$")
WEB_LINK = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def key_of(field: MetaField) -> str:
    """``Valid-until`` and ``valid_until`` are the same key."""
    return field.key.lower().replace("-", "_")


def check_keys(
    fields: Iterable[MetaField], known: Collection[str], source: Path
) -> list[MetaField]:
    """Raise for a key that looks like a typo of a known one; return other unknown keys."""
    unknown = []
    seen: dict[str, MetaField] = {}
    for field in fields:
        key = key_of(field)
        if key in seen:
            raise ConsultError(
                f"'{field.key.capitalize()}:' appears twice (first on line "
                f"{seen[key].line}); keep only one.",
                source,
                field.line,
            )
        seen[key] = field
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if close:
            raise ConsultError(
                f"unknown setting '{field.key.capitalize()}:'; did you mean "
                f"'{close[0].capitalize()}:'?",
                source,
                field.line,
            )
        unknown.append(field)
    return unknown


def cta_name(stem: str, source: Path) -> str:
    """A CTA's name is its file name: lower-case letters, digits and dashes."""
    name = stem.lower()
    if not NAME.match(name) or name == NONE:
        raise ConsultError(
            f"'{stem}' cannot be the name of a call-to-action; rename the file using "
            "lower-case letters, digits and dashes, e.g. content/ctas/job-search.md "
            "('none' is reserved).",
            source,
        )
    return name


def parse_link(value: str, source: Path, line: int | None, folder: str) -> Link:
    """Read a ``Link:`` value; ``folder`` is the CTA file's folder inside content/."""
    text = value.strip()
    if not text:
        raise ConsultError(
            "this call-to-action has no link. Add a line such as 'Link: email' (the "
            "contact address), 'Link: https://...' (a booking page) or "
            "'Link: {filename}/pages/work-with-me.md' (a page of this site).",
            source,
            line,
        )
    if text.lower() == "email":
        return Link("email")
    if text.lower().startswith("mailto:"):
        address = text[len("mailto:") :].strip()
        if not is_address(address):
            raise ConsultError(
                f"'{text}' is not an email address; write 'Link: email' to use the contact "
                "address.",
                source,
                line,
            )
        return Link("email", address)
    if WEB_LINK.match(text):
        return Link("url", text)
    match = FILENAME_LINK.match(text)
    if match:
        path = match["path"].strip()
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        normal = posixpath.normpath(joined)
        if normal.startswith(".."):
            raise ConsultError(f"'{text}' points outside the content folder.", source, line)
        return Link("content", normal)
    raise ConsultError(
        f"'Link: {text}' is not a link I can use. Write 'email', a web address starting "
        "with https://, or a page of this site as {filename}/pages/work-with-me.md.",
        source,
        line,
    )


def is_address(text: str) -> bool:
    user, at, domain = text.partition("@")
    return bool(at and user and "." in domain and not re.search(r"[\s@<>\"']", user + domain))


def parse_month(stem: str, field: MetaField | None, source: Path) -> str:
    """The special's month: the file name (YYYY-MM), which a ``Month:`` line must repeat."""
    if not _month_ok(stem):
        raise ConsultError(
            f"the file name '{stem}' is not a month; name special files YYYY-MM.md, "
            "e.g. content/specials/2026-04.md.",
            source,
        )
    if field is not None and field.value.strip() != stem:
        value = field.value.strip()
        problem = (
            "does not match the file name"
            if _month_ok(value)
            else "is not a month written YYYY-MM (and does not match the file name)"
        )
        raise ConsultError(
            f"'Month: {value}' {problem} {stem}.md; write 'Month: {stem}' or rename the file.",
            source,
            field.line,
        )
    return stem


def _month_ok(text: str) -> bool:
    match = MONTH.match(text)
    return bool(match) and 1 <= int(match["month"]) <= 12


def parse_day(field: MetaField, source: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(field.value.strip())
    except ValueError:
        raise ConsultError(
            f"'{field.value.strip()}' is not a date I can read; write it as YYYY-MM-DD, "
            "e.g. 2026-04-30.",
            source,
            field.line,
        ) from None


def special_window(
    month: str,
    valid_from: MetaField | None,
    valid_until: MetaField | None,
    source: Path,
) -> tuple[dt.date, dt.date]:
    """The days a special runs: the whole month unless Valid_from/Valid_until say otherwise."""
    year, number = map(int, month.split("-"))
    first = dt.date(year, number, 1)
    last = dt.date(year, number, calendar.monthrange(year, number)[1])
    start = parse_day(valid_from, source) if valid_from else first
    end = parse_day(valid_until, source) if valid_until else last
    if end < first or start > last:
        culprit = valid_from if start > last else valid_until
        raise ConsultError(
            f"the special for {month} runs {start.isoformat()} to {end.isoformat()}, which "
            f"is not in {first.strftime('%B %Y')}; check the year and month of the dates.",
            source,
            culprit.line if culprit else None,
        )
    if end < start:
        raise ConsultError(
            f"Valid_until ({end.isoformat()}) is before Valid_from ({start.isoformat()}); "
            "the special would never run.",
            source,
            (valid_until or valid_from).line if (valid_until or valid_from) else None,
        )
    return start, end


def parse_price(field: MetaField, source: Path) -> str:
    text = field.value.strip().lstrip("$").replace(",", "").strip()
    try:
        price = Decimal(text)
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite() or price < 0:
        raise ConsultError(
            f"'Price: {field.value.strip()}' is not a price; write a number such as 95 or "
            "95.00, or remove the line.",
            source,
            field.line,
        )
    return text


def split_list(value: str) -> list[str]:
    """``interviews, job search`` -> ``["interviews", "job search"]``."""
    return [part.strip() for part in value.split(",") if part.strip()]


def check_overlaps(specials: Sequence[Special]) -> None:
    """Two specials may not run on the same day: the block could show only one."""
    ordered = sorted(specials, key=lambda s: (s.valid_from, s.month))
    for earlier, later in pairwise(ordered):
        if later.valid_from <= earlier.valid_until:
            raise ConsultError(
                f"this special ({later.valid_from.isoformat()} to "
                f"{later.valid_until.isoformat()}) overlaps {earlier.source_path or earlier.month} "
                f"({earlier.valid_from.isoformat()} to {earlier.valid_until.isoformat()}); "
                "change their Valid_from/Valid_until so that only one runs on any day.",
                later.source_path,
            )


def unmatched_topics(
    specials: Iterable[Special], post_topics: Iterable[str], today: dt.date
) -> list[Special]:
    """Specials not over by ``today`` whose ``Topics:`` match no post's tag or category.

    No post would show them (``post_topics``: every tag and category of the posts, drafts and
    scheduled ones included, as written).
    """
    keys = topic_keys(post_topics)
    return [s for s in specials if s.topics and s.valid_until >= today and not s.topics & keys]


def topics_warning(special: Special, field: MetaField | None, post_topics: Iterable[str]) -> str:
    """The build's warning for a special whose topics match no post (``field``: its line)."""
    by_fold = {name.strip().casefold(): name.strip() for name in post_topics if name.strip()}
    written = split_list(field.value) if field else sorted(special.topics)
    close = dict.fromkeys(
        by_fold[match]
        for topic in written
        for match in difflib.get_close_matches(topic.casefold(), by_fold, n=1, cutoff=0.6)
    )
    where = f"{special.source_path}:{field.line}" if field else str(special.source_path)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    names = sorted(by_fold.values(), key=str.casefold)
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    known = f"The posts' tags and categories are: {shown}." if names else "No post has tags yet."
    listed = ", ".join(f"'{t}'" for t in written)
    return (
        f"{where}: the Topics ({listed}) match no post's tags or category, so no post shows "
        f"this special.{hint} {known} Remove the 'Topics:' line to show it on every post."
    )
