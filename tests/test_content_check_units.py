"""coachsite.content_check without a build: each mistake's exact message, file and line; the
settings block; tags, categories and addresses (files, links and the memo: the _files tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from content_check_helpers import (
    HEAD,
    SUBS,
    check_site,
    file_error,
    site_error,
    write,
)

from coachsite import content_check as check
from coachsite.body_check import BlockEnd
from coachsite.content_check import MetaField
from coachsite.errors import CoachError


def test_a_value_continued_over_several_lines_is_one_value() -> None:
    text = (
        "Title: A post\nSummary: Why interviews\n    stall, and\n\twhat to do.\nTags: a\n\nText.\n"
    )
    fields, end = check.front_matter_block(text)
    assert fields == [
        MetaField("title", "A post", 1),
        MetaField("summary", "Why interviews stall, and what to do.", 2),
        MetaField("tags", "a", 5),
    ]
    assert end == BlockEnd(6, has_text=False)


def test_an_indented_first_line_is_text_not_a_continuation() -> None:
    assert check.front_matter_block("    indented\n") == ([], BlockEnd(1, has_text=True))


def test_three_spaces_do_not_continue_a_value() -> None:
    fields, end = check.front_matter_block("Title: A post\n   more\n")
    assert fields == [MetaField("title", "A post", 1)]
    assert end == BlockEnd(2, has_text=True)


def test_keys_are_lower_case_and_values_stripped_after_a_bom() -> None:
    fields, end = check.front_matter_block("\ufeffTITLE:   A post  \nImage_Alt: x\n")
    assert fields == [MetaField("title", "A post", 1), MetaField("image_alt", "x", 2)]
    assert end == BlockEnd(None, has_text=False)
    assert check.front_matter("Title: A\nThe text.\n") == [MetaField("title", "A", 1)]


def test_the_text_straight_after_the_settings_ends_them() -> None:
    assert check.front_matter_block("Title: A\nDate: 2026-04-10\nThe text.\n") == (
        [MetaField("title", "A", 1), MetaField("date", "2026-04-10", 2)],
        BlockEnd(3, has_text=True),
    )


# --- one file's mistakes ---------------------------------------------------------------------


def test_a_good_post_returns_its_settings_by_key(tmp_path: Path) -> None:
    path = write(tmp_path, "content/articles/post.md", HEAD + "Status: hidden\n\nText.\n")
    seen = check.check_markdown_file(path, Path("content/articles/post.md"), article=True)
    assert seen == {
        "title": MetaField("title", "A post", 1),
        "date": MetaField("date", "2026-04-10", 2),
        "status": MetaField("status", "hidden", 3),
    }


VALUES = {
    "title": "A post",
    "date": "2026-04-10",
    "modified": "2026-04-11 09:00",
    "status": "draft",
    "slug": "a-post",
    "lang": "en",
    "order": "2",
    "translation": "false",
    "cta": "resumes",
    "template": "landing",
}


# Every setting the site knows (a known setting straight before the text is not the text).
SETTINGS = (
    "title", "date", "modified", "category", "tags", "slug", "author", "authors", "summary",
    "status", "lang", "translation", "template", "save_as", "url", "cta", "image", "image_alt",
    "description", "keywords", "order", "menu", "special",
)  # fmt: skip


@pytest.mark.parametrize("key", SETTINGS)
def test_any_known_setting_may_be_the_last_one_before_the_text(tmp_path: Path, key: str) -> None:
    first = "Date: 2026-04-10\n" if key == "title" else "Title: A post\n"
    if key not in ("title", "date"):
        first += "Date: 2026-04-10\n"
    text = f"{first}{key.capitalize()}: {VALUES.get(key, 'interviews')}\nThe text begins here.\n"
    path = write(tmp_path, "content/articles/post.md", text)
    seen = check.check_markdown_file(path, Path("content/articles/post.md"), article=True)
    assert seen[key].value == VALUES.get(key, "interviews")


def test_an_unknown_setting_straight_before_the_text_is_the_text(tmp_path: Path) -> None:
    err = file_error(tmp_path, HEAD + "Mood: sunny\nThe text begins here.\n")
    assert (err.line, err.message.startswith("add an empty line after the settings")) == (3, True)


def test_a_setting_twice(tmp_path: Path) -> None:
    err = file_error(tmp_path, "Title: A post\nDate: 2026-04-10\nTitle: Again\n\nText.\n")
    assert str(err) == (
        "content/articles/post.md:3: 'Title:' appears twice (first on line 1); keep only one."
    )


def test_a_misspelt_setting_says_what_was_meant(tmp_path: Path) -> None:
    err = file_error(tmp_path, "Title: A post\nDaet: 2026-04-10\nDate: 2026-04-10\n\nText.\n")
    assert str(err) == (
        "content/articles/post.md:2: unknown setting 'Daet:'; did you mean 'Date:'?"
    )


def test_an_unknown_setting_far_from_any_is_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "content/articles/post.md", HEAD + "Mood: sunny\nTags: x\n\nText.\n")
    seen = check.check_markdown_file(path, Path("content/articles/post.md"), article=True)
    assert seen["mood"] == MetaField("mood", "sunny", 3)


def test_the_first_line_of_text_read_as_a_setting(tmp_path: Path) -> None:
    err = file_error(tmp_path, HEAD + "Update: we now offer video sessions\nfor clients.\n")
    assert str(err) == (
        "content/articles/post.md:3: add an empty line after the settings, before this line "
        "(line 3 looks like a setting 'Update:' but is the start of the text)."
    )


HINT = (
    " The first lines of the file must be settings such as 'Title: My post', with no blank "
    "line before them."
)


def test_no_title(tmp_path: Path) -> None:
    err = file_error(tmp_path, "Date: 2026-04-10\n\nText.\n")
    assert str(err) == (
        "content/articles/post.md:1: this post has no title. Add a line 'Title: ...' at the top."
        + HINT
    )


def test_an_empty_title_names_its_line(tmp_path: Path) -> None:
    err = file_error(tmp_path, "Date: 2026-04-10\nTitle:\n\nText.\n", article=False)
    assert (err.line, err.message) == (
        2,
        "this post has no title. Add a line 'Title: ...' at the top." + HINT,
    )


def test_no_date_names_the_line_below_the_title(tmp_path: Path) -> None:
    err = file_error(tmp_path, "Category: Interviews\nTitle: A post\n\nText.\n")
    assert str(err) == (
        "content/articles/post.md:3: this post has no date. Add a line such as "
        "'Date: 2026-04-06' below the title."
    )


def test_an_empty_date_names_its_own_line(tmp_path: Path) -> None:
    err = file_error(tmp_path, "Title: A post\nTags: x\nDate:\n\nText.\n")
    assert (err.line, err.message.startswith("this post has no date.")) == (3, True)


def test_a_page_needs_no_date(tmp_path: Path) -> None:
    path = write(tmp_path, "content/pages/about.md", "Title: About\n\nText.\n")
    seen = check.check_markdown_file(path, Path("content/pages/about.md"), article=False)
    assert seen == {"title": MetaField("title", "About", 1)}


@pytest.mark.parametrize(("key", "line"), [("Date", 2), ("Modified", 3)])
def test_an_unreadable_date(tmp_path: Path, key: str, line: int) -> None:
    text = {"Date": "Title: A\nDate: 31/31/2026\n\nx\n", "Modified": HEAD + "Modified: soon\n\nx\n"}
    err = file_error(tmp_path, text[key])
    value = "31/31/2026" if key == "Date" else "soon"
    assert str(err) == (
        f"content/articles/post.md:{line}: '{value}' is not a date I can read. Write it as "
        "YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-04-06 09:00."
    )


def test_an_unknown_status_lists_the_three(tmp_path: Path) -> None:
    err = file_error(tmp_path, HEAD + "Status: later\n\nText.\n")
    assert str(err) == (
        "content/articles/post.md:3: unknown status 'later'. Use one of: published, draft, hidden."
    )


@pytest.mark.parametrize("status", ["published", "Draft", "HIDDEN"])
def test_the_three_statuses_in_any_case(tmp_path: Path, status: str) -> None:
    path = write(tmp_path, "content/articles/post.md", HEAD + f"Status: {status}\n\nText.\n")
    seen = check.check_markdown_file(path, Path("content/articles/post.md"), article=True)
    assert seen["status"].value == status


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    err = file_error(tmp_path, (HEAD + "\nLine four\ncaf\xe9\n").encode("latin-1"))
    assert str(err) == (
        "content/articles/post.md:5: this file is not UTF-8 text (the first bad byte is on "
        "this line). Open it in your editor and save it with the encoding 'UTF-8'."
    )
    assert err.__cause__ is None


def test_read_text_names_the_file_as_shown(tmp_path: Path) -> None:
    path = write(tmp_path, "post.md", b"\xff\n")
    with pytest.raises(CoachError) as caught:
        check.read_text(path)
    assert (caught.value.path, caught.value.line) == (path, 1)
    assert check.read_text(write(tmp_path, "ok.md", "Títle\n")) == "Títle\n"


def test_a_marker_lookalike_in_the_text(tmp_path: Path) -> None:
    err = file_error(tmp_path, HEAD + "\nFirst.\n\n[[cat]]\n")
    assert str(err) == (
        "content/articles/post.md:6: `[[cat]]` is not a marker; did you mean `[[cta]]`?"
    )


# --- across the site: addresses, tags and categories -----------------------------------------


def test_two_posts_with_one_address_from_their_titles(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    write(tmp_path, "content/articles/b.md", "Tags: x\n" + HEAD + "\nTwo.\n")
    assert site_error(tmp_path) == (
        "content/articles/b.md:2: this file would be published at the same address ('a-post') "
        "as content/articles/a.md. Give one of them a different 'Slug:' or title."
    )


def test_two_posts_with_one_slug_name_the_slug_line(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", "Title: One\nDate: 2026-04-10\nSlug: same\n\nx\n")
    write(tmp_path, "content/articles/b.md", "Title: Two\nDate: 2026-04-10\nTags: x\nSlug: same\n")
    assert site_error(tmp_path).startswith(
        "content/articles/b.md:4: this file would be published at the same address ('same') "
        "as content/articles/a.md."
    )


def test_a_slug_differing_from_the_title_avoids_a_clash(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    write(tmp_path, "content/articles/b.md", HEAD + "Slug: a-post-again\n\nTwo.\n")
    check_site(tmp_path)


def test_an_empty_slug_falls_back_to_the_title(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    write(tmp_path, "content/articles/b.md", HEAD + "Slug:\n\nTwo.\n")
    assert site_error(tmp_path).startswith(
        "content/articles/b.md:3: this file would be published at the same address ('a-post')"
    )


def test_a_page_and_a_post_may_share_an_address(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    write(tmp_path, "content/pages/a.md", "Title: A post\n\nPage.\n")
    check_site(tmp_path)


def test_a_slug_with_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "Tags: x\nSlug: posts/a\n\nOne.\n")
    assert site_error(tmp_path) == (
        "content/articles/a.md:4: 'posts/a' cannot be a web address. Use a 'Slug:' of "
        "lowercase letters, digits and hyphens, e.g. 'Slug: second-interviews'."
    )


def test_a_title_that_makes_no_address_names_the_title_line(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", "Date: 2026-04-10\nTitle: ???\n\nOne.\n")
    assert site_error(tmp_path).startswith("content/articles/a.md:2: '' cannot be a web address.")


def test_a_title_too_long_for_an_address(tmp_path: Path) -> None:
    title = "word " * 25  # 124 characters as an address
    write(tmp_path, "content/articles/a.md", f"Date: 2026-04-10\nTitle: {title}\n\nOne.\n")
    assert site_error(tmp_path) == (
        "content/articles/a.md:2: the web address made from this title is 124 characters long; "
        "add a shorter 'Slug:' line (at most 120 characters), e.g. 'Slug: my-post'."
    )


def test_an_address_of_120_characters_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + f"Slug: {'a' * 120}\n\nOne.\n")
    check_site(tmp_path)


def test_one_bad_tag_among_several(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "Tags: interviews, ???, resumes\n\nx\n")
    assert site_error(tmp_path) == (
        "content/articles/a.md:3: the tag '???' has no letters or digits, so it cannot have a "
        "page of its own; use a word instead."
    )


def test_several_good_tags_and_an_empty_one(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "Tags: interviews, , C++, job search\n\nx\n")
    check_site(tmp_path)


def test_a_category_without_letters(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "Tags: interviews\nCategory: !!!\n\nx\n")
    assert site_error(tmp_path) == (
        "content/articles/a.md:4: the category '!!!' has no letters or digits, so it cannot "
        "have a page of its own; use a word instead."
    )


def test_a_category_with_commas_is_one_name(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "Category: Interviews, ???\n\nx\n")
    check_site(tmp_path)


def test_check_terms_alone() -> None:
    meta = {"tags": MetaField("tags", "a, ?", 7)}
    with pytest.raises(CoachError, match=r"^post\.md:7: the tag '\?' has no letters"):
        check.check_terms(meta, Path("post.md"), SUBS)
    check.check_terms({}, Path("post.md"), SUBS)
