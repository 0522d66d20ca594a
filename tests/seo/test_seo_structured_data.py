"""JSON-LD on every kind of page: it parses, has the keys search engines require, is escaped."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import Project

from coach_seo.jsonld import dumps_jsonld

SITE = "https://www.midlifecareerstrategy.com/"
ABSOLUTE_URL = {"type": "string", "pattern": r"^https://www\.midlifecareerstrategy\.com/"}
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"}
NAMED = {"type": "object", "required": ["@type", "name"], "properties": {"name": {"minLength": 1}}}

SCHEMAS = {
    "BlogPosting": {
        "type": "object",
        "required": [
            "@context",
            "@type",
            "headline",
            "datePublished",
            "dateModified",
            "author",
            "publisher",
            "image",
            "url",
            "mainEntityOfPage",
        ],
        "properties": {
            "@context": {"const": "https://schema.org"},
            "headline": {"type": "string", "minLength": 1, "maxLength": 110},
            "datePublished": DATE_TIME,
            "dateModified": DATE_TIME,
            "author": {
                "type": "array",
                "minItems": 1,
                "items": {**NAMED, "properties": {"@type": {"const": "Person"}}},
            },
            "publisher": {
                **NAMED,
                "required": ["@type", "name", "logo"],
                "properties": {
                    "logo": {
                        "type": "object",
                        "required": ["url"],
                        "properties": {"url": ABSOLUTE_URL},
                    }
                },
            },
            "image": {"type": "array", "minItems": 1, "items": ABSOLUTE_URL},
            "url": ABSOLUTE_URL,
        },
    },
    "WebSite": {
        "type": "object",
        "required": ["@context", "@type", "name", "url", "potentialAction"],
        "properties": {
            "url": {"const": SITE},
            "potentialAction": {
                "type": "object",
                "required": ["@type", "target", "query-input"],
                "properties": {
                    "target": {
                        "type": "object",
                        "properties": {
                            "urlTemplate": {
                                "pattern": r"^https://www\.midlifecareerstrategy\.com/search/\?q=\{query\}$"
                            }
                        },
                    }
                },
            },
        },
    },
    "WebPage": {
        "type": "object",
        "required": ["@context", "@type", "name", "url", "isPartOf"],
        "properties": {"url": ABSOLUTE_URL, "name": {"minLength": 1}},
    },
    "CollectionPage": {
        "type": "object",
        "required": ["@context", "@type", "name", "url", "mainEntity"],
        "properties": {
            "url": ABSOLUTE_URL,
            "mainEntity": {
                "type": "object",
                "required": ["itemListElement"],
                "properties": {"itemListElement": {"type": "array", "minItems": 1}},
            },
        },
    },
}
PAGES = {
    "posts/pseudo-interviews/index.html": "BlogPosting",
    "index.html": "WebSite",
    "about/index.html": "WebPage",
    "work-with-me/index.html": "WebPage",
    "tag/interviews/index.html": "CollectionPage",
    "category/interviews/index.html": "CollectionPage",
    "archives/index.html": "CollectionPage",
    "archives/2026/04/index.html": "CollectionPage",
}


def jsonld_blocks(page: str) -> list[dict]:
    bodies = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(body) for body in bodies]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_type_has_valid_jsonld(april_site: Project, path: str) -> None:
    kind = PAGES[path]
    blocks = [b for b in jsonld_blocks(april_site.read(path)) if b.get("@type") == kind]
    assert len(blocks) == 1, path
    jsonschema.validate(blocks[0], SCHEMAS[kind])


def test_blog_posting_describes_the_post(april_site: Project) -> None:
    (post,) = jsonld_blocks(april_site.read("posts/pseudo-interviews/index.html"))
    assert post["headline"] == "Pseudo-Interviews: When the Interview Was Never Real"
    assert post["datePublished"] == "2026-04-06T09:00:00-04:00"
    assert post["url"] == SITE + "posts/pseudo-interviews/"
    assert post["keywords"] == ["interviews", "job search", "hiring"]
    assert post["author"][0]["url"] == SITE + "about/"
    assert post["image"] == [SITE + "theme/images/social-card.png"]


def test_listing_names_its_articles(april_site: Project) -> None:
    (listing,) = jsonld_blocks(april_site.read("tag/interviews/index.html"))
    urls = [item["url"] for item in listing["mainEntity"]["itemListElement"]]
    assert urls == [SITE + "posts/pseudo-interviews/"]
    assert listing["url"] == SITE + "tag/interviews/"


def test_noindex_pages_have_no_jsonld(april_site: Project) -> None:
    for path in ("404.html", "search/index.html"):
        assert jsonld_blocks(april_site.read(path)) == [], path


def test_encoder_escapes_what_could_end_the_script() -> None:
    text = dumps_jsonld({"headline": "a </script><!-- b & c \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"headline": "a </script><!-- b & c \u2028"}


def test_a_title_with_a_closing_script_tag_stays_inside_the_json(project: Project) -> None:
    project.write(
        "content/articles/2026-04-08-script.md",
        "Title: Why </script> and <!-- break pages\nDate: 2026-04-08\n"
        "Category: Interviews\nSummary: It ends </script> early.\n\nText.\n",
    )
    project.build()
    page = project.read("posts/why-and-break-pages/index.html")
    (post,) = jsonld_blocks(page)
    assert post["headline"] == "Why </script> and <!-- break pages"
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    assert "</" not in script and "<!--" not in script
