"""Before it goes out: the web edition and the site's pages the email links to must answer.

The public site is a loopback HTTP server over a folder, standing in for SITE_PUBLIC_URL.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from mailchimp_server import MailchimpStandIn

from campaign.live import site_addresses

from .conftest import TITLE, Run, Site


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log on the test's stderr."""


@pytest.fixture
def public(tmp_path: Path, site: Site) -> Iterator[Path]:
    """A published site on 127.0.0.1; the month's email is rebuilt to link into it."""
    root = tmp_path / "public"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    site.site_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    site.build_email()
    try:
        yield root
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def publish(root: Path, *pages: str) -> None:
    for page in pages:
        (root / page).mkdir(parents=True, exist_ok=True)
        (root / page / "index.html").write_text("<p>here</p>", "utf-8")


def test_sending_before_the_site_is_published_is_refused_naming_the_pages(
    run: Run, server: MailchimpStandIn, site: Site, public: Path
) -> None:
    publish(public, "posts/pseudo-interviews")
    result = run(send_now=True, yes=True, skip_live_check=False)
    assert result.code == 1
    assert result.lines[-1].startswith(
        f"error: 1 of the 2 pages this email links to do not answer on {site.site_url} yet:\n"
        f"  {site.site_url}/newsletter/2026-04/ (HTTP 404)\n"
        "Publish the site first (make publish), or add --skip-live-check"
    )
    assert server.calls("POST", "/campaigns/{campaign_id}/actions/send") == []
    (campaign,) = server.campaigns_titled(TITLE)
    assert campaign["status"] == "save"


def test_a_published_site_lets_the_schedule_through(
    run: Run, server: MailchimpStandIn, site: Site, public: Path
) -> None:
    publish(public, "posts/pseudo-interviews", "newsletter/2026-04")
    result = run(schedule="2026-04-20 09:00", skip_live_check=False)
    assert result.code == 0, result.text
    assert f"Checked 2 pages the email links to on {site.site_url}: all answer." in result.lines


def test_skip_live_check_sends_without_looking(
    run: Run, server: MailchimpStandIn, site: Site, public: Path
) -> None:
    result = run(send_now=True, yes=True, skip_live_check=True)
    assert result.code == 0, result.text
    assert not any(line.startswith("Checked ") for line in result.lines)


def test_only_the_sites_own_addresses_are_checked() -> None:
    html = (
        '<a href="https://coach.example/a/?utm_source=x#top">a</a>'
        '<a href="https://coach.example.evil/b/">evil</a>'
        '<a href="https://coach.example">home</a>'
        '<img src="https://coach.example/theme/logo.png" alt="">'
        '<a href="*|UNSUB|*">u</a><a href="mailto:me@coach.example">m</a>'
        '<a href="https://www.linkedin.com/in/x">li</a><a href="https://coach.example/a/">dup</a>'
    )
    web = ["https://coach.example/newsletter/", "https://www.coach.example/newsletter/?x#y"]
    # The web edition is always checked, even on a host SITE_PUBLIC_URL does not name.
    assert site_addresses(html, "https://coach.example", web) == [
        "https://coach.example/newsletter/",
        "https://www.coach.example/newsletter/",
        "https://coach.example/a/",
        "https://coach.example/",
        "https://coach.example/theme/logo.png",
    ]
