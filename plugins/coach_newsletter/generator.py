"""NewsletterGenerator: web editions on the site and email artifacts under build/newsletter/.

It runs after the articles and pages generators have read everything (Pelican calls custom
generators after its own), so the month's posts and the consult plugin's specials are known.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import partial
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from coach_newsletter.compat import email_compat_problems
from coach_newsletter.editions import Edition, build_editions
from coach_newsletter.email_steps import email_problems, inline_css, tag_links
from coach_newsletter.errors import NewsletterError
from coach_newsletter.plaintext import html_to_text
from coachsite import delta as output_delta
from coachsite import pelican_adapter as adapter
from coachsite.edition_files import EditionFiles
from coachsite.links import absolutize_html, with_params

# In the email, links are absolute; one to a place in the message itself (#...) stays.
_absolute = partial(absolutize_html, keep_fragments=True)


class NewsletterGenerator(Generator):
    """Builds one edition per month that has a special (see editions.build_editions)."""

    def generate_context(self) -> None:
        self.editions = build_editions(
            self.context.get("SPECIALS", []),
            self.context.get("articles", []),
            self.settings["SITE_DATE"],
            self.settings["SITENAME"],
        )
        self.context["NEWSLETTER_EDITIONS"] = self.editions
        self.context.setdefault("SITEMAP_EXTRA", []).extend(
            (edition.url, edition.posts) for edition in self.editions
        )
        # Summaries with absolute links, taken now: Pelican resolves {filename} links in
        # summaries later, relative to whichever page it is writing at the time.
        self.summaries = {
            id(post): adapter.links_resolved(post, post.metadata.get("summary", ""), self.site_url)
            for edition in self.editions
            for post in edition.posts
        }

    def generate_output(self, writer: Any) -> None:
        template = self.get_template("newsletter_edition")
        for edition in self.editions:
            writer.write_file(
                edition.save_as,
                template,
                self.context,
                edition=edition,
                page_name=edition.url,
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        build_path = Path(self.settings["NEWSLETTER_BUILD_PATH"])
        for edition in self.editions:
            artifacts = self.render_email(edition)
            problems = email_problems(
                artifacts.html,
                edition.subject,
                self.site_url,
                Path(self.output_path),
                output_delta.of(self.settings),
            ) + email_compat_problems(artifacts.html, self)
            if problems:
                raise NewsletterError(
                    f"the {edition.label} newsletter cannot be sent as it is: "
                    + "; ".join(problems)
                    + ".",
                    getattr(edition.special, "source_path", None) or f"{edition.month}.md",
                )
            artifacts.write(build_path / edition.month)
        remove_other_editions(build_path, {edition.month for edition in self.editions})

    @property
    def site_url(self) -> str:
        return str(self.settings["SITE_PUBLIC_URL"]).rstrip("/")

    def render_email(self, edition: Edition) -> EditionFiles:
        """Render the HTML and plain-text parts and the campaign settings for one edition."""
        site = self.site_url
        utm = {
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": edition.campaign_title,
        }
        web_url = f"{site}/{edition.url}"
        posts = [
            {
                "title": post.title,
                "url": f"{site}/{post.url}",
                "summary": _absolute(self.summaries[id(post)], f"{site}/{post.url}"),
                "summary_text": html_to_text(tag_links(self.summaries[id(post)], site, utm)),
            }
            for post in edition.posts
        ]
        special = edition.special
        special_html = _absolute(_special_html(special), web_url)
        cta = self.context.get("NEWSLETTER_CTA") or _cta(self.context, self.settings)
        cta_html = _absolute(cta["body"], web_url) if cta else ""
        values = {
            "edition": edition,
            "web_url": web_url,
            "site_url": site,
            "posts": posts,
            "special_html": special_html,
            "special_text": html_to_text(tag_links(special_html, site, utm)),
            "cta": cta,
            "cta_html": cta_html,
            "cta_text": html_to_text(tag_links(cta_html, site, utm)) if cta else "",
            "postal_address": self.settings.get("NEWSLETTER_POSTAL_ADDRESS")
            or "*|LIST:ADDRESSLINE|*",
        }
        context = {**self.context, **values}
        html = self.env.get_template("email/specials.html").render(context)
        pictures = self.context.get("PICTURES")  # plugins/coach_images: each as its 600 px variant
        if pictures is not None:
            html = pictures.for_email(html, site)
        html = inline_css(tag_links(_absolute(html, web_url), site, utm))
        text = self.env.get_template("email/specials.txt").render(
            {
                **context,
                "web_url": with_params(web_url, utm),
                "posts": _tag_posts(posts, utm),
                "cta": _tag_cta(cta, site, utm),
            }
        )
        campaign = {
            "title": edition.campaign_title,
            "month": edition.month,
            "subject": edition.subject,
            "preview_text": edition.preview_text,
            "from_name": self.settings["NEWSLETTER_FROM_NAME"],
            "reply_to": self.settings["NEWSLETTER_REPLY_TO"],
            "web_url": web_url,
            "special_from": edition.special.valid_from.isoformat(),
            "special_until": edition.special.valid_until.isoformat(),
        }
        return EditionFiles(edition.month, html, _tidy_text(text), campaign)


def _special_html(special: Any) -> str:
    return str(getattr(special, "body", "") or "")


def _cta(context: dict, settings: dict) -> dict[str, str] | None:
    """The consultation block for the email: the configured CTA with an absolute link.

    Email has no scripts, so an email link is a plain ``mailto:`` here (the public web
    edition keeps the address cloaked).
    """
    ctas = context.get("CTAS") or {}
    cta = ctas.get(settings.get("NEWSLETTER_CTA", "general"))
    if cta is None:
        return None
    site = str(settings["SITE_PUBLIC_URL"]).rstrip("/")

    def content_url(path: str) -> str:
        target = context.get("generated_content", {}).get(path)
        return f"{site}/{target.url}" if target is not None else f"{site}/{path}"

    kind, target = cta.link.resolve(settings["CONSULT_EMAIL"], content_url)
    href = f"mailto:{target}" if kind == "email" else target
    return {
        "headline": cta.headline,
        "body": cta.body,
        "button": cta.button or "Book a consultation",
        "href": href,
    }


def _tag_posts(posts: list[dict[str, str]], utm: dict[str, str]) -> list[dict[str, str]]:
    return [{**post, "url": with_params(post["url"], utm)} for post in posts]


def _tag_cta(cta: dict[str, str] | None, site: str, utm: dict[str, str]) -> dict | None:
    if not cta or not cta["href"].startswith(site):
        return cta
    return {**cta, "href": with_params(cta["href"], utm)}


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    out = "\n".join(lines).strip() + "\n"
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return out


def register_paths(settings: dict) -> None:
    """Default settings the generator relies on."""
    root = Path(settings.get("PATH", ".")).parent
    settings.setdefault("NEWSLETTER_BUILD_PATH", os.fspath(root / "build" / "newsletter"))
    settings.setdefault("SITE_PUBLIC_URL", settings.get("SITEURL") or "http://127.0.0.1:8000")
    settings.setdefault("NEWSLETTER_FROM_NAME", settings.get("SITENAME", ""))
    settings.setdefault("NEWSLETTER_REPLY_TO", settings.get("CONSULT_EMAIL", ""))


def remove_other_editions(build_path: Path, months: set[str]) -> None:
    """Delete ``build_path/YYYY-MM/`` folders of editions this build does not make (a special
    removed, a build date moved back): build/newsletter/ holds what the site announces."""
    if not build_path.is_dir():
        return
    for folder in build_path.iterdir():
        if (
            folder.is_dir()
            and re.fullmatch(r"\d{4}-\d{2}", folder.name)
            and folder.name not in months
        ):
            shutil.rmtree(folder)
