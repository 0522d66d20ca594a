"""Jinja settings shared by the site's templates."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def autoescape(template_name: str | None) -> bool:
    """Escape HTML and XML templates (and templates from strings), not plain-text ones.

    A module-level function, not jinja2.select_autoescape's closure: Pelican's reader cache
    pickles the settings.
    """
    if template_name is None:
        return True
    return template_name.endswith((".html", ".htm", ".xml"))


def bytecode_cache(folder: Path) -> FileSystemBytecodeCache:
    """Compiled templates kept between builds in ``folder`` (keyed on each template's source)."""
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
