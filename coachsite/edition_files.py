"""The month's newsletter files, ``build/newsletter/YYYY-MM/``: one owner for their format.

The build (plugins/coach_newsletter) writes them and the campaign sync (campaign/) reads them, both
through :class:`EditionFiles`, so what was previewed is exactly what is sent:

- ``email.html``: the email as sent (CSS inlined, links absolute and tagged);
- ``email.txt``: its plain-text part;
- ``campaign.json``: ``title`` (``specials-YYYY-MM``), ``month``, ``subject``, ``preview_text``,
  ``from_name``, ``reply_to``, ``web_url`` (the web edition's public address), and
  ``special_from`` / ``special_until`` (the special's first and last day, ISO dates).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from coachsite.errors import CoachError

HTML_NAME = "email.html"
TEXT_NAME = "email.txt"
META_NAME = "campaign.json"
TITLE_PREFIX = "specials-"
REQUIRED = ("title", "subject", "from_name", "reply_to")
OPTIONAL = ("preview_text", "web_url", "month", "special_from", "special_until")


class EditionFilesError(CoachError):
    """The month's files are missing or damaged; the message says how to rebuild them."""


def campaign_title(month: str) -> str:
    """The deterministic campaign title for a month: ``specials-YYYY-MM``."""
    return TITLE_PREFIX + month


@dataclass(frozen=True)
class EditionFiles:
    """One month's email exactly as the build wrote it."""

    month: str
    html: str
    text: str
    meta: dict[str, str]

    @property
    def content_hash(self) -> str:
        """sha256 of the HTML, the plain text and campaign.json: what one upload carries."""
        canonical = json.dumps(
            {"html": self.html, "text": self.text, "meta": self.meta},
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def write(self, folder: Path) -> None:
        """Replace ``folder`` with these files in one step (a reader never sees half)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            (staging / HTML_NAME).write_text(self.html, encoding="utf-8")
            (staging / TEXT_NAME).write_text(self.text, encoding="utf-8")
            (staging / META_NAME).write_text(
                json.dumps(self.meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                encoding="utf-8",
            )
            old = folder.with_name(f".{folder.name}-old")
            if folder.exists():
                shutil.rmtree(old, ignore_errors=True)
                folder.rename(old)
            staging.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    @classmethod
    def read(cls, folder: Path, month: str, build_hint: str) -> EditionFiles:
        """Read ``folder`` for ``month``; ``build_hint`` says how to (re)build it."""
        paths = {name: folder / name for name in (HTML_NAME, TEXT_NAME, META_NAME)}
        for path in paths.values():
            if not path.is_file():
                raise EditionFilesError(
                    f"the {month} newsletter has not been built ({path.name} is missing): "
                    f"{build_hint}",
                    path,
                )
        html = paths[HTML_NAME].read_text(encoding="utf-8")
        if not html.strip():
            raise EditionFilesError(f"the built email is empty: {build_hint}", paths[HTML_NAME])
        text = paths[TEXT_NAME].read_text(encoding="utf-8")
        return cls(month, html, text, _read_meta(paths[META_NAME], month, build_hint))


def _read_meta(path: Path, month: str, build_hint: str) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EditionFilesError(
            f"not valid JSON ({exc.msg}): {build_hint}", path, exc.lineno
        ) from None
    if not isinstance(data, dict):
        raise EditionFilesError(f"must be a JSON object: {build_hint}", path)
    meta: dict[str, str] = {}
    for key in REQUIRED + OPTIONAL:
        value = data.get(key, "" if key in OPTIONAL else None)
        if not isinstance(value, str) or (key in REQUIRED and not value.strip()):
            raise EditionFilesError(f'"{key}" is missing or empty: {build_hint}', path)
        meta[key] = value
    if meta["title"] != campaign_title(month):
        raise EditionFilesError(
            f'"title" is {meta["title"]!r} but the {month} campaign must be titled '
            f"{campaign_title(month)!r}: {build_hint}",
            path,
        )
    return meta
