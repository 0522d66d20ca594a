"""The coach's commands in tasks.py, run as the coach runs them."""

from __future__ import annotations

import shutil

import pytest
from conftest import Project

# A fixed build date after the demo content's only special (April 2026) has ended: the built
# site shows no special, whatever day the tests run (publish checks offers against the clock).
AFTER_THE_SPECIALS = "2026-06-15"


def test_new_creates_a_dated_draft_with_front_matter(project: Project) -> None:
    result = project.invoke(
        "new", "Why Your Resume Gets the Wrong Interviews", site_date="2026-05-03"
    )
    assert result.returncode == 0, result.stderr
    path = project.root / "content/articles/2026-05-03-why-your-resume-gets-the-wrong-interviews.md"
    assert f"Created {path.relative_to(project.root)}" in result.stdout
    text = path.read_text("utf-8")
    assert text.startswith("Title: Why Your Resume Gets the Wrong Interviews\nDate: 2026-05-03 ")
    assert "\nSlug: why-your-resume-gets-the-wrong-interviews\n" in text
    assert "\nStatus: draft\n" in text
    # The new file builds: as a draft it is not on the home page, but it has a preview page.
    project.build(site_date="2026-05-03")
    assert (project.output / "drafts/why-your-resume-gets-the-wrong-interviews/index.html").exists()
    assert "Why Your Resume" not in project.read("index.html")


def test_new_refuses_to_overwrite(project: Project) -> None:
    first = project.invoke("new", "Second Interviews", site_date="2026-05-03")
    assert first.returncode == 0
    path = project.root / "content/articles/2026-05-03-second-interviews.md"
    path.write_text(path.read_text("utf-8") + "\nThe coach's draft.\n", encoding="utf-8")
    again = project.invoke("new", "Second Interviews", site_date="2026-06-01")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "The coach's draft." in path.read_text("utf-8")
    assert not (project.root / "content/articles/2026-06-01-second-interviews.md").exists()


def test_new_rejects_an_empty_title(project: Project) -> None:
    result = project.invoke("new", "   ")
    assert result.returncode == 1
    assert 'error: give the post a title, e.g. make new TITLE="Why my resume fails"' in (
        result.stderr
    )


def test_publish_without_target_says_what_to_set(project: Project) -> None:
    result = project.invoke("publish", "--dry-run", PUBLISH_TARGET="")
    assert result.returncode == 1
    assert "PUBLISH_TARGET is not set" in result.stderr
    assert "PUBLISH_TARGET=gh-pages make publish" in result.stderr


PLACEHOLDER_POST = """Title: Left As Made
Date: 2026-03-01 09:00
Category: Job search
Slug: left-as-made
Summary: One or two sentences that appear on the home page and in search results.

The coach forgot the summary.
"""


def test_the_placeholder_summary_new_writes_is_what_the_checks_look_for(project: Project) -> None:
    from coachsite.content_warnings import placeholder_summaries

    made = project.invoke("new", "Left As Made", site_date="2026-05-03")
    assert made.returncode == 0, made.stderr
    path = project.root / "content/articles/2026-05-03-left-as-made.md"
    assert placeholder_summaries(project.root / "content") == []  # a draft may keep it
    path.write_text(path.read_text("utf-8").replace("Status: draft\n", ""), encoding="utf-8")
    found = placeholder_summaries(project.root / "content")
    assert [(str(where), line) for where, line in found] == [
        ("content/articles/2026-05-03-left-as-made.md", 6)
    ]


def test_publish_refuses_a_published_post_with_the_placeholder_summary(project: Project) -> None:
    project.write("content/articles/2026-03-01-left-as-made.md", PLACEHOLDER_POST)
    result = project.invoke(
        "publish", "--dry-run", site_date=AFTER_THE_SPECIALS, PUBLISH_TARGET="gh-pages"
    )
    assert result.returncode == 1
    assert "not published: these posts still have the summary make new wrote" in result.stderr
    assert "\n  content/articles/2026-03-01-left-as-made.md:5" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "public").exists()  # refused before anything was built
    # As a draft it may keep it.
    draft = PLACEHOLDER_POST.replace("Slug:", "Status: draft\nSlug:")
    project.write("content/articles/2026-03-01-left-as-made.md", draft)
    again = project.invoke(
        "publish", "--dry-run", site_date=AFTER_THE_SPECIALS, PUBLISH_TARGET="gh-pages"
    )
    assert "placeholder" not in again.stderr and "make new wrote" not in again.stderr


@pytest.mark.skipif(
    shutil.which("rsync") is None, reason="rsync is not installed (.ci/run installs it)"
)
def test_publish_dry_run_builds_for_production_and_uploads_nothing(
    project: Project, tmp_path
) -> None:
    target = tmp_path / "webroot"
    target.mkdir()
    dry = project.invoke(
        "publish",
        "--dry-run",
        site_date=AFTER_THE_SPECIALS,  # the site must not advertise an offer that has ended
        PUBLISH_TARGET=f"{target}/",
        SITEURL="https://coach.example",
    )
    assert dry.returncode == 0, dry.stderr
    assert "posts/pseudo-interviews/index.html" in dry.stdout
    assert list(target.iterdir()) == []
    public = project.root / "public"
    page = (public / "posts/pseudo-interviews/index.html").read_text("utf-8")
    assert 'href="https://coach.example/theme/css/site.css"' in page
    assert not project.output.exists()  # production builds never touch output/

    real = project.invoke(
        "publish",
        site_date=AFTER_THE_SPECIALS,
        PUBLISH_TARGET=f"{target}/",
        SITEURL="https://coach.example",
    )
    assert real.returncode == 0, real.stderr
    assert "Uploading public/ to " in real.stdout
    assert (target / "posts/pseudo-interviews/index.html").read_bytes() == (
        public / "posts/pseudo-interviews/index.html"
    ).read_bytes()


def test_clean_removes_built_files(project: Project) -> None:
    project.build()
    project.build("publishconf.py")
    assert (project.root / "public/index.html").is_file()
    result = project.invoke("clean")
    assert result.returncode == 0
    assert not project.output.exists()
    assert not (project.root / "public").exists()
    assert "removed public/" in result.stdout


def test_bad_site_date_is_a_clear_error(project: Project) -> None:
    result = project.invoke("build", site_date="April 10")
    assert result.returncode == 1
    assert "SITE_DATE='April 10' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(
    shutil.which("rsync") is None, reason="rsync is not installed (.ci/run installs it)"
)
def test_publish_refuses_a_site_showing_an_expired_special(project: Project, tmp_path) -> None:
    target = tmp_path / "webroot"
    target.mkdir()
    # Built as of April 10th, the site shows April's special, which has ended by now.
    result = project.invoke("publish", site_date="2026-04-10", PUBLISH_TARGET=f"{target}/")
    assert result.returncode == 1
    assert "expired special still shown: posts/pseudo-interviews/index.html" in result.stderr
    assert list(target.iterdir()) == []


def test_check_finds_broken_links_and_missing_pages_in_public(project: Project) -> None:
    unbuilt = project.invoke("check", site_date=AFTER_THE_SPECIALS)
    assert unbuilt.returncode == 1
    assert "public/ is not built yet; run make preview (or make production) first" in (
        unbuilt.stderr
    )
    built = project.invoke("production", site_date=AFTER_THE_SPECIALS)
    assert built.returncode == 0, built.stderr
    assert "Checked public/: no broken links" in built.stdout
    project.build(site_date=AFTER_THE_SPECIALS)  # the development site is not what check looks at
    (project.output / "privacy/index.html").unlink()
    assert project.invoke("check", site_date=AFTER_THE_SPECIALS).returncode == 0
    (project.root / "public/privacy/index.html").unlink()
    result = project.invoke("check", site_date=AFTER_THE_SPECIALS)
    assert result.returncode == 1
    assert "missing page: privacy/index.html" in result.stderr
    # public/ was built for the public address: its absolute links are checked as such
    assert "broken link: index.html -> https://www.midlifecareerstrategy.com/privacy/" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
