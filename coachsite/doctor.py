"""``make doctor`` (``invoke doctor``): is the site ready for the real world?

A short checklist the coach runs before the first publish or send and after any change of
settings: each line is ``ok``, ``warning`` or ``blocker`` with what to do, and only blockers
make the command fail. The checks are pure functions over the settings, the specials, the
campaign ledger and a fixed ``today``; :func:`run_doctor` gathers those and, only when the
``MAILCHIMP_*`` variables are set, asks Mailchimp two read-only questions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from coachsite.errors import CoachError
from coachsite.monthly import add_months, month_key

OK, WARNING, BLOCKER = "ok", "warning", "blocker"
DEMO_SUBSCRIBE_ACTION = "https://example.us1.list-manage.com/subscribe/post?u=demo&id=demo"
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost", "127.0.0.1")
PLACEHOLDER_ENDINGS = (".example", ".invalid", ".test", ".localhost", ".local")
ENDING_SOON = dt.timedelta(days=7)
MONTHS_SHOWN = 3  # this month and the next two
MAILCHIMP_VARIABLES = ("MAILCHIMP_API_KEY", "MAILCHIMP_AUDIENCE_ID")

Settings = Mapping[str, Any]


@dataclass(frozen=True)
class Check:
    level: str  # OK, WARNING or BLOCKER
    text: str  # what was found and, unless ok, what to do

    def line(self) -> str:
        return f"{self.level:<7}  {self.text}"


def _is_placeholder(host: str) -> bool:
    host = host.lower()
    return (
        host in PLACEHOLDER_HOSTS
        or host.endswith(PLACEHOLDER_ENDINGS)
        or any(host.endswith("." + name) for name in PLACEHOLDER_HOSTS)
    )


def site_url_check(settings: Settings) -> Check:
    url = str(settings.get("SITE_PUBLIC_URL") or "").strip()
    if not url:
        return Check(
            BLOCKER,
            "SITE_PUBLIC_URL is empty: set Website: in content/site.md to the site's address, "
            "e.g. https://www.example.com (emails, feeds and search engines link to it)",
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Check(BLOCKER, f"SITE_PUBLIC_URL={url!r} is not a web address like https://HOST")
    if _is_placeholder(parts.hostname):
        return Check(
            BLOCKER,
            f"SITE_PUBLIC_URL={url!r} is a placeholder: set Website: in content/site.md to the "
            "address readers will use",
        )
    if parts.scheme == "http":
        return Check(WARNING, f"SITE_PUBLIC_URL={url!r} is not https: use https://{parts.netloc}")
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if siteurl and siteurl != url.rstrip("/"):
        return Check(
            WARNING,
            f"SITE_PUBLIC_URL is {url} but publishconf.py publishes at SITEURL={siteurl}: "
            "make them the same address",
        )
    return Check(OK, f"SITE_PUBLIC_URL is {url}")


def publish_check(publish_target: str, workflow: Path | None) -> Check:
    """``workflow`` is the site workflow's file, if the project has one."""
    target = publish_target.strip()
    if target == "gh-pages":
        return Check(OK, "PUBLISH_TARGET=gh-pages: make publish pushes to GitHub Pages")
    if target:
        return Check(OK, f"PUBLISH_TARGET={target}: make publish uploads there with rsync")
    if workflow is not None:
        return Check(
            OK,
            f"PUBLISH_TARGET is not set here: {workflow} publishes on GitHub Pages on every "
            "push to main and each morning (its one-time setup: README, 'Publishing')",
        )
    return Check(
        BLOCKER,
        "nothing publishes the site: set PUBLISH_TARGET=gh-pages (GitHub Pages) or to an "
        "rsync destination, or set up Netlify or Cloudflare Pages (README, 'Publishing')",
    )


def subscribe_check(settings: Settings) -> Check:
    action = str(settings.get("NEWSLETTER_SUBSCRIBE_ACTION") or "").strip()
    honeypot = str(settings.get("NEWSLETTER_SUBSCRIBE_HONEYPOT") or "").strip()
    where = (
        "paste the form's action from Mailchimp (Audience > Signup forms > Embedded forms) "
        "into Subscribe_form: in content/site.md (NEWSLETTER_SUBSCRIBE_ACTION), and its hidden "
        "b_... field's name into Subscribe_honeypot: (NEWSLETTER_SUBSCRIBE_HONEYPOT)"
    )
    if not action:
        return Check(
            WARNING,
            f"NEWSLETTER_SUBSCRIBE_ACTION is empty, so the subscribe form is hidden: {where}",
        )
    parts = urlsplit(action)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    if action == DEMO_SUBSCRIBE_ACTION or query.get("u") == "demo" or "example" in action:
        return Check(
            BLOCKER,
            "NEWSLETTER_SUBSCRIBE_ACTION is the demo placeholder, so nobody can subscribe: "
            + where,
        )
    if (
        parts.scheme != "https"
        or not (parts.hostname or "").endswith(".list-manage.com")
        or parts.path.rstrip("/") != "/subscribe/post"
        or not query.get("u")
        or not query.get("id")
    ):
        return Check(
            BLOCKER,
            f"NEWSLETTER_SUBSCRIBE_ACTION={action!r} is not a Mailchimp signup address "
            "(https://....list-manage.com/subscribe/post?u=...&id=...): " + where,
        )
    expected = f"b_{query['u']}_{query['id']}"
    if honeypot != expected:
        return Check(
            BLOCKER,
            f"NEWSLETTER_SUBSCRIBE_HONEYPOT is {honeypot!r} but the form's u and id make "
            f"{expected!r}: copy both settings from the same Mailchimp form",
        )
    return Check(OK, f"the subscribe form posts to Mailchimp ({parts.hostname})")


def sender_check(settings: Settings, free_mail_warning: Callable[[str, str], str | None]) -> Check:
    address = str(settings.get("NEWSLETTER_REPLY_TO") or "").strip()
    if not address or "@" not in address:
        return Check(
            BLOCKER,
            "NEWSLETTER_REPLY_TO is not an email address: set Newsletter_reply_to: in "
            "content/site.md to the address the newsletter comes from and replies go to",
        )
    warning = free_mail_warning(address, str(settings.get("SITE_PUBLIC_URL") or ""))
    if warning:
        return Check(WARNING, warning[0].upper() + warning[1:])
    return Check(OK, f"the newsletter comes from {address}")


def postal_check(settings: Settings) -> Check:
    address = str(settings.get("NEWSLETTER_POSTAL_ADDRESS") or "").strip()
    if address:
        return Check(OK, f"the email's footer shows the postal address {address}")
    return Check(
        OK,
        "NEWSLETTER_POSTAL_ADDRESS is empty: the email's footer shows your Mailchimp "
        "audience's address (*|LIST:ADDRESSLINE|*; Audience > Settings > Audience name and "
        "defaults); set Postal_address: in content/site.md to show another",
    )


def placeholder_checks(found: Sequence[tuple[Path | str, int]]) -> list[Check]:
    """A blocker for each published post that kept the summary ``make new`` wrote.

    ``found`` is ``placeholder_summaries(content)``: (path, line) pairs.
    """
    return [
        Check(
            BLOCKER,
            f"{path}:{line}: the 'Summary:' is still the placeholder that make new wrote, and "
            "the post is not a draft: write one or two sentences of your own (make publish "
            "refuses until then)",
        )
        for path, line in found
    ]


def campaign_words(record: Mapping[str, Any] | None) -> str:
    """A month's campaign as newsletter/ledger.json records it."""
    if not record:
        return "no campaign yet"
    status = record.get("status")
    if status == "save":
        tested = record.get("tested_hash") and record.get("tested_hash") == record.get(
            "content_hash"
        )
        return "draft in Mailchimp" + (", test sent" if tested else "")
    if status == "paused":
        return "paused in Mailchimp (a draft again)"
    if status == "schedule":
        return f"scheduled for {record.get('scheduled_for', '?')}"
    if status == "sending":
        return "sending now"
    if status == "sent":
        return f"sent {record.get('sent_at', '')}".rstrip()
    return f"status {status!r}"


def calendar_checks(
    today: dt.date, specials: Sequence[Any], ledger: Mapping[str, Mapping[str, Any]]
) -> list[Check]:
    """This month and the next two, and specials ending within a week.

    ``specials`` are consult's ``Special`` objects (month, title, valid_from, valid_until).
    """
    by_month = {special.month: special for special in specials}
    checks = []
    first = today.replace(day=1)
    for offset in range(MONTHS_SHOWN):
        month = month_key(add_months(first, offset))
        campaign = campaign_words(ledger.get(month))
        special = by_month.get(month)
        if special is None:
            tail = "" if month not in ledger else f" (campaign: {campaign})"
            checks.append(
                Check(
                    OK,
                    f"{month}: no special: no newsletter that month (to have one, write "
                    f"content/specials/{month}.md){tail}",
                )
            )
            continue
        checks.append(
            Check(
                OK,
                f"{month}: special {special.title!r} ({special.valid_from:%b %-d} to "
                f"{special.valid_until:%b %-d}); campaign: {campaign}",
            )
        )
    for special in specials:
        if special.valid_from <= today <= special.valid_until < today + ENDING_SOON:
            days = (special.valid_until - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days > 1 else ''}"
            checks.append(
                Check(
                    WARNING,
                    f"the special {special.title!r} ({special.month}) ends {when}, on "
                    f"{special.valid_until:%B %-d}: after that the site stops offering it",
                )
            )
    return checks


def address_line(audience: Mapping[str, Any]) -> str:
    contact = audience.get("contact") or {}
    keys = ("address1", "address2", "city", "state", "zip", "country")
    return ", ".join(str(contact[key]) for key in keys if contact.get(key))


def mailchimp_checks(
    env: Mapping[str, str], settings: Settings, connect: Callable[[Mapping[str, str]], Any]
) -> list[Check]:
    """Mailchimp reachable and the audience found, only when MAILCHIMP_* are set.

    ``connect(env)`` returns ``(config, api)``: campaign's MailchimpConfig and MailchimpApi;
    only read-only calls are made (ping, the audience).
    """
    from campaign.errors import CampaignError

    if not any(env.get(name, "").strip() for name in MAILCHIMP_VARIABLES):
        return [
            Check(
                OK,
                "MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID are not set here: Mailchimp not "
                "checked (export them to check; the workflow has them as repository secrets)",
            )
        ]
    try:
        config, api = connect(env)
        api.call("reach Mailchimp", api.client.ping.get)
    except CampaignError as err:
        return [Check(BLOCKER, f"Mailchimp: {err}")]
    checks = [Check(OK, "Mailchimp answers and accepts the API key")]
    try:
        audience = api.call("read the audience", api.client.lists.get_list, config.audience_id)
    except CampaignError as err:
        return [
            *checks,
            Check(BLOCKER, f"MAILCHIMP_AUDIENCE_ID={config.audience_id}: {err}"),
        ]
    members = (audience.get("stats") or {}).get("member_count", "?")
    checks.append(Check(OK, f"audience {audience.get('name', '')!r} found, {members} subscribers"))
    if not str(settings.get("NEWSLETTER_POSTAL_ADDRESS") or "").strip():
        line = address_line(audience)
        if (audience.get("contact") or {}).get("address1"):
            checks.append(Check(OK, f"the footer's postal address (the audience's): {line}"))
        else:
            checks.append(
                Check(
                    WARNING,
                    f"the audience's contact address has no street ({line or 'empty'}), and "
                    "the footer shows it: complete it in Mailchimp or set "
                    "NEWSLETTER_POSTAL_ADDRESS",
                )
            )
    return checks


def summary(checks: Sequence[Check]) -> tuple[list[str], int]:
    """The lines to print and the exit status (1 when there is a blocker)."""
    blockers = sum(check.level == BLOCKER for check in checks)
    warnings = sum(check.level == WARNING for check in checks)
    lines = [check.line() for check in checks]
    if blockers:
        lines.append(
            f"{blockers} blocker{'s' if blockers > 1 else ''}, {warnings} warning"
            f"{'s' if warnings != 1 else ''}: fix the blockers before the first publish or send."
        )
    else:
        lines.append(f"No blockers, {warnings} warning{'s' if warnings != 1 else ''}.")
    return lines, 1 if blockers else 0


def connect_mailchimp(env: Mapping[str, str]) -> tuple[Any, Any]:
    """campaign's configuration and API wrapper; one attempt per call (a quick check)."""
    from campaign.api import MailchimpApi
    from campaign.config import load_config, make_client, make_scrubber

    config = load_config(env)
    api = MailchimpApi(make_client(config), scrub=make_scrubber(config.api_key), attempts=1)
    return config, api


def run_doctor(
    root: Path,
    settings: Settings,
    env: Mapping[str, str],
    today: dt.date,
    connect: Callable[[Mapping[str, str]], Any] = connect_mailchimp,
) -> tuple[list[str], int]:
    """Every check, over the production settings as read from ``root``."""
    from campaign.errors import CampaignError
    from campaign.ledger import LEDGER_PATH, load_ledger
    from campaign.sender import free_mail_warning
    from coachsite.content_warnings import placeholder_summaries

    workflow = Path(".github/workflows/site.yml")
    checks = [
        site_url_check(settings),
        publish_check(
            env.get("PUBLISH_TARGET", ""), workflow if (root / workflow).is_file() else None
        ),
        subscribe_check(settings),
        sender_check(settings, free_mail_warning),
        postal_check(settings),
        *placeholder_checks(placeholder_summaries(Path(settings["PATH"]))),
    ]
    try:
        specials = read_specials(settings)
        ledger = load_ledger(root / LEDGER_PATH)
    except (CoachError, CampaignError) as err:
        checks.append(Check(BLOCKER, str(err)))
    else:
        checks += calendar_checks(today, specials, ledger)
    checks += mailchimp_checks(env, settings, connect)
    return summary(checks)


def read_specials(settings: Settings) -> list[Any]:
    """content/specials/*.md through the consult plugin's own reader and checks."""
    from pelican.readers import MarkdownReader

    from coach_consult.reading import read_specials as read

    content = Path(settings["PATH"])
    return read(content, str(settings.get("SPECIALS_PATH", "specials")), MarkdownReader(settings))
