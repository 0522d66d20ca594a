"""Search shards written as soon as they are complete (plugins/coach_search/shards.py)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from coach_search.shards import ShardedIndex

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
