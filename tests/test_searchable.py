"""What of a page the search index reads (coachsite/searchable.py)."""

from __future__ import annotations

from coachsite.searchable import indexed_digest

PAGE = (
    b'<html lang="en"><body><nav>menu</nav><article class="post" data-pagefind-body>'
    b'<h1>Title</h1><p class="meta" data-pagefind-ignore>5 min <span>read</span></p>'
    b"<div>Body <p>text</p></div></article>"
    b'<nav class="related" data-pagefind-ignore>Older post</nav></body></html>'
)


def test_changes_outside_the_indexed_part_do_not_count() -> None:
    moved = PAGE.replace(b"5 min", b"6 min").replace(b"Older post", b"Newer post")
    assert indexed_digest(moved) == indexed_digest(PAGE)
    assert indexed_digest(PAGE.replace(b">menu<", b">Menu<")) == indexed_digest(PAGE)


def test_changes_to_the_indexed_part_count() -> None:
    for old, new in [(b"Body", b"Bodies"), (b"Title", b"Titles"), (b'lang="en"', b'lang="de"')]:
        assert indexed_digest(PAGE.replace(old, new)) != indexed_digest(PAGE), new


def test_pages_without_searchable_content_have_none() -> None:
    assert indexed_digest(b"<html><body><p>Listing</p></body></html>") is None


def test_the_marker_typed_as_text_is_text() -> None:
    page = b'<html lang="en"><article data-pagefind-body><p>I write data-pagefind-ignore here</p>'
    page += b"</article></html>"
    assert indexed_digest(page) != indexed_digest(page.replace(b"here", b"there"))


def test_unbalanced_markup_falls_back_to_the_whole_page() -> None:
    page = b'<html lang="en"><article data-pagefind-body><p>no end'
    assert indexed_digest(page) != indexed_digest(page + b" ")
