"""``make new TITLE="..."``: a draft post dated today, with every setting the coach needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coachsite.content_warnings import PLACEHOLDER_SUMMARY
from coachsite.errors import CoachError

# What ``make new`` writes as the summary: coachsite/content_warnings.py finds it left in a
# published post (a warning in the build, a blocker in make doctor and make publish).


def slug_for(title: str) -> str:
    from pelican.utils import slugify

    return slugify(
        title,
        regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")],
    )


def create_post(
    root: Path, title: str, category: str, day: dt.date, time: str, articles: str = "articles"
) -> Path:
    """Write ``content/articles/YYYY-MM-DD-slug.md`` (never over an existing post)."""
    title = " ".join(title.split())
    if not title:
        raise CoachError('give the post a title, e.g. make new TITLE="Why my resume fails"')
    slug = slug_for(title)
    if not slug:
        raise CoachError(f"cannot make a web address from the title {title!r}")
    folder = root / "content" / articles
    path = folder / f"{day.isoformat()}-{slug}.md"
    taken = sorted(folder.glob(f"*-{slug}.md"))
    if path.exists() or taken:
        raise CoachError(
            f"{(taken or [path])[0].relative_to(root)} already exists; "
            "choose another title or edit that file."
        )
    path.write_text(
        f"Title: {title}\n"
        f"Date: {day.isoformat()} {time}\n"
        f"Category: {category}\n"
        "Tags: \n"
        f"Slug: {slug}\n"
        f"Summary: {PLACEHOLDER_SUMMARY}\n"
        "Status: draft\n"
        "\n"
        "Write the post here. Remove the line 'Status: draft' when it is ready to publish.\n",
        encoding="utf-8",
    )
    return path
