"""Fixtures for the Mailchimp sync tests: a loopback stand-in and a project with a built email.

``tests/campaign`` is a package (``__init__.py``) so this conftest does not shadow
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


@pytest.fixture
def server() -> Iterator[MailchimpStandIn]:
    """A fresh stand-in Mailchimp on 127.0.0.1."""
    with MailchimpStandIn() as standin:
        yield standin


@dataclass
class Site:
    """A project root with ``build/newsletter/MONTH/`` written as the build would."""

    root: Path

    @property
    def ledger_path(self) -> Path:
        return self.root / "newsletter" / "ledger.json"

    def ledger(self) -> dict[str, Any]:
        return json.loads(self.ledger_path.read_text("utf-8"))

    def build_email(self, month: str = MONTH, html: str | None = None, **meta: str) -> Path:
        """Write the month's artifacts; ``meta`` overrides campaign.json keys."""
        folder = self.root / "build" / "newsletter" / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "email.html").write_text(
            html or f"<html><body><h1>Specials for {month}</h1></body></html>", "utf-8"
        )
        (folder / "email.txt").write_text(f"Specials for {month}\n", "utf-8")
        data = {
            "title": f"specials-{month}",
            "subject": f"This month's specials ({month})",
            "preview_text": "Two new interview packages",
            "from_name": "Career Coach",
            "reply_to": "coach@example.com",
            "month": month,
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
    """Call ``campaign_command`` for MONTH with the stand-in's env; sleeps are recorded only."""
    from newsletter.campaign import campaign_command

    def call(month: str = MONTH, **kwargs: Any) -> Result:
        lines: list[str] = []
        sleeps: list[float] = []
        kwargs.setdefault("env", env)
        kwargs.setdefault("timezone", TIMEZONE)
        code = campaign_command(
            month, root=site.root, out=lines.append, sleep=sleeps.append, **kwargs
        )
        return Result(code, lines, sleeps)

    return call


def utc(*args: int) -> dt.datetime:
    """An aware UTC datetime."""
    return dt.datetime(*args, tzinfo=dt.UTC)
