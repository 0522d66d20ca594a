"""Stop the build when a post or page links to a file or image that does not exist.

Runs once everything is read and before anything is written, and raises
:class:`~linkcheck.errors.MissingTargetError` naming the Markdown file, the line of each broken
target and the exact text that works (``linkcheck.images``). Files that passed and did not
change are not checked again (``linkcheck.json`` in the cache). At the same point it logs the
build's warnings about the content (``linkcheck.notices``: unread files, placeholder summaries,
specials whose topics no post has).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals

from coach_linkcheck.errors import MissingTargetError
from coach_linkcheck.images import ContentFiles, with_lines
from coach_linkcheck.notices import warn_about_content
from coach_linkcheck.targets import (
    Problem,
    image_problems,
    intrasite_problems,
    metadata_image_problems,
)
from coachsite import pelican_adapter as adapter
from coachsite.cachefile import read_json, write_json
from coachsite.content_check import read_text
from coachsite.errors import CoachError

CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations", "pages", "hidden_pages", "draft_pages")  # fmt: skip


def _contents(generators: Iterable[Any]) -> Iterator[Any]:
    for generator in generators:
        for name in CONTENT_LISTS:
            yield from getattr(generator, name, None) or ()


def _written_paths(generators: list[Any]) -> set[str]:
    """Site paths of the files the build writes: content, static files, theme files."""
    context = generators[0].context
    settings = generators[0].settings
    static = [s for s in context["static_content"].values() if Path(s.source_path).is_file()]
    written = {c.save_as for c in chain(_contents(generators), static)}
    theme_dir = settings.get("THEME_STATIC_DIR", "theme")
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        root = Path(settings["THEME"]) / folder
        if root.is_dir():
            written |= {
                f"{theme_dir}/{p.relative_to(root).as_posix()}"
                for p in root.rglob("*")
                if p.is_file()
            }
    return {path for path in written if path}


def _site_digest(context: Any, written: set[str]) -> str:
    """What every check depends on besides the file itself: the files that exist."""
    digest = hashlib.blake2b(digest_size=16)
    for names in (context["generated_content"], context["static_content"], written):
        digest.update("\0".join(sorted(map(str, names))).encode() + b"\1")
    return digest.hexdigest()


def _key(content: Any, site: str) -> str:
    image = str(getattr(content, "image", "") or "")
    parts = (site, content.source_path, content.url, image, adapter.raw_body(content) or "")
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def check_targets(generators: list[Any]) -> None:
    """Raise for the first article or page with broken targets, listing all of them.

    A file that passed in the last build and has not changed, in a site with the same files,
    is not checked again (keys in the build cache).
    """
    if not generators:
        return
    settings = generators[0].settings
    context = generators[0].context
    written = _written_paths(generators)
    root = Path(settings["PATH"]).resolve().parent
    memo = Path(settings["CACHE_PATH"]) / "linkcheck.json" if settings.get("CACHE_PATH") else None
    passed = read_json(memo) if settings.get("LOAD_CONTENT_CACHE", True) else None
    if not isinstance(passed, dict):
        passed = {}
    site = _site_digest(context, written)
    files = ContentFiles(Path(settings["PATH"]))
    now: dict[str, str] = {}
    for content in _contents(generators):
        if not content.save_as:  # not written by this build (drafts in production)
            continue
        key = _key(content, site)
        if passed.get(content.source_path) == key:
            now[content.source_path] = key
            continue
        problems: list[Problem] = [
            *intrasite_problems(content, context, files),
            *image_problems(content, written, files),
            *metadata_image_problems(content, written, files),
        ]
        if problems:
            source = Path(content.source_path).resolve()
            shown = source.relative_to(root) if source.is_relative_to(root) else source
            raise MissingTargetError(_explain(problems, source, shown), shown)
        now[content.source_path] = key
    if memo is not None:
        write_json(memo, now)


def _explain(problems: list[Problem], source: Path, shown: Path) -> str:
    """One line per problem, each with its line in the Markdown file when it can be found.

    ``path: line 8: the image ...`` (the line goes in the text: a file can have several).
    """
    with contextlib.suppress(OSError, CoachError):
        problems = with_lines(problems, read_text(source, shown))
    said = [f"line {p.line}: {p.advice}" if p.line else p.advice for p in problems]
    if len(said) == 1:
        return said[0] + "."
    return f"this file points to {len(said)} things that do not exist:\n  " + "\n  ".join(said)


def register() -> None:
    signals.all_generators_finalized.connect(warn_about_content)
    signals.all_generators_finalized.connect(check_targets)
