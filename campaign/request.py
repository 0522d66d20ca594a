"""The command line's request: flags and values checked before any call to Mailchimp.

Mailchimp schedules only on the quarter hour (:00, :15, :30, :45) and only in the future; the
coach writes local times in the site's TIMEZONE, which are turned into UTC here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import CampaignError, UsageError

EMAIL_RE = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")
MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
SCHEDULE_FORMAT = "%Y-%m-%d %H:%M"
TEST_TYPES = ("html", "plaintext")


def check_month(month: str) -> str:
    """Return ``month`` if it is ``YYYY-MM``."""
    if not MONTH_RE.fullmatch(month.strip()):
        raise UsageError(f"{month!r} is not a month; write it as YYYY-MM, e.g. 2026-04")
    return month.strip()


def zone_for(timezone: str) -> ZoneInfo:
    """The site's TIMEZONE as a ZoneInfo, or a clear error."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CampaignError(
            f"TIMEZONE {timezone!r} is not a known time zone (e.g. 'America/New_York')"
        ) from None


def send_day(request: Request, timezone: str, now: dt.datetime) -> dt.date | None:
    """The local day the campaign reaches subscribers (None: it is not going out)."""
    when = request.schedule_at or (now if request.send_now else None)
    return when.astimezone(zone_for(timezone)).date() if when else None


def format_local(moment: dt.datetime) -> str:
    """``2026-04-14 09:00`` (the ``--schedule`` format)."""
    return moment.strftime(SCHEDULE_FORMAT)


def nearest_quarters(local: dt.datetime) -> str:
    """The quarter hours around a local time: ``2026-04-14 09:00 or 09:15``."""
    lower = local.replace(minute=local.minute - local.minute % 15)
    upper = lower + dt.timedelta(minutes=15)
    upper_text = upper.strftime("%H:%M") if upper.date() == lower.date() else format_local(upper)
    return f"{format_local(lower)} or {upper_text}"


def next_quarter(now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first quarter hour at least a minute after ``now``, in ``zone``."""
    earliest = (now + dt.timedelta(minutes=1)).astimezone(dt.UTC)
    start = earliest.replace(second=0, microsecond=0)
    if start < earliest:
        start += dt.timedelta(minutes=1)
    start += dt.timedelta(minutes=-start.minute % 15)
    return start.astimezone(zone)


def parse_schedule(value: str, timezone: str, now: dt.datetime) -> dt.datetime:
    """A ``YYYY-MM-DD HH:MM`` local time as an aware UTC datetime, or a refusal saying why."""
    zone = zone_for(timezone)
    try:
        local = dt.datetime.strptime(value.strip(), SCHEDULE_FORMAT)
    except ValueError:
        raise UsageError(
            f'--schedule {value!r} is not a time: write it as "YYYY-MM-DD HH:MM" in {timezone}, '
            f'e.g. "{format_local(next_quarter(now, zone))}"'
        ) from None
    aware = local.replace(tzinfo=zone)
    when = aware.astimezone(dt.UTC)
    if when.astimezone(zone).replace(tzinfo=None) != local:
        raise UsageError(
            f"--schedule {value!r} does not exist in {timezone} (the clocks skip it); "
            "pick another time"
        )
    if local.replace(tzinfo=zone, fold=1).astimezone(dt.UTC) != when:
        raise UsageError(
            f"--schedule {value!r} happens twice in {timezone} (the clocks go back); "
            "pick another time"
        )
    if local.minute % 15 or when.minute % 15:
        raise UsageError(
            f"Mailchimp only schedules on the quarter hour (:00, :15, :30, :45): use "
            f"{nearest_quarters(local)} ({timezone}) instead of {value.strip()}"
        )
    if when <= now:
        raise UsageError(
            f"--schedule {value.strip()} ({timezone}) is in the past (it is now "
            f"{format_local(now.astimezone(zone))}); the next valid time is "
            f"{format_local(next_quarter(now, zone))} ({timezone})"
        )
    return when


def parse_test_emails(value: str, limit: int) -> list[str]:
    """``a@x.com,b@y.org`` as a list, refusing non-addresses and more than ``limit`` of them."""
    emails = [part.strip() for part in value.split(",") if part.strip()]
    if not emails:
        raise UsageError("--test-to needs at least one address, e.g. --test-to you@example.com")
    for email in emails:
        if not EMAIL_RE.fullmatch(email):
            raise UsageError(f"--test-to: {email!r} is not an email address")
    if len(emails) > limit:
        raise UsageError(
            f"--test-to has {len(emails)} addresses but Mailchimp takes at most {limit} per test "
            f"email on this account (free plan: 6): send to {limit} now and the rest in a second "
            "run, or raise NEWSLETTER_TEST_EMAIL_LIMIT in pelicanconf.py if your plan allows more"
        )
    return emails


@dataclass(frozen=True)
class Request:
    """What the coach asked for, validated before any network call."""

    month: str
    push: bool = False
    test_emails: list[str] | None = None
    test_type: str = "html"
    schedule_at: dt.datetime | None = None
    send_now: bool = False
    unschedule: bool = False
    live_check: bool = True
    confirmed: bool = False  # --yes

    @property
    def dry_run(self) -> bool:
        """No flag: only say what would happen."""
        return not (self.push or self.unschedule)

    @property
    def goes_out(self) -> bool:
        """The campaign will reach the audience (scheduled or sent now)."""
        return self.schedule_at is not None or self.send_now


def build_request(
    month: str,
    *,
    timezone: str,
    push: bool = False,
    test_to: str | None = None,
    test_type: str | None = None,
    schedule: str | None = None,
    send_now: bool = False,
    yes: bool = False,
    unschedule: bool = False,
    skip_live_check: bool = False,
    test_limit: int = 6,
    now: dt.datetime,
) -> Request:
    """Check the flags and their values; refuse bad combinations before doing anything."""
    month = check_month(month)
    actions = [
        name
        for name, given in (
            ("--test-to", test_to is not None),
            ("--schedule", schedule is not None),
            ("--send-now", send_now),
            ("--unschedule", unschedule),
        )
        if given
    ]
    if len(actions) > 1:
        raise UsageError(f"use one of {' / '.join(actions)} at a time")
    if unschedule and push:
        raise UsageError("--unschedule only unschedules; run --push afterwards to upload")
    if send_now and not yes:
        raise UsageError(
            f"--send-now sends the {month} newsletter to its recipients at once: add --yes to "
            "confirm"
        )
    if test_type is not None and test_to is None:
        raise UsageError("--test-type goes with --test-to (the addresses to send the test to)")
    kind = (test_type or "html").strip().lower()
    if kind not in TEST_TYPES:
        raise UsageError(f"--test-type {test_type!r}: use html or plaintext")
    zone_for(timezone)
    return Request(
        month=month,
        push=push or bool(actions and not unschedule),
        test_emails=parse_test_emails(test_to, test_limit) if test_to is not None else None,
        test_type=kind,
        schedule_at=parse_schedule(schedule, timezone, now) if schedule is not None else None,
        send_now=send_now,
        unschedule=unschedule,
        live_check=not skip_live_check,
        confirmed=yes,
    )
