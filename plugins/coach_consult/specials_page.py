"""The /specials/ page: current and upcoming specials, with schema.org Offer JSON-LD."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from coach_consult.jsonld import offer_catalog, script_json
from coach_consult.selection import current_special, upcoming_specials
from coach_consult.state import catalog_for


class SpecialsGenerator(Generator):
    """Writes ``SPECIALS_SAVE_AS`` with the ``SPECIALS_TEMPLATE`` template."""

    def generate_context(self) -> None:
        catalog_for(self)  # normally already read by the articles generator

    def generate_output(self, writer: Any) -> None:
        save_as = self.settings["SPECIALS_SAVE_AS"]
        if not save_as:
            return
        day = self.settings["SITE_DATE"]
        specials = catalog_for(self).specials
        current = current_special(specials, day)
        shown = ([current] if current else []) + upcoming_specials(specials, day)
        site_url = _public_url(self.settings)
        page_url = f"{site_url}/{self.settings['SPECIALS_URL']}" if site_url else None
        document = offer_catalog(
            shown,
            name=self.settings["SPECIALS_CATALOG_NAME"],
            timezone=self.settings["TIMEZONE"],
            currency=self.settings["SPECIALS_CURRENCY"],
            service=self.settings["CONSULT_SERVICE_NAME"],
            provider=self.settings["AUTHOR"] or self.settings["SITENAME"],
            page_url=page_url,
        )
        writer.write_file(
            save_as,
            self.get_template(self.settings["SPECIALS_TEMPLATE"]),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["SPECIALS_URL"],
            specials_shown=shown,
            specials_jsonld=Markup(script_json(document)),
        )


def _public_url(settings: dict) -> str:
    """The site's absolute address, if known (schema.org wants absolute URLs)."""
    for key in ("SITEURL", "SITE_PUBLIC_URL"):
        value = str(settings.get(key) or "")
        if value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return ""
