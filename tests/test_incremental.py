"""Incremental builds (plugins/coach_incremental, plugins/coach_search/shards.py, issue 7).

The promise: after any edit, a build that reuses the last build's pages and search shards
writes exactly the bytes the oracle writes (a cold build of a fresh copy with
``INCREMENTAL = False``, tests/engine_edits.py); it re-renders only the pages the edit can
change; a page damaged in output/ is rendered again.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project, split_by_date
from engine_edits import check_against_oracle

import coach_incremental as incremental
from bench import synth
from coachsite.build import build

SITE_DATE = "2026-04-10"
OLD_POST = """Title: Negotiating in 2015
Date: 2015-03-02 09:00
Category: Career change
Tags: salary, negotiation

An old post about negotiating a first offer: zebracorn is a word only this post has.
"""


@pytest.fixture
def site(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SITE_DATE", SITE_DATE)
    posts = synth.generate_posts(40, cta_names=synth.project_cta_names(project.root))
    synth.write_posts(project.root / "content" / "articles", posts)
    synth.write_images(project.root / "content" / "images", synth.images())
    project.write("content/articles/2015-03-02-negotiating.md", OLD_POST)
    split_by_date(project)  # a search shard of older posts, whatever the site's size
    return project


def newest_first(project: Project) -> list[Path]:
    def date(path: Path) -> str:
        found = re.search(r"^Date: (.*)$", path.read_text(encoding="utf-8"), re.M)
        return found.group(1) if found else ""

    return sorted((project.root / "content" / "articles").glob("*.md"), key=date, reverse=True)


def newest(project: Project) -> Path:
    return newest_first(project)[0]


def edit_body(project: Project) -> None:
    path = newest(project)
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(f"{head}\n\nA new first sentence. {body}", encoding="utf-8")


def retitle(project: Project) -> None:
    """A title shown on other pages: neighbours, related posts, listings, feeds."""
    path = newest_first(project)[5]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^Title: .*$", "Title: A retitled post", text, count=1, flags=re.M))


def add_post(project: Project) -> None:
    project.write(
        "content/articles/2026-04-10-brand-new.md",
        "Title: Brand new\nDate: 2026-04-10 08:00\nCategory: Interviews\nTags: salary\n\nNew.\n",
    )


def remove_post(project: Project) -> None:
    newest_first(project)[3].unlink()


def edit_old_post(project: Project) -> None:
    path = project.root / "content/articles/2015-03-02-negotiating.md"
    path.write_text(OLD_POST.replace("first offer", "first job offer"), encoding="utf-8")


def edit_template(project: Project) -> None:
    path = project.root / "theme/templates/partials/post_nav.html"
    path.write_text(path.read_text(encoding="utf-8").replace("Previous article", "Older"))


# Edits that change few pages. A new or removed post changes most: it enters or leaves the
# related posts of every post sharing a topic, and shifts every listing after it.
FEW = {"body of the newest post", "a title", "an old post in the archive shard"}
EDITS: list[tuple[str, Callable[[Project], None]]] = [
    ("body of the newest post", edit_body),
    ("a title", retitle),
    ("a new post", add_post),
    ("a removed post", remove_post),
    ("an old post in the archive shard", edit_old_post),
    ("a template", edit_template),
]


def test_incremental_builds_write_what_the_oracle_writes(site: Project, tmp_path: Path) -> None:
    settings = site.root / "pelicanconf.py"
    first = build(settings)
    total = incremental.LAST_STATS["rendered"]
    assert incremental.LAST_STATS["reused"] == 0 and total > 100
    for label, edit in EDITS:
        edit(site)
        build(settings)
        stats = dict(incremental.LAST_STATS)
        check_against_oracle(site, tmp_path / "oracle", SITE_DATE, label)
        if label == "a template":
            assert stats["reused"] == 0  # every page depends on the templates
        elif label in FEW:
            assert stats["rendered"] < total / 3, (label, stats)
        total = stats["rendered"] + stats["reused"]
    assert first.articles == 42


def test_a_body_edit_renders_only_the_pages_that_show_it(site: Project) -> None:
    settings = site.root / "pelicanconf.py"
    build(settings)
    edit_body(site)
    build(settings)
    # the post itself, listings with its summary (home, its category and tags, archives
    # by period) - not its 40 neighbours and related posts, whose links did not change
    assert 1 <= incremental.LAST_STATS["rendered"] <= 15, incremental.LAST_STATS


def test_only_pages_that_read_an_edited_post_look_at_content_digests(site: Project) -> None:
    settings = site.root / "pelicanconf.py"
    build(settings)
    build(settings)  # nothing changed (and not stopped early: build() always runs Pelican)
    assert incremental.LAST_STATS["rendered"] == 0, incremental.LAST_STATS
    assert incremental.LAST_STATS["compared"] == 0, incremental.LAST_STATS
    pages = incremental.LAST_STATS["reused"]
    edit_body(site)
    build(settings)
    # pages that show the newest post (its own, its neighbours', listings): every other
    # page's content digests are known unchanged from its record, without a look at them
    compared = incremental.LAST_STATS["compared"]
    assert 1 <= compared <= 40 < pages, incremental.LAST_STATS


def test_a_page_damaged_in_the_output_is_rendered_again(site: Project) -> None:
    settings = site.root / "pelicanconf.py"
    built = build(settings)
    page = next((built.output / "posts").glob("*/index.html"))
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</h1>", b" damaged</h1>"))
    build(settings)
    assert page.read_bytes() == good
    assert incremental.LAST_STATS["rendered"] == 1


def test_search_shards_merge_and_only_the_edited_shard_is_indexed_again(site: Project) -> None:
    settings = site.root / "pelicanconf.py"
    built = build(settings)
    search = (built.output / "search" / "index.html").read_text(encoding="utf-8")
    merged = json.loads(re.search(r"data-merge='([^']*)'", search).group(1))
    assert "/pagefind/archive-2010s/" in merged and "/pagefind/" not in merged
    shard = built.output / "pagefind" / "archive-2010s"
    assert list(shard.glob("*.pf_meta")) and (shard / "pagefind-entry.json").is_file()
    assert not (shard / "pagefind.js").exists()  # merged shards share the main scripts

    def inodes(name: str) -> dict[str, int]:
        folder = site.output / "pagefind" / name
        return {
            str(p.relative_to(folder)): p.stat().st_ino
            for p in folder.rglob("*")
            if p.is_file() and "archive-" not in str(p.relative_to(folder))
        }

    recent, archive = inodes(""), inodes("archive-2010s")
    edit_body(site)
    build(settings)
    assert inodes("archive-2010s") == archive  # left in place, not indexed again
    assert inodes("") != recent
    edit_old_post(site)
    build(settings)
    assert inodes("archive-2010s") != archive


def test_without_a_previous_output_everything_is_rendered(site: Project) -> None:
    settings = site.root / "pelicanconf.py"
    build(settings)
    os.rename(site.output, site.root / "moved")
    build(settings)
    assert incremental.LAST_STATS["reused"] == 0
