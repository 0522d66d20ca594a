"""Hardening for what the coach types into front matter.

``Summary:`` is Markdown, shown on listings, in feeds and in emails: Markdown formatting
works, but raw HTML typed there (``<script>``, ``</b>``) is shown as text, not obeyed.
Post bodies keep Markdown's usual raw-HTML support.
"""

from __future__ import annotations

import html
from typing import Any

from pelican import signals
from pelican.readers import MarkdownReader

ESCAPED_FIELDS = frozenset({"summary"})


class EscapingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with raw HTML in formatted metadata escaped first."""

    def _parse_metadata(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        cleaned = {
            name: [html.escape(v, quote=False) for v in values]
            if name.lower() in ESCAPED_FIELDS
            else values
            for name, values in meta.items()
        }
        return super()._parse_metadata(cleaned)


def use_escaping_reader(readers: Any) -> None:
    for extension in EscapingMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = EscapingMarkdownReader


def register() -> None:
    signals.readers_init.connect(use_escaping_reader)
