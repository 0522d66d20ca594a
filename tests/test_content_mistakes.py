"""Mistakes caught where they happen (issue 13, point 3): each names the file and line and says
what to write. Sites are built from fixture posts and specials in a temporary copy, never from
the coach's own content/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Project, copy_project, snapshot

from coach_linkcheck.errors import MissingTargetError
from coachsite.content_warnings import PLACEHOLDER_SUMMARY, placeholder_summaries, unread_files
from coachsite.errors import CoachError
from coachsite.marker_check import html_marker_problems, lookalikes, page_lookalikes

POST = "content/articles/2026-04-08-post.md"
HEAD = "Title: A post\nDate: 2026-04-08 09:00\nCategory: Interviews\nTags: interviews, resumes\n"
SPECIAL = "Title: April special\nMonth: 2026-04\nOffer: A first consultation at a reduced rate.\n"


@pytest.fixture
def site(tmp_path: Path) -> Project:
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


# --- 1. things that look like the [[cta]] marker ---------------------------------------------

LOOKALIKES = {
    "[[cat]]": "`[[cat]]` is not a marker; did you mean `[[cta]]`?",
    "[cta]": "`[cta]` is not a marker; did you mean `[[cta]]`?",
    "{{cta}}": "`{{cta}}` is not a marker; did you mean `[[cta]]`?",
    "{{ cta }}": "`{{ cta }}` is not a marker; did you mean `[[cta]]`?",
    "{% cta %}": "`{% cta %}` is not a marker; did you mean `[[cta]]`?",
    "<cta>": "`<cta>` is not a marker; did you mean `[[cta]]`?",
    "(cta)": "`(cta)` is not a marker; did you mean `[[cta]]`?",
    "[[call-to-action]]": "`[[call-to-action]]` is not a marker; did you mean `[[cta]]`?",
    "[[call to action]]": "`[[call to action]]` is not a marker; did you mean `[[cta]]`?",
    "[[consultation]]": "`[[consultation]]` is not a marker; did you mean `[[cta]]`?",
    "[[box]]": "`[[box]]` is not a marker; did you mean `[[cta]]`?",
    "[[cat: interviews]]": (
        "`[[cat: interviews]]` is not a marker; did you mean `[[cta: interviews]]`?"
    ),
    "Book now: [[cta]]": (
        "`[[cta]]` works only on a line of its own; put `[[cta]]` on its own line, with "
        "nothing before or after it."
    ),
    "- [[cta]]": (
        "`[[cta]]` inside a list or a quote is shown as text; put it on a line of its own, "
        "outside the list or quote, with an empty line before it."
    ),
    "> [[cta]]": (
        "`[[cta]]` inside a list or a quote is shown as text; put it on a line of its own, "
        "outside the list or quote, with an empty line before it."
    ),
}


@pytest.mark.parametrize("written", sorted(LOOKALIKES))
def test_lookalikes_are_found_with_line_and_did_you_mean(written: str) -> None:
    found = lookalikes(f"Text.\n\n{written}\n\nMore.", first_line=10)
    assert [(item.line, item.message) for item in found] == [(12, LOOKALIKES[written])]


NOT_MARKERS = [
    "[[cta]]",
    "[[ cta ]]",
    "[[CTA]]",
    "[[cta: interviews]]",
    "See [my post](https://example.org/a) and [the CTA guide](https://example.org/cta).",
    "[cta](https://example.org/book)",
    "![cat](images/cat.jpg)",
    "As shown before [1], and again [2].",
    "[1]",
    "[[1]](https://example.org/source)",
    "[1]: https://example.org/source",
    "[cta]: https://example.org/book",
    "*[CTA]: Call to action",
    "A short call to action (CTA) helps.",
    "[TOC]",
    "Footnote[^1] here.",
    "[x] done, [ ] to do",
    "Write `[[cat]]` to see it.",
    "[Download]({static}/files/guide.pdf), [About]({filename}/pages/about.md)",
    "Text [[a wiki link]] inside a sentence.",
    "<br>",
    "{: .lead}",
    "[The cat](https://example.org/cat) sat.",
    "<!-- [[cat]] -->",
]


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_ordinary_markdown_is_not_a_lookalike(text: str) -> None:
    assert lookalikes(text) == []


def test_code_and_comments_are_not_checked() -> None:
    body = (
        "```\n[[cat]]\n```\n\n~~~~\n{{cta}}\n~~~~\n\n    [cta]\n\n<!--\n[[cat]]\n-->\n\n"
        "- item\n\n        [[cat]]\n"
    )
    assert lookalikes(body) == []


def test_a_lookalike_under_a_list_item_is_found() -> None:
    found = lookalikes("- item\n\n    [[cat]]\n\n- item\n\n    [[cta]]\n", first_line=5)
    assert [item.line for item in found] == [7, 11]
    assert found[1].message.startswith("`[[cta]]` inside a list or a quote is shown as text")


@pytest.mark.parametrize("written", ["[[cat]]", "[cta]", "{{cta}}", "[[call-to-action]]"])
def test_lookalike_stops_the_build_at_its_line(site: Project, written: str) -> None:
    site.write(POST, post_with(written))
    message = build_error(site)
    assert message == f"{POST}:8: {LOOKALIKES[written]}"


def test_pages_are_checked_too(site: Project) -> None:
    site.write("content/pages/offer.md", "Title: Offer\n\nText.\n\n{{ cta }}\n")
    assert build_error(site) == (
        "content/pages/offer.md:5: `{{ cta }}` is not a marker; did you mean `[[cta]]`?"
    )


def test_ordinary_links_and_the_real_marker_build(site: Project) -> None:
    texts = [t.replace("images/cat.jpg", "{static}/images/cat.jpg") for t in NOT_MARKERS[4:]]
    body = "\n\n".join([*texts, "Before the box.", "[[ CTA ]]", "After the box."])
    _picture(site, "content/images/cat.jpg")
    site.write("content/files/guide.pdf", b"%PDF-1.4\n")
    site.write(POST, post_with(body))
    site.build()
    page = site.read("posts/a-post/index.html")
    assert page.count('<aside class="cta"') == 1
    assert page.index("Before the box.") < page.index('<aside class="cta"')
    assert page.index('<aside class="cta"') < page.index("After the box.")


def test_cli_stops_with_did_you_mean_and_keeps_the_last_good_site(site: Project) -> None:
    good = site.invoke("build")
    assert good.returncode == 0, good.stderr
    before = snapshot(site.output)
    site.write(POST, post_with("[[cat]]"))
    bad = site.invoke("build")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert f"error: {POST}:8: `[[cat]]` is not a marker; did you mean `[[cta]]`?" in bad.stderr
    assert snapshot(site.output) == before


def test_shown_settings_are_checked_too(site: Project) -> None:
    site.write(POST, post_with("Fine.", head=HEAD + "Summary: Book a session [[cat]] today.\n"))
    assert build_error(site) == f"{POST}:5: {LOOKALIKES['[[cat]]']}"


def test_built_pages_are_checked_for_lookalikes_that_slipped_through(site: Project) -> None:
    # A special's text is not a post: the build does not look for markers in it.
    site.write("content/specials/2026-04.md", SPECIAL + "\nDetails.\n\n[[cat]]\n")
    site.build()
    wanted = (
        "`[[cat]]` is shown as text on this page; in the file it comes from, write `[[cta]]` "
        "on a line of its own, or remove it."
    )
    assert html_marker_problems(site.output) == [
        f"newsletter/2026-04/index.html: {wanted}",
        f"specials/index.html: {wanted}",
    ]


def test_built_page_check_ignores_code_scripts_and_links() -> None:
    page = (
        "<html><head><title>T</title><script>var a = '[[cat]]';</script></head><body>"
        "<p>See <a href='x'>[cta]</a> and <code>{{cta}}</code></p><pre>[[cat]]</pre>"
        '<p><img alt="[cta]" src="a.png"></p><p>[1] A note.</p></body></html>'
    )
    assert page_lookalikes(page) == []
    shown = page_lookalikes("<p>[cta]</p><li>{{ cta }}</li><cta></cta>")
    assert shown == [
        "`<cta>` is a tag no browser shows",
        "`[cta]` is shown as text on this page; in the file it comes from, write `[[cta]]` on a "
        "line of its own, or remove it.",
        "`{{ cta }}` is shown as text on this page; in the file it comes from, write `[[cta]]` "
        "on a line of its own, or remove it.",
    ]


# --- 2. files in content/ that nothing reads -------------------------------------------------

UNREAD = {
    "content/articles/notes.txt": (
        "content/articles/notes.txt: this file is not on the site (the site reads only files "
        "ending in .md); rename it to notes.md."
    ),
    "content/articles/2026-04-09-draft.md.txt": (
        "content/articles/2026-04-09-draft.md.txt: this file is not on the site (the site reads "
        "only files ending in .md); rename it to 2026-04-09-draft.md."
    ),
    "content/articles/Interview tips.docx": (
        "content/articles/Interview tips.docx: this file is not on the site (the site cannot "
        "read word-processor files); copy its text into a plain-text file named Interview "
        "tips.md (settings first, as README.md shows under 'A new post')."
    ),
    "content/articles/2026-04-08-post.md~": (
        "content/articles/2026-04-08-post.md~: this file is not on the site (it is an editor's "
        "backup copy of 2026-04-08-post.md); delete it."
    ),
    "content/articles/old.markdown~": (
        "content/articles/old.markdown~: this file is not on the site (its name ends like a "
        "backup copy's); rename it to old.markdown, or delete it."
    ),
    "content/pages/Services.MD": (
        "content/pages/Services.MD: this file is not on the site (the ending .MD must be lower "
        "case); rename it to Services.md."
    ),
    "content/specials/2026-05.txt": (
        "content/specials/2026-05.txt: this file is not on the site (the site reads only files "
        "ending in .md); rename it to 2026-05.md."
    ),
    "content/ideas.rtf": (
        "content/ideas.rtf: this file is not on the site (the site cannot read word-processor "
        "files); copy its text into a plain-text file named ideas.md and move it into "
        "content/articles/ (a post) or content/pages/ (a page) (settings first, as README.md "
        "shows under 'A new post')."
    ),
}
# Read by Pelican, by other code, or published as they are: never warned about.
FINE = (
    "content/articles/2026-04-10-other.markdown",
    "content/articles/photo.jpg",
    "content/images/portrait.png",
    "content/extra/robots.txt",
    "content/extra/notes.txt",
    "content/ctas/resumes.md",
    "content/downloads/guide.pdf",
    "content/articles/.hidden.txt",
)


def _unread_site(site: Project) -> None:
    for path in UNREAD:
        site.write(path, "Title: Something\n\nText.\n")
    for path in FINE:
        text = HEAD.replace("A post", "Other").replace("04-08", "04-10") + "\nText.\n"
        if path.endswith("resumes.md"):
            text = "Headline: Resumes\nButton: Ask\nLink: email\n\nText.\n"
        site.write(path, text)


def test_unread_files_are_named_with_the_name_to_give_them(site: Project) -> None:
    _unread_site(site)
    report = site.build()
    assert sorted(w for w in report.warnings if "is not on the site" in w) == sorted(
        UNREAD.values()
    )
    for fine in FINE:
        assert not any(fine in warning for warning in report.warnings), fine


def test_unread_files_as_a_pure_function(site: Project) -> None:
    _unread_site(site)
    settings = {
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "STATIC_PATHS": ["images", "extra/_headers"],
        "CONSULT_CTA_PATH": "ctas",
        "SPECIALS_PATH": "specials",
    }
    extensions = {"md", "markdown", "mkd", "mdown", "html", "htm", "rst"}
    warnings = unread_files(site.root / "content", settings, extensions)
    assert sorted(warnings) == sorted(UNREAD.values())
    # a file the build copies anyway (a {static} link) is not "unread"
    linked = unread_files(site.root / "content", settings, extensions, {"articles/notes.txt"})
    assert UNREAD["content/articles/notes.txt"] not in linked
    assert len(linked) == len(UNREAD) - 1


def test_cli_prints_unread_files_as_warnings(site: Project) -> None:
    site.write("content/articles/notes.txt", "Text.\n")
    result = site.invoke("build")
    assert result.returncode == 0, result.stderr
    assert f"warning: {UNREAD['content/articles/notes.txt']}" in result.stderr


# --- 3. the empty line after the settings ----------------------------------------------------

MISSING_BLANK = (
    "add an empty line after the settings, before this line (line 5 looks like a setting "
    "'Update:' but is the start of the text)."
)


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "Update: we now offer video sessions\nfor clients abroad.\n",
        HEAD + "Update: we now offer video sessions.\n\nMore text.\n",
        HEAD + "Update: new prices\nFrom May, a session is $120.\n",
    ],
    ids=["text follows directly", "a sentence, then an empty line", "a short first line"],
)
def test_missing_empty_line_after_the_settings(site: Project, text: str) -> None:
    site.write(POST, text)
    assert build_error(site) == f"{POST}:5: {MISSING_BLANK}"


@pytest.mark.parametrize(
    ("text", "line", "meant"),
    [
        # a misspelt setting among the others
        ("Title: A post\nDaet: 2026-04-08\nTags: x\n\nText.\n", 2, "Date"),
        # the last setting, followed by an empty line, with a value that suits the setting
        (HEAD + "Staus: draft\n\nText.\n", 5, "Status"),
        (HEAD + "Sumary: Why interviews stall, and what to do about it.\n\nText.\n", 5, "Summary"),
        # the last setting, followed directly by text, with a date for its value
        ("Title: A post\nCategory: Interviews\nDaet: 2026-04-08\nText.\n", 3, "Date"),
    ],
    ids=["middle", "last, status", "last, summary", "last, a date, text follows"],
)
def test_a_misspelt_setting_is_still_a_typo(site: Project, text: str, line: int, meant: str):
    site.write(POST, text)
    message = build_error(site)
    assert message.startswith(f"{POST}:{line}: unknown setting "), message
    assert message.endswith(f"did you mean '{meant}:'?"), message


def test_known_last_setting_followed_by_text_still_builds(site: Project) -> None:
    site.write(POST, HEAD + "Summary: A short summary.\nThe text starts here.\n")
    site.build()
    assert "The text starts here." in site.read("posts/a-post/index.html")


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


def _picture(site: Project, relative: str) -> None:
    site.write(relative, (site.root / "theme/static/images/logo.png").read_bytes())


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
    _picture(site, file)
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
