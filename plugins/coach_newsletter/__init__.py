"""Newsletter plugin: web editions and email artifacts at build time (see generator.py).

The Mailchimp sync is the top-level package campaign/ (`invoke campaign`), never the build.
"""

from __future__ import annotations

from typing import Any

from pelican import signals


def _generators(pelican: Any) -> type:
    from coach_newsletter.generator import NewsletterGenerator

    return NewsletterGenerator


def _defaults(pelican: Any) -> None:
    from coach_newsletter.generator import register_paths

    register_paths(pelican.settings)


def register() -> None:
    signals.initialized.connect(_defaults)
    signals.get_generators.connect(_generators)
