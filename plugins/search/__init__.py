"""Full-text search with Pagefind: index the built site as the build's last step.

Pages mark what is indexed with ``data-pagefind-body`` (articles and pages) and what is not
with ``data-pagefind-ignore`` (calls to action, forms, navigation). The index goes to
``SEARCH_PAGEFIND_DIR`` in the output folder (the staging folder during a build); the theme's
``search.html`` loads the Pagefind UI from there. ``SEARCH_PAGEFIND = False`` turns it off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from search.pagefind import build_index

DEFAULTS = {"SEARCH_PAGEFIND": True, "SEARCH_PAGEFIND_DIR": "pagefind"}


def configure(pelican: Any) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def index_site(pelican: Any) -> None:
    """Build the Pagefind index over everything Pelican wrote."""
    settings = pelican.settings
    if settings.get("SEARCH_PAGEFIND", True):
        build_index(Path(settings["OUTPUT_PATH"]), settings.get("SEARCH_PAGEFIND_DIR", "pagefind"))


def register() -> None:
    signals.initialized.connect(configure)
    signals.finalized.connect(index_site)
