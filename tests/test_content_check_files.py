"""coachsite.content_check without a build: which files are read (links, endings) and what the
check remembers between builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from content_check_helpers import (
    APRIL_10,
    APRIL_11,
    HEAD,
    SUBS,
    check_site,
    site_error,
    write,
)

from coachsite import content_check as check
from coachsite.errors import CoachError


def test_pages_are_checked_as_pages(tmp_path: Path) -> None:
    write(tmp_path, "content/pages/about.md", "Title: About\nStatus: gone\n\nText.\n")
    assert site_error(tmp_path) == (
        "content/pages/about.md:2: unknown status 'gone'. Use one of: published, draft, hidden."
    )


# --- which files are read --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["post.markdown", "post.mkd", "post.mdown", "POST.MD"])
def test_every_markdown_ending_is_checked(tmp_path: Path, name: str) -> None:
    write(tmp_path, f"content/articles/{name}", "Title: A post\nDaet: 2026-04-10\n\nText.\n")
    assert site_error(tmp_path) == (
        f"content/articles/{name}:2: unknown setting 'Daet:'; did you mean 'Date:'?"
    )


def test_markdown_files_in_order_subfolders_included(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "articles"
    for name in ("b.mkd", "a.md", "notes.txt", "sub/c.markdown", "a/z.md", "x.md/inner.md"):
        write(folder, name, "Title: x\n")
    assert [p.relative_to(folder).as_posix() for p in check.markdown_files(folder)] == [
        "a/z.md",
        "a.md",
        "b.mkd",
        "sub/c.markdown",
        "x.md/inner.md",
    ]
    assert list(check.markdown_files(tmp_path / "missing")) == []


def test_markdown_files_in_reads_one_folder_only(tmp_path: Path) -> None:
    for name in ("b.markdown", "a.mkd", "c.MD", "notes.txt", "sub/d.md", "e.md/f.md"):
        write(tmp_path, name, "x\n")
    found = [p.name for p in check.markdown_files_in(tmp_path)]
    assert found == ["a.mkd", "b.markdown", "c.MD"]
    assert list(check.markdown_files_in(tmp_path / "missing")) == []


def test_a_link_to_a_folder_elsewhere_is_followed_and_checked(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    write(tmp_path, "shared/b.md", "Title: B\nDate: 2026-04-10\n\nTwo.\n")
    (tmp_path / "content/articles/shared").symlink_to(tmp_path / "shared")
    folder = tmp_path / "content/articles"
    assert list(check.markdown_files(folder, tmp_path)) == [folder / "a.md", folder / "shared/b.md"]
    check_site(tmp_path)
    write(tmp_path, "shared/b.md", "Title: B\nDaet: 2026-04-10\n\nTwo.\n")
    assert site_error(tmp_path) == (
        "content/articles/shared/b.md:2: unknown setting 'Daet:'; did you mean 'Date:'?"
    )


def test_a_link_to_a_file_elsewhere_is_checked(tmp_path: Path) -> None:
    write(tmp_path, "drafts/b.md", "Title: B\n\nNo date.\n")
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    (tmp_path / "content/articles/b.md").symlink_to(tmp_path / "drafts/b.md")
    assert site_error(tmp_path).startswith("content/articles/b.md:2: this post has no date.")


@pytest.mark.parametrize("target", ["..", ".", "../..", "../sub"])
def test_a_link_to_a_folder_it_is_in(tmp_path: Path, target: str) -> None:
    write(tmp_path, "content/articles/sub/a.md", HEAD + "\nOne.\n")
    os.symlink(target, tmp_path / "content/articles/sub/loop")
    assert site_error(tmp_path) == (
        f"content/articles/sub/loop: this is a link to the folder '{target}', which contains "
        "the link itself: every post would be read twice, forever. Remove the link."
    )


def test_a_loop_through_two_links(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    write(tmp_path, "shared/b.md", "Title: B\nDate: 2026-04-10\n\nTwo.\n")
    (tmp_path / "content/articles/shared").symlink_to(tmp_path / "shared")
    (tmp_path / "shared/back").symlink_to(tmp_path / "content/articles")
    assert site_error(tmp_path).startswith(
        "content/articles/shared/back: this is a link to the folder "
    )


def test_a_broken_link(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    os.symlink("gone.md", tmp_path / "content/articles/b.md")
    assert site_error(tmp_path) == (
        "content/articles/b.md: this is a link to 'gone.md', which does not exist (or links to "
        "itself). Remove the link or put the real file here."
    )


def test_a_broken_link_named_from_the_folders_parent(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    os.symlink("self.md", folder / "self.md")
    with pytest.raises(CoachError) as caught:
        list(check.markdown_files(folder))
    assert caught.value.path == Path("articles/self.md")
    assert caught.value.__cause__ is None


def test_shown_path_is_relative_to_the_project_when_inside() -> None:
    assert check.shown_path(Path("/p/content/a.md"), Path("/p")) == Path("content/a.md")
    assert check.shown_path(Path("/elsewhere/a.md"), Path("/p")) == Path("/elsewhere/a.md")


# --- what is remembered between builds -------------------------------------------------------


def stamped(path: Path, text: str, ns: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(ns, ns))


def test_a_post_edited_after_a_cached_check_is_checked_again(tmp_path: Path) -> None:
    memo = tmp_path / "cache" / "checked.json"
    post = write(tmp_path, "content/articles/a.md", "")
    stamped(post, HEAD + "\nText.\n", APRIL_10)
    check_site(tmp_path, memo)
    assert memo.is_file()
    stamped(post, HEAD.replace("Date:", "Daet:") + "\nText.\n", APRIL_11)  # same size
    assert site_error(tmp_path, memo) == (
        "content/articles/a.md:2: unknown setting 'Daet:'; did you mean 'Date:'?"
    )


def test_a_post_unchanged_since_it_passed_is_not_read_again(tmp_path: Path) -> None:
    memo = tmp_path / "cache" / "checked.json"
    post = write(tmp_path, "content/articles/a.md", "")
    stamped(post, HEAD + "\nText.\n", APRIL_10)
    check_site(tmp_path, memo)
    stamped(post, HEAD.replace("Date:", "Daet:") + "\nText.\n", APRIL_10)  # same size and time
    check_site(tmp_path, memo)
    check_site(tmp_path, memo)  # and remembered again
    assert site_error(tmp_path) == (
        "content/articles/a.md:2: unknown setting 'Daet:'; did you mean 'Date:'?"
    )


def test_a_remembered_post_still_takes_its_address(tmp_path: Path) -> None:
    memo = tmp_path / "cache" / "checked.json"
    write(tmp_path, "content/articles/a.md", "Tags: x\n" + HEAD + "\nOne.\n")
    write(tmp_path, "content/articles/c.md", "Title: C\nDate: 2026-04-10\nSlug: cee\n\nx\n")
    check_site(tmp_path, memo)
    write(tmp_path, "content/articles/b.md", HEAD + "\nTwo.\n")
    write(tmp_path, "content/articles/d.md", "Title: D\nDate: 2026-04-10\nTags: y\nSlug: cee\n")
    assert site_error(tmp_path, memo) == (
        "content/articles/b.md:1: this file would be published at the same address ('a-post') "
        "as content/articles/a.md. Give one of them a different 'Slug:' or title."
    )
    (tmp_path / "content/articles/b.md").unlink()
    assert site_error(tmp_path, memo).startswith(
        "content/articles/d.md:4: this file would be published at the same address ('cee') "
        "as content/articles/c.md."
    )


def test_a_page_that_passed_is_checked_again_as_a_post(tmp_path: Path) -> None:
    memo = tmp_path / "cache" / "checked.json"
    write(tmp_path, "content/notes/a.md", "Title: A note\n\nNo date.\n")
    check.check_content(tmp_path / "content", [], ["notes"], SUBS, memo_file=memo)
    with pytest.raises(CoachError, match=r"^content/notes/a\.md:2: this post has no date\."):
        check.check_content(tmp_path / "content", ["notes"], [], SUBS, memo_file=memo)


def test_a_damaged_memo_is_read_as_nothing(tmp_path: Path) -> None:
    memo = write(tmp_path, "cache/checked.json", "[1, 2]")
    write(tmp_path, "content/articles/a.md", "Title: A post\n\nNo date.\n")
    assert site_error(tmp_path, memo).startswith("content/articles/a.md:2: this post has no date.")


def test_no_memo_is_written_without_a_memo_file(tmp_path: Path) -> None:
    write(tmp_path, "content/articles/a.md", HEAD + "\nOne.\n")
    check_site(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
