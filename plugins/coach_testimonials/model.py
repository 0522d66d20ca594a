"""Plain data for testimonials, and the plugin's error for the coach's mistakes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from coachsite.errors import CoachError
from coachsite.fields import Image


class TestimonialError(CoachError):
    """A mistake in content/testimonials/NAME.md, printed as ``path:line: what to write``."""

    __test__ = False  # not a test class, whatever pytest thinks of the name


@dataclass(frozen=True)
class Testimonial:
    """One client's words, read from ``content/testimonials/NAME.md``."""

    __test__ = False  # not a test class either

    name: str
    role: str
    quote: str  # HTML, from the file's Markdown
    consent: dt.date  # the day the client agreed to have these words published
    photo: Image | None = None
    photo_alt: str = ""
    source_path: Path | None = None  # as shown to the coach, e.g. content/testimonials/x.md
