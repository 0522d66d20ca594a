"""The production build's own folder, ``public/``, and what stands between it and readers.

Development builds write ``output/`` (``make serve``); production builds (``make preview``,
``make production``, ``make publish``) write ``public/`` (``OUTPUT_PATH`` in
publishconf.py), so a preview never disturbs a running ``make serve``. The preview is built
for its own address (``SITEURL=http://127.0.0.1:8001``) and ``publish`` for the public one;
the address ``public/`` was last built for is kept beside the cache, so that ``make check``
checks its absolute links against the right one.
"""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

from coachsite.content_warnings import placeholder_summaries
from coachsite.publish import GH_PAGES, PublishError
from coachsite.site_check import site_problems

BUILT_FOR = Path("cache") / "public-siteurl.txt"  # under the project's root
SHOWN = 20  # problems listed


def record_built_for(root: Path, siteurl: str) -> None:
    """Remember the address the production build in ``public/`` was made for."""
    path = root / BUILT_FOR
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(siteurl, encoding="utf-8")


def built_for(root: Path, default: str) -> str:
    path = root / BUILT_FOR
    return (path.read_text("utf-8").strip() if path.is_file() else "") or default


def check_public(public: Path, siteurl: str, now: dt.datetime) -> str:
    """The line to print when ``public/`` may go out; a PublishError listing what may not."""
    if not (public / "index.html").is_file():
        raise PublishError(
            f"{public.name}/ is not built yet; run make preview (or make production) first"
        )
    problems = site_problems(public, siteurl, now)
    if problems:
        listed = "\n  ".join(problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        raise PublishError(f"the built site has {len(problems)} problem(s):\n  {listed}{more}")
    return f"Checked {public.name}/: no broken links, no missing pages, no expired specials."


def publish_target(target: str, rsync: str | None) -> str:
    """``PUBLISH_TARGET`` checked before anything is built: gh-pages or an rsync destination."""
    target = target.strip()
    if not target:
        raise PublishError(
            "PUBLISH_TARGET is not set; set it to gh-pages (GitHub Pages) or to the rsync "
            "destination, e.g. PUBLISH_TARGET=gh-pages make publish or "
            "PUBLISH_TARGET=user@host:/var/www/site/ make publish"
        )
    if target != GH_PAGES and rsync is None:
        raise PublishError("rsync is not installed; install it (apt-get install rsync)")
    return target


def rsync_command(public: Path, target: str, dry_run: bool) -> str:
    flags = "-rlptvzc --delete" + (" --dry-run" if dry_run else "")
    return f"rsync {flags} {shlex.quote(str(public))}/ {shlex.quote(target)}"


def placeholder_blockers(content: Path) -> list[str]:
    """Published posts that still carry the summary ``make new`` wrote, as ``path:line``."""
    return [f"{path}:{line}" for path, line in placeholder_summaries(content)]
