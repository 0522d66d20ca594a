"""The coach's mistakes stop the build with one clear message; output/ keeps the last good site."""

from __future__ import annotations

import pytest
from conftest import Project, snapshot

from coachsite.errors import CoachError

GOOD_HEAD = "Title: A post\nDate: 2026-04-08\nCategory: Interviews\n\n"


BROKEN = {
    "missing title": ("Date: 2026-04-08\n\nText.\n", "no title", 1),
    "empty title": ("Title:\nDate: 2026-04-08\n\nText.\n", "no title", 1),
    "missing date": ("Title: A post\n\nText.\n", "no date", 2),
    "unparsable date": ("Title: A post\nDate: 31/31/2026\n\nText.\n", "not a date", 2),
    "unknown status": (
        "Title: A post\nDate: 2026-04-08\nStatus: publish-later\n\nText.\n",
        "unknown status",
        3,
    ),
    "duplicated title": ("Title: A post\nTitle: Again\nDate: 2026-04-08\n\nText.\n", "twice", 2),
    "typo in a key": (
        "Title: A post\nDaet: 2026-04-08\nDate: 2026-04-08\n\nText.\n",
        "did you mean 'Date:'",
        2,
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_post_names_file_line_and_fix(project: Project, case: str) -> None:
    text, words, line = BROKEN[case]
    project.write("content/articles/broken.md", text)
    with pytest.raises(CoachError) as caught:
        project.build()
    message = str(caught.value)
    assert message.startswith(f"content/articles/broken.md:{line}: "), message
    assert words in message


def test_not_utf8_names_the_line(project: Project) -> None:
    project.write(
        "content/articles/latin1.md", (GOOD_HEAD + "Line two\ncaf\xe9\n").encode("latin-1")
    )
    with pytest.raises(CoachError) as caught:
        project.build()
    assert str(caught.value).startswith("content/articles/latin1.md:6: this file is not UTF-8")


def test_broken_page_is_caught_too(project: Project) -> None:
    project.write("content/pages/contact.md", "Slug: contact\n\nNo title here.\n")
    with pytest.raises(CoachError, match=r"content/pages/contact.md:1: this post has no title"):
        project.build()


def test_cli_exits_non_zero_without_traceback_and_keeps_output(project: Project) -> None:
    good = project.invoke("build")
    assert good.returncode == 0, good.stderr
    before = snapshot(project.output)
    assert "posts/pseudo-interviews/index.html" in before

    project.write("content/articles/broken.md", "Title: Broken\nDate: next tuesday\n\nText.\n")
    bad = project.invoke("build")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr + bad.stdout
    assert "error: content/articles/broken.md:2: 'next tuesday' is not a date" in bad.stderr
    assert snapshot(project.output) == before


def test_pelican_errors_not_caught_earlier_still_fail_the_build(project: Project) -> None:
    # Two posts with the same slug would overwrite each other: Pelican logs an error.
    project.write(
        "content/articles/twin.md",
        "Title: Twin\nDate: 2026-04-08\nSlug: pseudo-interviews\n\nText.\n",
    )
    with pytest.raises(CoachError) as caught:
        project.build()
    message = str(caught.value)
    assert message.startswith(
        "content/articles/twin.md:3: this file would be published at the same"
    )
    assert "content/articles/2026-04-06-pseudo-interviews.md" in message


def test_same_address_from_title_is_caught(project: Project) -> None:
    project.write("content/articles/a.md", GOOD_HEAD + "One.\n")
    project.write("content/articles/b.md", GOOD_HEAD.replace("04-08", "04-09") + "Two.\n")
    with pytest.raises(CoachError, match="same address \\('a-post'\\)"):
        project.build()
