"""Find the links and images of one article or page that lead nowhere.

Two kinds of mistakes: an intrasite link (``{filename}x.md``, ``{static}a.png``) whose file is
not in content/ (Pelican only warns and leaves the link broken), and an image, plain link to an
image or ``Image:`` setting whose site path matches no file the build writes.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

from coach_linkcheck.images import ContentFiles, image_advice, is_image
from coachsite import pelican_adapter as adapter
from coachsite.urls import SCHEME

IMAGE_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


@dataclass(frozen=True)
class Problem:
    """One broken reference, as the coach wrote it, and what to do about it.

    ``line`` is filled in afterwards from the Markdown source (see ``linkcheck.images``).
    """

    written: str
    advice: str
    line: int | None = None


def alt_of(markup: str) -> str:
    """The ``alt`` text in an ``<img ...`` tag (or its start), unescaped; '' if none."""
    match = ALT.search(markup)
    return html.unescape(next((g for g in match.groups() if g is not None), "")) if match else ""


def _source_candidates(content: Any, path: str) -> list[str]:
    """Source paths Pelican would look up for an intrasite link (as in Content._link_replacer)."""
    candidates = []
    for variant in (path, unquote(path), urlparse(html.unescape(path)).path):
        if variant.startswith("/"):
            candidates.append(variant[1:])
        else:
            joined = os.path.join(content.relative_dir, variant)
            candidates.append(content.get_relative_source_path(joined))
    return candidates


def _is_source(context: Mapping[str, Any], key: str, path: str) -> bool:
    """Whether ``path`` is known as content (``key``) and, for static files, is on disk.

    Pelican registers every ``{static}`` target as a static file, found or not.
    """
    found = context[key].get(path)
    return found is not None and (key != "static_content" or os.path.isfile(found.source_path))


def intrasite_problems(
    content: Any, context: Mapping[str, Any], files: ContentFiles
) -> Iterator[Problem]:
    """``{filename}``, ``{static}`` and ``{attach}`` links whose source file does not exist.

    A missing image says where a file of that name is in content/ (``files``), if anywhere.
    """
    for match in adapter.intrasite_link_regex(content).finditer(adapter.raw_body(content) or ""):
        what, value = match["what"], match["value"]
        if what not in {"filename", "static", "attach"}:
            continue
        keys = (
            ("generated_content", "static_content") if what == "filename" else ("static_content",)
        )
        path = urlparse(value).path
        if not path:  # "{filename}#anchor" points into the same file
            continue
        candidates = _source_candidates(content, path)
        if not any(_is_source(context, key, c) for key in keys for c in candidates):
            written = match["path"]
            if what != "filename" and is_image(path):
                advice = image_advice(written, candidates[0], alt_of(match["markup"]), files)
                yield Problem(written, advice)
                continue
            yield Problem(
                written,
                f"`{written}` leads nowhere: there is no file content/{candidates[0]}; check the "
                "name and folder (the path is relative to this Markdown file, or to content/ if "
                "it starts with /)",
            )


def site_path(page_url: str, reference: str) -> str | None:
    """The path in the built site that ``reference`` on ``page_url`` leads to; None if external."""
    reference = html.unescape(reference).strip()
    if not reference or SCHEME.match(reference) or reference.startswith(("//", "#", "{", "|")):
        return None
    resolved = urljoin("/" + page_url, reference)
    return unquote(urlparse(resolved).path).lstrip("/")


def exists_in(path: str, written: Set[str]) -> bool:
    """Whether the site path is a file the build writes (a folder means its index.html)."""
    if path == "" or path.endswith("/"):
        return f"{path}index.html" in written
    return path in written or f"{path}/index.html" in written


def image_problems(content: Any, written: Set[str], files: ContentFiles) -> Iterator[Problem]:
    """``<img src>`` with a relative or root path that the build does not write."""
    for match in IMAGE_SRC.finditer(adapter.raw_body(content) or ""):
        src = next(group for group in match.groups() if group is not None)
        path = site_path(content.url, src)
        if path is not None and not exists_in(path, written):
            meant = os.path.normpath(unquote(html.unescape(src).split("?")[0]).lstrip("/"))
            advice = image_advice(html.unescape(src), meant, alt_of(match.group()), files)
            yield Problem(html.unescape(src), advice)


def metadata_image_problems(
    content: Any, written: Set[str], files: ContentFiles
) -> Iterator[Problem]:
    """An ``Image:`` setting (for the social card) that is not a file of the site."""
    image = str(getattr(content, "image", "") or "").strip()
    if not image or SCHEME.match(image):
        return
    path = image.removeprefix("{static}").lstrip("/")
    if not exists_in(path, written):
        advice = _image_setting_advice(path, written, files)
        yield Problem(f"Image: {image}", f"'Image: {image}': {advice}")


def _image_setting_advice(path: str, written: Set[str], files: ContentFiles) -> str:
    """Where the ``Image:`` picture is, or where to put it: in content/images/ (only
    STATIC_PATHS are published as they are)."""
    name = os.path.basename(path) or "NAME.jpg"
    found = files.find(path)
    if found and found in written:
        return f"the picture is at content/{found}; write 'Image: {found}'"
    if found:
        return (
            f"the picture is at content/{found}, which is not published as it is; move it to "
            f"content/images/{name} and write 'Image: images/{name}'"
        )
    if path == f"images/{name}":
        return (
            f"there is no file content/{path}; put the picture there (the name must match "
            "exactly, capitals and .jpg/.jpeg included)"
        )
    return (
        f"there is no file content/{path}; put the picture in content/images/ and "
        f"write 'Image: images/{name}'"
    )
