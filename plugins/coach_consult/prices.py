"""A special's price as readers see it, the same on the site, in the email and its text part.

``format_price("95", "USD")`` is ``$95``; a price of 0 reads ``free``. Templates use the
``price`` filter (registered with the plugin's defaults): ``Price: {{ special|price }}``,
which takes the currency from ``SPECIALS_CURRENCY`` and an optional pattern from
``SPECIALS_PRICE_FORMAT``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from jinja2 import pass_context

FREE = "free"
"""How a price of 0 reads: ``Price: free``."""

# ISO 4217 code -> the pattern readers expect; any other code reads "95 SEK".
PATTERNS = {
    "USD": "${price}",
    "CAD": "CA${price}",
    "AUD": "A${price}",
    "NZD": "NZ${price}",
    "EUR": "€{price}",
    "GBP": "£{price}",
    "JPY": "¥{price}",
    "INR": "₹{price}",
}


def format_price(amount: str, currency: str = "USD", pattern: str = "") -> str:
    """``95`` -> ``$95``, ``1200.5`` -> ``$1,200.50``, ``0`` -> ``free``.

    ``pattern`` (``SPECIALS_PRICE_FORMAT``), if given, overrides the currency's usual form;
    it may use ``{price}`` and ``{currency}``.
    """
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation:
        return str(amount)  # validation.parse_price lets only numbers through
    if value == 0:
        return FREE
    number = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    code = str(currency or "USD").strip().upper()
    template = pattern or PATTERNS.get(code, "{price} " + code)
    return template.format(price=number, currency=code)


@pass_context
def price(context: Any, item: Any) -> str:
    """Jinja filter: ``{{ special|price }}`` (or anything with a ``price``, e.g. ``COACH``);
    empty when it has no price."""
    amount = getattr(item, "price", None)
    if amount is None or str(amount).strip() == "":
        return ""
    return format_price(
        amount,
        context.get("SPECIALS_CURRENCY") or "USD",
        context.get("SPECIALS_PRICE_FORMAT") or "",
    )
