"""Checks on the ``Key: value`` lines of the coach's own files (site.md, testimonials/).

Pure functions over the text: each mistake raises a CoachError (or the caller's subclass)
naming the file, the line and what to write instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import imagesize

from coachsite.content_check import META_LINE, MetaField, front_matter, read_text
from coachsite.errors import CoachError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
IMAGE_FOLDER = "images"
ADDRESS = re.compile(r"^[^\s@<>\"',;:]+@[^\s@<>\"',;:]+\.[A-Za-z]{2,}$")
PELICAN_PREFIX = re.compile(r"^(\{static\}|\{filename\})?/*")


@dataclass(frozen=True)
class Settings:
    """A file's settings by key (``reply_to`` for ``Reply-to:``) and the text below them."""

    fields: Mapping[str, MetaField]
    body: str
    source: Path  # as shown to the coach, e.g. content/site.md
    examples: Mapping[str, str]  # key -> an example line, e.g. "LinkedIn: https://..."

    def label(self, key: str) -> str:
        """The key as the coach writes it: ``LinkedIn`` for ``linkedin``."""
        return label_of(key, self.examples)

    def value(self, key: str) -> str:
        field = self.fields.get(key)
        return field.value.strip() if field else ""

    def line(self, key: str) -> int | None:
        field = self.fields.get(key)
        return field.line if field else None

    def example(self, key: str) -> str:
        return self.examples.get(key) or f"{self.label(key)}: ..."


@dataclass(frozen=True)
class Image:
    """A picture in content/images/: its address in the built site and its size in pixels."""

    path: str  # e.g. images/coach.jpg
    width: int
    height: int


def key_of(field: MetaField) -> str:
    """``Reply-to`` and ``reply_to`` are the same key."""
    return field.key.lower().replace("-", "_")


def label_of(key: str, examples: Mapping[str, str]) -> str:
    example = examples.get(key)
    return example.split(":", 1)[0] if example else key.capitalize()


def read_settings_block(
    path: Path,
    shown: Path,
    examples: Mapping[str, str],
    *,
    aliases: Mapping[str, str] | None = None,
    error: type[CoachError] = CoachError,
) -> Settings:
    """The file's settings, checked: no key twice, no unknown key, an empty line after them.

    ``examples`` maps each known key to an example line, used in messages; ``aliases`` maps
    words a coach may try (``domain``) to the key meant (``website``).
    """
    text = read_text(path, shown)
    lines = text.lstrip("\ufeff").splitlines()
    fields = front_matter(text)
    if not fields:
        first = next(iter(examples.values()), "Key: value")
        raise error(
            "the file must start with its settings, one 'Key: value' per line from the very "
            f"first line, e.g. '{first}'.",
            shown,
            1,
        )
    seen: dict[str, MetaField] = {}
    for field in fields:
        key = key_of(field)
        if key in seen:
            raise error(
                f"'{label_of(key, examples)}:' appears twice (first on line {seen[key].line}); "
                "keep only one.",
                shown,
                field.line,
            )
        if key not in examples:
            raise error(_unknown(field, examples, aliases or {}), shown, field.line)
        seen[key] = field
    end = _block_end(lines, fields)
    _check_after_block(lines, end, examples, shown, error)
    body = "\n".join(lines[end:]).strip("\n")
    return Settings(fields=seen, body=body, source=shown, examples=examples)


def _unknown(field: MetaField, examples: Mapping[str, str], aliases: Mapping[str, str]) -> str:
    key = key_of(field)
    meant = aliases.get(key) or next(iter(difflib.get_close_matches(key, examples, 1, 0.75)), None)
    name = field.key[:1].upper() + field.key[1:]
    if meant:
        return f"unknown setting '{name}:'; did you mean '{label_of(meant, examples)}:'?"
    keys = ", ".join(label_of(known, examples) for known in examples)
    return f"unknown setting '{name}:'; the settings of this file are: {keys}."


def _block_end(lines: list[str], fields: list[MetaField]) -> int:
    """The index of the first line after the settings (their continuation lines included)."""
    index = fields[-1].line  # 1-based line of the last key == 0-based index of the next line
    while index < len(lines) and lines[index][:1] in (" ", "\t") and lines[index].strip():
        index += 1
    return index


def _check_after_block(
    lines: list[str],
    end: int,
    examples: Mapping[str, str],
    shown: Path,
    error: type[CoachError],
) -> None:
    """An empty line must end the settings, and no setting may hide below it."""
    if end < len(lines) and lines[end].strip():
        raise error(
            f"'{lines[end].strip()}' is not a setting ('Key: value'). Fix it, or add an empty "
            "line after the settings before any other text.",
            shown,
            end + 1,
        )
    for number, raw in enumerate(lines[end:], start=end + 1):
        if not raw.strip():
            continue
        match = META_LINE.match(raw)
        if match and match["key"].lower().replace("-", "_") in examples:
            raise error(
                f"'{raw.strip()}' looks like a setting but comes after the empty line that ends "
                "the settings, so it is not read; move it up with the others.",
                shown,
                number,
            )
        return  # only the first line of text can be a stray setting


def parse_email(
    settings: Settings, key: str, *, required: bool, error: type[CoachError] = CoachError
) -> str:
    """An address like ``you@example.com`` (empty when not required and not given)."""
    text = settings.value(key)
    if not text:
        return _missing(settings, key, required, error)
    address = text[len("mailto:") :].strip() if text.lower().startswith("mailto:") else text
    if not ADDRESS.match(address):
        raise error(
            f"'{settings.label(key)}: {text}' is not an email address; write it like "
            f"'{settings.example(key)}'.",
            settings.source,
            settings.line(key),
        )
    return address


def parse_web_address(
    settings: Settings,
    key: str,
    *,
    required: bool = False,
    https: bool = True,
    hosts: tuple[str, ...] = (),
    error: type[CoachError] = CoachError,
) -> str:
    """A web address starting with https:// (or http:// when ``https`` is False).

    ``hosts``: the address must be on one of these domains (a LinkedIn profile on
    linkedin.com).
    """
    text = settings.value(key)
    if not text:
        return _missing(settings, key, required, error)
    name, where = settings.label(key), (settings.source, settings.line(key))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "http" and https:
        raise error(
            f"'{name}: {text}' starts with http://; use the secure address "
            f"'{name}: https://{text.split('://', 1)[1]}'.",
            *where,
        )
    if scheme not in ("https", "http") or not parts.hostname or re.search(r"\s", text):
        start = "https://" if https else "https:// (or http://)"
        raise error(
            f"'{name}: {text}' is not a web address; write the whole address, starting with "
            f"{start}, e.g. '{settings.example(key)}'.",
            *where,
        )
    host = parts.hostname.lower()
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        raise error(
            f"'{name}: {text}' is not an address on {' or '.join(hosts)}; copy the address "
            f"of your profile page, e.g. '{settings.example(key)}'.",
            *where,
        )
    return text


def parse_date(settings: Settings, key: str, *, error: type[CoachError] = CoachError) -> dt.date:
    """A day written ``YYYY-MM-DD``."""
    text = settings.value(key)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise error(
            f"'{settings.label(key)}: {text}' is not a date I can read; write it as YYYY-MM-DD, "
            f"e.g. '{settings.example(key)}'.",
            settings.source,
            settings.line(key),
        ) from None


def parse_image(
    settings: Settings, key: str, content: Path, *, error: type[CoachError] = CoachError
) -> Image | None:
    """A picture in content/images/, written ``images/NAME.jpg`` (None when not given)."""
    text = settings.value(key)
    if not text:
        return None
    name, where = settings.label(key), (settings.source, settings.line(key))
    if "://" in text:
        raise error(
            f"'{name}: {text}' is a web address; save the picture in content/images/ and "
            f"write '{name}: images/NAME.jpg'.",
            *where,
        )
    relative = PELICAN_PREFIX.sub("", text).removeprefix(content.name + "/").lstrip("/")
    if not relative.startswith(IMAGE_FOLDER + "/") or ".." in relative.split("/"):
        raise error(
            f"'{name}: {text}' is not in content/images/; put the picture there and write "
            f"'{name}: images/{Path(relative).name or 'NAME.jpg'}'.",
            *where,
        )
    path = content / relative
    if not path.is_file():
        found = _same_name(path, relative)
        hint = (
            f"; did you mean '{name}: {found}'?"
            if found
            else f". Save the picture as content/{relative}, or correct the name."
        )
        raise error(f"there is no picture content/{relative}{hint}", *where)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise error(
            f"content/{relative} is not a picture I can show; save it as a .jpg or .png file.",
            *where,
        )
    try:
        width, height = imagesize.get(path)
    except (OSError, ValueError):
        width = height = -1
    if width <= 0 or height <= 0:
        raise error(
            f"content/{relative} cannot be read as a picture; open it and save it again as "
            "JPEG or PNG.",
            *where,
        )
    return Image(path=relative, width=int(width), height=int(height))


def _same_name(path: Path, relative: str) -> str | None:
    """``images/Coach.JPG`` for ``images/coach.jpg``: a file whose name differs in case only."""
    if not path.parent.is_dir():
        return None
    for other in sorted(path.parent.iterdir()):
        if other.name.lower() == path.name.lower() and other.is_file():
            return str(Path(relative).with_name(other.name))
    return None


def _missing(settings: Settings, key: str, required: bool, error: type[CoachError]) -> str:
    if not required:
        return ""
    name, example = settings.label(key), settings.example(key)
    if key in settings.fields:
        raise error(
            f"'{name}:' is empty; write it, e.g. '{example}'.", settings.source, settings.line(key)
        )
    raise error(f"there is no '{name}:' line; add one, e.g. '{example}'.", settings.source)
