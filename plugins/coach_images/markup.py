"""A post's ``<img>`` of a picture under content/images/ becomes a ``<picture>``.

``<source>`` elements offer AVIF (when made) and WebP in every width, the ``<img>`` keeps its
``src`` (the full-size picture, without metadata) and gets the fallback format's widths in
``srcset``, ``sizes`` for the reading column, and its upright width and height. The first
picture of a post is its lead: ``fetchpriority="high"``; the others load lazily (set by
theme/markdown_images.py). Other images (``https://...``) are left as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from html.parser import HTMLParser

from coach_images.pictures import MIME, MODERN, Picture

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
PELICAN_LINK = re.compile(r"^(\{(static|attach|filename)\}|\|(static|attach|filename)\|)")
COLUMN = 636  # px: the reading column's width (theme/static/css/site.css, .wrap.column)
GUTTER = 36  # px: its padding, both sides


class _Tag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = attrs

    handle_startendtag = handle_starttag


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, unescaped, in order."""
    parser = _Tag()
    parser.feed(tag)
    parser.close()
    return {name: value or "" for name, value in parser.attrs}


def site_path(src: str) -> str | None:
    """``images/x.jpg`` for ``{static}/images/x.jpg``, ``/images/x.jpg`` or ``images/x.jpg``."""
    if "://" in src or src.startswith(("//", "data:")):
        return None
    return PELICAN_LINK.sub("", src).split("?", 1)[0].split("#", 1)[0].lstrip("/") or None


def _tag(name: str, attrs: Mapping[str, str]) -> str:
    parts = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in attrs.items())
    return f"<{name}{parts}>"


def _size(attrs: dict[str, str], picture: Picture) -> tuple[int, int]:
    """The width and height to write: a smaller width written by hand is kept, the height
    follows the upright picture's proportions (a size read from a sideways file, or from an
    older file of the same name, is corrected)."""
    given = attrs.get("width", "")
    width = int(given) if given.isdigit() and 0 < int(given) < picture.width else picture.width
    return width, picture.height_at(width)


def picture_markup(
    attrs: dict[str, str],
    picture: Picture,
    *,
    url: Callable[[str], str],
    widths: tuple[int, ...],
    folder: str,
    lead: bool,
    resolve_src: bool = False,
) -> str:
    """An ``<img>`` (its ``attrs``) as a ``<picture>`` of ``picture``'s variants;
    ``resolve_src``: its ``src`` made an address too (in HTML that Pelican does not resolve
    links of)."""
    width, height = _size(attrs, picture)
    shown = min(width, COLUMN)
    sizes = f"(max-width: {shown + GUTTER}px) calc(100vw - {GUTTER}px), {shown}px"
    steps = picture.widths(widths)

    def srcset(fmt: str) -> str:
        return ", ".join(f"{url(picture.variant(w, fmt, folder))} {w}w" for w in steps)

    sources = [
        _tag("source", {"type": MIME[fmt], "srcset": srcset(fmt), "sizes": sizes}) for fmt in MODERN
    ]
    img = {k: v for k, v in attrs.items() if k not in ("width", "height", "srcset", "sizes")}
    img.update(srcset=srcset(picture.fallback_format()), sizes=sizes)
    img.update(width=str(width), height=str(height))
    if resolve_src:
        img["src"] = url(picture.path)
    if lead:
        img.pop("loading", None)
        img["fetchpriority"] = "high"
    img.setdefault("decoding", "async")
    return "<picture>" + "".join(sources) + _tag("img", img) + "</picture>"


def rewrite(
    body: str,
    pictures: Mapping[str, Picture],
    *,
    url: Callable[[str], str],
    widths: tuple[int, ...],
    folder: str,
    missing_alt: Callable[[str], None],
    lead_first: bool = True,
    resolve_src: bool = False,
) -> str:
    """``body`` with each ``<img>`` of a known picture as a ``<picture>``; ``missing_alt`` is
    called with the ``src`` of every image that has no alt text."""
    if IMG.search(body) is None:
        return body
    first = lead_first

    def one(match: re.Match[str]) -> str:
        nonlocal first
        tag = match.group()
        attrs = attributes(tag)
        lead, first = first, False
        if not attrs.get("alt", "").strip():
            missing_alt(attrs.get("src", ""))
        path = site_path(attrs.get("src", ""))
        picture = pictures.get(path) if path else None
        if picture is None:
            return tag
        return picture_markup(
            attrs,
            picture,
            url=url,
            widths=widths,
            folder=folder,
            lead=lead,
            resolve_src=resolve_src,
        )

    return IMG.sub(one, body)


PICTURE = re.compile(r"<picture\b[^>]*>.*?</picture>", re.IGNORECASE | re.DOTALL)


def picture_at(url: str, pictures: Mapping[str, Picture]) -> Picture | None:
    """The picture a resolved address (``https://site/images/x.jpg``, ``../../images/x.jpg``,
    ``{static}/images/x.jpg``) shows, if it is one of ``pictures``."""
    path = (site_path(url) if "://" not in url else url.split("://", 1)[1]) or ""
    path = "/" + path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    for name, picture in pictures.items():
        if path.endswith("/" + name):
            return picture
    return None


def email_markup(
    body: str,
    pictures: Mapping[str, Picture],
    *,
    url: Callable[[str], str],
    widths: tuple[int, ...],
    folder: str,
    width: int = 600,
) -> str:
    """``body`` for an email: each picture (``<picture>`` or ``<img>``) as one ``<img>`` of its
    variant ``width`` pixels wide (or its widest below), in the fallback format (email
    programs show neither ``srcset`` nor WebP reliably), with its width and height."""

    def one(match: re.Match[str]) -> str:
        tag = match.group()
        img = IMG.search(tag)
        attrs = attributes(img.group()) if img else {}
        picture = picture_at(attrs.get("src", ""), pictures)
        if picture is None:
            return tag
        fitting = [w for w in picture.widths(widths) if w <= width] or [min(picture.widths(widths))]
        chosen = max(fitting)
        new = {"src": url(picture.variant(chosen, picture.fallback_format(), folder))}
        new["alt"] = attrs.get("alt", "")
        new.update(width=str(chosen), height=str(picture.height_at(chosen)))
        new["style"] = "display: block; max-width: 100%; height: auto;"
        return _tag("img", new)

    return IMG.sub(one, PICTURE.sub(one, body))
