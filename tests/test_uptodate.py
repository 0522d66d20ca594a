"""A build with nothing to do does nothing, and is right to (coachsite/uptodate.py).

Whenever a build is skipped, the output must be what a real build on that day makes: the
oracle (tests/engine_edits.py, a cold build of a fresh copy with the engine out of the way).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, Project
from engine_edits import differences, oracle, site_date, tree

from coachsite import uptodate
from coachsite.build import BuildFailed
from coachsite.errors import CoachError

SETTINGS = "pelicanconf.py"


@pytest.fixture
def site(project: Project) -> Project:
    """The demo site (April special), specials for May and July, a post out on April 20."""
    for month, name in (("2026-05", "May"), ("2026-07", "July")):
        project.write(
            f"content/specials/{month}.md",
            f"Title: {name} special\nMonth: {month}\nOffer: A {name} consultation.\n\n"
            f"Mention the {name} special when you write.\n",
        )
    project.write(
        "content/articles/2026-04-20-later.md",
        "Title: Out on the twentieth\nDate: 2026-04-20 09:00\nCategory: Job search\n\n"
        "A post the build holds back until its day.\n",
    )
    return project


def run(project: Project, day: str, **kwargs: object) -> bool:
    """Build (or not) on ``day``; True when the build was skipped."""
    with site_date(day):
        report = uptodate.build_unless_current(project.root / SETTINGS, **kwargs)
    return report.unchanged


def assert_as_oracle(project: Project, dest: Path, day: str) -> None:
    cold = oracle(project, dest, day)
    for folder in ("output", "build/newsletter"):
        found = differences(tree(project.root / folder), tree(cold.root / folder))
        assert not found, f"skipped on {day}, {folder}/ is not what a build makes: {found[:10]}"


def test_days_that_select_the_same_skip_and_the_output_is_right(
    site: Project, tmp_path: Path
) -> None:
    assert not run(site, "2026-04-10")
    # True: skipped. A date of the site and the day after it build again (a special runs
    # through its last day), and so does the first of a month.
    expected = {
        "2026-04-10": True,
        "2026-04-11": True,
        "2026-04-19": True,
        "2026-04-20": False,  # the post of the 20th is out
        "2026-04-21": False,
        "2026-04-25": True,
        "2026-05-01": False,  # the May special
        "2026-05-02": False,
        "2026-05-15": True,
        "2026-06-01": False,  # June, without a special
        "2026-06-02": True,  # a first of the month is no date of the site: no day after
        "2026-06-15": True,
        "2026-07-01": False,  # the July special
    }
    skipped = {}
    for day in expected:
        skipped[day] = run(site, day)
        if skipped[day]:
            assert_as_oracle(site, tmp_path / "oracle", day)
    assert skipped == expected


def test_an_earlier_day_builds(site: Project) -> None:
    assert not run(site, "2026-04-10")
    assert not run(site, "2026-04-09")


# Edited in place, keeping the file's size and time: only its bytes tell the change.
CHANGED = {
    "a post": "content/articles/2026-04-06-pseudo-interviews.md",
    "a template": "theme/templates/base.html",
    "the settings": "pelicanconf.py",
    "the site file": "content/site.md",
}


@pytest.mark.parametrize("name", CHANGED)
def test_a_changed_input_builds(site: Project, name: str) -> None:
    assert not run(site, "2026-04-10")
    path = site.root / CHANGED[name]
    data, info = path.read_bytes(), path.stat()
    assert data.endswith(b"\n")
    path.write_bytes(data[:-1] + b" ")  # the last line break becomes a space
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert not run(site, "2026-04-10"), f"{name} changed, and the build was skipped"
    assert run(site, "2026-04-10")


def test_a_changed_output_builds_and_is_mended(site: Project) -> None:
    assert not run(site, "2026-04-10")
    page = site.root / "output" / "about" / "index.html"
    before = page.read_bytes()
    page.write_bytes(before.replace(b"<", b"[", 1))
    assert not run(site, "2026-04-10")
    assert page.read_bytes() == before
    (site.root / "build" / "newsletter").rename(site.root / "moved")
    assert not run(site, "2026-04-10")
    assert (site.root / "build" / "newsletter").is_dir()


def test_another_environment_builds(site: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not run(site, "2026-04-10")
    monkeypatch.setenv("SITEURL", "https://elsewhere.example")
    assert not run(site, "2026-04-10")
    assert run(site, "2026-04-10")


def test_a_rebuild_always_builds(site: Project) -> None:
    assert not run(site, "2026-04-10")
    assert not run(site, "2026-04-10", ignore_cache=True)
    assert run(site, "2026-04-10")


def test_a_failed_build_leaves_no_record(site: Project) -> None:
    assert not run(site, "2026-04-10")
    post = site.root / "content" / "articles" / "2026-04-06-pseudo-interviews.md"
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("Date:", "Daet:", 1), encoding="utf-8")
    with pytest.raises((BuildFailed, CoachError)):
        run(site, "2026-04-10")
    assert not uptodate.record_file(site.root / SETTINGS).exists()
    post.write_text(good, encoding="utf-8")
    assert not run(site, "2026-04-10")
    assert run(site, "2026-04-10")


def test_a_damaged_record_builds(site: Project) -> None:
    assert not run(site, "2026-04-10")
    uptodate.record_file(site.root / SETTINGS).write_text("{not json", encoding="utf-8")
    assert not run(site, "2026-04-10")
    assert run(site, "2026-04-10")


def test_the_coach_is_told_and_pelican_is_not_loaded(site: Project) -> None:
    first = site.invoke("build")
    assert first.returncode == 0, first.stderr
    assert "Site ready in output/" in first.stdout
    again = site.invoke("build")
    assert again.returncode == 0, again.stderr
    assert "Nothing changed since the last build: site up to date in output/" in again.stdout
    script = (
        "import sys; from pathlib import Path; sys.path[:0] = ['.', 'plugins']; "
        "from coachsite.uptodate import build_unless_current; "
        "r = build_unless_current(Path('pelicanconf.py').resolve()); "
        "print(r.unchanged, 'pelican' in sys.modules)"
    )
    seen = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site.root,
        env={
            **{k: v for k, v in os.environ.items() if k != "SITE_DATE"},
            "SITE_DATE": "2026-04-10",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert seen.stdout.split() == ["True", "False"]


def test_next_change_finds_the_dates_of_the_site() -> None:
    @dataclass
    class Offer:
        ends: dt.date

    zone = "America/New_York"
    day = dt.date(2026, 4, 10)
    assert uptodate.next_change([], day, zone) == dt.date(2026, 5, 1)
    assert uptodate.next_change([], dt.date(2026, 12, 31), zone) == dt.date(2027, 1, 1)
    nested = {"specials": [Offer(dt.date(2026, 4, 14))], "old": [dt.date(2020, 1, 1)]}
    assert uptodate.next_change([nested], day, zone) == dt.date(2026, 4, 14)
    # the day after a date counts too: a special ending on the 10th is gone on the 11th
    assert uptodate.next_change([dt.date(2026, 4, 10)], day, zone) == dt.date(2026, 4, 11)
    # 02:00 UTC on the 12th is the evening of the 11th in New York
    late = dt.datetime(2026, 4, 12, 2, 0, tzinfo=dt.UTC)
    assert uptodate.next_change([late], day, zone) == dt.date(2026, 4, 11)


READ_ENV = re.compile(
    r"""(?:environ\.get\(|environ\[|getenv\(|\benv\.get\()\s*["']([A-Z_][A-Z0-9_]*)"""
)


def test_every_variable_the_build_reads_is_in_the_digest() -> None:
    files = [ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    files += sorted((ROOT / "coachsite").glob("*.py")) + sorted((ROOT / "plugins").rglob("*.py"))
    read = {name for path in files for name in READ_ENV.findall(path.read_text("utf-8"))}
    assert {"SITEURL", "SITE_DATE"} <= read  # the pattern finds what is there
    assert read & uptodate.VOLATILE_ENVIRONMENT == {"SITE_DATE"}
