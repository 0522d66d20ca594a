"""What a build reports: counts, drafts and scheduled posts, the summary line it prints.

Kept apart from the build driver so a build with nothing to do (coachsite/uptodate.py) can
report without loading Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Unpublished:
    """A draft or scheduled post (or draft page): not on the public site yet."""

    title: str
    date: dt.date | None  # None for a page without a Date:
    path: str  # as the coach sees it, e.g. content/articles/2026-05-03-why.md
    scheduled: bool = False  # dated after the build date (plugins/coach_future_posts)


@dataclass
class BuildReport:
    """What a successful build did."""

    output: Path
    seconds: float
    articles: int
    pages: int
    warnings: list[str] = field(default_factory=list)
    drafts: list[Unpublished] = field(default_factory=list)  # newest first
    scheduled: list[Unpublished] = field(default_factory=list)  # soonest first
    # (build date, first date that may select differently, timezone): coachsite/uptodate.py;
    # the folders the build wrote (the site, the email artifacts); True when nothing changed
    # since the last build, which did all of this.
    window: tuple[dt.date, dt.date, str] | None = None
    folders: tuple[Path, ...] = ()
    unchanged: bool = False


def unpublished(contents: Iterable[Any], root: Path) -> list[Unpublished]:
    """Draft or scheduled content objects as plain records, paths relative to ``root``."""
    found = []
    for content in contents:
        source = Path(content.source_path)
        shown = source.relative_to(root) if source.is_relative_to(root) else source
        date = getattr(content, "date", None)
        found.append(
            Unpublished(
                title=str(content.title),
                date=date.date() if isinstance(date, dt.datetime) else date,
                path=shown.as_posix(),
                scheduled=bool(getattr(content, "scheduled", False)),
            )
        )
    return found


def summary_line(report: BuildReport, root: Path = ROOT) -> str:
    """The build's last line: counts, then the drafts and scheduled posts by name.

    'Site ready in output/: 12 articles, 4 pages, 0.8 s. Drafts: "Why X"
    (content/articles/x.md). Scheduled: "Y" for 2026-05-03.'
    """
    out = report.output
    shown = out.relative_to(root) if out.is_relative_to(root) else out
    counts = f"{report.articles} articles, {report.pages} pages"
    if report.unchanged:
        line = f"Nothing changed since the last build: site up to date in {shown.as_posix()}/, "
        line += f"{counts}."
    else:
        line = f"Site ready in {shown.as_posix()}/: {counts}, {report.seconds:.1f} s."
    drafts = [f'"{d.title}" ({d.path})' for d in report.drafts]
    scheduled = [f'"{s.title}" for {s.date}' for s in report.scheduled]
    for label, names in (("Drafts", drafts), ("Scheduled", scheduled)):
        if names:
            line += f" {label}: {', '.join(names)}."
    return line


def newest_first(items: Iterable[Unpublished]) -> list[Unpublished]:
    """Dated drafts newest first, then undated ones (pages) by title."""
    items = list(items)
    dated = sorted((u for u in items if u.date is not None), key=lambda u: u.date, reverse=True)
    return dated + sorted((u for u in items if u.date is None), key=lambda u: u.title)
