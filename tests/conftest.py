"""Shared fixtures: a throw-away copy of the project, built for real into its own folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIED = (
    "content",
    "theme",
    "plugins",
    "coachsite",
    "campaign",
    "newsletter",
    "pelicanconf.py",
    "publishconf.py",
    "tasks.py",
    "pyproject.toml",
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
# Copies are built from the demo content kept with the tests, never the coach's content/.
DEMO_CONTENT = ROOT / "tests" / "fixtures" / "demo-content"


@dataclass
class Project:
    """A copy of the project in a temporary folder, with helpers to edit and build it."""

    root: Path

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        """Read a built file, e.g. ``read("posts/pseudo-interviews/index.html")``."""
        return (self.output / relative).read_text(encoding="utf-8")

    def build(self, settings: str = "pelicanconf.py", site_date: str | None = "2026-04-10"):
        """Build in this process (fast); raises what the build raises."""
        from coachsite.build import build

        saved = os.environ.get("SITE_DATE")
        if site_date:
            os.environ["SITE_DATE"] = site_date
        else:
            os.environ.pop("SITE_DATE", None)
        try:
            return build(self.root / settings)
        finally:
            if saved is None:
                os.environ.pop("SITE_DATE", None)
            else:
                os.environ["SITE_DATE"] = saved

    def invoke(self, *args: str, site_date: str | None = "2026-04-10", **env: str):
        """Run ``invoke ARGS`` in the copy as a separate process, as the coach would."""
        environ = {k: v for k, v in os.environ.items() if k != "SITE_DATE"}
        if site_date:
            environ["SITE_DATE"] = site_date
        environ.update(env)
        return subprocess.run(
            [sys.executable, "-m", "invoke", *args],
            cwd=self.root,
            env=environ,
            capture_output=True,
            text=True,
            timeout=300,
        )


def require_shared(path: Path) -> Path:
    """A file of ``../shared`` the test compares against: skipped loudly when it is missing,
    a failure when REQUIRE_SHARED=1 (.ci/run sets it: CI always has ``../shared``)."""
    if not path.is_file():
        reason = f"{path} is missing (the project runs without ../shared; this check needs it)"
        if os.environ.get("REQUIRE_SHARED") == "1":
            pytest.fail(f"{reason}; REQUIRE_SHARED=1", pytrace=False)
        pytest.skip(reason)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a hash of its bytes: to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def split_by_date(project: Project) -> None:
    """Split the copy's search index by date at any size (SEARCH_SHARDS_FROM = 0), as a site
    of 500 searchable pages or more has it."""
    settings = project.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\nSEARCH_SHARDS_FROM = 0\n", encoding="utf-8"
    )


def copy_project(dest: Path) -> Project:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = DEMO_CONTENT if name == "content" else ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, dest / name)
    return Project(dest)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh, unbuilt copy of the project."""
    return copy_project(tmp_path / "site")


@pytest.fixture(scope="session")
def april_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The demo site built once with SITE_DATE=2026-04-10; read-only for tests."""
    site = copy_project(tmp_path_factory.mktemp("april") / "site")
    site.build(site_date="2026-04-10")
    yield site
