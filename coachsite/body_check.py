"""Checks where a post's settings end and its text begins, and on the text itself.

Two mistakes that look like something else:

- the empty line after the settings is missing, so the first line of the text (``Update: we
  now offer ...``) is read as a setting and disappears from the post; told apart from a misspelt
  setting (``Daet: 2026-04-08``) by where it is (the last line of the settings, followed directly
  by the text or looking like a sentence) and by whether its value suits the setting it is
  closest to;
- something that looks like the ``[[cta]]`` marker but is not one (:mod:`coachsite.marker_check`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.utils import get_date

from coachsite.errors import CoachError
from coachsite.marker_check import line_lookalikes, lookalikes

if TYPE_CHECKING:
    from coachsite.content_check import MetaField


@dataclass(frozen=True)
class BlockEnd:
    """Where the settings block stopped: the line after it, and whether that line has text."""

    line: int | None  # None: the file ends with the settings
    has_text: bool  # True: no empty line between the settings and the text


def _is_date(value: str) -> bool:
    try:
        get_date(value)
    except ValueError:
        return False
    return True


# Settings whose values have a shape of their own: a line that is one of them in name only
# (``Update: we now offer ...`` is close to ``Date:``) is not that setting misspelt.
SHAPED: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "modified": _is_date,
    "status": lambda v: v.strip().lower() in ("published", "draft", "hidden"),
    "slug": lambda v: re.fullmatch(r"[\w][\w.-]*", v.strip()) is not None,
    "lang": lambda v: re.fullmatch(r"[a-zA-Z]{2,3}([-_][a-zA-Z]{2,4})?", v.strip()) is not None,
    "order": lambda v: v.strip().isdigit(),
    "translation": lambda v: v.strip().lower() in ("true", "false"),
    "cta": lambda v: re.fullmatch(r"[\w-]+", v.strip()) is not None,
    "template": lambda v: re.fullmatch(r"[\w-]+", v.strip()) is not None,
}


def looks_like_sentence(value: str) -> bool:
    """Prose rather than a setting's value: several words ending like a sentence, or many."""
    words = value.split()
    return (len(words) >= 3 and value.rstrip()[-1:] in ".!?…") or len(words) >= 6


def starts_text(
    field: MetaField, fields: Sequence[MetaField], end: BlockEnd, known: Collection[str]
) -> bool:
    """Whether an unknown setting is really the first line of the text (empty line missing).

    Only the last line of the settings, after at least one real setting, can be. It is, when
    the text follows it directly (unless its value suits the setting its name is closest to,
    ``Daet: 2026-04-08``), or when it reads like a sentence that the closest setting would not
    take (``Update: we now offer video sessions.``, but not ``Sumary: A sentence.``).
    """
    if not fields or field is not fields[-1] or not any(f.key in known for f in fields[:-1]):
        return False
    close = difflib.get_close_matches(field.key, known, n=1, cutoff=0.75)
    shaped = SHAPED.get(close[0]) if close else None
    if end.has_text:
        return not (shaped and shaped(field.value))
    if not looks_like_sentence(field.value):
        return False
    return not close or (shaped is not None and not shaped(field.value))


def missing_blank_line(field: MetaField, shown: Path) -> CoachError:
    """The error for a first line of text that was read as a setting."""
    return CoachError(
        "add an empty line after the settings, before this line "
        f"(line {field.line} looks like a setting '{field.key.capitalize()}:' but is the "
        "start of the text).",
        shown,
        field.line,
    )


# Settings whose text is shown on the site as written (a marker there is shown as text too).
SHOWN_SETTINGS = ("title", "summary", "description")


def check_text(text: str, end: BlockEnd, shown: Path, fields: Sequence[MetaField] = ()) -> None:
    """Raise for the first marker lookalike in the shown settings or the text after them."""
    found = [
        item
        for field in fields
        if field.key in SHOWN_SETTINGS
        for item in line_lookalikes(field.value, field.line)
    ]
    if end.line is not None and not found:
        lines = text.lstrip("\ufeff").splitlines()
        found = lookalikes("\n".join(lines[end.line - 1 :]), end.line)
    if found:
        raise CoachError(found[0].message, shown, found[0].line)
