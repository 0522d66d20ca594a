"""Fixture content for the newsletter's site tests: posts and specials of their own.

The coach's posts and specials in content/ are replaced, so that no test depends on what the
coach writes, dates or deletes.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Project, copy_project

SITE = "https://www.midlifecareerstrategy.com"


def post(slug: str, date: str, title: str, *, summary: str = "", extra: str = "") -> str:
    """The Markdown of one post (``extra``: more settings lines, e.g. 'Status: draft\\n')."""
    summary = summary or f"What {title} is about."
    return (
        f"Title: {title}\nDate: {date}\nCategory: Job search\nTags: interviews\n"
        f"Slug: {slug}\nSummary: {summary}\n{extra}\nThe text of {title}.\n"
    )


def special(month: str, title: str, offer: str, price: str | None = None) -> str:
    price_line = f"Price: {price}\n" if price is not None else ""
    return f"Title: {title}\nMonth: {month}\nOffer: {offer}\n{price_line}\nThe {title}'s text.\n"


def fixture_site(root: Path, posts: dict[str, str], specials: dict[str, str]) -> Project:
    """A copy of the project whose only posts and specials are the ones given.

    ``posts``: file name under content/articles/ -> Markdown; ``specials``: month -> Markdown.
    """
    site = copy_project(root)
    for folder in ("articles", "specials"):
        for old in (site.root / "content" / folder).glob("*.md"):
            old.unlink()
    for name, text in posts.items():
        site.write(f"content/articles/{name}", text)
    for month, text in specials.items():
        site.write(f"content/specials/{month}.md", text)
    return site


def artifacts(site: Project, month: str) -> tuple[str, str, dict]:
    """(email.html, email.txt, campaign.json) of one month's built edition."""
    folder = site.root / "build" / "newsletter" / month
    return (
        (folder / "email.html").read_text("utf-8"),
        (folder / "email.txt").read_text("utf-8"),
        json.loads((folder / "campaign.json").read_text("utf-8")),
    )
