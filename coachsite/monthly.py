"""The monthly newsletter's calendar, for ``invoke month-status`` (and the monthly workflow).

Pure functions over a date: which month, whether it has a special (no special, no
newsletter), whether today is the configured day, which build date makes that month's
edition, whether its campaign already went out, and when to schedule it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachsite.errors import CoachError

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
SPECIALS = Path("content") / "specials"
GONE_OUT = ("schedule", "sending", "sent")  # Mailchimp's statuses: never changed again
LEAD = dt.timedelta(minutes=15)  # a schedule closer than this is moved to the next day


def parse_month(text: str) -> dt.date:
    """``YYYY-MM`` -> the first day of that month."""
    if not MONTH.fullmatch(text.strip()):
        raise CoachError(f"month {text!r} is not a month; write it YYYY-MM, e.g. 2026-05")
    year, month = text.strip().split("-")
    return dt.date(int(year), int(month), 1)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(first: dt.date, count: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_day(text: str | int | None) -> int | None:
    """The newsletter's day of the month (1-28), or None for "any day"."""
    if text is None or str(text).strip() == "":
        return None
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= 28:
        raise CoachError(
            f"the newsletter day {value!r} must be a day of the month from 1 to 28 "
            "(the repository variable NEWSLETTER_DAY)"
        )
    return int(value)


@dataclass(frozen=True)
class MonthStatus:
    month: str
    special: Path  # relative to the project
    has_special: bool
    site_date: dt.date  # SITE_DATE that builds this month's edition
    due: bool  # today is the newsletter day (always, without a day)
    day: int | None
    campaign_status: str | None  # from newsletter/ledger.json

    @property
    def gone_out(self) -> bool:
        return self.campaign_status in GONE_OUT

    @property
    def ready(self) -> bool:
        """Build and send this month's newsletter now."""
        return self.has_special and self.due and not self.gone_out

    def lines(self) -> list[str]:
        if not self.has_special:
            return [
                f"{self.month}: no special ({self.special} does not exist): "
                "no newsletter that month; nothing to do."
            ]
        out = [f"{self.month}: special {self.special}"]
        if not self.due:
            out.append(f"Today is not the newsletter day (day {self.day}); nothing to do.")
        elif self.gone_out:
            out.append(
                f"Its campaign is already {self.campaign_status} (newsletter/ledger.json); "
                "nothing to do."
            )
        else:
            out.append(f"Build the edition with SITE_DATE={self.site_date.isoformat()}.")
        return out

    def outputs(self) -> dict[str, str]:
        """``name=value`` pairs for a GitHub Actions step's ``$GITHUB_OUTPUT``."""
        return {
            "month": self.month,
            "has_special": str(self.has_special).lower(),
            "site_date": self.site_date.isoformat(),
            "ready": str(self.ready).lower(),
        }


def month_status(
    root: Path,
    today: dt.date,
    month: str | None = None,
    day: int | None = None,
    ledger: Mapping[str, Mapping[str, Any]] | None = None,
) -> MonthStatus:
    """The status of ``month`` (default: today's) as of ``today``.

    ``day`` (the scheduled runs' NEWSLETTER_DAY) makes only that day of the month due.
    The edition is built as of ``today`` within its own month, else as of its first day.
    """
    first = parse_month(month) if month else today.replace(day=1)
    key = month_key(first)
    special = SPECIALS / f"{key}.md"
    site_date = today if month_key(today) == key else first
    record = (ledger or {}).get(key) or {}
    status = record.get("status")
    return MonthStatus(
        month=key,
        special=special,
        has_special=(root / special).is_file(),
        site_date=site_date,
        due=day is None or today.day == day,
        day=day,
        campaign_status=status if isinstance(status, str) else None,
    )


def send_at(now: dt.datetime, send_time: str) -> str | None:
    """``YYYY-MM-DD HH:MM`` for ``--schedule``: the next ``send_time`` at least 15 minutes
    after ``now`` (aware, in the site's time zone); None for "now" or empty (send at once).

    Mailchimp schedules only on the quarter hour (:00, :15, :30, :45).
    """
    value = send_time.strip().lower()
    if value in ("", "now"):
        return None
    match = TIME.fullmatch(value)
    if not match or int(match.group(2)) % 15:
        raise CoachError(
            f"the send time {send_time!r} must be HH:MM on a quarter hour (e.g. 09:00 or "
            "17:45), or 'now' (the repository variable NEWSLETTER_SEND_TIME)"
        )
    at = dt.time(int(match.group(1)), int(match.group(2)))
    moment = dt.datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    if moment < now + LEAD:
        moment = dt.datetime.combine(now.date() + dt.timedelta(days=1), at, tzinfo=now.tzinfo)
    return moment.strftime("%Y-%m-%d %H:%M")


def github_output(values: Mapping[str, str], path: Path) -> None:
    """Append ``name=value`` lines to the file GitHub Actions names in ``$GITHUB_OUTPUT``."""
    with path.open("a", encoding="utf-8") as handle:
        for name, value in values.items():
            if "\n" in value:
                raise ValueError(f"{name}: one line only")
            handle.write(f"{name}={value}\n")
