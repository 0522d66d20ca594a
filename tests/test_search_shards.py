"""Search shards (plugins/coach_search/shards.py): which posts go where, and shards written as
soon as they are complete."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from pathlib import Path

from coach_search.shards import PRIMARY, ShardedIndex, bundle_dir, planned_shards, shard_of

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
            SITE_YEAR,
        )
        started = {name for name, shard in built.shards.items() if shard.index_id is not None}
        assert started == {"archive-2024"}
    finally:
        built.close()
