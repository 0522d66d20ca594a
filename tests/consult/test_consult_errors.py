"""The coach's mistakes stop the build with file and line, and keep the last good output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Project, copy_project, snapshot
from consult_helpers import post

from coach_consult.errors import ConsultError

SPECIAL_MAY = "Title: May special\nOffer: A resume review.\n\nBody.\n"

# (file to write, its text, file named in the error, line named (None: none), words in it)
MISTAKES = {
    "special file name is not a month": (
        "content/specials/2026-5.md", SPECIAL_MAY,
        "content/specials/2026-5.md", None, "YYYY-MM.md",
    ),
    "month field disagrees with the file name": (
        "content/specials/2026-05.md", "Title: May special\nMonth: 2026-06\nOffer: x\n\nBody.\n",
        "content/specials/2026-05.md", 2, "does not match the file name",
    ),
    "month field is not YYYY-MM": (
        "content/specials/2026-05.md", "Title: May special\nMonth: May\nOffer: x\n\nBody.\n",
        "content/specials/2026-05.md", 2, "is not a month",
    ),
    "valid_until before valid_from": (
        "content/specials/2026-05.md",
        "Title: May\nValid_from: 2026-05-20\nValid_until: 2026-05-10\nOffer: x\n\nBody.\n",
        "content/specials/2026-05.md", 3, "before Valid_from",
    ),
    "two specials overlap": (
        "content/specials/2026-05.md",
        "Title: May\nValid_from: 2026-04-25\nOffer: x\n\nBody.\n",
        "content/specials/2026-05.md", None, "overlaps content/specials/2026-04.md",
    ),
    "typo in a special's key": (
        "content/specials/2026-05.md", "Title: May\nOffer: x\nVaild_until: 2026-05-20\n\nBody.\n",
        "content/specials/2026-05.md", 3, "did you mean 'Valid_until:'",
    ),
    "unknown CTA in front matter": (
        "content/articles/2026-04-08-typo.md", post("Typo", "Text.", Tags="x", CTA="interview"),
        "content/articles/2026-04-08-typo.md", 4, "did you mean 'interviews'",
    ),
    "unknown CTA in a marker": (
        "content/articles/2026-04-08-typo.md",
        post("Typo", "Text.\n\nMore.\n\n[[cta: resume]]\n\nEnd."),
        "content/articles/2026-04-08-typo.md", 8, "no call-to-action 'resume'",
    ),
    "two markers": (
        "content/articles/2026-04-08-twice.md", post("Twice", "[[cta]]\n\nText.\n\n[[cta]]"),
        "content/articles/2026-04-08-twice.md", 8, "more than one [[cta]]",
    ),
    "CTA: none with a marker": (
        "content/articles/2026-04-08-both.md", post("Both", "Text.\n\n[[cta]]", CTA="none"),
        "content/articles/2026-04-08-both.md", 7, "'CTA: none'",
    ),
    "unknown CTA on a page": (
        "content/pages/hello.md", "Title: Hello\nCTA: generl\n\nHi.\n",
        "content/pages/hello.md", 2, "did you mean 'general'",
    ),
    "CTA without a link": (
        "content/ctas/resumes.md", "Headline: Resumes\nButton: Book\nTags: resumes\n\nBody.\n",
        "content/ctas/resumes.md", None, "has no link",
    ),
    "CTA link to a missing page": (
        "content/ctas/resumes.md",
        "Headline: Resumes\nButton: Book\nLink: {filename}/pages/nowhere.md\n\nBody.\n",
        "content/ctas/resumes.md", 3, "not in the content folder",
    ),
    "typo in a CTA's key": (
        "content/ctas/resumes.md", "Headline: Resumes\nButon: Book\nLink: email\n\nBody.\n",
        "content/ctas/resumes.md", 2, "did you mean 'Button:'",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project built once (April); each case works on its own copy of it."""
    site = copy_project(tmp_path_factory.mktemp("built") / "site")
    site.build()
    return site


@pytest.mark.parametrize("case", list(MISTAKES))
def test_mistake_stops_the_build_and_keeps_the_last_good_output(
    built: Project, tmp_path: Path, case: str
) -> None:
    relative, text, named, line, words = MISTAKES[case]
    project = Project(Path(shutil.copytree(built.root, tmp_path / "site", symlinks=True)))
    before = snapshot(project.output)
    project.write(relative, text)
    with pytest.raises(ConsultError) as caught:
        project.build()
    err = caught.value
    assert err.path == Path(named)
    assert err.line == line
    assert words in err.message
    assert str(err).startswith(f"{named}:{line}: " if line else f"{named}: ")
    assert snapshot(project.output) == before


def test_missing_general_cta_is_an_error(project: Project) -> None:
    (project.root / "content/ctas/general.md").unlink()
    with pytest.raises(ConsultError, match=r"general\.md"):
        project.build()
    assert not project.output.exists()


def test_the_command_line_prints_the_file_and_exits_1(project: Project) -> None:
    first = project.invoke("build")
    assert first.returncode == 0, first.stderr
    before = snapshot(project.output)
    project.write("content/specials/2026-05.md", "Title: May\nMonth: 2026-06\nOffer: x\n\nB.\n")
    result = project.invoke("build")
    assert result.returncode == 1
    assert "content/specials/2026-05.md:2:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project.output) == before
