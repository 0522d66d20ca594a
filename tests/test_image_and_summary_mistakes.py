"""Mistakes caught where they happen (issue 13, point 3), continued: images that are not where
the post says, a special whose topics no post has, the placeholder summary of a new post."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project
from content_mistakes_helpers import (
    HEAD,
    POST,
    SPECIAL,
    fixture_site,
    picture,
    post_with,
)

from coach_linkcheck.errors import MissingTargetError
from coachsite.content_warnings import PLACEHOLDER_SUMMARY, placeholder_summaries


@pytest.fixture
def site(tmp_path: Path) -> Project:
    return fixture_site(tmp_path)


# --- 4. images that are not where the post says ----------------------------------------------


def _image_error(site: Project, body: str) -> str:
    site.write(POST, post_with(body))
    with pytest.raises(MissingTargetError) as caught:
        site.build()
    return str(caught.value)


def test_missing_image_says_line_text_and_where_to_put_it(site: Project) -> None:
    assert _image_error(site, "![Me](images/me.jpg)") == (
        f"{POST}: line 8: the image `images/me.jpg` is not in content/images/; write "
        "`![Me]({static}/images/me.jpg)` and put the file at content/images/me.jpg."
    )


def test_missing_static_image_says_where_to_put_it(site: Project) -> None:
    assert _image_error(site, "![Chart]({static}/images/chart.png)") == (
        f"{POST}: line 8: the image `{{static}}/images/chart.png` is not in content/images/; "
        "put the file at content/images/chart.png (the name must match exactly, capitals and "
        ".jpg/.jpeg included)."
    )


@pytest.mark.parametrize(
    ("body", "file", "message", "fixed"),
    [
        (
            "![Me](images/me.jpg)",
            "content/images/me.jpg",
            "the image `images/me.jpg` is at content/images/me.jpg, but written like this its "
            "address is wrong on the page; write `![Me]({static}/images/me.jpg)`.",
            "![Me]({static}/images/me.jpg)",
        ),
        (
            "![Me]({static}/images/me.jpg)",
            "content/photos/me.jpg",
            "the image `{static}/images/me.jpg` is not at content/images/me.jpg, but there is "
            "content/photos/me.jpg; write `![Me]({static}/photos/me.jpg)`.",
            "![Me]({static}/photos/me.jpg)",
        ),
        (
            "![Me](/images/Me.JPG)",
            "content/images/me.jpg",
            "the image `/images/Me.JPG` is not at content/images/Me.JPG, but there is "
            "content/images/me.jpg; write `![Me]({static}/images/me.jpg)`.",
            "![Me]({static}/images/me.jpg)",
        ),
        (
            "![Head]({static}/images/headshot.jpg)",
            "content/images/headshot.jpeg",
            "the image `{static}/images/headshot.jpg` is not at content/images/headshot.jpg; "
            "did you mean content/images/headshot.jpeg? Write "
            "`![Head]({static}/images/headshot.jpeg)`.",
            "![Head]({static}/images/headshot.jpeg)",
        ),
    ],
    ids=["without {static}", "another folder", "capitals", "close name"],
)
def test_the_advised_text_works(site: Project, body: str, file: str, message: str, fixed: str):
    picture(site, file)
    assert _image_error(site, body) == f"{POST}: line 8: {message}"
    site.write(POST, post_with(fixed))
    site.build()
    assert "<img" in site.read("posts/a-post/index.html")


def test_several_problems_are_listed_by_line(site: Project) -> None:
    body = "See [this]({filename}gone.md).\n\n![A](images/a.png)\n\n![B]({static}/images/b.png)"
    message = _image_error(site, body)
    assert message.splitlines() == [
        f"{POST}: this file points to 3 things that do not exist:",
        "  line 8: `{filename}gone.md` leads nowhere: there is no file content/articles/gone.md; "
        "check the name and folder (the path is relative to this Markdown file, or to content/ "
        "if it starts with /)",
        "  line 10: the image `images/a.png` is not in content/images/; write "
        "`![A]({static}/images/a.png)` and put the file at content/images/a.png",
        "  line 12: the image `{static}/images/b.png` is not in content/images/; put the file at "
        "content/images/b.png (the name must match exactly, capitals and .jpg/.jpeg included)",
    ]


def test_image_setting_names_its_line(site: Project) -> None:
    site.write(POST, HEAD + "Image: images/card.png\n\nText.\n")
    with pytest.raises(MissingTargetError) as caught:
        site.build()
    assert str(caught.value) == (
        f"{POST}: line 5: 'Image: images/card.png': there is no file content/images/card.png; "
        "put the picture there (the name must match exactly, capitals and .jpg/.jpeg included)."
    )


# --- 5. a special whose Topics no post has ---------------------------------------------------


def test_special_whose_topics_match_no_post_is_a_warning(site: Project) -> None:
    site.write("content/specials/2026-04.md", SPECIAL + "Topics: resume, salaries\n\nDetails.\n")
    report = site.build()
    assert (
        report.warnings.count(
            "content/specials/2026-04.md:4: the Topics ('resume', 'salaries') match no post's tags "
            "or category, so no post shows this special. Did you mean 'resumes'? The posts' tags "
            "and categories are: Interviews, resumes. Remove the 'Topics:' line to show it on "
            "every post."
        )
        == 1
    ), report.warnings


def test_specials_whose_topics_match_or_that_are_over_are_fine(site: Project) -> None:
    site.write("content/specials/2026-04.md", SPECIAL + "Topics: Resumes\n\nDetails.\n")
    site.write(
        "content/specials/2026-03.md",
        SPECIAL.replace("April", "March").replace("04", "03") + "Topics: salaries\n\nOld.\n",
    )
    site.write(
        "content/specials/2026-05.md",
        SPECIAL.replace("April", "May").replace("04", "05") + "Topics: interviews\n\nNext.\n",
    )
    report = site.build()
    assert not [w for w in report.warnings if "Topics" in w], report.warnings


# --- 6. the placeholder summary of a new post ------------------------------------------------


def test_placeholder_summary_in_a_published_post_is_a_warning(site: Project) -> None:
    site.write(POST, HEAD + f"Summary: {PLACEHOLDER_SUMMARY}\n\nText.\n")
    site.write(
        "content/articles/2026-04-09-draft.md",
        HEAD.replace("A post", "Draft").replace("04-08", "04-09")
        + f"Summary: {PLACEHOLDER_SUMMARY}\nStatus: draft\n\nText.\n",
    )
    report = site.build()
    wanted = (
        f"{POST}:5: the 'Summary:' is still the placeholder a new post starts with; replace it "
        "with one or two sentences of your own (they appear on the home page and in search "
        "results)."
    )
    assert [w for w in report.warnings if "placeholder" in w] == [wanted]
    assert placeholder_summaries(site.root / "content") == [(Path(POST), 5)]


def test_placeholder_written_by_invoke_new_is_recognised(site: Project) -> None:
    made = site.invoke("new", "A brand new post")
    assert made.returncode == 0, made.stderr
    [path] = (site.root / "content/articles").glob("*-a-brand-new-post.md")
    assert placeholder_summaries(site.root / "content") == []  # still a draft
    path.write_text(path.read_text().replace("Status: draft\n", ""), encoding="utf-8")
    shown = path.relative_to(site.root)
    assert placeholder_summaries(site.root / "content") == [(shown, 6)]
