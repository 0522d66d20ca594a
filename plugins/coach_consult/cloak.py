"""``cloak_email``: an email address that never appears in raw form in the built site.

The theme's ``partials/cloaked_email.html`` owns the markup. Without JavaScript a reader sees
"name at domain" (each character written as an HTML character reference); with
JavaScript, ``js/consult.js`` decodes ``data-email`` (base64) into a ``mailto:`` link.
Neither form decodes to ``name@domain``, so text extraction (search index, meta
descriptions, feed readers) cannot reveal it either.
"""

from __future__ import annotations

import base64

from jinja2 import Environment, pass_environment
from markupsafe import Markup

from coach_consult.errors import ConsultError
from coach_consult.validation import is_address

TEMPLATE = "partials/cloaked_email.html"


def payload(address: str) -> str:
    """The address as ``js/consult.js`` expects it in ``data-email``: base64 of UTF-8."""
    return base64.b64encode(address.encode("utf-8")).decode("ascii")


def character_references(text: str) -> Markup:
    """``ab`` -> ``&#97;&#98;``: the same text for a reader, not for a plain-text scan."""
    return Markup("".join(f"&#{ord(char)};" for char in text))


def split_address(address: str) -> tuple[str, str]:
    """``name@domain`` -> ``("name", "domain")``; a clear error for anything else."""
    text = str(address or "").strip()
    if not is_address(text):
        raise ConsultError(
            f"{text!r} is not an email address; set CONSULT_EMAIL in pelicanconf.py to "
            "the contact address, e.g. name@example.com."
        )
    user, _, domain = text.partition("@")
    return user, domain


@pass_environment
def cloak_email(env: Environment, address: str, button: str | None = None) -> Markup:
    """Jinja filter: ``{{ CONSULT_EMAIL|cloak_email }}`` or ``|cloak_email(button="Email me")``.

    The first form is the readable address (a link once the script runs); the second is a
    button that stays hidden until the script can make it a ``mailto:`` link.
    """
    user, domain = split_address(address)
    return Markup(
        env.get_template(TEMPLATE).render(
            email_user=character_references(user),
            email_domain=character_references(domain),
            email_data=payload(f"{user}@{domain}"),
            button=button,
        )
    )
