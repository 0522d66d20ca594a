"""content/site.md: what is the coach's own (name, contact, booking, prices, forms, profiles).

``read_site_file`` reads and checks it (each mistake names the file, the line and what to
write); ``site_settings`` maps it onto the settings names the plugins and templates use, so
that pelicanconf.py only says ``globals().update(site_settings(read_site_file(...)))``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from coachsite.errors import CoachError
from coachsite.fields import (
    Image,
    Settings,
    parse_email,
    parse_image,
    parse_web_address,
    read_settings_block,
)

SITE_FILE = "site.md"  # inside content/

# key -> an example line (the messages quote it); the order is the README's.
EXAMPLES = {
    "name": "Name: Jane Miller",
    "credential": "Credential: Certified career coach, former university lecturer",
    "photo": "Photo: images/coach.jpg",
    "photo_alt": "Photo_alt: Jane Miller in her office",
    "email": "Email: jane@example.com",
    "booking": "Booking: https://cal.com/jane/consultation",
    "price": "Price: 150",
    "currency": "Currency: USD",
    "length": "Length: 60",
    "area_served": "Area_served: Online, worldwide",
    "website": "Website: https://www.example.com",
    "subscribe_form": "Subscribe_form: https://example.us21.list-manage.com/subscribe/post?u=...",
    "subscribe_honeypot": "Subscribe_honeypot: b_1a2b3c_4d5e6f",
    "newsletter_from": "Newsletter_from: Jane Miller",
    "newsletter_reply_to": "Newsletter_reply_to: jane@example.com",
    "postal_address": "Postal_address: 12 Main Street, Springfield, MA 01101",
    "linkedin": "LinkedIn: https://www.linkedin.com/in/jane-miller/",
    "facebook": "Facebook: https://www.facebook.com/janemillercoach",
    "instagram": "Instagram: https://www.instagram.com/janemillercoach/",
    "x": "X: https://x.com/janemillercoach",
    "youtube": "YouTube: https://www.youtube.com/@janemillercoach",
    "bluesky": "Bluesky: https://bsky.app/profile/janemiller.bsky.social",
    "mastodon": "Mastodon: https://mastodon.social/@janemiller",
    "tiktok": "TikTok: https://www.tiktok.com/@janemillercoach",
    "threads": "Threads: https://www.threads.net/@janemillercoach",
}
# What a coach may write instead of a key: the key meant.
ALIASES = {
    "domain": "website",
    "site": "website",
    "site_url": "website",
    "url": "website",
    "calendly": "booking",
    "cal": "booking",
    "booking_link": "booking",
    "cost": "price",
    "fee": "price",
    "duration": "length",
    "area": "area_served",
    "service_area": "area_served",
    "minutes": "length",
    "twitter": "x",
    "address": "postal_address",
    "reply_to": "newsletter_reply_to",
    "from": "newsletter_from",
    "mailchimp": "subscribe_form",
    "honeypot": "subscribe_honeypot",
    "e_mail": "email",
    "picture": "photo",
}
# Social profiles: key -> the domains a profile address must be on (empty: any).
SOCIAL_HOSTS: dict[str, tuple[str, ...]] = {
    "linkedin": ("linkedin.com",),
    "facebook": ("facebook.com",),
    "instagram": ("instagram.com",),
    "x": ("x.com", "twitter.com"),
    "youtube": ("youtube.com",),
    "bluesky": ("bsky.app",),
    "mastodon": (),
    "tiktok": ("tiktok.com",),
    "threads": ("threads.net", "threads.com"),
}
CURRENCY = re.compile(r"^[A-Z]{3}$")
HONEYPOT = re.compile(r"^[A-Za-z0-9_-]+$")
MINUTES = re.compile(r"^(?P<n>\d+)\s*(min|mins|minutes?)?\.?$", re.IGNORECASE)


class SiteFileError(CoachError):
    """A mistake in content/site.md: printed as ``content/site.md:LINE: what to write``."""


@dataclass(frozen=True)
class SiteFile:
    """Everything content/site.md says, checked. Empty text means "not given"."""

    name: str
    email: str
    website: str  # SITE_PUBLIC_URL, without a trailing slash
    credential: str = ""
    photo: Image | None = None
    photo_alt: str = ""
    booking: str = ""
    price: str = ""  # a decimal number as text, e.g. "150" or "150.50"
    currency: str = "USD"  # ISO 4217
    length: int | None = None  # minutes
    area_served: str = ""  # where the coach works with clients (schema.org areaServed)
    subscribe_form: str = ""
    subscribe_honeypot: str = ""
    newsletter_from: str = ""
    newsletter_reply_to: str = ""
    postal_address: str = ""
    social: tuple[tuple[str, str], ...] = ()  # (label, address), in the file's order
    source: Path = Path("content") / SITE_FILE


def read_site_file(path: Path, root: Path | None = None) -> SiteFile:
    """Read and check content/site.md; ``root`` (the project) makes messages say content/..."""
    shown = _shown(path, root)
    if not path.is_file():
        raise SiteFileError(
            f"{shown} is missing; it holds your name, contact address and the other settings "
            "that are yours (see 'Your settings: content/site.md' in README.md).",
            shown,
        )
    settings = read_settings_block(path, shown, EXAMPLES, aliases=ALIASES, error=SiteFileError)
    content = path.parent
    name = _required_text(settings, "name")
    subscribe_form = parse_web_address(settings, "subscribe_form", error=SiteFileError)
    return SiteFile(
        name=name,
        credential=settings.value("credential"),
        photo=parse_image(settings, "photo", content, error=SiteFileError),
        photo_alt=settings.value("photo_alt") or f"Photo of {name}",
        email=parse_email(settings, "email", required=True, error=SiteFileError),
        booking=parse_web_address(settings, "booking", error=SiteFileError),
        price=_price(settings),
        currency=_currency(settings),
        length=_length(settings),
        area_served=settings.value("area_served"),
        website=_website(settings),
        subscribe_form=subscribe_form,
        subscribe_honeypot=_honeypot(settings, required=bool(subscribe_form)),
        newsletter_from=settings.value("newsletter_from"),
        newsletter_reply_to=parse_email(
            settings, "newsletter_reply_to", required=False, error=SiteFileError
        ),
        postal_address=settings.value("postal_address"),
        social=_social(settings),
        source=shown,
    )


def site_settings(site: SiteFile, site_name: str = "") -> dict[str, Any]:
    """The settings pelicanconf.py takes from the site file, under their existing names.

    ``COACH`` is the whole file, for templates: ``COACH.name``, ``COACH.photo.path``,
    ``COACH.length`` and ``{{ COACH|price }}`` (the consultation's price, with its currency).
    """
    return {
        "COACH": site,
        "SITE_PUBLIC_URL": site.website,
        "CONSULT_EMAIL": site.email,
        "CONSULT_BOOKING_URL": site.booking,
        "SPECIALS_CURRENCY": site.currency,
        "SOCIAL": site.social,
        "NEWSLETTER_SUBSCRIBE_ACTION": site.subscribe_form,
        "NEWSLETTER_SUBSCRIBE_HONEYPOT": site.subscribe_honeypot,
        "NEWSLETTER_POSTAL_ADDRESS": site.postal_address,
        "NEWSLETTER_FROM_NAME": site.newsletter_from or site_name or site.name,
        "NEWSLETTER_REPLY_TO": site.newsletter_reply_to or site.email,
    }


def _required_text(settings: Settings, key: str) -> str:
    text = settings.value(key)
    if not text:
        where = "is empty" if key in settings.fields else "is missing"
        raise SiteFileError(
            f"'{settings.label(key)}:' {where}; write it, e.g. '{settings.example(key)}'.",
            settings.source,
            settings.line(key),
        )
    return text


def _price(settings: Settings) -> str:
    text = settings.value("price")
    if not text:
        return ""
    number = text.lstrip("$€£").replace(",", "").strip()
    try:
        value = Decimal(number)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise SiteFileError(
            f"'Price: {text}' is not a price; write a number such as 'Price: 150' or "
            "'Price: 150.00' (the currency goes on its own line, 'Currency: USD').",
            settings.source,
            settings.line("price"),
        )
    return number


def _currency(settings: Settings) -> str:
    text = settings.value("currency") or "USD"
    if not CURRENCY.match(text.upper()):
        raise SiteFileError(
            f"'Currency: {text}' is not a currency code; write the three letters of the "
            "currency, e.g. 'Currency: USD', 'Currency: EUR' or 'Currency: GBP'.",
            settings.source,
            settings.line("currency"),
        )
    return text.upper()


def _length(settings: Settings) -> int | None:
    text = settings.value("length")
    if not text:
        return None
    match = MINUTES.match(text)
    minutes = int(match["n"]) if match else 0
    if not 5 <= minutes <= 600:
        raise SiteFileError(
            f"'Length: {text}' is not a length in minutes; write the number of minutes a "
            "consultation lasts, e.g. 'Length: 60'.",
            settings.source,
            settings.line("length"),
        )
    return minutes


def _website(settings: Settings) -> str:
    address = parse_web_address(settings, "website", required=True, error=SiteFileError)
    parts = address.split("://", 1)[1]
    if "?" in parts or "#" in parts:
        raise SiteFileError(
            f"'Website: {address}' should be only the site's address, e.g. "
            f"'{settings.example('website')}'.",
            settings.source,
            settings.line("website"),
        )
    return address.rstrip("/")


def _honeypot(settings: Settings, *, required: bool) -> str:
    text = settings.value("subscribe_honeypot")
    if not text and required:
        raise SiteFileError(
            "the subscribe form needs the name of its hidden field: copy it from Mailchimp's "
            "embedded form code (the input named b_..., just before the Subscribe button), "
            f"e.g. '{settings.example('subscribe_honeypot')}'.",
            settings.source,
            settings.line("subscribe_honeypot") or settings.line("subscribe_form"),
        )
    if text and not HONEYPOT.match(text):
        raise SiteFileError(
            f"'Subscribe_honeypot: {text}' is not a field name; copy only the name from the "
            f"form code, e.g. '{settings.example('subscribe_honeypot')}'.",
            settings.source,
            settings.line("subscribe_honeypot"),
        )
    return text


def _social(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The profiles given, in the order the file lists them."""
    keys = sorted(
        (key for key in SOCIAL_HOSTS if settings.value(key)),
        key=lambda key: settings.line(key) or 0,
    )
    return tuple(
        (
            settings.label(key),
            parse_web_address(settings, key, hosts=SOCIAL_HOSTS[key], error=SiteFileError),
        )
        for key in keys
    )


def _shown(path: Path, root: Path | None) -> Path:
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root)
    return path
