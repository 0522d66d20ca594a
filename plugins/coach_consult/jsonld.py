"""schema.org Offer data for the specials page, and JSON that is safe inside <script>."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from coach_consult.model import Special


def offer(
    special: Special,
    *,
    timezone: str,
    currency: str,
    service: str,
    provider: str,
    page_url: str | None = None,
) -> dict[str, Any]:
    """One special as a schema.org ``Offer`` (no contact address in it, ever)."""
    data: dict[str, Any] = {
        "@type": "Offer",
        "name": special.title,
        "description": special.offer,
        "validFrom": special.starts_at(timezone).isoformat(),
        "validThrough": special.ends_at(timezone).isoformat(),
        "priceValidUntil": special.valid_until.isoformat(),
        "itemOffered": {
            "@type": "Service",
            "name": service,
            "provider": {"@type": "Organization", "name": provider},
        },
    }
    if special.price is not None:
        data["price"] = special.price
        data["priceCurrency"] = currency
    if page_url:
        data["url"] = f"{page_url}#{special.anchor}"
    return data


def offer_catalog(specials: Iterable[Special], *, name: str, **offer_args: Any) -> dict[str, Any]:
    """The specials as one schema.org ``OfferCatalog`` document."""
    return {
        "@context": "https://schema.org",
        "@type": "OfferCatalog",
        "name": name,
        "itemListElement": [offer(special, **offer_args) for special in specials],
    }


def script_json(data: Any) -> str:
    """``json.dumps`` for a ``<script type="application/ld+json">`` body.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no text can close the script
    (``</script>``) or open a comment; the JSON value is unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
