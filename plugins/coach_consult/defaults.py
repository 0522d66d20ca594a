"""The plugin's settings and their defaults; pelicanconf.py may override any of them."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from coach_consult.jsonld import jsonld_consultation
from coach_consult.prices import price

DEFAULTS: dict[str, Any] = {
    # The contact address. Never printed raw: templates use {{ CONSULT_EMAIL|cloak_email }}.
    "CONSULT_EMAIL": "",
    "CONSULT_CTA_PATH": "ctas",  # inside PATH (content/)
    "CONSULT_DEFAULT_CTA": "general",
    "CONSULT_TEMPLATE": "partials/cta.html",
    "CONSULT_UTM_SOURCE": "site",
    "CONSULT_UTM_MEDIUM": "cta",  # utm_campaign is the CTA's name
    "CONSULT_SERVICE_NAME": "One-to-one career consultation",
    "SPECIALS_PATH": "specials",  # inside PATH (content/)
    "SPECIALS_URL": "specials/",
    "SPECIALS_SAVE_AS": "specials/index.html",  # "" for no specials page
    "SPECIALS_TEMPLATE": "specials",
    "SPECIALS_CATALOG_NAME": "Consultation specials",
    "SPECIALS_DATE_FORMAT": "%B %-d, %Y",
    # ISO 4217: how prices read everywhere ({{ special|price }}: $95) and schema.org's code.
    "SPECIALS_CURRENCY": "USD",
    # "" shows the currency's usual form; else e.g. "{price} {currency}" (consult/prices.py).
    "SPECIALS_PRICE_FORMAT": "",
}

# Template filters of this plugin besides cloak_email, in every environment Pelican makes.
FILTERS = {"price": price}
GLOBALS = {"jsonld_consultation": jsonld_consultation}


def apply_defaults(settings: MutableMapping[str, Any]) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings["JINJA_FILTERS"] = {**(settings.get("JINJA_FILTERS") or {}), **FILTERS}
    settings["JINJA_GLOBALS"] = {**(settings.get("JINJA_GLOBALS") or {}), **GLOBALS}
