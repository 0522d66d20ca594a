"""The consult plugin in a real build: blocks, specials, placement, the cloaked address."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import Project
from consult_helpers import (
    POST,
    RAW_FORMS,
    block_of,
    blocks_of,
    main_of,
    post,
    readable_files,
    text_of,
)

COACH = (
    "I am happy to work with you if you\u2019d like to have a one-to-one consultation. "
    "Send an email to ask about specials for April: midlifecareerstrategy at gmail.com"
)


def test_seed_post_ends_with_the_coachs_pitch_and_the_april_special(april_site: Project) -> None:
    page = april_site.read(POST)
    block = block_of(page)
    text = text_of(block)
    assert COACH in text
    assert "April special: Your first one-to-one consultation at a reduced rate." in text
    assert "Valid until April 30, 2026." in text
    assert 'data-valid-until="2026-04-30T23:59:59-04:00"' in block
    # the block follows the article's own last paragraph, inside the post body
    body = page.split('<div class="post-body">', 1)[1]
    assert body.index("boarding your dog.</p>") < body.index('<aside class="cta"')


def test_seed_post_text_no_longer_carries_the_hand_written_pitch(april_site: Project) -> None:
    page = april_site.read(POST)
    outside = page.replace(block_of(page), "")
    assert "I am happy to work with you" not in outside
    assert "specials for April" not in outside


def test_block_without_a_special_in_a_month_that_has_none(project: Project) -> None:
    project.build(site_date="2026-05-10")
    block = block_of(project.read(POST))
    text = text_of(block)
    assert (
        "I am happy to work with you if you\u2019d like to have a one-to-one consultation." in text
    )
    assert "Send an email to ask about a consultation: midlifecareerstrategy at gmail.com" in text
    assert "special" not in text.lower()
    assert "data-valid-until" not in block


def test_block_is_an_aside_with_heading_the_search_index_skips(april_site: Project) -> None:
    block = block_of(april_site.read(POST))
    assert block.startswith('<aside class="cta" data-cta="interviews" data-pagefind-ignore')
    assert 'aria-labelledby="cta-heading"' in block
    assert '<h2 id="cta-heading">Interviews that lead nowhere?</h2>' in block


def test_button_link_carries_the_utm_tags(april_site: Project) -> None:
    block = block_of(april_site.read(POST))
    hrefs = re.findall(r'<a class="button" href="([^"]+)"', block)
    assert len(hrefs) == 1
    url = urlsplit(html.unescape(hrefs[0]))
    assert url.path == "../../work-with-me/"
    assert parse_qs(url.query) == {
        "utm_source": ["site"],
        "utm_medium": ["cta"],
        "utm_campaign": ["interviews"],
    }
    assert (april_site.output / "work-with-me/index.html").exists()


def test_listings_and_meta_descriptions_never_show_the_block(april_site: Project) -> None:
    for listing in ("index.html", "archives/index.html", "tag/interviews/index.html",
                    "category/interviews/index.html"):  # fmt: skip
        page = april_site.read(listing)
        assert 'class="cta"' not in page, listing
        assert "I am happy to work with you" not in page, listing


def test_summary_without_front_matter_is_taken_before_the_block(project: Project) -> None:
    project.write(
        "content/articles/2026-04-08-no-summary.md",
        post("No summary here", "First words of the post.\n\nSecond paragraph.", Tags="salary"),
    )
    project.build()
    page = project.read("posts/no-summary-here/index.html")
    assert len(blocks_of(page)) == 1
    description = re.search(r'<meta name="description" content="([^"]*)"', page)[1]
    assert description.startswith("First words of the post.")
    assert "happy to work" not in description
    index = project.read("index.html")
    assert "First words of the post." in index
    assert "happy to work" not in index and 'class="cta"' not in index


def test_marker_places_the_block_where_it_stands(project: Project) -> None:
    body = "Before the block.\n\n[[cta]]\n\nAfter the block."
    project.write("content/articles/2026-04-08-marker.md", post("With a marker", body))
    project.build()
    full = project.read("posts/with-a-marker/index.html")
    page = main_of(full)
    block = block_of(page)
    assert page.index("Before the block.") < page.index(block) < page.index("After the block.")
    assert "[[cta" not in full and "data-consult-cta" not in full
    description = re.search(r'<meta name="description" content="([^"]*)"', full)[1]
    assert description == "Before the block. After the block."
    assert 'data-cta="general"' in block


def test_marker_may_name_the_variant(project: Project) -> None:
    body = "Some text.\n[[cta: interviews]]\nMore text."
    project.write("content/articles/2026-04-08-named.md", post("Named marker", body))
    project.build()
    page = main_of(project.read("posts/named-marker/index.html"))
    assert 'data-cta="interviews"' in block_of(page)
    assert page.index("Some text.") < page.index("<aside") < page.index("More text.")


def test_cta_none_turns_the_block_off(project: Project) -> None:
    project.write(
        "content/articles/2026-04-08-quiet.md",
        post("A quiet post", "Nothing to sell.", Tags="interviews", CTA="none"),
    )
    project.build()
    page = project.read("posts/a-quiet-post/index.html")
    assert blocks_of(page) == []
    assert "Nothing to sell." in page


def test_front_matter_beats_tag_rules_which_beat_general(project: Project) -> None:
    project.write(
        "content/articles/2026-04-08-a.md",
        post("Tagged", "Text.", Category="Job search", Tags="hiring, Interviews"),
    )
    project.write(
        "content/articles/2026-04-08-b.md",
        post("Untagged", "Text.", Category="Job search", Tags="salary"),
    )
    project.write(
        "content/articles/2026-04-08-c.md",
        post("Chosen", "Text.", Category="Interviews", Tags="interviews", CTA="General"),
    )
    project.build()
    assert 'data-cta="interviews"' in block_of(project.read("posts/tagged/index.html"))
    assert 'data-cta="general"' in block_of(project.read("posts/untagged/index.html"))
    assert 'data-cta="general"' in block_of(project.read("posts/chosen/index.html"))


def test_a_new_variant_with_rules_is_picked_up(project: Project) -> None:
    project.write(
        "content/ctas/resumes.md",
        "Headline: Is your resume aimed right?\nButton: Book a resume review\n"
        "Link: https://booking.example.com/coach?type=resume#top\nTags: resumes\n\n"
        "I review resumes one-to-one.\n",
    )
    project.write(
        "content/articles/2026-04-08-resume.md", post("Resume post", "Text.", Tags="Resumes")
    )
    project.build()
    block = block_of(project.read("posts/resume-post/index.html"))
    assert "Is your resume aimed right?" in block
    href = html.unescape(re.search(r'<a class="button" href="([^"]+)"', block)[1])
    url = urlsplit(href)
    assert (url.netloc, url.path, url.fragment) == ("booking.example.com", "/coach", "top")
    assert parse_qs(url.query) == {
        "type": ["resume"],
        "utm_source": ["site"],
        "utm_medium": ["cta"],
        "utm_campaign": ["resumes"],
    }


def test_pages_opt_in(april_site: Project) -> None:
    work = april_site.read("work-with-me/index.html")
    block = block_of(work)
    assert 'data-cta="general"' in block
    assert "midlifecareerstrategy at gmail.com" in text_of(block)
    # an email CTA's button waits for the script, which gives it its mailto: link
    assert re.search(r'<a class="button email-button" data-email="[^"]+" hidden>', block)
    for other in ("about/index.html", "newsletter/index.html", "privacy/index.html"):
        assert blocks_of(april_site.read(other)) == [], other


def test_page_marker_opts_in(project: Project) -> None:
    project.write("content/pages/hello.md", "Title: Hello\n\nHi.\n\n[[cta]]\n\nBye.\n")
    project.build()
    page = main_of(project.read("hello/index.html"))
    assert page.index("Hi.") < page.index(block_of(page)) < page.index("Bye.")


def test_special_with_topics_shows_only_on_matching_posts(project: Project) -> None:
    special = project.root / "content/specials/2026-04.md"
    special.write_text(
        special.read_text("utf-8").replace("Offer:", "Topics: resumes\nOffer:"), "utf-8"
    )
    project.write(
        "content/articles/2026-04-08-resume.md", post("Resume post", "Text.", Tags="resumes")
    )
    project.build()
    assert "April special" not in project.read(POST)
    assert "April special" in project.read("posts/resume-post/index.html")
    assert "April special" in project.read("work-with-me/index.html")  # pages show any


def _assert_never_raw(output: Path) -> None:
    checked = 0
    for path, text in readable_files(output):
        checked += 1
        for form in (text, html.unescape(text)):
            found = RAW_FORMS.search(form)
            assert found is None, f"{path.relative_to(output)}: {found[0]!r}"
    assert checked > 10


def test_the_address_is_never_raw_in_any_built_file(april_site: Project) -> None:
    _assert_never_raw(april_site.output)


def test_the_address_is_never_raw_in_a_month_without_a_special(project: Project) -> None:
    project.build(site_date="2026-05-10")
    _assert_never_raw(project.output)


def test_the_cloaked_address_is_readable_and_decodable(april_site: Project) -> None:
    import base64

    block = block_of(april_site.read(POST))
    span = re.search(r'<span class="email" data-email="([^"]+)"[^>]*>(.*?)</span>', block)
    assert base64.b64decode(span[1]).decode() == "midlifecareerstrategy@gmail.com"
    assert "&#" in span[2]  # written as character references
    assert html.unescape(span[2]) == "midlifecareerstrategy at gmail.com"


def test_every_page_loads_the_deferred_script_and_nothing_inline(april_site: Project) -> None:
    script = april_site.output / "theme/js/consult.js"
    assert "mailto:" in script.read_text("utf-8")
    for path, text in readable_files(april_site.output):
        if path.suffix != ".html":
            continue
        assert re.search(r'<script src="[^"]*theme/js/consult\.js" defer></script>', text), path
        assert not re.search(r"\son[a-z]+=", text), path  # no inline handlers
        assert 'href="javascript:' not in text, path


def test_specials_page_lists_the_special_with_offer_json_ld(april_site: Project) -> None:
    page = april_site.read("specials/index.html")
    assert "<h1>Consultation specials</h1>" in page
    assert 'id="special-2026-04"' in page
    assert "Your first one-to-one consultation at a reduced rate." in page
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    catalogs = [data for data in map(json.loads, scripts) if data.get("@type") == "OfferCatalog"]
    assert len(catalogs) == 1
    (offer,) = catalogs[0]["itemListElement"]
    assert offer["@type"] == "Offer"
    assert offer["priceValidUntil"] == "2026-04-30"
    assert offer["validFrom"] == "2026-04-01T00:00:00-04:00"
    assert "price" not in offer  # the coach has not set one


def test_specials_page_shows_upcoming_and_escapes_json(project: Project) -> None:
    project.write(
        "content/specials/2026-05.md",
        "Title: May </script><b>special</b>\nOffer: Resume review & a plan\nPrice: 120\n\nBody.\n",
    )
    project.build(site_date="2026-04-30")
    page = project.read("specials/index.html")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    catalog = next(d for d in map(json.loads, scripts) if d.get("@type") == "OfferCatalog")
    names = [offer["name"] for offer in catalog["itemListElement"]]
    assert names == ["April special", "May </script><b>special</b>"]
    may = catalog["itemListElement"][1]
    assert (may["price"], may["priceCurrency"], may["priceValidUntil"]) == (
        "120",
        "USD",
        "2026-05-31",
    )
    assert "From <time" in page  # the upcoming one says when it starts

    project.build(site_date="2026-05-02")
    page = project.read("specials/index.html")
    assert 'id="special-2026-04"' not in page and 'id="special-2026-05"' in page


def test_editing_a_special_or_a_cta_shows_on_the_next_cached_build(project: Project) -> None:
    project.build()
    assert (project.root / "cache").is_dir()  # the reader cache is on
    special = project.root / "content/specials/2026-04.md"
    special.write_text(
        special.read_text("utf-8").replace("at a reduced rate", "at half price"), "utf-8"
    )
    cta = project.root / "content/ctas/interviews.md"
    cta.write_text(
        cta.read_text("utf-8").replace("Interviews that lead nowhere?", "Stuck after interviews?"),
        "utf-8",
    )
    project.build()
    block = block_of(project.read(POST))
    assert "Your first one-to-one consultation at half price." in block
    assert "Stuck after interviews?" in block
    assert "at half price" in project.read("work-with-me/index.html")


def test_feeds_carry_the_block_when_there_are_feeds(april_site: Project) -> None:
    feed = april_site.output / "feeds/all.atom.xml"
    if not feed.exists():  # the feeds plugin (issue 4) writes them
        return
    content = html.unescape(feed.read_text("utf-8"))
    assert 'class="cta"' in content
    assert "work-with-me/?utm_source=site&amp;utm_medium=cta&amp;utm_campaign=interviews" in content
