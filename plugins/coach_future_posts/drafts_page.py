"""``/drafts/`` in development builds: every draft and scheduled post, with its date and link.

Written only when the build writes drafts at all (``DRAFT_SAVE_AS`` set, as in
pelicanconf.py); publishconf.py turns drafts off, so a production build has no ``drafts/``.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from pelican.generators import Generator

DEFAULTS: dict[str, Any] = {
    "DRAFTS_INDEX_URL": "drafts/",
    "DRAFTS_INDEX_SAVE_AS": "drafts/index.html",  # "" for no list of drafts
    "DRAFTS_INDEX_TEMPLATE": "drafts",
}


def apply_defaults(settings: MutableMapping[str, Any]) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def is_scheduled(content: Any) -> bool:
    """A post held back because it is dated after the build date (not a ``Status: draft``)."""
    return bool(getattr(content, "scheduled", False))


def split_unpublished(drafts: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """(scheduled posts, soonest first; drafts, newest first)."""
    items = list(drafts)
    scheduled = sorted((c for c in items if is_scheduled(c)), key=lambda c: c.date)
    plain = sorted((c for c in items if not is_scheduled(c)), key=lambda c: c.date, reverse=True)
    return scheduled, plain


def writes_drafts_index(settings: MutableMapping[str, Any]) -> bool:
    """Development builds only: drafts are written (DRAFT_SAVE_AS) and the list is wanted."""
    return bool(settings.get("DRAFT_SAVE_AS") and settings.get("DRAFTS_INDEX_SAVE_AS"))


class DraftsIndexGenerator(Generator):
    """Writes ``DRAFTS_INDEX_SAVE_AS`` with the ``DRAFTS_INDEX_TEMPLATE`` template."""

    def generate_output(self, writer: Any) -> None:
        if not writes_drafts_index(self.settings):
            return
        scheduled, drafts = split_unpublished(self.context.get("drafts", []))
        pages = sorted(self.context.get("draft_pages", []), key=lambda p: p.title)
        writer.write_file(
            self.settings["DRAFTS_INDEX_SAVE_AS"],
            self.get_template(self.settings["DRAFTS_INDEX_TEMPLATE"]),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["DRAFTS_INDEX_URL"],
            scheduled_posts=scheduled,
            draft_posts=drafts,
            unpublished_pages=pages,
        )
