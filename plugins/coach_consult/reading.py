"""Read content/ctas/*.md and content/specials/*.md with Pelican's own Markdown reader."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader

from coach_consult import validation as check
from coach_consult.errors import ConsultError
from coach_consult.model import Catalog, Cta, Link, Special, topic_keys
from coachsite.content_check import (
    MetaField,
    front_matter,
    markdown_files_in,
    read_text,
    shown_path,
)

logger = logging.getLogger("pelican.plugins.consult")

BOOKING = "booking"
"""The ``Link:`` value for the booking page of content/site.md (``CONSULT_BOOKING_URL``)."""


def read_catalog(settings: Mapping[str, Any]) -> Catalog:
    """Read and check every CTA and special; raise ConsultError on the first mistake."""
    content = Path(settings["PATH"])
    reader = MarkdownReader(settings)
    booking = str(settings.get("CONSULT_BOOKING_URL") or "")
    ctas = read_ctas(content, settings["CONSULT_CTA_PATH"], reader, booking=booking)
    default = settings["CONSULT_DEFAULT_CTA"]
    if default not in ctas:
        folder = shown_path(content / settings["CONSULT_CTA_PATH"], content.parent)
        raise ConsultError(
            f"there is no default call-to-action; create {folder}/{default}.md "
            "(it is used for every post that no other variant matches).",
            folder,
        )
    specials = read_specials(content, settings["SPECIALS_PATH"], reader)
    check.check_overlaps(specials)
    return Catalog(ctas=ctas, specials=tuple(sorted(specials, key=lambda s: s.valid_from)))


def read_ctas(
    content: Path, folder: str, reader: MarkdownReader, *, booking: str = ""
) -> dict[str, Cta]:
    ctas = {}
    for path in markdown_files_in(content / folder):
        cta = read_cta(path, content, reader, booking=booking)
        ctas[cta.name] = cta
    return ctas


def read_cta(path: Path, content: Path, reader: MarkdownReader, *, booking: str = "") -> Cta:
    """One CTA; ``booking`` is the address that ``Link: booking`` stands for ("" if none)."""
    shown = shown_path(path, content.parent)
    fields = _fields(path, shown, check.CTA_KEYS)
    name = check.cta_name(path.stem, shown)
    body, _ = reader.read(str(path))
    link_field = fields.get("link")
    folder = path.parent.relative_to(content).as_posix()
    if link_field is not None and link_field.value.strip().lower() == BOOKING:
        link = booking_link(booking, shown, link_field.line)
    else:
        link = check.parse_link(
            link_field.value if link_field else "", shown, link_field and link_field.line, folder
        )
    if link.kind == "content" and not (content / link.target).is_file():
        raise ConsultError(
            f"'Link: {link_field.value.strip()}' points to {link.target}, which is not in "
            "the content folder; check the path.",
            shown,
            link_field.line,
        )
    headline = fields.get("headline")
    if headline is None or not headline.value.strip():
        raise ConsultError(
            "this call-to-action has no headline; add a line such as "
            "'Headline: Work with me one-to-one' at the top.",
            shown,
            1,
        )
    button = fields.get("button")
    if button is None or not button.value.strip():
        raise ConsultError(
            "this call-to-action has no button text; add a line such as "
            "'Button: Book a consultation'.",
            shown,
            headline.line + 1,
        )
    return Cta(
        name=name,
        headline=headline.value.strip(),
        body=body,
        button=button.value.strip(),
        link=link,
        tags=topic_keys(check.split_list(_value(fields, "tags"))),
        categories=topic_keys(check.split_list(_value(fields, "categories"))),
        source_path=shown,
    )


def booking_link(booking: str, shown: Path, line: int) -> Link:
    """``Link: booking``: the booking page given in content/site.md, or a clear error."""
    if not booking:
        raise ConsultError(
            "'Link: booking' uses the booking page from content/site.md, which has none: add "
            "a line such as 'Booking: https://cal.com/your-name/consultation' there, or write "
            "'Link: email' here.",
            shown,
            line,
        )
    return Link("url", booking)


def read_specials(content: Path, folder: str, reader: MarkdownReader) -> list[Special]:
    return [read_special(path, content, reader) for path in markdown_files_in(content / folder)]


def read_special(path: Path, content: Path, reader: MarkdownReader) -> Special:
    shown = shown_path(path, content.parent)
    fields = _fields(path, shown, check.SPECIAL_KEYS)
    month = check.parse_month(path.stem, fields.get("month"), shown)
    valid_from, valid_until = check.special_window(
        month, fields.get("valid_from"), fields.get("valid_until"), shown
    )
    for key, example in (("title", "April special"), ("offer", "a first consultation at...")):
        if not _value(fields, key):
            raise ConsultError(
                f"this special has no {key}; add a line '{key.capitalize()}: {example}' at "
                "the top.",
                shown,
                fields[key].line if key in fields else 1,
            )
    price = check.parse_price(fields["price"], shown) if _value(fields, "price") else None
    body, _ = reader.read(str(path))
    return Special(
        month=month,
        title=_value(fields, "title"),
        offer=_value(fields, "offer"),
        valid_from=valid_from,
        valid_until=valid_until,
        price=price,
        topics=topic_keys(check.split_list(_value(fields, "topics"))),
        body=body,
        source_path=shown,
    )


def _fields(path: Path, shown: Path, known: tuple[str, ...]) -> dict[str, MetaField]:
    """The file's front matter by key, after the typo check (with line numbers)."""
    fields = front_matter(read_text(path, shown))
    for field in check.check_keys(fields, known, shown):
        logger.warning(
            "%s:%s: '%s:' is not a setting of this file and is ignored (known: %s)",
            shown,
            field.line,
            field.key.capitalize(),
            ", ".join(k.capitalize() for k in known),
        )
    return {check.key_of(field): field for field in fields}


def _value(fields: Mapping[str, MetaField], key: str) -> str:
    field = fields.get(key)
    return field.value.strip() if field else ""
