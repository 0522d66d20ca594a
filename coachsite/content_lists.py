"""Every content object a generator made, by the lists Pelican keeps them in (public
attributes of its article and page generators): published, translated, hidden and drafts."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations")  # fmt: skip
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations",
              "draft_pages", "draft_translations")  # fmt: skip


def contents_of(generator: Any, lists: Iterable[str]) -> list[Any]:
    """The content objects in ``generator``'s ``lists`` (a missing list counts as empty)."""
    return list(chain.from_iterable(getattr(generator, name, None) or () for name in lists))
