"""A project copy whose posts and specials are fixtures, for the content-mistake tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Project, copy_project

from coachsite.errors import CoachError

POST = "content/articles/2026-04-08-post.md"
HEAD = "Title: A post\nDate: 2026-04-08 09:00\nCategory: Interviews\nTags: interviews, resumes\n"
SPECIAL = "Title: April special\nMonth: 2026-04\nOffer: A first consultation at a reduced rate.\n"


def fixture_site(tmp_path: Path) -> Project:
    """A copy of the project whose posts and specials are fixtures: one post, one special."""
    project = copy_project(tmp_path / "site")
    for folder in ("articles", "specials"):
        shutil.rmtree(project.root / "content" / folder, ignore_errors=True)
    project.write(POST, HEAD + "\nFirst paragraph.\n\nSecond paragraph.\n")
    project.write("content/specials/2026-04.md", SPECIAL + "\nDetails.\n")
    return project


def build_error(project: Project) -> str:
    with pytest.raises(CoachError) as caught:
        project.build()
    return str(caught.value)


def post_with(body: str, head: str = HEAD) -> str:
    return f"{head}\nFirst paragraph.\n\n{body}\n\nLast paragraph.\n"


def picture(site: Project, relative: str) -> None:
    """A real image file at ``relative`` (the theme's logo)."""
    site.write(relative, (site.root / "theme/static/images/logo.png").read_bytes())
