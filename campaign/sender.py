"""Who the newsletter comes from: a free-mail sender cannot be authenticated by Mailchimp.

Mailchimp sends with the campaign's ``reply_to`` as the From address. Free-mail providers
publish DMARC policies that forbid anyone else to send as their users, so Mailchimp replaces
such an address with one of its own, which subscribers trust less and spam filters like less.
"""

from __future__ import annotations

from urllib.parse import urlsplit

FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "gmail.com",
        "googlemail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "hotmail.co.uk",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "live.com",
        "mac.com",
        "mail.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "web.de",
        "yahoo.co.uk",
        "yahoo.com",
        "yahoo.fr",
        "yandex.com",
        "ymail.com",
        "zoho.com",
    }
)


def free_mail_domain(address: str) -> str | None:
    """The free-mail domain of ``address`` (``gmail.com``), or None for any other address."""
    domain = address.strip().rpartition("@")[2].lower().rstrip(".")
    return domain if domain in FREE_MAIL_DOMAINS else None


def free_mail_warning(address: str, site_url: str = "") -> str | None:
    """The warning for a sender on a free-mail domain (None when the address is fine)."""
    domain = free_mail_domain(address)
    if domain is None:
        return None
    host = (urlsplit(site_url).hostname or "").removeprefix("www.")
    example = f"such as hello@{host}" if host else "on your site's own domain"
    return (
        f"the sender {address.strip()} is on {domain}, a free-mail domain: Mailchimp cannot "
        "authenticate it and sends from an address of its own instead, which lands in spam "
        f"more often. Use an address {example} as Newsletter_reply_to: in content/site.md "
        "and authenticate that domain in Mailchimp (Website > Domains > Authenticate)"
    )
