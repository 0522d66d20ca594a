"""Mistakes caught where they happen (issue 13, point 3): each names the file and line and says
what to write. Sites are built from fixture posts and specials in a temporary copy, never from
the coach's own content/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project, snapshot
from content_mistakes_helpers import (
    HEAD,
    POST,
    SPECIAL,
    build_error,
    fixture_site,
    picture,
    post_with,
)
from pictures.photos import png

from coachsite.content_warnings import unread_files
from coachsite.marker_check import html_marker_problems, lookalikes, page_lookalikes


@pytest.fixture
def site(tmp_path: Path) -> Project:
    return fixture_site(tmp_path)


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
    picture(site, "content/images/cat.jpg")
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
        if path.startswith("content/images/"):  # a real picture: the build checks them
            site.write(path, png(40, 30))
            continue
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
