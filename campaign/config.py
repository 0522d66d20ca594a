"""Where and how to reach Mailchimp (the environment), and the site settings the sync uses.

Client quirks handled here (mailchimp-marketing 3.0.80): ``set_config`` resets ``timeout`` to
120 s, and ``call_api`` replaces the word "server" anywhere in the URL with the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mailchimp_marketing import Client

from .errors import CampaignError

DEFAULT_TIMEOUT = (10.0, 20.0)  # (connect, read) seconds
FREE_PLAN_TEST_LIMIT = 6  # addresses per test email on Mailchimp's free plan


@dataclass(frozen=True)
class MailchimpConfig:
    """Where and how to reach Mailchimp; the key never appears in its repr."""

    api_key: str = field(repr=False)
    server: str
    audience_id: str
    api_url: str | None = None
    timeout: tuple[float, float] = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class SiteSettings:
    """What the sync needs from pelicanconf.py."""

    timezone: str
    site_url: str = ""  # SITE_PUBLIC_URL: the published site the email links to
    segment_id: str = ""  # NEWSLETTER_SEGMENT_ID: a saved segment or tag id; empty: everyone
    test_email_limit: int = FREE_PLAN_TEST_LIMIT  # NEWSLETTER_TEST_EMAIL_LIMIT

    @classmethod
    def from_settings(cls, settings: Any) -> SiteSettings:
        """Read a settings module (pelicanconf) or mapping, with clear errors for bad values."""
        get = (
            settings.get if isinstance(settings, Mapping) else lambda k, d: getattr(settings, k, d)
        )
        limit = get("NEWSLETTER_TEST_EMAIL_LIMIT", FREE_PLAN_TEST_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise CampaignError(
                f"NEWSLETTER_TEST_EMAIL_LIMIT = {limit!r} must be a whole number of addresses "
                f"(Mailchimp's free plan allows {FREE_PLAN_TEST_LIMIT})"
            )
        segment = str(get("NEWSLETTER_SEGMENT_ID", "") or "").strip()
        if segment and not segment.isdigit():
            raise CampaignError(
                f"NEWSLETTER_SEGMENT_ID = {segment!r} must be the number of a saved segment or "
                "tag (Audience > Segments, or Tags: the id is in the address of its page)"
            )
        return cls(
            timezone=str(get("TIMEZONE", "UTC")),
            site_url=str(get("SITE_PUBLIC_URL", "") or "").rstrip("/"),
            segment_id=segment,
            test_email_limit=limit,
        )


def load_config(env: Mapping[str, str]) -> MailchimpConfig:
    """Read MAILCHIMP_* settings from the environment, with clear errors for missing ones."""
    api_key = env.get("MAILCHIMP_API_KEY", "").strip()
    if not api_key:
        raise CampaignError(
            "MAILCHIMP_API_KEY is not set: export your Mailchimp API key "
            "(Profile > Extras > API keys) before running the campaign command"
        )
    audience_id = env.get("MAILCHIMP_AUDIENCE_ID", "").strip()
    if not audience_id:
        raise CampaignError(
            "MAILCHIMP_AUDIENCE_ID is not set: export the id of the audience to send to "
            "(Audience > Settings > Audience name and defaults > Audience ID)"
        )
    api_url = env.get("MAILCHIMP_API_URL", "").strip().rstrip("/") or None
    server = env.get("MAILCHIMP_SERVER", "").strip()
    if not server and "-" in api_key:
        server = api_key.rpartition("-")[2]
    if not api_url and not re.fullmatch(r"[a-z]+[0-9]+", server):
        raise CampaignError(
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
        raise CampaignError(f"MAILCHIMP_TIMEOUT={raw!r} must be a number of seconds (0-300]")
    return (seconds, seconds)


def make_client(config: MailchimpConfig) -> Client:
    """The official client, pointed at MAILCHIMP_API_URL if set, with a sane timeout."""
    client = Client()
    client.set_config({"api_key": config.api_key, "server": config.server or "invalid-server"})
    if config.api_url:
        client.api_client.host = config.api_url
        # A custom URL has no "server" placeholder: switch the substitution off.
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
