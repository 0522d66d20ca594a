"""Search shards (plugins/coach_search/shards.py): which posts go where, and shards written as
soon as they are complete."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from importlib.metadata import version
from pathlib import Path

from conftest import copy_project

from coach_search.shards import (
    PRIMARY,
    SPLIT_FROM,
    Layout,
    ShardedIndex,
    bundle_dir,
    planned_shards,
    shard_of,
)

PAGE = (
    '<!doctype html><html lang="en"><body><article data-pagefind-body><h1>{title}</h1>'
    "<p>{text}</p></article></body></html>"
)


def index(site: Path, expected: dict[str, int]) -> dict[str, bytes]:
    """Index three pages (one main, two archived) and return the files written."""
    pages = {
        "posts/new/index.html": ("recent", "New post", "fresh words"),
        "posts/old/index.html": ("archive-2010s", "Old post", "zebracorn negotiation"),
        "posts/older/index.html": ("archive-2010s", "Older post", "quokka salary"),
    }
    built = ShardedIndex(site, "pagefind", site.parent / f"{site.name}.json", version("pagefind"))
    built.expect(expected, ["archive-2010s"])
    for relative, (shard, title, text) in pages.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, text=text), encoding="utf-8")
        built.add(path, shard)
    built.finish()
    folder = site / "pagefind"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_shard_written_early_is_the_shard_written_at_the_end(tmp_path: Path) -> None:
    late = index(tmp_path / "late", {})
    early = index(tmp_path / "early", {"archive-2010s": 2})
    assert early == late
    assert any(name.startswith("archive-2010s/") and name.endswith(".pf_meta") for name in late)


def test_a_page_after_the_shard_was_written_is_indexed_all_the_same(tmp_path: Path) -> None:
    late = index(tmp_path / "late", {})
    miscounted = index(tmp_path / "miscounted", {"archive-2010s": 1})  # one page too few
    assert miscounted == late


SITE_YEAR = 2026  # the year of the tests' SITE_DATE (2026-04-10)


def test_posts_go_to_this_year_the_two_before_then_their_decade() -> None:
    shards = {
        day: shard_of(dt.date.fromisoformat(day), SITE_YEAR)
        for day in ("2026-04-09", "2026-01-01", "2025-12-31", "2024-01-01", "2023-12-31")
    }
    assert shards == {
        "2026-04-09": PRIMARY,
        "2026-01-01": PRIMARY,
        "2025-12-31": "archive-2025",
        "2024-01-01": "archive-2024",
        "2023-12-31": "archive-2020s",
    }
    assert shard_of(dt.date(2015, 3, 2), SITE_YEAR) == "archive-2010s"
    assert shard_of(dt.date(2009, 12, 31), SITE_YEAR) == "archive-2000s"
    assert shard_of(None, SITE_YEAR) == PRIMARY  # the site's pages


def test_a_site_below_the_split_keeps_one_index_that_ranks_as_it_should() -> None:
    old, new = dt.date(2015, 3, 2), dt.date(2026, 4, 9)
    small = Layout(SITE_YEAR, pages=SPLIT_FROM - 1)
    assert not small.split and small.of(old) == small.of(new) == PRIMARY
    assert small.planned([old, new]) == []
    large = Layout(SITE_YEAR, pages=SPLIT_FROM)
    assert large.split and large.of(old) == "archive-2010s" and large.of(new) == PRIMARY
    assert large.planned([old, new]) == ["archive-2010s"]
    assert Layout(SITE_YEAR, pages=3, split_from=0).planned([old]) == ["archive-2010s"]


def test_the_search_page_merges_the_older_shards_newest_first() -> None:
    dates = [dt.date(y, 6, 1) for y in (2015, 2026, 2017, 2024, 2021, 2025, 2009)]
    assert planned_shards(dates, SITE_YEAR) == [
        "archive-2025",
        "archive-2024",
        "archive-2020s",
        "archive-2010s",
        "archive-2000s",
    ]
    assert bundle_dir(PRIMARY) == "" and bundle_dir("archive-2010s") == "archive-2010s"


def test_the_shard_of_a_post_saved_since_the_last_index_starts_before_any_page(
    tmp_path: Path,
) -> None:
    import json
    import os

    old_post, saved_post = tmp_path / "old.md", tmp_path / "saved.md"
    old_post.write_text("old")
    manifest = tmp_path / "search-shards.json"
    manifest.write_text(json.dumps({"pagefind": version("pagefind"), "shards": {PRIMARY: {}}}))
    saved_post.write_text("saved")
    at = manifest.stat().st_mtime_ns
    os.utime(old_post, ns=(at - 10**9, at - 10**9))
    os.utime(saved_post, ns=(at + 10**9, at + 10**9))
    site = tmp_path / "site"
    site.mkdir()
    built = ShardedIndex(site, "pagefind", manifest, version("pagefind"), delta=object())  # type: ignore[arg-type]
    try:
        built.start_early(
            [(str(old_post), dt.date(2015, 5, 1)), (str(saved_post), dt.date(2024, 5, 1))],
            Layout(SITE_YEAR, pages=SPLIT_FROM).of,
        )
        started = {name for name, shard in built.shards.items() if shard.index_id is not None}
        assert started == {"archive-2024"}
    finally:
        built.close()


def test_a_small_site_with_old_posts_is_one_index(tmp_path: Path) -> None:
    """The demo site and a 2015 post: one index, which the search page loads alone."""
    site = copy_project(tmp_path / "site")
    site.write(
        "content/articles/2015-03-02-old.md",
        "Title: Salary talks in 2015\nDate: 2015-03-02 09:00\nCategory: Negotiation\n"
        "Summary: An old post.\n\nWhat I told clients about salary talks in 2015.\n",
    )
    site.build(site_date="2026-04-10")
    folder = site.output / "pagefind"
    assert list(folder.glob("*.pf_meta")), "no main index"
    assert not [p.name for p in folder.iterdir() if p.name.startswith("archive-")]
    assert "data-merge='[]'" in site.read("search/index.html")
    titles = [  # Pagefind's fragments: gzip of "pagefind_dcd" and the page's JSON
        json.loads(gzip.decompress(p.read_bytes())[12:])["meta"]["title"]
        for p in (folder / "fragment").glob("*.pf_fragment")
    ]
    assert "Salary talks in 2015" in titles
