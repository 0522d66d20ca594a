"""One build's catalog, kept in Pelican's shared context (never in module globals)."""

from __future__ import annotations

from typing import Any

from coach_consult.cloak import split_address
from coach_consult.model import Catalog
from coach_consult.reading import read_catalog
from coach_consult.selection import current_special, upcoming_specials

KEY = "CONSULT_CATALOG"


def catalog_for(generator: Any) -> Catalog:
    """Read the CTAs and specials once per build and publish them to every template.

    Context keys: ``CTAS`` (name -> Cta), ``SPECIALS`` (all, by start date),
    ``CURRENT_SPECIAL`` (running on SITE_DATE, or None), ``UPCOMING_SPECIALS``.
    """
    context = generator.context
    if KEY not in context:
        settings = generator.settings
        split_address(settings["CONSULT_EMAIL"])  # a clear error if it is not set right
        catalog = read_catalog(settings)
        day = settings["SITE_DATE"]
        context[KEY] = catalog
        context["CTAS"] = dict(catalog.ctas)
        context["SPECIALS"] = list(catalog.specials)
        context["CURRENT_SPECIAL"] = current_special(catalog.specials, day)
        context["UPCOMING_SPECIALS"] = upcoming_specials(catalog.specials, day)
        if settings.get("SPECIALS_SAVE_AS") and catalog.specials:
            context.setdefault("SITEMAP_EXTRA", []).append((settings["SPECIALS_URL"], []))
    return context[KEY]
