"""Read content/testimonials/*.md with Pelican's own Markdown reader, and check them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader

from coach_testimonials.model import Testimonial, TestimonialError
from coachsite.content_check import markdown_files_in, shown_path
from coachsite.fields import Settings, parse_date, parse_image, read_settings_block

EXAMPLES = {
    "name": "Name: Maria K.",
    "role": "Role: Operations manager, now in hospital administration",
    "consent": "Consent: 2026-03-02",
    "photo": "Photo: images/testimonials/maria.jpg",
    "photo_alt": "Photo_alt: Maria K., smiling",
}
ALIASES = {"date": "consent", "agreed": "consent", "title": "role", "job": "role"}


def read_testimonials(settings: Mapping[str, Any]) -> tuple[Testimonial, ...]:
    """Every testimonial, in file-name order; raise TestimonialError on the first mistake."""
    content = Path(settings["PATH"])
    folder = content / settings.get("TESTIMONIALS_PATH", "testimonials")
    today: dt.date = settings["SITE_DATE"]
    reader = MarkdownReader(settings)
    return tuple(
        read_testimonial(path, content, reader, today) for path in markdown_files_in(folder)
    )


def read_testimonial(
    path: Path, content: Path, reader: MarkdownReader, today: dt.date
) -> Testimonial:
    shown = shown_path(path, content.parent)
    block = read_settings_block(path, shown, EXAMPLES, aliases=ALIASES, error=TestimonialError)
    name = _required(block, "name", "whose words these are")
    role = _required(block, "role", "what they do, or did when you worked together")
    consent = _consent(block, today)
    if not block.body.strip():
        raise TestimonialError(
            "this testimonial has no quote; write the client's words below the settings, "
            "after an empty line.",
            shown,
            (max(f.line for f in block.fields.values()) + 1),
        )
    quote, _ = reader.read(str(path))
    return Testimonial(
        name=name,
        role=role,
        quote=quote,
        consent=consent,
        photo=parse_image(block, "photo", content, error=TestimonialError),
        photo_alt=block.value("photo_alt") or f"Photo of {name}",
        source_path=shown,
    )


def _required(block: Settings, key: str, what: str) -> str:
    text = block.value(key)
    if not text:
        where = "is empty" if key in block.fields else "is missing"
        raise TestimonialError(
            f"'{block.label(key)}:' {where}: write {what}, e.g. '{block.example(key)}'.",
            block.source,
            block.line(key),
        )
    return text


def _consent(block: Settings, today: dt.date) -> dt.date:
    """The day the client agreed: required, and not after the build's date."""
    if not block.value("consent"):
        raise TestimonialError(
            "this testimonial has no consent date, so it is not published: a client's words "
            "need their consent. Once they have agreed, add a line with that day, e.g. "
            f"'{block.example('consent')}'.",
            block.source,
            block.line("consent"),
        )
    consent = parse_date(block, "consent", error=TestimonialError)
    if consent > today:
        raise TestimonialError(
            f"'Consent: {consent.isoformat()}' is after today ({today.isoformat()}); write the "
            "day the client agreed, which has passed.",
            block.source,
            block.line("consent"),
        )
    return consent
