"""What to write instead of an image path that leads nowhere, and on which line it is.

The advice names the exact text that works: ``![Alt]({static}/images/me.jpg)``, with the path
of the file if one of that name (or a close one) is somewhere under content/, else where to
put the file.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import posixpath
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coachsite.content_check import front_matter_block

if TYPE_CHECKING:
    from coach_linkcheck.targets import Problem

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff"}
)


def is_image(path: str) -> bool:
    return posixpath.splitext(path.split("?", 1)[0].split("#", 1)[0])[1].lower() in IMAGE_SUFFIXES


class ContentFiles:
    """The files under content/ (listed on first use: only a broken build needs them)."""

    def __init__(self, content: Path) -> None:
        self.content = content

    @cached_property
    def paths(self) -> list[str]:
        found = []
        for folder, dirs, files in os.walk(self.content):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            here = Path(folder).relative_to(self.content)
            found += [(here / f).as_posix() for f in sorted(files) if not f.startswith(".")]
        return found

    def find(self, meant: str) -> str | None:
        """A file named like ``meant`` (exactly, then ignoring case): content/images/ first."""
        name = posixpath.basename(meant)
        for same in (lambda p: p == name, lambda p: p.casefold() == name.casefold()):
            hits = [p for p in self.paths if same(posixpath.basename(p))]
            if hits:
                return sorted(hits, key=lambda p: (not p.startswith("images/"), p))[0]
        return None

    def close(self, meant: str) -> str | None:
        """An image whose name is close to ``meant``'s (``me.jpeg`` for ``me.jpg``)."""
        images = {posixpath.basename(p).casefold(): p for p in self.paths if is_image(p)}
        match = difflib.get_close_matches(posixpath.basename(meant).casefold(), images, 1, 0.75)
        return images[match[0]] if match else None


def _inside(meant: str) -> str:
    """``meant`` without leading ``..`` parts: the path inside content/ it most likely means."""
    parts = [p for p in posixpath.normpath(meant).split("/") if p not in ("", ".", "..")]
    path = "/".join(parts)
    return path if "/" in path else f"images/{path}"


def image_advice(written: str, meant: str, alt: str, files: ContentFiles) -> str:
    """The advice for one missing image: ``written`` as in the post, ``meant`` the path in
    content/ it was looked up at, ``alt`` its alt text."""
    meant = _inside(meant)
    alt = alt.strip() or "Alt text"
    found = files.find(meant)
    if found == meant:
        return (
            f"the image `{written}` is at content/{found}, but written like this its address "
            f"is wrong on the page; write `![{alt}]({{static}}/{found})`"
        )
    if found:
        return (
            f"the image `{written}` is not at content/{meant}, but there is content/{found}; "
            f"write `![{alt}]({{static}}/{found})`"
        )
    close = files.close(meant)
    if close:
        return (
            f"the image `{written}` is not at content/{meant}; did you mean content/{close}? "
            f"Write `![{alt}]({{static}}/{close})`"
        )
    folder = posixpath.dirname(meant)
    wanted = f"{{static}}/{meant}"
    if written == wanted:
        return (
            f"the image `{written}` is not in content/{folder}/; put the file at "
            f"content/{meant} (the name must match exactly, capitals and .jpg/.jpeg included)"
        )
    return (
        f"the image `{written}` is not in content/{folder}/; write `![{alt}]({wanted})` and "
        f"put the file at content/{meant}"
    )


def with_lines(problems: Iterable[Problem], text: str) -> list[Problem]:
    """The problems with the line of the Markdown source each was written on (if found)."""
    lines = text.lstrip("\ufeff").splitlines()
    fields, end = front_matter_block(text)
    body_start = (end.line or len(lines) + 1) - 1
    located = []
    for problem in problems:
        line = None
        if problem.written.startswith("Image:"):
            line = next((f.line for f in fields if f.key == "image"), None)
        else:
            needle = problem.written
            line = next(
                (n for n, raw in enumerate(lines[body_start:], body_start + 1) if needle in raw),
                None,
            )
        located.append(dataclasses.replace(problem, line=line))
    return sorted(located, key=lambda p: p.line or len(lines) + 1)
