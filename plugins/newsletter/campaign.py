"""Push the built monthly newsletter to Mailchimp: one campaign per month, sent exactly once.

The sync never renders: it reads ``build/newsletter/YYYY-MM/{email.html,email.txt,campaign.json}``
as the build left them, so what was previewed is what is sent. Each month's campaign has the
deterministic title ``specials-YYYY-MM``; its id is kept in ``newsletter/ledger.json`` (committed),
and before creating a campaign the sync looks the title up in the audience, so a crash between
"created" and "recorded" cannot make a second one. A campaign that is ``schedule``, ``sending``
or ``sent`` is never changed or sent again. Dry run is the default.

Finding the campaign by title uses ``GET /campaigns?list_id=...`` (paged, 1000 at a time) and an
exact match on ``settings.title``, not ``/search-campaigns``: search is a full-text index (fuzzy
matches, not limited to one audience, and a just-created campaign may not be indexed yet, which is
exactly the crash-recovery case), while the list endpoint is exact and immediately consistent.

Client quirks handled here (mailchimp-marketing 3.0.80): every transport error and every HTTP
error with a body raises ``ApiClientError`` (``.status_code`` is None for transport errors and
``.text`` is then the ``requests`` exception; for problem+json ``.text`` is the JSON *string*);
204 answers and body-less errors (e.g. a bare 429) come back as a ``requests.Response`` that must
be checked with ``.ok``; the client never retries; ``set_config`` resets ``timeout`` to 120 s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from mailchimp_marketing import Client
from mailchimp_marketing.api_client import ApiClientError

from .errors import NewsletterError

LEDGER_PATH = Path("newsletter") / "ledger.json"
BUILD_DIR = Path("build") / "newsletter"
TITLE_PREFIX = "specials-"
LOCKED_STATUSES = ("schedule", "sending", "sent")
DRAFT_STATUS = "save"
DEFAULT_TIMEOUT = (10.0, 20.0)  # (connect, read) seconds
MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 1.0  # then 2, 4: at most 7 s of waiting in all
TIME_BUDGET_SECONDS = 90.0  # no retry starts later than this after a call's first attempt
PAGE_SIZE = 1000  # the API's maximum ``count``
LIST_FIELDS = [
    "total_items",
    "campaigns.id",
    "campaigns.web_id",
    "campaigns.status",
    "campaigns.create_time",
    "campaigns.send_time",
    "campaigns.settings.title",
    "campaigns.recipients.list_id",
]
EMAIL_RE = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")
MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
SCHEDULE_FORMAT = "%Y-%m-%d %H:%M"
NEXT_STEPS = (
    "Use --push to upload the draft, --test-to ADDRESSES to also send a test, "
    '--schedule "YYYY-MM-DD HH:MM" to schedule it, or --send-now --yes to send it now.'
)

Json = Any
Out = Callable[[str], None]


class UsageError(NewsletterError):
    """A command line the sync refuses before doing anything (exit code 2)."""


class MailchimpApiError(NewsletterError):
    """Mailchimp refused or did not answer a call; ``status`` is the HTTP status if any."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class _Transient(Exception):
    """A failure worth retrying: 429, 5xx, a timeout or a lost connection."""

    def __init__(self, description: str, status: int | None = None):
        super().__init__(description)
        self.description = description
        self.status = status


# -- configuration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MailchimpConfig:
    """Where and how to reach Mailchimp; the key never appears in its repr."""

    api_key: str = field(repr=False)
    server: str
    audience_id: str
    api_url: str | None = None
    timeout: tuple[float, float] = DEFAULT_TIMEOUT


def load_config(env: Mapping[str, str]) -> MailchimpConfig:
    """Read MAILCHIMP_* settings from the environment, with clear errors for missing ones."""
    api_key = env.get("MAILCHIMP_API_KEY", "").strip()
    if not api_key:
        raise NewsletterError(
            "MAILCHIMP_API_KEY is not set: export your Mailchimp API key "
            "(Profile > Extras > API keys) before running the campaign command"
        )
    audience_id = env.get("MAILCHIMP_AUDIENCE_ID", "").strip()
    if not audience_id:
        raise NewsletterError(
            "MAILCHIMP_AUDIENCE_ID is not set: export the id of the audience to send to "
            "(Audience > Settings > Audience name and defaults > Audience ID)"
        )
    api_url = env.get("MAILCHIMP_API_URL", "").strip().rstrip("/") or None
    server = env.get("MAILCHIMP_SERVER", "").strip()
    if not server and "-" in api_key:
        server = api_key.rpartition("-")[2]
    if not api_url and not re.fullmatch(r"[a-z]+[0-9]+", server):
        raise NewsletterError(
            "MAILCHIMP_SERVER is not set (or not like 'us21') and the API key does not end in "
            "'-usNN': export MAILCHIMP_SERVER, the part before .admin.mailchimp.com in your "
            "Mailchimp address"
        )
    return MailchimpConfig(api_key, server, audience_id, api_url, read_timeout(env))


def read_timeout(env: Mapping[str, str]) -> tuple[float, float]:
    """MAILCHIMP_TIMEOUT (seconds, for connect and read) or the default (10 s, 20 s)."""
    raw = env.get("MAILCHIMP_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 300:
        raise NewsletterError(f"MAILCHIMP_TIMEOUT={raw!r} must be a number of seconds (0-300]")
    return (seconds, seconds)


def make_client(config: MailchimpConfig) -> Client:
    """The official client, pointed at MAILCHIMP_API_URL if set, with a sane timeout."""
    client = Client()
    client.set_config({"api_key": config.api_key, "server": config.server or "invalid-server"})
    if config.api_url:
        client.api_client.host = config.api_url
        # call_api replaces the word "server" anywhere in the URL with the prefix; a custom
        # URL has no placeholder, so switch the substitution off.
        client.api_client.server = ""
    client.api_client.timeout = config.timeout  # after set_config, which resets it to 120 s
    return client


def make_scrubber(secret: str) -> Callable[[str], str]:
    """A function that blanks the API key (and its part before the '-') out of any text."""
    pieces = sorted({secret, secret.rpartition("-")[0]} - {""}, key=len, reverse=True)
    pieces = [p for p in pieces if len(p) >= 8]

    def scrub(text: str) -> str:
        for piece in pieces:
            text = text.replace(piece, "[api key hidden]")
        return text

    return scrub


# -- what was built ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Artifacts:
    """The built email for one month, exactly as the build wrote it."""

    month: str
    html: str
    text: str
    settings: dict[str, str]

    @property
    def content_hash(self) -> str:
        """sha256 of the HTML, the plain text and the campaign settings."""
        canonical = json.dumps(
            {"html": self.html, "text": self.text, "settings": self.settings},
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def campaign_title(month: str) -> str:
    """The deterministic campaign title for a month: ``specials-YYYY-MM``."""
    return TITLE_PREFIX + month


def check_month(month: str) -> str:
    """Return ``month`` if it is ``YYYY-MM``."""
    if not MONTH_RE.fullmatch(month.strip()):
        raise UsageError(f"{month!r} is not a month; write it as YYYY-MM, e.g. 2026-04")
    return month.strip()


def load_artifacts(root: Path, month: str) -> Artifacts:
    """Read ``build/newsletter/YYYY-MM/``; a missing file says how to build it."""
    folder = root / BUILD_DIR / month
    paths = {name: folder / name for name in ("email.html", "email.txt", "campaign.json")}
    for path in paths.values():
        if not path.is_file():
            raise NewsletterError(
                f"the {month} newsletter has not been built ({path.name} is missing): run "
                f"`SITE_DATE={month}-01 make build` (any SITE_DATE in {month}) or "
                f"`invoke build` with SITE_DATE in {month}, check the preview, then run this again",
                path,
            )
    html = paths["email.html"].read_text(encoding="utf-8")
    if not html.strip():
        raise NewsletterError("the built email is empty; rebuild it", paths["email.html"])
    text = paths["email.txt"].read_text(encoding="utf-8")
    settings = campaign_settings(paths["campaign.json"], month)
    return Artifacts(month, html, text, settings)


def campaign_settings(path: Path, month: str) -> dict[str, str]:
    """Mailchimp ``settings`` from the build's campaign.json (title must be specials-YYYY-MM)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise NewsletterError(f"not valid JSON ({exc.msg}); rebuild it", path, exc.lineno) from None
    if not isinstance(data, dict):
        raise NewsletterError("must be a JSON object; rebuild it", path)
    wanted = {
        "title": "title",
        "subject_line": "subject",
        "preview_text": "preview_text",
        "from_name": "from_name",
        "reply_to": "reply_to",
    }
    settings: dict[str, str] = {}
    for setting, key in wanted.items():
        value = data.get(key, "" if key == "preview_text" else None)
        if not isinstance(value, str) or (key != "preview_text" and not value.strip()):
            raise NewsletterError(f'"{key}" is missing or empty; rebuild it', path)
        settings[setting] = value
    if settings["title"] != campaign_title(month):
        raise NewsletterError(
            f'"title" is {settings["title"]!r} but the {month} campaign must be titled '
            f"{campaign_title(month)!r}; rebuild it",
            path,
        )
    return settings


# -- the ledger -------------------------------------------------------------------------------


def load_ledger(path: Path) -> dict[str, dict[str, Json]]:
    """The committed ledger (month -> record); missing file means empty."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise NewsletterError(
            f"the campaign ledger is not valid JSON ({exc.msg}); fix it or restore it from git",
            path,
            exc.lineno,
        ) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise NewsletterError("the campaign ledger must map months to records", path)
    return data


def write_ledger(path: Path, ledger: Mapping[str, Json]) -> None:
    """Write the ledger atomically (temp file + os.replace) with stable formatting."""
    text = json.dumps(ledger, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ledger-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Ledger:
    """The ledger file and its contents; :meth:`record` updates one month and saves."""

    path: Path
    data: dict[str, dict[str, Json]]

    def entry(self, month: str) -> dict[str, Json]:
        """The record for a month (empty if none)."""
        return dict(self.data.get(month, {}))

    def record(self, month: str, now: dt.datetime, **changes: Json) -> None:
        """Merge ``changes`` into the month's record (None removes a key) and save."""
        entry = self.entry(month)
        for key, value in changes.items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
        entry["updated_at"] = iso_utc(now)
        self.data[month] = entry
        try:
            write_ledger(self.path, self.data)
        except OSError as exc:
            raise NewsletterError(
                f"could not write the campaign ledger ({exc.strerror or exc}); the campaign "
                "exists in Mailchimp and the next run will find it by its title",
                self.path,
            ) from None


def iso_utc(moment: dt.datetime) -> str:
    """``2026-04-14T13:00:00+00:00``."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def campaign_record(campaign: Mapping[str, Json]) -> dict[str, Json]:
    """The ledger fields that come from Mailchimp's view of a campaign.

    ``scheduled_for`` is None (removed) unless the campaign is scheduled; ``sent_at`` is only
    ever added, once Mailchimp reports the campaign sending or sent.
    """
    status = campaign.get("status")
    send_time = campaign.get("send_time") or None
    record: dict[str, Json] = {
        "campaign_id": campaign["id"],
        "web_id": campaign.get("web_id"),
        "status": status,
        "title": (campaign.get("settings") or {}).get("title"),
        "created_at": campaign.get("create_time") or None,
        "sent_at": send_time if status in ("sending", "sent") else None,
    }
    record = {key: value for key, value in record.items() if value is not None}
    record["scheduled_for"] = send_time if status == "schedule" else None
    return record


# -- the command line's values ----------------------------------------------------------------


def zone_for(timezone: str) -> ZoneInfo:
    """The site's TIMEZONE as a ZoneInfo, or a clear error."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise NewsletterError(
            f"TIMEZONE {timezone!r} is not a known time zone (e.g. 'America/New_York')"
        ) from None


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


def parse_test_emails(value: str) -> list[str]:
    """``a@x.com,b@y.org`` as a list, refusing anything that is not an address."""
    emails = [part.strip() for part in value.split(",") if part.strip()]
    if not emails:
        raise UsageError("--test-to needs at least one address, e.g. --test-to you@example.com")
    for email in emails:
        if not EMAIL_RE.fullmatch(email):
            raise UsageError(f"--test-to: {email!r} is not an email address")
    return emails


@dataclass(frozen=True)
class Request:
    """What the coach asked for, validated before any network call."""

    month: str
    push: bool = False
    test_emails: list[str] | None = None
    schedule_at: dt.datetime | None = None
    send_now: bool = False
    unschedule: bool = False

    @property
    def dry_run(self) -> bool:
        """No flag: only say what would happen."""
        return not (self.push or self.unschedule)


def build_request(
    month: str,
    *,
    timezone: str,
    push: bool,
    test_to: str | None,
    schedule: str | None,
    send_now: bool,
    yes: bool,
    unschedule: bool,
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
            f"--send-now sends the {month} newsletter to the whole audience: add --yes to confirm"
        )
    zone_for(timezone)
    return Request(
        month=month,
        push=push or bool(actions and not unschedule),
        test_emails=parse_test_emails(test_to) if test_to is not None else None,
        schedule_at=parse_schedule(schedule, timezone, now) if schedule is not None else None,
        send_now=send_now,
        unschedule=unschedule,
    )


# -- talking to Mailchimp ---------------------------------------------------------------------


def problem_detail(text: Any) -> str:
    """The human part of an error answer: Mailchimp's ``detail`` plus any field errors."""
    doc = text
    if isinstance(text, str | bytes):
        try:
            doc = json.loads(text)
        except ValueError:
            return str(text).strip()[:300]
    if not isinstance(doc, dict):
        return str(doc or "").strip()[:300]
    detail = str(doc.get("detail") or doc.get("title") or "").strip()
    errors = doc.get("errors")
    if isinstance(errors, list) and errors:
        fields = "; ".join(
            f"{e.get('field') or '?'}: {e.get('message') or ''}".strip()
            for e in errors
            if isinstance(e, dict)
        )
        detail = f"{detail} ({fields})" if detail else fields
    return detail


def describe_transport(error: Any) -> str:
    """A short description of a transport failure (timeout, refused or dropped connection)."""
    if isinstance(error, requests.Timeout):
        return "no answer before the timeout"
    if isinstance(error, requests.ConnectionError):
        return "could not connect or the connection was dropped"
    return f"transport error ({type(error).__name__})"


class MailchimpApi:
    """Calls the official client with timeouts, bounded retries and one-line errors.

    ``call`` retries 429, 5xx, timeouts and dropped connections up to ``attempts`` times with
    exponential backoff, and starts no retry once ``budget`` seconds have passed. For a call
    that is not idempotent, ``verify`` is consulted before each retry: if it finds the effect
    already happened (the answer was lost), its result is returned instead of repeating the call.
    """

    def __init__(
        self,
        client: Client,
        *,
        scrub: Callable[[str], str],
        sleep: Callable[[float], None] = time.sleep,
        attempts: int = MAX_ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
        budget: float = TIME_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self.scrub = scrub
        self.sleep = sleep
        self.attempts = attempts
        self.backoff = backoff
        self.budget = budget
        self.clock = clock

    def call(
        self,
        what: str,
        function: Callable[..., Any],
        *args: Any,
        verify: Callable[[], Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Run ``function(*args, **kwargs)``; ``what`` names the action in error messages."""
        started = self.clock()
        for attempt in range(1, self.attempts + 1):
            try:
                return self._once(what, function, args, kwargs)
            except _Transient as failure:
                delay = self.backoff * 2 ** (attempt - 1)
                if attempt == self.attempts or self.clock() - started + delay > self.budget:
                    raise MailchimpApiError(
                        self.scrub(
                            f"could not {what}: Mailchimp did not answer after {attempt} "
                            f"attempt{'s' if attempt > 1 else ''} ({failure.description}); "
                            "try again later" + self._where_hint(failure)
                        ),
                        failure.status,
                    ) from None
                self.sleep(delay)
                if verify is not None:
                    done = verify()
                    if done is not None:
                        return done
        raise AssertionError("unreachable")

    def _once(
        self,
        what: str,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        try:
            result = function(*args, **kwargs)
        except ApiClientError as exc:
            if exc.status_code is None:
                raise _Transient(describe_transport(exc.text)) from None
            self._fail(what, exc.status_code, exc.text)
        if isinstance(result, requests.Response):
            if not result.ok:
                self._fail(what, result.status_code, result.text)
            return None
        return result

    def _fail(self, what: str, status: int, text: Any) -> None:
        detail = problem_detail(text)
        if status == 429 or status >= 500:
            raise _Transient(f"HTTP {status}" + (f": {detail}" if detail else ""), status)
        if status in (401, 403):
            message = (
                f"Mailchimp rejected the API key (HTTP {status}: {detail or 'not allowed'}); "
                "check MAILCHIMP_API_KEY and MAILCHIMP_SERVER"
            )
        elif status == 404:
            message = (
                f"could not {what}: Mailchimp answered 404 ({detail or 'not found'}); check "
                "MAILCHIMP_AUDIENCE_ID and MAILCHIMP_SERVER"
            )
        else:
            message = f"Mailchimp refused to {what} (HTTP {status}): {detail or 'no detail'}"
        raise MailchimpApiError(self.scrub(message), status)

    @staticmethod
    def _where_hint(failure: _Transient) -> str:
        if failure.status is None:
            return " (check your network, MAILCHIMP_SERVER and MAILCHIMP_API_URL)"
        return ""


# -- finding the month's campaign -------------------------------------------------------------


@dataclass
class Found:
    """The month's campaign in Mailchimp (or None) and how it was found."""

    campaign: dict[str, Json] | None
    via: str
    notes: list[str] = field(default_factory=list)


def check_audience(api: MailchimpApi, audience_id: str) -> dict[str, Json]:
    """The audience; 404 becomes 'audience X not found'."""
    try:
        return api.call(
            "look up the audience",
            api.client.lists.get_list,
            audience_id,
            fields=["id", "name", "web_id"],
        )
    except MailchimpApiError as exc:
        if exc.status == 404:
            raise MailchimpApiError(
                f"audience {audience_id} not found (check MAILCHIMP_AUDIENCE_ID / server prefix)",
                404,
            ) from None
        raise


def get_campaign(api: MailchimpApi, campaign_id: str) -> dict[str, Json] | None:
    """A campaign by id, or None if Mailchimp does not know it."""
    try:
        return api.call("read the campaign", api.client.campaigns.get, campaign_id)
    except MailchimpApiError as exc:
        if exc.status == 404:
            return None
        raise


def campaigns_titled(api: MailchimpApi, audience_id: str, title: str) -> list[dict[str, Json]]:
    """Every campaign of the audience whose ``settings.title`` is exactly ``title``."""
    found: list[dict[str, Json]] = []
    offset = 0
    while True:
        page = api.call(
            "list the audience's campaigns",
            api.client.campaigns.list,
            list_id=audience_id,
            count=PAGE_SIZE,
            offset=offset,
            fields=LIST_FIELDS,
        )
        items = page.get("campaigns") or []
        found += [c for c in items if (c.get("settings") or {}).get("title") == title]
        offset += len(items)
        if not items or offset >= int(page.get("total_items") or 0):
            return found


def find_campaign(
    api: MailchimpApi, audience_id: str, title: str, entry: Mapping[str, Json], ledger_path: Path
) -> Found:
    """The month's campaign: by the ledger's id if it still exists, else by its title."""
    notes: list[str] = []
    ledger_id = entry.get("campaign_id")
    if ledger_id:
        campaign = get_campaign(api, ledger_id)
        list_id = ((campaign or {}).get("recipients") or {}).get("list_id")
        if campaign is not None and list_id == audience_id:
            return Found(campaign, "the ledger", notes)
        reason = "no longer exists in Mailchimp" if campaign is None else "is in another audience"
        notes.append(
            f"The ledger's campaign {ledger_id} {reason}; looking for {title!r} by title instead."
        )
    matches = campaigns_titled(api, audience_id, title)
    if len(matches) > 1:
        ids = ", ".join(f"{c['id']} ({c.get('status')})" for c in matches)
        raise NewsletterError(
            f"Mailchimp has {len(matches)} campaigns titled {title!r} in this audience ({ids}); "
            "delete the extra ones in Mailchimp or put the right campaign_id in the ledger, "
            "then run again",
            ledger_path,
        )
    if not matches:
        return Found(None, "nowhere", notes)
    if not ledger_id:
        notes.append(
            f"The ledger has no record of {title!r} but Mailchimp has it (an earlier run "
            "probably stopped before recording it); using that campaign."
        )
    return Found(matches[0], "its title", notes)


# -- the command ------------------------------------------------------------------------------


@dataclass
class Sync:
    """Everything one run needs."""

    api: MailchimpApi
    request: Request
    audience_id: str
    audience_name: str
    ledger: Ledger
    out: Out
    now: dt.datetime
    timezone: str

    @property
    def month(self) -> str:
        """The month being synced."""
        return self.request.month

    @property
    def title(self) -> str:
        """The campaign's deterministic title."""
        return campaign_title(self.month)

    def record(self, **changes: Json) -> None:
        """Update this month's ledger record."""
        self.ledger.record(self.month, self.now, **changes)


def campaign_command(
    month: str,
    *,
    root: Path,
    timezone: str,
    push: bool = False,
    test_to: str | None = None,
    schedule: str | None = None,
    send_now: bool = False,
    yes: bool = False,
    unschedule: bool = False,
    env: Mapping[str, str] = os.environ,
    out: Callable[[str], None] = print,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Sync the month's newsletter with Mailchimp; returns the exit code (0 ok, 1 error, 2 usage).

    Without flags it is a dry run (GET calls only). ``push`` creates or updates the draft;
    ``test_to``, ``schedule`` and ``send_now`` (with ``yes``) push first, then act;
    ``unschedule`` returns a scheduled campaign to draft. Errors are printed as one line.
    """
    scrub = make_scrubber(env.get("MAILCHIMP_API_KEY", "").strip())

    def say(line: str) -> None:
        out(scrub(line))

    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        request = build_request(
            month,
            timezone=timezone,
            push=push,
            test_to=test_to,
            schedule=schedule,
            send_now=send_now,
            yes=yes,
            unschedule=unschedule,
            now=moment,
        )
        run(request, root=Path(root), timezone=timezone, env=env, out=say, now=moment, sleep=sleep)
    except UsageError as exc:
        say(f"error: {exc}")
        return 2
    except NewsletterError as exc:
        say(f"error: {exc}")
        return 1
    return 0


def run(
    request: Request,
    *,
    root: Path,
    timezone: str,
    env: Mapping[str, str],
    out: Out,
    now: dt.datetime,
    sleep: Callable[[float], None],
) -> None:
    """Read inputs, find the campaign, then do what was asked (raises NewsletterError)."""
    artifacts = None if request.unschedule else load_artifacts(root, request.month)
    config = load_config(env)
    ledger = Ledger(root / LEDGER_PATH, load_ledger(root / LEDGER_PATH))
    api = MailchimpApi(make_client(config), scrub=make_scrubber(config.api_key), sleep=sleep)
    audience = check_audience(api, config.audience_id)
    sync = Sync(
        api=api,
        request=request,
        audience_id=config.audience_id,
        audience_name=str(audience.get("name") or "(unnamed)"),
        ledger=ledger,
        out=out,
        now=now,
        timezone=timezone,
    )
    entry = ledger.entry(request.month)
    found = find_campaign(api, config.audience_id, sync.title, entry, ledger.path)
    for note in found.notes:
        out(note)
    if request.dry_run:
        assert artifacts is not None
        report_plan(sync, found, artifacts, entry)
        return
    if found.campaign is not None:
        reconcile_ledger(sync, found.campaign, entry)
    if request.unschedule:
        unschedule_campaign(sync, found.campaign)
        return
    assert artifacts is not None
    campaign = push_campaign(sync, found.campaign, artifacts)
    if request.test_emails:
        send_test(sync, campaign, request.test_emails)
    elif request.schedule_at is not None:
        schedule_campaign(sync, campaign, request.schedule_at)
    elif request.send_now:
        send_campaign(sync, campaign)


def reconcile_ledger(sync: Sync, campaign: Mapping[str, Json], entry: Mapping[str, Json]) -> None:
    """Make the ledger agree with Mailchimp about the campaign's id and status."""
    remote = campaign_record(campaign)
    if all(entry.get(key) == value for key, value in remote.items()):
        return
    changes: dict[str, Json] = dict(remote)
    if entry.get("campaign_id") != campaign["id"]:
        changes["content_hash"] = None  # unknown for a campaign the ledger did not know
    sync.record(**changes)
    sync.out(f"Recorded campaign {campaign['id']} ({remote.get('status')}) in {LEDGER_PATH}.")


def describe_send_time(campaign: Mapping[str, Json], timezone: str) -> str:
    """Mailchimp's ``send_time`` in the site's time zone, with the UTC value."""
    raw = campaign.get("send_time") or ""
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return raw or "no send time"
    if moment.tzinfo is None:
        return raw
    return f"{format_local(moment.astimezone(zone_for(timezone)))} {timezone}, {raw}"


def refuse_if_locked(sync: Sync, campaign: Mapping[str, Json]) -> None:
    """A scheduled, sending or sent campaign is never changed; anything but a draft is refused."""
    status = campaign.get("status")
    when = describe_send_time(campaign, sync.timezone)
    cid = campaign["id"]
    if status == "schedule":
        raise NewsletterError(
            f"campaign {cid} ({sync.title}) is scheduled for {when}; it will not be changed. "
            f"Run `invoke campaign {sync.month} --unschedule` first to change it"
        )
    if status in ("sending", "sent"):
        raise NewsletterError(
            f"campaign {cid} ({sync.title}) is already {status} ({when}); "
            "it is never changed or sent again"
        )
    if status != DRAFT_STATUS:
        raise NewsletterError(
            f"campaign {cid} ({sync.title}) has status {status!r}; only drafts ('save') are "
            "updated. Check it in Mailchimp"
        )


def report_plan(sync: Sync, found: Found, artifacts: Artifacts, entry: Mapping[str, Json]) -> None:
    """Dry run: say what --push would do, without any write."""
    out = sync.out
    new_hash = artifacts.content_hash
    out(f"Dry run for {sync.title} (audience {sync.audience_name!r}); nothing will be changed.")
    campaign = found.campaign
    if campaign is None:
        out(
            f"Would create a draft campaign {sync.title!r} and upload the built email "
            f"(content hash {new_hash[:12]})."
        )
    elif campaign.get("status") != DRAFT_STATUS:
        status = campaign.get("status")
        out(
            f"Found campaign {campaign['id']} by {found.via}: status {status!r} "
            f"({describe_send_time(campaign, sync.timezone)}); it will not be changed."
        )
        if status == "schedule":
            out(f"To change it, run `invoke campaign {sync.month} --unschedule` first.")
        return
    else:
        old_hash = entry.get("content_hash") if entry.get("campaign_id") == campaign["id"] else None
        if not old_hash:
            change = f"content hash {new_hash[:12]}; the ledger has no hash to compare"
        elif old_hash == new_hash:
            change = f"content unchanged since the last push ({new_hash[:12]})"
        else:
            change = f"content changed since the last push ({old_hash[:12]} -> {new_hash[:12]})"
        out(
            f"Would update draft campaign {campaign['id']} (web_id {campaign.get('web_id')}, "
            f"found by {found.via}): {change}."
        )
        if entry.get("campaign_id") != campaign["id"]:
            out(f"Would record campaign {campaign['id']} in {LEDGER_PATH}.")
    out(NEXT_STEPS)


def push_campaign(
    sync: Sync, campaign: dict[str, Json] | None, artifacts: Artifacts
) -> dict[str, Json]:
    """Create the draft (or update its settings), then upload the built HTML and text."""
    api = sync.api
    if campaign is None:
        campaign = create_campaign(sync, artifacts.settings)
        sync.record(**campaign_record(campaign), content_hash=None)
        sync.out(f"Created draft campaign {campaign['id']} ({sync.title}).")
    else:
        refuse_if_locked(sync, campaign)
        api.call(
            "update the campaign's settings",
            api.client.campaigns.update,
            campaign["id"],
            {"settings": artifacts.settings},
        )
        sync.out(f"Updated the settings of draft campaign {campaign['id']} ({sync.title}).")
    api.call(
        "upload the campaign's content",
        api.client.campaigns.set_content,
        campaign["id"],
        {"html": artifacts.html, "plain_text": artifacts.text},
    )
    previous = sync.ledger.entry(sync.month).get("content_hash")
    sync.record(status=DRAFT_STATUS, content_hash=artifacts.content_hash)
    change = "unchanged" if previous == artifacts.content_hash else "new"
    sync.out(
        f"Uploaded the built email ({change} content, hash {artifacts.content_hash[:12]}); "
        f"recorded in {LEDGER_PATH} (commit it)."
    )
    return campaign


def create_campaign(sync: Sync, settings: Mapping[str, str]) -> dict[str, Json]:
    """POST /campaigns, re-checking by title before any retry so a lost answer cannot duplicate."""
    api = sync.api

    def already_created() -> dict[str, Json] | None:
        matches = campaigns_titled(api, sync.audience_id, sync.title)
        return matches[0] if matches else None

    body = {
        "type": "regular",
        "recipients": {"list_id": sync.audience_id},
        "settings": dict(settings),
    }
    return api.call(
        "create the campaign", api.client.campaigns.create, body, verify=already_created
    )


def status_check(sync: Sync, campaign_id: str, statuses: tuple[str, ...]) -> Callable[[], Any]:
    """A ``verify`` for actions: True if the campaign already reached one of ``statuses``."""

    def check() -> bool | None:
        campaign = get_campaign(sync.api, campaign_id)
        return True if campaign and campaign.get("status") in statuses else None

    return check


def send_test(sync: Sync, campaign: Mapping[str, Json], emails: list[str]) -> None:
    """POST actions/test (HTML) to the given addresses."""
    api = sync.api
    api.call(
        "send the test email",
        api.client.campaigns.send_test_email,
        campaign["id"],
        {"test_emails": emails, "send_type": "html"},
    )
    sync.out(f"Sent a test of campaign {campaign['id']} to {', '.join(emails)}.")


def schedule_campaign(sync: Sync, campaign: Mapping[str, Json], when: dt.datetime) -> None:
    """POST actions/schedule at ``when`` (UTC) and record it."""
    api = sync.api
    stamp = iso_utc(when)
    api.call(
        "schedule the campaign",
        api.client.campaigns.schedule,
        campaign["id"],
        {"schedule_time": stamp},
        verify=status_check(sync, campaign["id"], ("schedule",)),
    )
    sync.record(status="schedule", scheduled_for=stamp)
    local = format_local(when.astimezone(zone_for(sync.timezone)))
    sync.out(
        f"Scheduled campaign {campaign['id']} for {local} {sync.timezone} ({stamp} UTC); "
        f"`invoke campaign {sync.month} --unschedule` returns it to draft."
    )


def send_campaign(sync: Sync, campaign: Mapping[str, Json]) -> None:
    """POST actions/send, then record what Mailchimp says the status is."""
    api = sync.api
    api.call(
        "send the campaign",
        api.client.campaigns.send,
        campaign["id"],
        verify=status_check(sync, campaign["id"], ("sending", "sent")),
    )
    after = get_campaign(api, campaign["id"]) or {}
    status = after.get("status") or "sending"
    sync.record(status=status, sent_at=after.get("send_time") or iso_utc(sync.now))
    sync.out(f"Sent campaign {campaign['id']} ({sync.title}) to the audience; status {status!r}.")


def unschedule_campaign(sync: Sync, campaign: Mapping[str, Json] | None) -> None:
    """POST actions/unschedule on a scheduled campaign (it becomes a draft again)."""
    if campaign is None:
        raise NewsletterError(f"there is no {sync.title} campaign in Mailchimp to unschedule")
    status = campaign.get("status")
    if status == DRAFT_STATUS:
        sync.out(f"Campaign {campaign['id']} is already a draft; nothing to unschedule.")
        return
    if status != "schedule":
        raise NewsletterError(
            f"campaign {campaign['id']} ({sync.title}) is {status!r}, not scheduled; "
            "it cannot be unscheduled"
        )
    api = sync.api
    api.call(
        "unschedule the campaign",
        api.client.campaigns.unschedule,
        campaign["id"],
        verify=status_check(sync, campaign["id"], (DRAFT_STATUS,)),
    )
    sync.record(status=DRAFT_STATUS, scheduled_for=None)
    sync.out(f"Unscheduled campaign {campaign['id']}; it is a draft again.")
