"""Warnings about the coach's content, logged once everything is read (they never stop a build).

- files under content/ that nothing reads (``notes.txt``, ``post.md.txt``, ``post.docx``);
- posts that are not drafts but kept the placeholder ``Summary:`` of ``invoke new``;
- specials (not over yet) whose ``Topics:`` match no post's tags or category.

The build collects Pelican's warnings and prints each as ``warning: ...``. The checks are pure
functions (``coachsite.content_warnings``, ``consult.validation``); this only feeds them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from coachsite.content_check import front_matter, read_text
from coachsite.content_warnings import (
    placeholder_line,
    placeholder_warning,
    unread_files,
)
from coachsite.errors import CoachError

logger = logging.getLogger("pelican.plugins.linkcheck.notices")

ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations",
                 "hidden_articles", "hidden_translations")  # fmt: skip
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")


def _items(generators: Iterable[Any], names: Iterable[str]) -> Iterator[Any]:
    names = tuple(names)
    for generator in generators:
        for name in names:
            yield from getattr(generator, name, None) or ()


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def unread_notices(generators: list[Any]) -> list[str]:
    settings, context = generators[0].settings, generators[0].context
    extensions: set[str] = set()
    for generator in generators:
        readers = getattr(generator, "readers", None)
        extensions |= set(getattr(readers, "extensions", ()) or ())
    published = {str(Path(p).as_posix()) for p in context.get("static_content", {})}
    return unread_files(Path(settings["PATH"]), settings, extensions, published)


def placeholder_notices(generators: list[Any], root: Path) -> list[str]:
    """Read only the files whose summary (as Pelican has it) starts like the placeholder."""
    found = []
    seen: set[str] = set()
    for item in _items(generators, chain(ARTICLE_LISTS, PAGE_LISTS)):
        summary = str(item.metadata.get("summary", "") or "")
        if "one or two sentences" not in summary.casefold() or item.source_path in seen:
            continue
        seen.add(item.source_path)
        line = placeholder_line(Path(item.source_path))
        if line is not None:
            found.append(placeholder_warning(_shown(Path(item.source_path), root), line))
    return found


def topics_notices(generators: list[Any], root: Path) -> list[str]:
    """Specials whose topics no post has (needs the consult plugin's ``SPECIALS``)."""
    settings, context = generators[0].settings, generators[0].context
    specials = context.get("SPECIALS") or []
    if not specials or "SITE_DATE" not in settings:
        return []
    from coach_consult.validation import topics_warning, unmatched_topics

    topics: list[str] = []
    for item in _items(generators, ARTICLE_LISTS):
        topics += [str(tag) for tag in getattr(item, "tags", None) or []]
        if getattr(item, "category", None):
            topics.append(str(item.category))
    found = []
    for special in unmatched_topics(specials, topics, settings["SITE_DATE"]):
        field = None
        if special.source_path is not None:
            try:
                text = read_text(root / special.source_path, special.source_path)
                field = next((f for f in front_matter(text) if f.key == "topics"), None)
            except (OSError, CoachError):
                field = None
        found.append(topics_warning(special, field, topics))
    return found


def warn_about_content(generators: list[Any]) -> None:
    """Log every warning about the content (``all_generators_finalized``)."""
    if not generators or "coach_linkcheck" not in (generators[0].settings.get("PLUGINS") or []):
        return
    root = Path(generators[0].settings["PATH"]).resolve().parent
    for message in (
        *unread_notices(generators),
        *placeholder_notices(generators, root),
        *topics_notices(generators, root),
    ):
        logger.warning("%s", message)
