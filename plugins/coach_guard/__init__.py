"""Hardening for what the coach types into front matter.

``Summary:`` is Markdown, shown on listings, in feeds and in emails: Markdown formatting
works, but raw HTML typed there (``<script>``, ``</b>``) is shown as text, not obeyed.
Post bodies keep Markdown's usual raw-HTML support.

Done with Python-Markdown's documented extension API: a preprocessor that runs right after
the ``meta`` extension has read the front matter escapes the fields' raw HTML before Pelican
turns them into HTML (Pelican's reader renders ``Summary:`` with the same Markdown object).
"""

from __future__ import annotations

import html
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from pelican import signals

ESCAPED_FIELDS = frozenset({"summary"})
META_PRIORITY = 27  # markdown.extensions.meta's preprocessor; ours runs just after it


class EscapeMetadata(Preprocessor):
    """Escape raw HTML in the front-matter fields of ``ESCAPED_FIELDS``."""

    def run(self, lines: list[str]) -> list[str]:
        meta = getattr(self.md, "Meta", None) or {}
        for name in ESCAPED_FIELDS & set(meta):
            meta[name] = [html.escape(value, quote=False) for value in meta[name]]
        return lines


class EscapeMetadataExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(EscapeMetadata(md), "coach_escape_metadata", META_PRIORITY - 1)


def add_extension(pelican: Any) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, EscapeMetadataExtension) for e in extensions):
        extensions.append(EscapeMetadataExtension())


def register() -> None:
    signals.initialized.connect(add_extension)
