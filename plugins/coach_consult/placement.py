"""Put the CTA block into posts and pages, right after Pelican has read them.

Runs at ``article_generator_finalized`` / ``page_generator_finalized``: before feeds and
pages are written and before anything memoizes ``content``. The summary is fixed from
the text without the block, so listings and meta descriptions never show it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.utils import (
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from coach_consult.errors import ConsultError
from coach_consult.markers import Placeholder, find_placeholders, marker_lines
from coach_consult.model import NONE, Catalog, Cta, Special
from coach_consult.selection import UnknownCta, active_special, choose_cta
from coachsite import pelican_adapter as adapter
from coachsite.content_check import front_matter, read_text
from coachsite.links import utm, with_params


def button_target(cta: Cta, settings: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """``(url, None)`` for a web or site link (UTM-tagged), ``(None, address)`` for email.

    A site link is written ``{filename}/path.md`` so that Pelican makes it right for each
    page (relative URLs) and for feeds (absolute ones).
    """
    kind, target = cta.link.resolve(settings["CONSULT_EMAIL"], lambda path: "{filename}/" + path)
    if kind == "email":
        return None, target
    tags = utm(cta.name, settings["CONSULT_UTM_SOURCE"], settings["CONSULT_UTM_MEDIUM"])
    return with_params(target, tags), None


def place(content: str, block: str, placeholders: Sequence[Placeholder]) -> tuple[str, str]:
    """``(text without block, text with block)``: at the placeholder, else at the end."""
    if not placeholders:
        return content, content.rstrip("\n") + "\n" + block
    first = placeholders[0]
    without = content[: first.start] + content[first.end :]
    return without, content[: first.start] + block + "\n" + content[first.end :]


def summary_of(content: str, settings: Mapping[str, Any]) -> str:
    """The summary Pelican would compute from ``content`` (mirrors Content.get_summary)."""
    max_paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if max_paragraphs is not None:
        content = truncate_html_paragraphs(content, max_paragraphs)
    if settings["SUMMARY_MAX_LENGTH"] is not None:
        content = truncate_html_words(
            content, settings["SUMMARY_MAX_LENGTH"], settings["SUMMARY_END_SUFFIX"]
        )
    return strip_toc_elements_from_html(content)


class Placer:
    """Chooses, renders and places the block for each post or page of one build."""

    def __init__(self, generator: Any, catalog: Catalog):
        self.settings = generator.settings
        self.context = generator.context
        self.template = generator.env.get_template(self.settings["CONSULT_TEMPLATE"])
        self.catalog = catalog
        self.today: dt.date = self.settings["SITE_DATE"]
        self.root = Path(self.settings["PATH"]).parent
        # (cta, special) -> block; the catalog keeps both alive, so their ids stay theirs
        self._blocks: dict[tuple[int, int], str] = {}
        self._bodies: dict[int, tuple[str, str | None]] = {}  # id(item): (body, summary)

    def enrich_all(self, items: Iterable[Content], *, pages: bool) -> None:
        items = list(items)
        for item in items:
            self.enrich(item, page=pages)
        adapter.set_body(items, self._bodies)
        self._bodies.clear()

    def enrich(self, item: Content, *, page: bool) -> bool:
        """Give one post (or page) its block; False if it gets none."""
        content = adapter.raw_body(item) or ""
        placeholders = find_placeholders(content)
        cta = self.choose(item, placeholders, page=page)
        if cta is None:  # 'CTA: none', or a page that did not opt in (no placeholder then)
            return False
        topics = None if page else [*_tags(item), *filter(None, [_category(item)])]
        special = active_special(self.catalog.specials, self.today, topics)
        block = self.render(cta, special)
        without, with_block = place(content, block, placeholders)
        self._set(item, without, with_block)
        item.consult_cta = cta
        item.consult_special = special
        return True

    def choose(
        self, item: Content, placeholders: Sequence[Placeholder], *, page: bool
    ) -> Cta | None:
        """Front matter (or the marker's name) > tag/category rules > the default."""
        requested = str(item.metadata.get("cta", "") or "").strip().lower() or None
        kind = "page" if page else "post"
        if len(placeholders) > 1:
            raise ConsultError(
                f"this {kind} has more than one [[cta]] line; keep one (one block per {kind}).",
                *self._where(item, marker=1),
            )
        named = placeholders[0].name if placeholders else None
        if requested == NONE and placeholders:
            raise ConsultError(
                f"this {kind} says 'CTA: none' but also has a [[cta]] line; remove one of them.",
                *self._where(item, marker=0),
            )
        if requested and named and requested != named:
            raise ConsultError(
                f"'CTA: {requested}' and the line [[cta: {named}]] ask for different "
                "blocks; keep one of them.",
                *self._where(item, marker=0),
            )
        if page and not requested and not placeholders:
            return None  # pages opt in
        try:
            return choose_cta(
                self.catalog.ctas,
                requested=requested or named,
                tags=[] if page else _tags(item),
                category=None if page else _category(item),
                default=self.settings["CONSULT_DEFAULT_CTA"],
            )
        except UnknownCta as err:
            where = self._where(item, marker=0) if named and not requested else self._where(item)
            raise ConsultError(err.message, *where) from None

    def render(self, cta: Cta, special: Special | None) -> str:
        """The block for ``cta`` with ``special`` (rendered once per pair and build)."""
        key = (id(cta), id(special))
        block = self._blocks.get(key)
        if block is None:
            block = self._blocks[key] = self._render(cta, special)
        return block

    def _render(self, cta: Cta, special: Special | None) -> str:
        button_url, button_email = button_target(cta, self.settings)
        view = {"cta": cta, "special": special, "button_url": button_url}
        return self.template.render({**self.context, **view, "button_email": button_email})

    def _set(self, item: Content, without: str, with_block: str) -> None:
        summary = None
        if "summary" not in item.metadata:
            summary = summary_of(without, self.settings)
        self._bodies[id(item)] = (with_block, summary)

    def _where(self, item: Content, marker: int | None = None) -> tuple[Path, int | None]:
        """The post's file (as the coach sees it) and the line of 'CTA:' or of a marker."""
        path = Path(item.source_path)
        shown = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        try:
            text = read_text(path, shown)
        except OSError:
            return shown, None
        if marker is not None:
            lines = marker_lines(text)
            return shown, lines[marker] if marker < len(lines) else None
        field = next((f for f in front_matter(text) if f.key == "cta"), None)
        return shown, field.line if field else None


def _tags(item: Content) -> list[str]:
    return [str(tag) for tag in getattr(item, "tags", None) or []]


def _category(item: Content) -> str | None:
    category = getattr(item, "category", None)
    return str(category) if category else None
