"""Warnings about the coach's files: pure functions over the content folder.

- :func:`unread_files`: files that nothing reads (``notes.txt``, ``post.md.txt``, ``post.docx``,
  ``Post.MD``, ``post.md~``), each with the name to give it;
- :func:`placeholder_summaries`: posts that are not drafts but still have the ``Summary:`` line
  that ``make new`` writes (a warning in the build, a blocker before publishing).

The build logs them (plugins/coach_linkcheck/notices.py); they never stop it.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from coachsite.content_check import MARKDOWN_SUFFIXES, front_matter

# What `make new` writes (coachsite/new_post.py), and what the README once showed.
PLACEHOLDER_SUMMARY = "One or two sentences that appear on the home page and in search results."
PLACEHOLDER_SUMMARIES = (
    PLACEHOLDER_SUMMARY,
    "One or two sentences for the home page and search results.",
)
_PLACEHOLDER_START = b"one or two sentences"

# Files that are fine anywhere under content/: pictures, downloads, media, fonts.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp"}
IMAGE_SUFFIXES |= {".tif", ".tiff", ".heic", ".heif"}
MEDIA_SUFFIXES = {".mp3", ".m4a", ".wav", ".ogg", ".mp4", ".m4v", ".mov", ".webm"}
OTHER_ASSETS = {".pdf", ".woff", ".woff2", ".ttf", ".css", ".js", ".json", ".xml", ".ics", ".zip"}
ASSET_SUFFIXES = frozenset(
    IMAGE_SUFFIXES | MEDIA_SUFFIXES | OTHER_ASSETS | {".tif", ".tiff", ".bmp", ".heif"}
)
TEXT_SUFFIXES = frozenset({".txt", ".text"})
WORD_SUFFIXES = frozenset({".doc", ".docx", ".rtf", ".pages", ".odt", ".wpd", ".gdoc"})
BACKUP_SUFFIXES = frozenset({".bak", ".orig", ".old", ".swp", ".tmp", ".save"})
ALWAYS_SKIPPED = ("extra",)  # content/extra/: files copied as they are (e.g. _headers)


def _normal(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def is_placeholder(summary: str) -> bool:
    """Whether a ``Summary:`` value is the placeholder text (case and spaces aside)."""
    return _normal(summary) in {_normal(p) for p in PLACEHOLDER_SUMMARIES}


def placeholder_line(path: Path) -> int | None:
    """The line of a placeholder ``Summary:`` in one Markdown file that is not a draft."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if _PLACEHOLDER_START not in data.lower():
        return None
    fields = {field.key: field for field in front_matter(data.decode("utf-8", "replace"))}
    status = fields.get("status")
    summary = fields.get("summary")
    if status is not None and status.value.strip().lower() == "draft":
        return None
    return summary.line if summary is not None and is_placeholder(summary.value) else None


def placeholder_summaries(content_dir: Path) -> list[tuple[Path, int]]:
    """``(path, line)`` of every post or page not marked draft that kept the placeholder summary.

    Paths are as the coach sees them (``content/articles/x.md``, relative to the folder that
    holds ``content_dir``); sorted by path.
    """
    found = []
    for path in sorted(content_dir.rglob("*")):
        if path.suffix.lower() not in MARKDOWN_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        line = placeholder_line(path)
        if line is not None:
            found.append((content_dir.name / relative, line))
    return found


def placeholder_warning(shown: Path | str, line: int) -> str:
    """The build's warning for one placeholder summary."""
    return (
        f"{shown}:{line}: the 'Summary:' is still the placeholder a new post starts with; "
        "replace it with one or two sentences of your own (they appear on the home page and in "
        "search results)."
    )


def _walk(content: Path, skipped: Iterable[str], ignores: Collection[str]) -> Iterator[str]:
    """Files under ``content`` as POSIX paths relative to it, minus skipped folders and files."""
    skipped = tuple(s.strip("/") for s in skipped if s)
    for folder, dirs, files in os.walk(content):
        here = PurePosixPath(Path(folder).relative_to(content).as_posix())
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not _under((here / d).as_posix(), skipped)
        )
        for name in sorted(files):
            relative = (here / name).as_posix().removeprefix("./")
            if name.startswith(".") or any(fnmatch.fnmatch(name, i) for i in ignores):
                continue
            if not _under(relative, skipped):
                yield relative


def _under(relative: str, folders: Iterable[str]) -> bool:
    relative = relative.removeprefix("./")
    return any(relative == f or relative.startswith(f + "/") for f in folders)


def _advice(
    relative: str, content: Path, reader_extensions: Collection[str], moved: str
) -> tuple[str, str] | None:
    """Why one file is not read and what to do, or None if it is fine where it is.

    ``moved`` ends a "rename it to ..." advice: empty, or where to move the file.
    """
    path = PurePosixPath(relative)
    name, suffix = path.name, path.suffix
    stem = name[: -len(suffix)] if suffix else name
    lower = suffix.lower()
    if lower in ASSET_SUFFIXES or suffix[1:] in reader_extensions:
        return None
    if suffix[1:].lower() in reader_extensions:
        return f"the ending {suffix} must be lower case", f"rename it to {stem}{lower}{moved}"
    if name.endswith("~") or lower in BACKUP_SUFFIXES:
        original = stem if lower in BACKUP_SUFFIXES else name.rstrip("~")
        if (content / path.parent / original).is_file():
            return f"it is an editor's backup copy of {original}", "delete it"
        markdown = PurePosixPath(original).suffix.lower() in MARKDOWN_SUFFIXES
        target = original if markdown else f"{PurePosixPath(original).stem}.md"
        return "its name ends like a backup copy's", f"rename it to {target}{moved}, or delete it"
    if lower in TEXT_SUFFIXES:
        inner = PurePosixPath(stem).suffix.lower()
        target = stem if inner in MARKDOWN_SUFFIXES else f"{stem}.md"
        return "the site reads only files ending in .md", f"rename it to {target}{moved}"
    if lower in WORD_SUFFIXES:
        return "the site cannot read word-processor files", (
            f"copy its text into a plain-text file named {stem}.md{moved} (settings first, as "
            "README.md shows under 'A new post')"
        )
    return "the site reads only files ending in .md here", (
        f"rename it to {stem}.md if it is a post"
    )


def unread_files(
    content: Path,
    settings: Mapping[str, Any],
    reader_extensions: Collection[str],
    published: Collection[str] = (),
) -> list[str]:
    """A warning for each file under ``content`` that the build does not read or publish.

    ``reader_extensions`` are Pelican's (``md``, ``markdown``, ``mkd``, ``mdown``, ``html``...,
    matched as Pelican does, case and all); ``published`` are paths (relative to ``content``)
    that the build copies anyway (``{static}`` links). Never warned about: images and other
    downloads anywhere, ``STATIC_PATHS`` and ``content/extra/``, hidden files, and Markdown
    outside the post and page folders (the CTAs, specials and the coach's settings file are
    Markdown read by their own code). Any other file in the post, page, CTA or special folders,
    and text or word-processor files anywhere, are named with the name to give them.
    """
    static = list(settings.get("STATIC_PATHS", ())) + list(ALWAYS_SKIPPED)
    read_here = [*settings.get("ARTICLE_PATHS", ()), *settings.get("PAGE_PATHS", ())]
    consult = [settings.get(k) for k in ("CONSULT_CTA_PATH", "SPECIALS_PATH") if settings.get(k)]
    ignores = settings.get("IGNORE_FILES", ())
    warnings = []
    for relative in _walk(content, static, ignores):
        if relative in published:
            continue
        lower = PurePosixPath(relative).suffix.lower()
        in_posts = _under(relative, read_here)
        if not in_posts and (lower in MARKDOWN_SUFFIXES or lower[1:] in reader_extensions):
            continue  # Markdown that other code reads (CTAs, specials, content/site.md)
        if not (in_posts or _under(relative, consult)) and not re.search(
            r"\.(txt|text|docx?|rtf|pages|odt|wpd|gdoc|md~|markdown~)$", relative, re.I
        ):
            continue  # a file elsewhere, perhaps for a {static} link
        moved = ""
        if not (in_posts or _under(relative, consult)) and read_here:
            moved = f" and move it into {content.name}/{read_here[0]}/ (a post)" + (
                f" or {content.name}/{read_here[1]}/ (a page)" if len(read_here) > 1 else ""
            )
        advice = _advice(relative, content, reader_extensions, moved)
        if advice:
            why, what = advice
            warnings.append(
                f"{content.name}/{relative}: this file is not on the site ({why}); {what}."
            )
    return warnings
