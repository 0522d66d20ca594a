"""Shared by the content_check unit tests: a site in a temporary folder and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project

from coachsite import content_check as check
from coachsite.errors import CoachError

# Pelican's default SLUG_REGEX_SUBSTITUTIONS, which the site uses.
SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
HEAD = "Title: A post\nDate: 2026-04-10\n"
# Fixed modification times (ns) for the remembered-check tests.
APRIL_10 = 1_775_808_000_000_000_000
APRIL_11 = APRIL_10 + 86_400_000_000_000


def write(root: Path, relative: str, text: str | bytes) -> Path:
    return Project(root).write(relative, text)


def check_site(root: Path, memo: Path | None = None) -> None:
    check.check_content(root / "content", ["articles"], ["pages"], SUBS, memo_file=memo)


def site_error(root: Path, memo: Path | None = None) -> str:
    with pytest.raises(CoachError) as caught:
        check_site(root, memo)
    return str(caught.value)


def file_error(tmp_path: Path, text: str | bytes, *, article: bool = True) -> CoachError:
    path = write(tmp_path, "content/articles/post.md", text)
    with pytest.raises(CoachError) as caught:
        check.check_markdown_file(path, Path("content/articles/post.md"), article=article)
    return caught.value


# --- the settings block ----------------------------------------------------------------------
