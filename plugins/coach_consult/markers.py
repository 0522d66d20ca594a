"""The ``[[cta]]`` / ``[[cta: NAME]]`` line in a post, as a Python-Markdown extension.

At read time the marker becomes an empty placeholder element that only records the
requested name (so Pelican's reader cache stays valid when CTAs or specials change);
the block itself is put in its place after reading, see ``consult.placement``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

# One definition of the marker, shared with the check for lookalikes (``[[cat]]``, ``{{cta}}``)
# that stops the build before Pelican reads a post (coachsite/marker_check.py).
from coachsite.marker_check import MARKER

__all__ = ["MARKER", "CtaMarkerExtension", "find_placeholders", "marker_lines"]

ATTRIBUTE = "data-consult-cta"
PLACEHOLDER = re.compile(rf'<div {ATTRIBUTE}="(?P<name>[^"]*)"></div>\n?')


@dataclass(frozen=True)
class Placeholder:
    """Where a marker was in the HTML, and the CTA name it asked for ('' for any)."""

    start: int
    end: int
    name: str


class CtaMarkerProcessor(BlockProcessor):
    """Turns a line ``[[cta]]`` or ``[[cta: NAME]]`` into a placeholder element."""

    def test(self, parent: etree.Element, block: str) -> bool:
        # Top level only: a block inside a list item or a quote would be out of place.
        top = parent is getattr(self.parser, "root", None)
        return top and MARKER.search(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = MARKER.search(block)
        assert match is not None  # test() said so
        before, after = block[: match.start()], block[match.end() :]
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        element = etree.SubElement(parent, "div")
        element.set(ATTRIBUTE, (match["name"] or "").strip().lower())
        if after.strip():
            blocks.insert(0, after.lstrip("\n"))


class CtaMarkerExtension(Extension):
    """Registered by the plugin at Pelican's ``initialized`` signal."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After indented code (80), so a marker shown as code stays code.
        md.parser.blockprocessors.register(CtaMarkerProcessor(md.parser), "consult_cta", 75)


def find_placeholders(content: str) -> list[Placeholder]:
    """The placeholders the extension left in a post's HTML, in order."""
    return [
        Placeholder(m.start(), m.end(), html.unescape(m["name"]))
        for m in PLACEHOLDER.finditer(content)
    ]


def marker_lines(text: str) -> list[int]:
    """1-based line numbers of marker lines in a Markdown source (for messages)."""
    return [text.count("\n", 0, m.start()) + 1 for m in MARKER.finditer(text)]
