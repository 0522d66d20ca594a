"""Fixtures for the Mailchimp sync tests: a loopback stand-in and a project with a built email.

``tests/campaign_sync`` is a package (``__init__.py``) so this conftest does not shadow
``tests/conftest.py`` as the importable module ``conftest``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT / "plugins", ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from mailchimp_server import MailchimpStandIn  # noqa: E402

MONTH = "2026-04"
TITLE = f"specials-{MONTH}"
TIMEZONE = "America/New_York"
# The fixed "now" of every campaign test, for the sync and the stand-in alike.
NOW = dt.datetime(2026, 4, 14, 12, 0, tzinfo=dt.UTC)
SITE_URL = "https://coach.example"  # tests that check live links point this at loopback


@pytest.fixture
def server() -> Iterator[MailchimpStandIn]:
    """A fresh stand-in Mailchimp on 127.0.0.1, whose clock stands at NOW."""
    with MailchimpStandIn(clock=lambda: NOW) as standin:
        yield standin


def email_html(month: str, site_url: str = SITE_URL) -> str:
    """A small built email: links into the site, the web edition and an unsubscribe link."""
    return (
        f"<html><body><h1>Specials for {month}</h1>"
        f'<p><a href="{site_url}/posts/pseudo-interviews/?utm_source=newsletter">Read</a> '
        f'<a href="https://www.linkedin.com/in/someone">LinkedIn</a></p>'
        f'<p><a href="{site_url}/newsletter/{month}/">View in your browser</a> '
        '<a href="*|UNSUB|*">Unsubscribe</a></p></body></html>'
    )


@dataclass
class Site:
    """A project root with ``build/newsletter/MONTH/`` written as the build would."""

    root: Path
    site_url: str = SITE_URL

    @property
    def ledger_path(self) -> Path:
        return self.root / "newsletter" / "ledger.json"

    def ledger(self) -> dict[str, Any]:
        return json.loads(self.ledger_path.read_text("utf-8"))

    def build_email(self, month: str = MONTH, html: str | None = None, **meta: str) -> Path:
        """Write the month's artifacts; ``meta`` overrides campaign.json keys."""
        folder = self.root / "build" / "newsletter" / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "email.html").write_text(html or email_html(month, self.site_url), "utf-8")
        (folder / "email.txt").write_text(f"Specials for {month}\n", "utf-8")
        data = {
            "title": f"specials-{month}",
            "subject": f"This month's specials ({month})",
            "preview_text": "Two new interview packages",
            "from_name": "Career Coach",
            "reply_to": "coach@example.com",
            "month": month,
            "web_url": f"{self.site_url}/newsletter/{month}/",
        }
        data.update(meta)
        (folder / "campaign.json").write_text(json.dumps(data, indent=2), "utf-8")
        return folder


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A project root with the April email built and an empty committed ledger."""
    project = Site(tmp_path / "site")
    (project.root / "newsletter").mkdir(parents=True)
    project.ledger_path.write_text("{}\n", "utf-8")
    project.build_email()
    return project


@dataclass
class Result:
    """What one ``campaign_command`` run returned and printed."""

    code: int
    lines: list[str]
    sleeps: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


Run = Callable[..., Result]


@pytest.fixture
def env(server: MailchimpStandIn) -> dict[str, str]:
    """The environment pointing the sync at the stand-in (short timeout for tests)."""
    return {**server.env(), "MAILCHIMP_TIMEOUT": "2"}


@pytest.fixture
def run(site: Site, env: dict[str, str]) -> Run:
    """Call ``campaign_command`` for MONTH with the stand-in's env at NOW; sleeps are recorded.

    Live-link checks are skipped unless a test asks for them (``skip_live_check=False``);
    ``settings`` overrides SiteSettings fields, ``sleep`` replaces the recorder.
    """
    from campaign.command import campaign_command
    from campaign.config import SiteSettings

    def call(month: str = MONTH, **kwargs: Any) -> Result:
        lines: list[str] = []
        sleeps: list[float] = []
        kwargs.setdefault("env", env)
        kwargs.setdefault("now", NOW)
        kwargs.setdefault("skip_live_check", True)
        settings = {"timezone": TIMEZONE, "site_url": site.site_url, **kwargs.pop("settings", {})}
        record = sleeps.append
        pause = kwargs.pop("sleep", None)

        def sleep(seconds: float) -> None:
            record(seconds)
            if pause is not None:
                pause(seconds)

        code = campaign_command(
            month,
            root=site.root,
            site=SiteSettings(**settings),
            out=lines.append,
            sleep=sleep,
            **kwargs,
        )
        return Result(code, lines, sleeps)

    return call


def utc(*args: int) -> dt.datetime:
    """An aware UTC datetime."""
    return dt.datetime(*args, tzinfo=dt.UTC)
