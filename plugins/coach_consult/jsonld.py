"""schema.org data: the specials page's Offers, the consultation page's Service, and JSON that
is safe inside <script>."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from coach_consult.model import Special
from coachsite.urls import absolute_siteurl, absolute_url


def offer(
    special: Special,
    *,
    timezone: str,
    currency: str,
    service: str,
    provider: str,
    page_url: str | None = None,
    item: bool = True,
) -> dict[str, Any]:
    """One special as a schema.org ``Offer`` (no contact address in it, ever); ``item``:
    with the service it is for (not inside that service's own ``offers``)."""
    data: dict[str, Any] = {
        "@type": "Offer",
        "name": special.title,
        "description": special.offer,
        "validFrom": special.starts_at(timezone).isoformat(),
        "validThrough": special.ends_at(timezone).isoformat(),
        "priceValidUntil": special.valid_until.isoformat(),
    }
    if item:
        data["itemOffered"] = {
            "@type": "Service",
            "name": service,
            "provider": {"@type": "Organization", "name": provider},
        }
    if special.price is not None:
        data["price"] = special.price
        data["priceCurrency"] = currency
    if page_url:
        data["url"] = f"{page_url}#{special.anchor}"
    return data


def consultation(
    *,
    name: str,
    description: str,
    url: str,
    provider: dict[str, Any],
    area: str = "",
    price: str = "",
    currency: str = "USD",
    minutes: int | None = None,
    booking: str = "",
    special: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The consultation as a schema.org ``Service``: who gives it, where, and its offers
    (the usual price, when there is one, and the special running, with its own)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "serviceType": "Career coaching",
        "name": name,
        "description": description,
        "url": url,
        "provider": provider,
    }
    if area:
        data["areaServed"] = area
    offers: list[dict[str, Any]] = []
    if price:
        usual: dict[str, Any] = {"@type": "Offer", "price": price, "priceCurrency": currency}
        if minutes:
            usual["name"] = f"{minutes}-minute consultation"
        if booking:
            usual["url"] = booking
        offers.append(usual)
    if special is not None:
        offers.append(special)
    if offers:
        data["offers"] = offers
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


@pass_context
def jsonld_consultation(ctx: Context, page: Any) -> dict[str, Any]:
    """Jinja global: the consultation page's ``Service`` data, from content/site.md, the
    page and the special running on SITE_DATE (``{{ jsonld_consultation(page)|jsonld }}``)."""
    base = absolute_siteurl(ctx)
    coach = ctx.get("COACH")
    provider: dict[str, Any] = {
        "@type": "Person",
        "name": getattr(coach, "name", "") or ctx.get("AUTHOR") or ctx["SITENAME"],
    }
    if getattr(coach, "credential", ""):
        provider["jobTitle"] = coach.credential
    if ctx.get("SEO_AUTHOR_URL"):
        provider["url"] = absolute_url(base, ctx["SEO_AUTHOR_URL"])
    if getattr(coach, "photo", None):
        provider["image"] = absolute_url(base, coach.photo.path)
    special = ctx.get("CURRENT_SPECIAL")
    specials_page = absolute_url(base, ctx["SPECIALS_URL"]) if ctx.get("SPECIALS_SAVE_AS") else None
    running = None
    if special is not None:
        running = offer(
            special,
            timezone=ctx["TIMEZONE"],
            currency=ctx["SPECIALS_CURRENCY"],
            service=ctx["CONSULT_SERVICE_NAME"],
            provider=provider["name"],
            page_url=specials_page,
            item=False,
        )
    return consultation(
        name=ctx["CONSULT_SERVICE_NAME"],
        description=Markup(str(page.summary or "")).striptags(),
        url=absolute_url(base, page.url),
        provider=provider,
        area=getattr(coach, "area_served", ""),
        price=getattr(coach, "price", ""),
        currency=ctx["SPECIALS_CURRENCY"],
        minutes=getattr(coach, "length", None),
        booking=ctx.get("CONSULT_BOOKING_URL") or "",
        special=running,
    )
