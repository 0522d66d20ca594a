"""coachsite/pelican_adapter.py's ``take_body`` (make serve's preview, coachsite/preview.py):
what it relies on in Pelican, and a message naming it when the installed Pelican changes."""

from __future__ import annotations

from test_pelican_adapter import REVISIT, _article

from coachsite import pelican_adapter as adapter


def test_a_post_read_again_gives_the_kept_one_its_body_and_keeps_its_translations() -> None:
    kept, fresh = _article("<p>old body</p>"), _article("<p>new body</p>")
    assert kept.content == "<p>old body</p>"  # memoized by Pelican from here on
    kept.translations = [fresh]  # as process_translations sets it
    kept.newer_article = None  # type: ignore[attr-defined]  # as a whole-site handler sets it
    assert fresh.translations == [], (
        f"Pelican's Content no longer starts with no translations: {REVISIT}SET_AFTER_READING"
    )
    adapter.take_body(kept, fresh)
    assert kept.content == "<p>new body</p>", f"take_body was not rendered: {REVISIT}take_body"
    assert kept.translations == [fresh] and hasattr(kept, "newer_article")
