"""coach_consult.prices: one way to write a special's price, for the site and the email alike."""

from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import Environment

from coach_consult.defaults import apply_defaults
from coach_consult.model import Special
from coach_consult.prices import format_price, price


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("95", "USD", "$95"),
        ("95.5", "USD", "$95.50"),
        ("95.00", "USD", "$95"),
        ("1200", "USD", "$1,200"),
        ("0", "USD", "free"),
        ("0.00", "EUR", "free"),
        ("95", "EUR", "€95"),
        ("95", "gbp", "£95"),
        ("95", "CAD", "CA$95"),
        ("950", "SEK", "950 SEK"),
    ],
)
def test_format_price(amount: str, currency: str, expected: str) -> None:
    assert format_price(amount, currency) == expected


def test_a_pattern_overrides_the_currencys_usual_form() -> None:
    assert format_price("95", "EUR", "{price} {currency}") == "95 EUR"
    assert format_price("0", "EUR", "{price} {currency}") == "free"


def render(template: str, **context: object) -> str:
    settings: dict = {"JINJA_FILTERS": {}}
    apply_defaults(settings)
    env = Environment()
    env.filters.update(settings["JINJA_FILTERS"])
    return env.from_string(template).render({**settings, **context})


def special(price_text: str | None) -> Special:
    day = dt.date(2026, 5, 1)
    return Special("2026-05", "May", "Offer", day, day, price=price_text)


def test_the_filter_reads_the_currency_setting() -> None:
    assert render("Price: {{ s|price }}", s=special("95")) == "Price: $95"
    assert render("{{ s|price }}", s=special("95"), SPECIALS_CURRENCY="EUR") == "€95"
    assert render("{{ s|price }}", s=special("0")) == "free"
    assert render("[{{ s|price }}]", s=special(None)) == "[]"


def test_the_filter_is_registered_with_the_defaults_next_to_others() -> None:
    settings: dict = {"JINJA_FILTERS": {"other": str}}
    apply_defaults(settings)
    assert settings["JINJA_FILTERS"] == {"other": str, "price": price}
