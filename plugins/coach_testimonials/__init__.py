"""Testimonials: the clients' words from content/testimonials/*.md (a Pelican plugin).

Each file holds one testimonial: ``Name:``, ``Role:``, ``Consent:`` (the day the client
agreed to publication; a file without it stops the build), optional ``Photo:`` and
``Photo_alt:``, then an empty line and the quote in Markdown. The files are not pages:
Pelican does not read the folder (it is in neither ARTICLE_PATHS nor PAGE_PATHS).

For templates: ``TESTIMONIALS`` (every testimonial, in file-name order, as
``testimonials.model.Testimonial``) and ``TESTIMONIALS_SHOWN`` (how many a page shows, 3),
in the context from ``page_generator_finalized`` on, before anything is written.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from coach_testimonials.model import Testimonial, TestimonialError
from coach_testimonials.reading import read_testimonials
from coachsite.dates import site_date

__all__ = ["Testimonial", "TestimonialError", "register"]

NAME = __name__
DEFAULTS = {"TESTIMONIALS_PATH": "testimonials", "TESTIMONIALS_SHOWN": 3}


def _enabled(settings: Any) -> bool:
    """Signals are process-wide: act only for builds that list this plugin."""
    return NAME in (settings.get("PLUGINS") or [])


def on_initialized(pelican: Any) -> None:
    settings = pelican.settings
    if not _enabled(settings):
        return
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings.setdefault("SITE_DATE", site_date(settings["TIMEZONE"]))


def on_pages(generator: Any) -> None:
    """Read and check the testimonials once per build, for every template."""
    if not _enabled(generator.settings):
        return
    generator.context["TESTIMONIALS"] = read_testimonials(generator.settings)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.page_generator_finalized.connect(on_pages)
