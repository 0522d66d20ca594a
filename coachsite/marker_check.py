"""Things in a post that look like the ``[[cta]]`` marker but are not one.

The marker is a line of its own, ``[[cta]]`` or ``[[cta: NAME]]`` (case and spaces inside the
brackets do not matter), outside lists, quotes and code. Anything else that looks like it is
published as literal text while the box moves to the end of the post, so it is the coach's
mistake. "Looks like it" means one of:

- ``[[word]]`` alone on a line (``[[cat]]``, ``[[call-to-action]]``, ``[[box]]``);
- a word close to "cta" / "call to action" / "consultation" between double brackets anywhere
  (``{{cta}}``, ``<<cta>>``, ``{% cta %}``, ``text [[cta]] text``), or between single brackets
  alone on a line (``[cta]``, ``{cta}``, ``(cta)``, ``<cta>``);
- the real marker inside a list item or a quote (``- [[cta]]``, ``> [[cta]]``).

Never: links and images (``[text](url)``, ``[cta](url)``, ``![cat](x.jpg)``, ``[text][ref]``),
reference definitions and abbreviations (``[cta]: url``, ``*[CTA]: ...``), footnote-style
``[1]`` and ``[^1]``, ``[TOC]``, Pelican's ``{static}``/``{filename}``, inline code, fenced
or indented code, HTML comments (to show a marker as text, put it in backticks).

The same test runs on built HTML (:func:`html_marker_problems`), for ``invoke check``.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The real marker, as consult.markers' Markdown extension recognizes it (it imports this).
MARKER = re.compile(
    r"^[ ]{0,3}\[\[\s*cta\s*(?::\s*(?P<name>[^\]\n]*?)\s*)?\]\][ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
TOKEN = re.compile(
    r"(?P<open>\[\[|\{\{|\{%|<<|\(\(|\[|\{|<|\()"
    r"[ \t]*(?P<word>[A-Za-z][A-Za-z0-9 _-]{0,30}?)[ \t]*"
    r"(?::[ \t]*(?P<name>[^\[\]{}()<>\n:]{0,40}?)[ \t]*)?"
    r"(?P<close>\]\]|\}\}|%\}|>>|\)\)|\]|\}|>|\))"
)
DOUBLE = ("[[", "{{", "{%", "<<", "((")
OPENING = ("[", "{", "<", "(")
CLOSING = ("]", "}", ">", ")")
# A list item's bullet or number, or quote markers, before the text of a line.
CONTAINER = re.compile(r"^\s*(?:>[ ]?)+|^\s*(?:[-*+]|\d{1,9}[.)])[ ]+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ ]+\S")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+).+?\1")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Words the coach may have meant by a marker, compared without spaces, dashes and case.
MEANT = ("cta", "calltoaction", "consultation", "consult")
NOT_MARKERS = frozenset({"toc"})


@dataclass(frozen=True)
class Lookalike:
    """One thing that looks like a marker: its line, the text as written, and the advice."""

    line: int
    written: str
    advice: str

    @property
    def message(self) -> str:
        return f"`{self.written}` {self.advice}"


@lru_cache(maxsize=4096)
def meant_cta(word: str) -> bool:
    """Whether ``word`` is close to a word meaning the consultation box."""
    key = re.sub(r"[\s_-]+", "", word.casefold())
    if key in NOT_MARKERS:
        return False
    return bool(difflib.get_close_matches(key, MEANT, n=1, cutoff=0.6))


def suggestion(name: str | None) -> str:
    """The marker to write instead: ``[[cta]]`` or ``[[cta: NAME]]``."""
    name = (name or "").strip().lower()
    return f"[[cta: {name}]]" if name else "[[cta]]"


def _token_advice(line: str, match: re.Match[str], *, in_html: bool) -> str | None:
    """What is wrong with one bracketed token, or None if it is not marker-like."""
    start, end = match.span()
    before, after = line[:start], line[end:]
    opening = match["open"]
    if opening.startswith("[") and before.endswith(("!", "]")):
        return None  # an image, a reference link, an abbreviation
    if match["close"].endswith("]") and after.startswith(("(", "[", ":")):
        return None  # a link, a reference link, a reference definition
    alone = not before.strip() and not after.strip()
    if not alone and opening not in DOUBLE:
        return None  # "(CTA)" or "[cat]" inside a sentence
    meant = meant_cta(match["word"])
    if not meant and not (opening == "[[" and alone):
        return None
    real = MARKER.fullmatch(match.group().strip())
    if real and alone and not in_html:
        return None  # the marker itself (a container around it is checked by the caller)
    wanted = suggestion(match["name"] if meant else None)
    if in_html:
        return (
            "is shown as text on this page; in the file it comes from, write "
            f"`{wanted}` on a line of its own, or remove it."
        )
    if real:
        return (
            f"works only on a line of its own; put `{wanted}` on its own line, with nothing "
            "before or after it."
        )
    return f"is not a marker; did you mean `{wanted}`?"


def line_lookalikes(
    line: str, number: int, *, in_html: bool = False, nested: bool = False
) -> Iterator[Lookalike]:
    """Marker lookalikes on one line of Markdown (or one block of a page's text).

    ``nested``: the line belongs to a list item (indented under it).
    """
    container = None if in_html else CONTAINER.match(line)
    text = line[container.end() :] if container else line
    if (container or nested) and MARKER.fullmatch(text.strip()):
        yield Lookalike(
            number,
            text.strip(),
            "inside a list or a quote is shown as text; put it on a line of its own, outside "
            "the list or quote, with an empty line before it.",
        )
        return
    if "`" in text:
        text = CODE_SPAN.sub(lambda m: " " * len(m.group()), text)
    for match in TOKEN.finditer(text):
        advice = _token_advice(text, match, in_html=in_html)
        if advice:
            yield Lookalike(number, match.group().strip(), advice)


def _blank_comments(text: str) -> str:
    """HTML comments replaced by spaces (their line breaks kept, so line numbers stay)."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def may_hold_lookalikes(body: str) -> bool:
    """A cheap first look: double brackets anywhere, or a line that is one bracketed word
    (after any list or quote markers): it starts and ends with a bracket."""
    if any(double in body for double in DOUBLE):
        return True
    for line in body.splitlines():
        text = line.strip()
        if text[-1:] in CLOSING and text.lstrip(">-*+0123456789.) ")[:1] in OPENING:
            return True
    return False


def lookalikes(body: str, first_line: int = 1) -> list[Lookalike]:
    """Every marker lookalike in a post's Markdown ``body``, whose first line is ``first_line``.

    Code (fenced, or indented by four spaces or a tab outside a list, eight inside) and HTML
    comments are skipped; an indented line under a list item is part of that item.
    """
    found: list[Lookalike] = []
    if not may_hold_lookalikes(body):
        return found  # most posts
    fence: str | None = None
    in_list, after_blank = False, True
    if "<!--" in body:
        body = _blank_comments(body)
    for offset, line in enumerate(body.splitlines()):
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not line.strip():
            after_blank = True
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if LIST_ITEM.match(line):
            in_list = True
        elif indent < 4 and after_blank:
            in_list = False  # a paragraph of its own ends the list
        after_blank = False
        if indent >= (8 if in_list else 4):
            continue  # code
        if "[" in line or "{" in line or "<" in line or "(" in line:
            nested = in_list and indent >= 4
            found.extend(line_lookalikes(line, first_line + offset, nested=nested))
    return found


SKIPPED_ELEMENTS = re.compile(
    r"<(script|style|pre|code|textarea|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|div|h[1-6]|blockquote|td|th|tr|table|br|hr|section|article|aside|"
    r"header|footer|nav|main|dd|dt|dl|figure|figcaption|title|body|head|html)\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
RAW_TAG = re.compile(r"<(cta|call-?to-?action|consult(?:ation)?)\b[^>]*>", re.IGNORECASE)


def page_lookalikes(page: str) -> list[str]:
    """Marker lookalikes shown as text on one built HTML page (each once, in order)."""
    page = SKIPPED_ELEMENTS.sub(" ", COMMENT.sub(" ", page))
    found = [f"`{m.group()}` is a tag no browser shows" for m in RAW_TAG.finditer(page)]
    text = html.unescape(TAG.sub("", BLOCK_TAG.sub("\n", page)))
    for block in text.splitlines():
        found += [item.message for item in line_lookalikes(block, 0, in_html=True)]
    return list(dict.fromkeys(found))


def html_marker_problems(site: Path) -> list[str]:
    """``page: problem`` for every built page that shows a marker lookalike as text."""
    site = site.resolve()
    problems = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if "pagefind" in relative.parts:
            continue
        for problem in page_lookalikes(page.read_text("utf-8", errors="replace")):
            problems.append(f"{relative.as_posix()}: {problem}")
    return problems
