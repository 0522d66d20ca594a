"""Checks for the coach's Markdown files, run before Pelican reads them.

Pelican logs most content mistakes and skips the file; we would rather stop the build
with one message that names the file, the line and the fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_date, slugify

from coachsite.errors import CoachError

META_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^( {4,}|\t)(?P<value>.*)$")

KNOWN_KEYS = {
    "title",
    "date",
    "modified",
    "category",
    "tags",
    "slug",
    "author",
    "authors",
    "summary",
    "status",
    "lang",
    "translation",
    "template",
    "save_as",
    "url",
    "cta",
    "image",
    "image_alt",
    "description",
    "keywords",
    "order",
    "menu",
    "special",
}
STATUSES = ("published", "draft", "hidden")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


@dataclass(frozen=True)
class MetaField:
    """One ``Key: value`` line of a file's front matter."""

    key: str
    value: str
    line: int


def read_text(path: Path, shown: Path | None = None) -> str:
    """Read a content file as UTF-8, or explain where it is not UTF-8."""
    shown = shown or path
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CoachError(
            "this file is not UTF-8 text (the first bad byte is on this line). "
            "Open it in your editor and save it with the encoding 'UTF-8'.",
            shown,
            line,
        ) from None


def front_matter(text: str) -> list[MetaField]:
    """Parse Markdown front matter the way Python-Markdown's meta extension does."""
    fields: list[MetaField] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip():
            break
        match = META_LINE.match(raw)
        if match:
            fields.append(MetaField(match["key"].lower(), match["value"].strip(), number))
            continue
        cont = CONTINUATION.match(raw)
        if cont and fields:
            last = fields[-1]
            fields[-1] = MetaField(last.key, f"{last.value} {cont['value'].strip()}", last.line)
            continue
        break
    return fields


def check_markdown_file(path: Path, shown: Path, *, article: bool) -> dict[str, MetaField]:
    """Raise CoachError for the first mistake in one article or page; return its front matter."""
    text = read_text(path, shown)
    fields = front_matter(text)
    seen: dict[str, MetaField] = {}
    for field in fields:
        if field.key in seen:
            raise CoachError(
                f"'{field.key.capitalize()}:' appears twice (first on line "
                f"{seen[field.key].line}); keep only one.",
                shown,
                field.line,
            )
        seen[field.key] = field
        if field.key not in KNOWN_KEYS:
            close = difflib.get_close_matches(field.key, KNOWN_KEYS, n=1, cutoff=0.75)
            if close:
                raise CoachError(
                    f"unknown setting '{field.key.capitalize()}:'; did you mean "
                    f"'{close[0].capitalize()}:'?",
                    shown,
                    field.line,
                )
    title = seen.get("title")
    if title is None or not title.value:
        hint = (
            " The first lines of the file must be settings such as 'Title: My post', "
            "with no blank line before them."
        )
        raise CoachError(
            "this post has no title. Add a line 'Title: ...' at the top." + hint,
            shown,
            title.line if title else 1,
        )
    date = seen.get("date")
    if article and (date is None or not date.value):
        raise CoachError(
            "this post has no date. Add a line such as 'Date: 2026-04-06' below the title.",
            shown,
            date.line if date else title.line + 1,
        )
    for key in ("date", "modified"):
        field = seen.get(key)
        if field and field.value:
            try:
                get_date(field.value)
            except ValueError:
                raise CoachError(
                    f"'{field.value}' is not a date I can read. Write it as YYYY-MM-DD "
                    "or YYYY-MM-DD HH:MM, e.g. 2026-04-06 09:00.",
                    shown,
                    field.line,
                ) from None
    status = seen.get("status")
    if status and status.value.lower() not in STATUSES:
        raise CoachError(
            f"unknown status '{status.value}'. Use one of: {', '.join(STATUSES)}.",
            shown,
            status.line,
        )
    return seen


def markdown_files(folder: Path) -> Iterator[Path]:
    """Markdown files under ``folder``, in a stable order, without following loops."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            yield path


def check_content(
    content: Path, articles: Iterable[str], pages: Iterable[str], slug_subs: list | None = None
) -> None:
    """Check every article and page under ``content``; raise on the first mistake."""
    root = content.parent
    for kind_is_article, folders in ((True, articles), (False, pages)):
        slugs: dict[str, Path] = {}
        for folder in folders:
            for path in markdown_files(content / folder):
                shown = _shown(path, root)
                meta = check_markdown_file(path, shown, article=kind_is_article)
                slug = _slug_of(meta, slug_subs)
                if slug in slugs:
                    line = meta["slug"].line if "slug" in meta else meta["title"].line
                    raise CoachError(
                        f"this file would be published at the same address ('{slug}') as "
                        f"{slugs[slug]}. Give one of them a different 'Slug:' or title.",
                        shown,
                        line,
                    )
                slugs[slug] = shown


def _slug_of(meta: dict[str, MetaField], slug_subs: list | None) -> str:
    if "slug" in meta and meta["slug"].value:
        return meta["slug"].value
    return slugify(meta["title"].value, regex_subs=slug_subs or [])


def _shown(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path
