"""Checks on a built site before it is published: what a reader would trip over.

Pure functions over a folder of files, so `invoke check` and `invoke publish` run the same
checks on exactly what would be uploaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coachsite.marker_check import html_marker_problems

LINK = re.compile(r'\b(?:href|src)="([^"]*)"')
VALID_UNTIL = re.compile(r'data-valid-until="([^"]+)"')
# Pages every published site must have (relative to the output folder).
REQUIRED = (
    "index.html",
    "404.html",
    "about/index.html",
    "work-with-me/index.html",
    "newsletter/index.html",
    "privacy/index.html",
    "archives/index.html",
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "sitemap.xml",
    "robots.txt",
)


def html_pages(site: Path) -> Iterator[Path]:
    for page in sorted(site.rglob("*.html")):
        if "pagefind" not in page.relative_to(site).parts:
            yield page


def local_target(page: Path, link: str, site: Path, siteurl: str) -> Path | None:
    """The file a link on ``page`` points to inside ``site``, or None if it leaves the site."""
    link = link.replace("&amp;", "&")
    if siteurl and link.startswith(siteurl.rstrip("/") + "/"):
        link = "/" + link[len(siteurl.rstrip("/")) + 1 :]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = Path(target).resolve()
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(site: Path, siteurl: str = "") -> list[str]:
    """``page -> link`` for every link or image into the site that has no file behind it."""
    site = site.resolve()
    found = []
    for page in html_pages(site):
        if page.name == "404.html":
            continue  # its links are root-relative on purpose; checked through the others
        for link in LINK.findall(page.read_text("utf-8", errors="replace")):
            target = local_target(page, link, site, siteurl)
            if target is not None and not target.exists():
                found.append(f"{page.relative_to(site)} -> {link}")
    return found


def missing_pages(site: Path, required: Iterable[str] = REQUIRED) -> list[str]:
    return [name for name in required if not (site / name).is_file()]


def expired_offers(site: Path, now: dt.datetime) -> list[str]:
    """Pages that would advertise a special whose end has already passed."""
    found = []
    for page in html_pages(site):
        for value in set(VALID_UNTIL.findall(page.read_text("utf-8", errors="replace"))):
            try:
                ends = dt.datetime.fromisoformat(value)
            except ValueError:
                found.append(f"{page.relative_to(site)}: unreadable end date {value!r}")
                continue
            if ends < now:
                found.append(f"{page.relative_to(site)}: a special that ended {value}")
    return found


def site_problems(site: Path, siteurl: str, now: dt.datetime) -> list[str]:
    """Everything that should stop a publish, as lines for the coach."""
    problems = [f"missing page: {name}" for name in missing_pages(site)]
    problems += [f"broken link: {line}" for line in broken_links(site, siteurl)]
    problems += [
        f"expired special still shown: {line} (rebuild without SITE_DATE, or add the "
        "new month's special)"
        for line in expired_offers(site, now)
    ]
    problems += [f"marker shown as text: {line}" for line in html_marker_problems(site)]
    return problems
