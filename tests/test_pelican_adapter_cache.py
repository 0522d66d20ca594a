"""The reader cache the build lets go of once saved (coachsite/pelican_adapter.py)."""

from __future__ import annotations

from pathlib import Path

from pelican.readers import Readers
from pelican.settings import read_settings

from coachsite import pelican_adapter as adapter

REVISIT = "revisit coachsite.pelican_adapter.release_reader_cache"


class Generator:
    def __init__(self, readers: Readers) -> None:
        self.readers = readers


def test_a_released_cache_is_empty_and_never_saved_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    post = content / "a.md"
    post.write_text("Title: A\nDate: 2026-04-01\n\nBody.\n", encoding="utf-8")
    settings = read_settings(
        None,
        override={
            "PATH": str(content),
            "CACHE_PATH": str(tmp_path / "cache"),
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "reader",
        },
    )
    readers = Readers(settings, "ArticlesGenerator")  # as the generator makes it
    readers.read_file(str(content), "a.md")
    assert readers.get_cached_data(str(post)) is not None, f"Pelican caches no more: {REVISIT}"
    readers.save_cache()
    saved = Path(readers._cache_path).read_bytes()
    adapter.release_reader_cache(Generator(readers))
    assert readers.get_cached_data(str(post), "none") == "none", f"still cached: {REVISIT}"
    readers.cache_data(str(post), "later")
    readers.save_cache()
    assert Path(readers._cache_path).read_bytes() == saved, (
        f"a save after the release wrote over the saved cache: {REVISIT}"
    )
    assert Readers(settings, "ArticlesGenerator").get_cached_data(str(post)) is not None, (
        "the saved cache is read"
    )
