"""Checks for the coach's Markdown files, run before Pelican reads them.

Pelican logs most content mistakes and skips the file; we would rather stop the build
with one message that names the file, the line and the fix.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_date, slugify

from coachsite.body_check import BlockEnd, check_text, missing_blank_line, starts_text
from coachsite.cachefile import read_json, stamp, write_json
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
SLUG = re.compile(r"[\w][\w.-]*", re.UNICODE)
MAX_SLUG = 120
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
    return front_matter_block(text)[0]


def front_matter_block(text: str) -> tuple[list[MetaField], BlockEnd]:
    """The front matter, and where it stopped (an empty line, a line of text, the end)."""
    fields: list[MetaField] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip():
            return fields, BlockEnd(number, has_text=False)
        match = META_LINE.match(raw)
        if match:
            fields.append(MetaField(match["key"].lower(), match["value"].strip(), number))
            continue
        cont = CONTINUATION.match(raw)
        if cont and fields:
            last = fields[-1]
            fields[-1] = MetaField(last.key, f"{last.value} {cont['value'].strip()}", last.line)
            continue
        return fields, BlockEnd(number, has_text=True)
    return fields, BlockEnd(None, has_text=False)


def check_markdown_file(path: Path, shown: Path, *, article: bool) -> dict[str, MetaField]:
    """Raise CoachError for the first mistake in one article or page; return its front matter."""
    text = read_text(path, shown)
    fields, end = front_matter_block(text)
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
            if starts_text(field, fields, end, KNOWN_KEYS):
                raise missing_blank_line(field, shown)
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
    check_text(text, end, shown, fields)
    return seen


def markdown_files(
    folder: Path, root: Path | None = None, _within: tuple[Path, ...] = ()
) -> Iterator[Path]:
    """Markdown files under ``folder``, in a stable order.

    Links are checked the way Pelican will follow them: a broken link, or a link to a folder
    that contains it (a loop, which would publish every post twice), is the coach's mistake.
    A link to a folder elsewhere is followed, as Pelican follows it, so its posts are checked.
    """
    if not folder.is_dir():
        return
    root = root or folder.parent
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            within = (*_within, path.parent.resolve())  # the folders the link is in
            _check_link(path, within, root)
            if path.is_dir():
                yield from markdown_files(path, root, within)
        if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            yield path


def _check_link(path: Path, within: tuple[Path, ...], root: Path) -> None:
    shown = shown_path(path, root)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise CoachError(
            f"this is a link to '{os.readlink(path)}', which does not exist (or links to "
            "itself). Remove the link or put the real file here.",
            shown,
        ) from None
    if target.is_dir() and any(folder.is_relative_to(target) for folder in within):
        raise CoachError(
            f"this is a link to the folder '{os.readlink(path)}', which contains the link itself: "
            "every post would be read twice, forever. Remove the link.",
            shown,
        )


def check_content(
    content: Path,
    articles: Iterable[str],
    pages: Iterable[str],
    slug_subs: list | None = None,
    *,
    memo_file: Path | None = None,
) -> None:
    """Check every article and page under ``content``; raise on the first mistake.

    With ``memo_file``, a file that passed before and has not changed since (same size and
    modification time) is not read again; the checks across files (two posts, one address)
    still see every file.
    """
    root = content.parent
    passed = _load_passed(memo_file)
    now: dict[str, list] = {}
    for kind_is_article, folders in ((True, articles), (False, pages)):
        slugs: dict[str, Path] = {}
        for folder in folders:
            for path in markdown_files(content / folder, root):
                shown = shown_path(path, root)
                meta, remembered = _checked(path, shown, kind_is_article, passed, now)
                slug = _slug_of(meta, slug_subs)
                if not remembered:  # a file that passed these before has not changed
                    check_slug(slug, meta, shown)
                    check_terms(meta, shown, slug_subs)
                if slug in slugs:
                    line = meta["slug"].line if "slug" in meta else meta["title"].line
                    raise CoachError(
                        f"this file would be published at the same address ('{slug}') as "
                        f"{slugs[slug]}. Give one of them a different 'Slug:' or title.",
                        shown,
                        line,
                    )
                slugs[slug] = shown
    if memo_file is not None:
        write_json(memo_file, now)


# The front matter the checks across files need, kept for files that passed.
REMEMBERED = ("title", "slug", "tags", "category")


def _load_passed(memo_file: Path | None) -> dict[str, list]:
    data = read_json(memo_file)
    return data if isinstance(data, dict) else {}


def _checked(
    path: Path, shown: Path, article: bool, passed: dict[str, list], now: dict[str, list]
) -> tuple[dict[str, MetaField], bool]:
    """The file's front matter, and whether it is remembered (it passed every check and has
    not changed since) rather than checked now."""
    stamped = [*(stamp(path) or (-1, -1)), article]
    entry = passed.get(str(path))
    remembered = entry is not None and entry[:3] == stamped
    if remembered:
        meta = {key: MetaField(key, value, line) for key, (value, line) in entry[3].items()}
    else:
        meta = check_markdown_file(path, shown, article=article)
    now[str(path)] = [
        *stamped,
        {key: [meta[key].value, meta[key].line] for key in REMEMBERED if key in meta},
    ]
    return meta, remembered


def _slug_of(meta: dict[str, MetaField], slug_subs: list | None) -> str:
    if "slug" in meta and meta["slug"].value:
        return meta["slug"].value
    return slugify(meta["title"].value, regex_subs=slug_subs or [])


def check_terms(meta: dict[str, MetaField], shown: Path, slug_subs: list | None) -> None:
    """Every tag and the category need letters or digits, or they get no web address."""
    for key in ("tags", "category"):
        field = meta.get(key)
        if field is None:
            continue
        names = field.value.split(",") if key == "tags" else [field.value]
        for name in (n.strip() for n in names):
            if name and not slugify(name, regex_subs=slug_subs or []):
                raise CoachError(
                    f"the {'tag' if key == 'tags' else 'category'} '{name}' has no letters or "
                    "digits, so it cannot have a page of its own; use a word instead.",
                    shown,
                    field.line,
                )


def check_slug(slug: str, meta: dict[str, MetaField], shown: Path) -> None:
    """The web address part must be a short, plain name: no folders, not too long."""
    field = meta.get("slug") or meta["title"]
    if not SLUG.fullmatch(slug):
        raise CoachError(
            f"'{slug}' cannot be a web address. Use a 'Slug:' of lowercase letters, digits "
            "and hyphens, e.g. 'Slug: second-interviews'.",
            shown,
            field.line,
        )
    if len(slug) > MAX_SLUG:
        raise CoachError(
            f"the web address made from this title is {len(slug)} characters long; add a "
            f"shorter 'Slug:' line (at most {MAX_SLUG} characters), e.g. 'Slug: my-post'.",
            shown,
            field.line,
        )


def shown_path(path: Path, root: Path) -> Path:
    """How a file is named in messages: relative to ``root`` (the project), if inside it."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def markdown_files_in(folder: Path) -> Iterator[Path]:
    """The Markdown files directly in ``folder``, sorted (none if it does not exist)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in MARKDOWN_SUFFIXES:
            yield path
