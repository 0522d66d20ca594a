"""Links for pages read away from the site (feeds, the email) and for tracked buttons.

The one place that makes links absolute (``absolutize_html``) and adds query parameters such
as UTM tags (``with_params``, ``utm``): the feeds, the email and the CTA buttons use these.

Feeds and emails are read away from the site, so ``../images/a.png`` or ``/about/`` must become
full addresses. Only the values of URL attributes inside start tags are rewritten: text,
entities (such as a cloaked e-mail address) and the rest of the markup stay byte for byte.
A Mailchimp merge tag (``*|UNSUB|*``) is never touched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from coachsite.urls import SCHEME

URL_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "cite", "action", "formaction", "data", "longdesc", "background"}
)
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
ATTRIBUTE = re.compile(
    r"""(?P<lead>\s)(?P<name>[^\s"'>/=]+)(?P<eq>\s*=\s*)"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+))"""
)


MERGE_TAG = "*|"


def utm(campaign: str, source: str, medium: str) -> dict[str, str]:
    """The three UTM parameters, in the order they are written."""
    return {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign}


def with_params(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``params`` added to its query: keys already there are replaced, the rest
    of the query (blank values too) and the ``#fragment`` are kept."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def absolutize_url(value: str, base: str, *, keep_fragments: bool = False) -> str:
    """One attribute value (still HTML-escaped) made absolute against ``base``.

    ``keep_fragments``: a link to a place on the same page (``#top``) stays as it is (the
    email, where it points into the message itself); otherwise it names ``base``'s page.
    """
    decoded = html.unescape(value).strip()
    if not decoded or SCHEME.match(decoded) or decoded.startswith(MERGE_TAG):
        return value
    if keep_fragments and decoded.startswith("#"):
        return value
    return html.escape(urljoin(base, decoded), quote=True)


def absolutize_srcset(value: str, base: str) -> str:
    """A ``srcset`` list (``a.png 1x, b.png 2x``) with each address made absolute."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolutize_url(parts[0], base)
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _rewrite_tag(tag: str, base: str, keep_fragments: bool) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match["name"].lower()
        value = next(v for v in (match["dq"], match["sq"], match["uq"]) if v is not None)
        if name in URL_ATTRIBUTES:
            new = absolutize_url(value, base, keep_fragments=keep_fragments)
        elif name in SRCSET_ATTRIBUTES:
            new = absolutize_srcset(value, base)
        else:
            return match[0]
        quote = "'" if match["sq"] is not None else '"'
        return f"{match['lead']}{match['name']}{match['eq']}{quote}{new}{quote}"

    return ATTRIBUTE.sub(replace, tag)


class _StartTags(HTMLParser):
    """Records where each start tag is, as (offset, text)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str]] = []
        # getpos() counts lines by "\n" only (not by str.splitlines' other breaks)
        self._line_offsets = [0] + [m.end() for m in re.finditer("\n", source)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text()
        if text:
            line, column = self.getpos()
            self.tags.append((self._line_offsets[line - 1] + column, text))

    handle_startendtag = handle_starttag


def absolutize_html(fragment: str, base: str, *, keep_fragments: bool = False) -> str:
    """Return ``fragment`` with every URL attribute resolved against ``base``."""
    parser = _StartTags(fragment)
    parser.feed(fragment)
    parser.close()
    pieces: list[str] = []
    done = 0
    for offset, text in parser.tags:
        if fragment.startswith(text, offset):
            pieces += [fragment[done:offset], _rewrite_tag(text, base, keep_fragments)]
            done = offset + len(text)
    pieces.append(fragment[done:])
    return "".join(pieces)
