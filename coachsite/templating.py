"""Jinja settings shared by the site's templates."""

from __future__ import annotations


def autoescape(template_name: str | None) -> bool:
    """Escape HTML and XML templates (and templates from strings), not plain-text ones.

    A module-level function, not jinja2.select_autoescape's closure: Pelican's reader cache
    pickles the settings.
    """
    if template_name is None:
        return True
    return template_name.endswith((".html", ".htm", ".xml"))
