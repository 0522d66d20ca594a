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
    "Service": {
        "type": "object",
        "required": ["@context", "@type", "name", "description", "url", "provider", "offers"],
        "properties": {
            "@context": {"const": "https://schema.org"},
            "url": {"const": SITE + "work-with-me/"},
            "name": {"type": "string", "minLength": 1},
            "provider": {
                **NAMED,
                "properties": {"@type": {"const": "Person"}, "url": {"const": SITE + "about/"}},
            },
            "offers": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["@type"],
                    "properties": {
                        "@type": {"const": "Offer"},
                        "price": {"type": "string", "pattern": r"^\d+(\.\d{2})?$"},
                        "priceCurrency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                        "validFrom": DATE_TIME,
                        "validThrough": DATE_TIME,
                        "priceValidUntil": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                        "url": {"type": "string", "pattern": r"^https://"},
                    },
                    # a price always says its currency
                    "dependentRequired": {"price": ["priceCurrency"]},
                },
            },
        },
    },
}
PAGES = {
    "posts/pseudo-interviews/index.html": "BlogPosting",
    "index.html": "WebSite",
    "about/index.html": "WebPage",
    "work-with-me/index.html": "WebPage",
    "work-with-me/index.html#service": "Service",
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
    page = april_site.read(path.partition("#")[0])
    blocks = [b for b in jsonld_blocks(page) if b.get("@type") == kind]
    assert len(blocks) == 1, path
    jsonschema.validate(blocks[0], SCHEMAS[kind])


def test_blog_posting_describes_the_post(april_site: Project) -> None:
    (post,) = jsonld_blocks(april_site.read("posts/pseudo-interviews/index.html"))
    assert post["headline"] == "Pseudo-Interviews: When the Interview Was Never Real"
    assert post["datePublished"] == "2026-04-06T09:00:00-04:00"
    assert post["url"] == SITE + "posts/pseudo-interviews/"
    assert post["keywords"] == ["interviews", "job search", "hiring"]
    assert post["author"][0]["url"] == SITE + "about/"
    assert post["image"] == [SITE + "cards/light/posts/pseudo-interviews.png"]


def service(site: Project) -> dict:
    page = site.read("work-with-me/index.html")
    (found,) = [b for b in jsonld_blocks(page) if b.get("@type") == "Service"]
    jsonschema.validate(found, SCHEMAS["Service"], format_checker=jsonschema.FormatChecker())
    return found


def test_the_consultation_is_a_service_with_its_price_and_the_running_special(
    april_site: Project,
) -> None:
    data = service(april_site)
    assert data["provider"]["name"] == "Your Name"
    assert "areaServed" not in data  # not set in the demo's content/site.md
    usual, special = data["offers"]
    assert (usual["price"], usual["priceCurrency"]) == ("150", "USD")
    assert usual["url"] == "https://cal.com/your-name/consultation"
    assert special["name"] == "April special"
    assert special["priceValidUntil"] == "2026-04-30"
    assert special["validFrom"] == "2026-04-01T00:00:00-04:00"
    assert special["url"] == SITE + "specials/#special-2026-04"
    assert "price" not in special  # the April special names no price
    assert "Mention the April special" not in json.dumps(data)  # its text stays on the page


def test_a_priced_special_and_an_area_are_in_the_service(project: Project) -> None:
    site_md = project.root / "content" / "site.md"
    text = site_md.read_text(encoding="utf-8")
    site_md.write_text(text.replace("Area_served:", "Area_served: Online, worldwide"), "utf-8")
    project.write(
        "content/specials/2026-05.md",
        "Title: May special\nMonth: 2026-05\nOffer: A consultation at a reduced rate.\n"
        "Price: 95\n\nWrite to me in May.\n",
    )
    project.build(site_date="2026-05-03")
    data = service(project)
    assert data["areaServed"] == "Online, worldwide"
    (special,) = [o for o in data["offers"] if o.get("name") == "May special"]
    assert (special["price"], special["priceCurrency"]) == ("95", "USD")
    assert special["priceValidUntil"] == "2026-05-31"
    assert len(data["offers"]) == 2


def test_without_a_special_running_the_service_offers_the_usual_price(project: Project) -> None:
    project.build(site_date="2026-07-15")  # no special in July
    (usual,) = service(project)["offers"]
    assert usual["price"] == "150" and "priceValidUntil" not in usual


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
