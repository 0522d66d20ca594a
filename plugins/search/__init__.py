"""Full-text search with Pagefind: pages are indexed as Pelican writes them (search/live.py).

Pages mark what is indexed with ``data-pagefind-body`` (articles and pages) and what is not
with ``data-pagefind-ignore`` (calls to action, forms, navigation). The index goes to
``SEARCH_PAGEFIND_DIR`` in the output folder (the staging folder during a build); the theme's
``search.html`` loads the Pagefind UI from there. ``SEARCH_PAGEFIND = False`` turns it off.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from pelican import signals

from search.live import LiveIndex

DEFAULTS = {"SEARCH_PAGEFIND": True, "SEARCH_PAGEFIND_DIR": "pagefind"}


def configure(pelican: Any) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


# One live index per output folder being built (a build in progress), never more.
LIVE: dict[str, LiveIndex] = {}


def close_all() -> None:
    """Stop indexes left by builds that failed before they finished."""
    while LIVE:
        LIVE.popitem()[1].close()


def start_index(generators: list[Any]) -> None:
    """Before Pelican writes anything: start Pagefind, so pages are indexed as written."""
    close_all()
    settings = generators[0].settings if generators else {}
    if settings and settings.get("SEARCH_PAGEFIND", True):
        output = Path(settings["OUTPUT_PATH"])
        LIVE[str(output)] = LiveIndex(output, settings.get("SEARCH_PAGEFIND_DIR", "pagefind"))


def index_page(path: str, context: Any = None) -> None:
    if not path.endswith(".html"):
        return
    page = Path(path)
    for output, index in LIVE.items():
        if page.is_relative_to(output):
            index.add(page)


def finish_index(pelican: Any) -> None:
    """After everything is written: write the Pagefind bundle into the output folder."""
    index = LIVE.pop(str(Path(pelican.settings["OUTPUT_PATH"])), None)
    if index is not None:
        index.finish()


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(start_index)
    signals.content_written.connect(index_page)
    signals.finalized.connect(finish_index)
    atexit.register(close_all)
