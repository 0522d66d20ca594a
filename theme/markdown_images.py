"""Images in the coach's Markdown get their size and load lazily (a Markdown extension).

For each ``<img>`` whose file is in the content folder (``{static}/images/x.jpg``,
``/images/x.jpg`` or ``images/x.jpg``): ``width`` and ``height`` from the file (so the page
does not jump while it loads; a size written in Markdown, ``{width=400}``, is kept and the
other side follows the picture's proportions), ``decoding="async"``, and
``loading="lazy"`` for every image but a document's first (which may be the first thing
a reader sees). Images elsewhere (``https://...``) are left as they are.

Enabled in pelicanconf.py: ``MARKDOWN["extension_configs"]["theme.markdown_images"]``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

import imagesize
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

PELICAN_LINK = re.compile(r"^(\{(static|attach|filename)\}|\|(static|attach|filename)\|)")


def image_file(src: str, content: Path) -> Path | None:
    """The file under ``content`` that ``src`` names, if it is one."""
    if "://" in src or src.startswith(("//", "data:")):
        return None
    relative = PELICAN_LINK.sub("", src).split("?", 1)[0].split("#", 1)[0].lstrip("/")
    path = (content / relative).resolve()
    if content.resolve() not in path.parents or not path.is_file():
        return None
    return path


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) read from the file's header, or None when it cannot be read."""
    try:
        width, height = imagesize.get(path)
    except (OSError, ValueError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def set_size(img: etree.Element, size: tuple[int, int]) -> None:
    """Fill in width and height, keeping a side written by hand in proportion."""
    width, height = size
    given_w, given_h = img.get("width", ""), img.get("height", "")
    if given_w.isdigit() and not given_h:
        img.set("height", str(round(int(given_w) * height / width)))
    elif given_h.isdigit() and not given_w:
        img.set("width", str(round(int(given_h) * width / height)))
    elif not given_w and not given_h:
        img.set("width", str(width))
        img.set("height", str(height))


class ImageAttributes(Treeprocessor):
    """Sets width, height, decoding and loading on the document's images."""

    def __init__(self, md: Markdown, content: Path) -> None:
        super().__init__(md)
        self.content = content

    def run(self, root: etree.Element) -> None:
        for index, img in enumerate(root.iter("img")):
            path = image_file(img.get("src", ""), self.content)
            size = image_size(path) if path else None
            if size:
                set_size(img, size)
            img.set("decoding", "async")
            if index > 0 and "loading" not in img.attrib:
                img.set("loading", "lazy")


class ImageExtension(Extension):
    """``content_path``: the folder that image addresses are relative to."""

    def __init__(self, **kwargs) -> None:
        self.config = {"content_path": ["content", "the content folder"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        content = Path(self.getConfig("content_path"))
        # after attr_list (priority 8), so a size written in Markdown is already there
        md.treeprocessors.register(ImageAttributes(md, content), "theme_images", 5)


def makeExtension(**kwargs) -> ImageExtension:
    return ImageExtension(**kwargs)
