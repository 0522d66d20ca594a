"""Consultation call-to-action blocks and monthly specials (a Pelican plugin).

The coach writes ``content/ctas/NAME.md`` (variants) and ``content/specials/YYYY-MM.md``
(one special a month). Every post gets a block: its ``CTA: NAME`` (``CTA: none`` for
none), else the variant whose Tags/Categories rules it matches, else ``general``; placed
at a ``[[cta]]`` / ``[[cta: NAME]]`` line or after the text. Pages opt in the same way.
The block shows the special running on SITE_DATE, if any.

For other plugins and templates:

- context: ``CTAS``, ``SPECIALS``, ``CURRENT_SPECIAL``, ``UPCOMING_SPECIALS``
  (see ``consult.state``), filled at ``article_generator_finalized``;
- each enriched post/page: ``consult_cta`` and ``consult_special`` attributes;
- Jinja filter ``cloak_email`` in every template (``consult.cloak``);
- ``consult.errors.ConsultError`` for the coach's mistakes.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from pelican import signals

from coach_consult.cloak import cloak_email
from coach_consult.defaults import apply_defaults
from coach_consult.errors import ConsultError
from coach_consult.markers import CtaMarkerExtension
from coach_consult.placement import Placer
from coach_consult.specials_page import SpecialsGenerator
from coach_consult.state import catalog_for
from coachsite.dates import site_date
from coachsite.preview import REREAD

__all__ = ["ConsultError", "cloak_email", "register"]

NAME = __name__


def _enabled(settings: Any) -> bool:
    """Signals are process-wide: act only for builds that list this plugin."""
    return NAME in (settings.get("PLUGINS") or [])


def on_initialized(pelican: Any) -> None:
    """Defaults, the ``[[cta]]`` Markdown extension and the ``cloak_email`` filter."""
    settings = pelican.settings
    if not _enabled(settings):
        return
    apply_defaults(settings)
    settings.setdefault("SITE_DATE", site_date(settings["TIMEZONE"]))
    markdown = dict(settings["MARKDOWN"])
    extensions = list(markdown.get("extensions", []))
    if not any(isinstance(ext, CtaMarkerExtension) for ext in extensions):
        extensions.append(CtaMarkerExtension())
    settings["MARKDOWN"] = {**markdown, "extensions": extensions}
    settings["JINJA_FILTERS"] = {**settings["JINJA_FILTERS"], "cloak_email": cloak_email}


def on_articles(generator: Any) -> None:
    if not _enabled(generator.settings):
        return
    placer = Placer(generator, catalog_for(generator))
    placer.enrich_all(
        chain(
            generator.articles,
            generator.translations,
            generator.hidden_articles,
            generator.hidden_translations,
            generator.drafts,
            generator.drafts_translations,
        ),
        pages=False,
    )


def on_reread(generator: Any, content: Any) -> None:
    """make serve's preview (coachsite/preview.py): one post read again gets its block."""
    if _enabled(generator.settings):
        Placer(generator, catalog_for(generator)).enrich_all([content], pages=False)


def on_pages(generator: Any) -> None:
    if not _enabled(generator.settings):
        return
    placer = Placer(generator, catalog_for(generator))
    placer.enrich_all(
        chain(
            generator.pages,
            generator.translations,
            generator.hidden_pages,
            generator.hidden_translations,
            generator.draft_pages,
            generator.draft_translations,
        ),
        pages=True,
    )


def on_get_generators(pelican: Any) -> type | None:
    return SpecialsGenerator if _enabled(pelican.settings) else None


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles)
    REREAD.connect(on_reread)
    signals.page_generator_finalized.connect(on_pages)
    signals.get_generators.connect(on_get_generators)
