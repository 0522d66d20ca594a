"""Before the newsletter goes out: do the pages it links to answer on the public site?

A newsletter sent before ``invoke publish`` would send subscribers to missing pages, so the web
edition and every address of the site in the email (links and images) are fetched from
SITE_PUBLIC_URL; external links are not the coach's to fix and are not fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

import requests

TIMEOUT = (5.0, 15.0)
WORKERS = 4


class _Addresses(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value.strip())


def site_addresses(html: str, site_url: str, extra: Iterable[str] = ()) -> list[str]:
    """``extra`` (always), then the site's own addresses in ``html``; no query or fragment."""
    site = urlsplit(site_url.rstrip("/") + "/")
    parser = _Addresses()
    parser.feed(html)
    seen: dict[str, None] = {}
    for address in extra:
        seen.setdefault(_bare(address))
    for address in parser.found:
        parts = urlsplit(address)
        if (parts.scheme, parts.netloc.lower()) != (site.scheme, site.netloc.lower()):
            continue
        if not (parts.path or "/").startswith(site.path):
            continue
        seen.setdefault(_bare(address))
    return list(seen)


def _bare(address: str) -> str:
    parts = urlsplit(address)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def _problem(session: requests.Session, address: str) -> str | None:
    """None if ``address`` answers 2xx (after redirects), else what went wrong."""
    try:
        answer = session.head(address, allow_redirects=True, timeout=TIMEOUT)
        if answer.status_code in (405, 501):  # a host that does not do HEAD
            answer = session.get(address, allow_redirects=True, timeout=TIMEOUT, stream=True)
            answer.close()
    except requests.RequestException as exc:
        return f"{address} (no answer: {type(exc).__name__})"
    if 200 <= answer.status_code < 300:
        return None
    return f"{address} (HTTP {answer.status_code})"


def missing_pages(addresses: Iterable[str]) -> list[str]:
    """Each address that does not answer, with why, in the order given."""
    wanted = list(addresses)
    with requests.Session() as session, ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda a: _problem(session, a), wanted))
    return [problem for problem in results if problem]
