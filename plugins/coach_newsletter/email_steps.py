"""The email pipeline: small named steps, each a pure function over an HTML string.

Modelled on Ghost's email renderer: absolute links (coachsite/links.py), link tagging, CSS
inlining and the checks that keep an email deliverable are separate steps, tested one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import css_inline

from coachsite.delta import Delta, built
from coachsite.links import with_params
from coachsite.site_check import local_target

HREF = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
# Gmail clips messages near 102 KB; keep a margin for what Mailchimp adds.
MAX_EMAIL_BYTES = 90 * 1024
# Gmail drops the email's <style> blocks when they total 16 KB or more.
MAX_STYLE_BYTES = 16 * 1024
MAX_SUBJECT_CHARS = 150
UNSUBSCRIBE_TAG = "*|UNSUB|*"


def tag_links(html: str, site: str, params: dict[str, str]) -> str:
    """Add UTM ``params`` to every link into ``site``; other links are left alone."""
    site = site.rstrip("/")

    def tag(match: re.Match[str]) -> str:
        url = match["url"].replace("&amp;", "&")
        if match["attr"] != "href" or not (url == site or url.startswith(site + "/")):
            return match[0]
        return f'href="{with_params(url, params).replace("&", "&amp;")}"'

    return HREF.sub(tag, html)


def inline_css(html: str) -> str:
    """Inline the ``<style>`` rules; keep media queries (mobile, dark mode) in a style block."""
    inliner = css_inline.CSSInliner(
        keep_at_rules=True, load_remote_stylesheets=False, minify_css=True
    )
    return inliner.inline(html)


@dataclass(frozen=True)
class Link:
    url: str
    line: int


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.images: list[tuple[dict[str, str | None], int]] = []
        self.styles: list[str] = []  # the text of each <style> element
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self._in_style = True
            self.styles.append("")
        found = dict(attrs)
        line = self.getpos()[0]
        if tag == "a" and found.get("href"):
            self.links.append(Link(found["href"] or "", line))
        if tag == "img":
            self.images.append((found, line))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def collect(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


def email_problems(
    html: str, subject: str, site: str, built_site: Path, delta: Delta | None = None
) -> list[str]:
    """Everything that makes this email unfit to send, as sentences for the coach."""
    problems: list[str] = []
    size = len(html.encode("utf-8"))
    if size > MAX_EMAIL_BYTES:
        problems.append(
            f"the email is {size / 1024:.1f} KB; Gmail clips emails near 102 KB, so keep it under "
            f"{MAX_EMAIL_BYTES // 1024} KB (shorten the special or list fewer posts)"
        )
    if UNSUBSCRIBE_TAG not in html:
        problems.append(f"the email has no unsubscribe link ({UNSUBSCRIBE_TAG})")
    if len(subject) > MAX_SUBJECT_CHARS:
        problems.append(
            f"the subject has {len(subject)} characters; keep it under {MAX_SUBJECT_CHARS}"
        )
    if not subject.strip():
        problems.append("the subject is empty")
    found = collect(html)
    style = sum(len(text.encode("utf-8")) for text in found.styles)
    if style >= MAX_STYLE_BYTES:
        problems.append(
            f"the email's <style> blocks are {style / 1024:.1f} KB; Gmail drops them from "
            f"{MAX_STYLE_BYTES // 1024} KB on, so keep the CSS in theme/templates/email/ shorter"
        )
    for attrs, line in found.images:
        if not (attrs.get("alt") or "").strip() and attrs.get("alt") != "":
            problems.append(f"an image ({attrs.get('src')}, line {line}) has no alt text")
        if not attrs.get("width") or not attrs.get("height"):
            problems.append(f"an image ({attrs.get('src')}, line {line}) has no width and height")
    for link in found.links:
        target = site_file(link.url, site, built_site)
        if target is not None and not built(target, built_site, delta):
            problems.append(f"a link points to a page that does not exist: {link.url}")
    return problems


def site_file(url: str, site: str, built_site: Path) -> Path | None:
    """The built file a link into ``site`` refers to, or None for links elsewhere."""
    site = site.rstrip("/")
    if url == site:
        url += "/"
    if not url.startswith(site + "/"):
        return None
    return local_target(built_site / "index.html", url, built_site, site)
