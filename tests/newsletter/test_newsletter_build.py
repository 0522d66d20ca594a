"""The newsletter's build step, on a real build of a site with fixture posts and specials."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Project
from newsletter_fixtures import SITE, fixture_site, post, special
from newsletter_fixtures import artifacts as month_artifacts

from coachsite.errors import CoachError

UTM = "utm_source=newsletter&utm_medium=email&utm_campaign=specials-2026-04"
MARCH_TITLE = "Targeted Resumes: Fewer, Better Interviews"
MARCH_POST = "posts/targeted-resumes/index.html"
POSTS = {
    "2026-03-20-targeted-resumes.md": post("targeted-resumes", "2026-03-20 09:00", MARCH_TITLE),
    "2026-04-06-april.md": post("april-post", "2026-04-06 09:00", "An April Post"),
}
APRIL = special("2026-04", "April special", "Your first consultation at a reduced rate.", "95")


def april_site(root: Path, **posts: str) -> Project:
    """The fixture site: the April special, a March post (April's edition lists it) and an
    April post (it waits for the next edition), plus ``posts`` (file name -> Markdown)."""
    return fixture_site(root, {**POSTS, **posts}, {"2026-04": APRIL})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    site = april_site(tmp_path_factory.mktemp("newsletter") / "site")
    site.build(site_date="2026-04-10")
    return site


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh, unbuilt fixture site (overrides conftest's copy of the real content)."""
    return april_site(tmp_path / "site")


def artifacts(site: Project, month: str = "2026-04"):
    return month_artifacts(site, month)


def test_april_artifacts_are_written(built: Project) -> None:
    html, text, campaign = artifacts(built)
    assert campaign["title"] == "specials-2026-04"
    assert campaign["subject"].startswith("The April 2026 special: ")
    assert campaign["preview_text"] == f"New on the blog: {MARCH_TITLE}"
    assert campaign["from_name"] and campaign["reply_to"] == "midlifecareerstrategy@gmail.com"
    assert len(html.encode()) < 90 * 1024
    # Hidden preheader, view-in-browser link, the special first, the month's post, the CTA.
    assert 'class="preheader"' in html and campaign["preview_text"] in html
    assert f'href="{SITE}/newsletter/2026-04/?{UTM.replace("&", "&amp;")}"' in html
    body = html.split('class="preheader"', 1)[1].split("</div>", 1)[1]
    assert (
        body.index("April special")
        < body.index("Targeted Resumes")
        < body.index("Ask about a consultation")
    )
    for tag in ("*|UNSUB|*", "*|UPDATE_PROFILE|*", "*|LIST:ADDRESSLINE|*"):
        assert tag in html and tag in text


def test_every_site_link_in_the_email_is_absolute_and_tagged(built: Project) -> None:
    html, text, _ = artifacts(built)
    hrefs = re.findall(r'href="([^"]+)"', html)
    site_links = [h.replace("&amp;", "&") for h in hrefs if h.startswith(SITE)]
    assert len(site_links) >= 4
    assert all(UTM in link for link in site_links), site_links
    others = [h for h in hrefs if not h.startswith(SITE)]
    assert set(others) <= {
        "*|UNSUB|*",
        "*|UPDATE_PROFILE|*",
        "mailto:midlifecareerstrategy@gmail.com",
    }
    text_links = re.findall(r"https?://\S+", text)
    assert text_links and all(UTM in link for link in text_links if link.startswith(SITE))


def test_css_is_inlined_and_media_queries_kept(built: Project) -> None:
    html, _, _ = artifacts(built)
    assert re.search(r'<td[^>]*class="pad special"[^>]*style="[^"]*background', html)
    assert "@media only screen and (max-width: 620px)" in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert 'width="600"' in html


def test_plain_text_is_its_own_part(built: Project) -> None:
    _, text, _ = artifacts(built)
    assert "</" not in text and "<p" not in text and "&amp;" not in text
    assert "New on the blog\n---------------" in text
    assert "Send an email: midlifecareerstrategy@gmail.com" in text
    assert max(len(line) for line in text.splitlines() if "http" not in line) <= 90


def test_web_edition_and_archive(built: Project) -> None:
    edition = built.read("newsletter/2026-04/index.html")
    assert "<h1>April special</h1>" in edition
    assert "posts/targeted-resumes/" in edition
    assert "posts/april-post/" not in edition  # dated in April: the May edition's
    archive = built.read("newsletter/index.html")
    # Development builds write relative addresses: from newsletter/, ../newsletter/2026-04/.
    assert re.search(
        r'<time datetime="2026-04">April 2026</time>\s*<a href="\.\./newsletter/2026-04/">'
        r"April special</a>",
        archive,
    )
    assert "April 2026" in archive
    for page in (
        edition,
        archive,
        built.read("index.html"),
        built.read(MARCH_POST),
    ):
        form = re.search(r'<form class="subscribe" action="([^"]+)" method="post"', page)
        assert form and form.group(1).startswith("https://")
        assert 'name="EMAIL"' in page and '<label for="mce-EMAIL-' in page
        assert 'tabindex="-1"' in page  # Mailchimp's honeypot


def test_no_future_edition_before_its_month(project: Project) -> None:
    project.write(
        "content/specials/2026-05.md",
        "Title: May special\nMonth: 2026-05\nOffer: A May offer.\n\nBody.\n",
    )
    project.build(site_date="2026-04-10")
    assert not (project.output / "newsletter/2026-05").exists()
    assert not (project.root / "build/newsletter/2026-05").exists()
    project.build(site_date="2026-05-02")
    assert (project.root / "build/newsletter/2026-05/email.html").exists()
    assert "May special" in project.read("newsletter/index.html")


def test_subscribe_form_hidden_when_not_configured(project: Project) -> None:
    conf = project.root / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + '\nNEWSLETTER_SUBSCRIBE_ACTION = ""\n', "utf-8")
    project.build()
    for page in ("index.html", "newsletter/index.html", MARCH_POST):
        assert 'class="subscribe"' not in project.read(page)


SPECIAL = "Title: April special\nMonth: 2026-04\nOffer: {offer}\n\n{body}\n"


@pytest.mark.parametrize(
    ("offer", "body", "words"),
    [
        ("x" * 160, "Body.", "the subject has"),
        (
            "Offer.",
            f"See [this]({SITE}/no-such-page/).",
            "does not exist: " + SITE + "/no-such-page/",
        ),
        (
            "Offer.",
            '<img src="https://cdn.example/p.png" width="10" height="10">',
            "has no alt text",
        ),
        ("Offer.", "Long words. " * 9000, "Gmail clips"),
    ],
)
def test_email_checks_fail_the_build_naming_the_special(
    project: Project, offer: str, body: str, words: str
) -> None:
    project.build()
    before = (project.output / "index.html").read_bytes()
    project.write("content/specials/2026-04.md", SPECIAL.format(offer=offer, body=body))
    with pytest.raises(CoachError) as caught:
        project.build()
    message = str(caught.value)
    assert message.startswith("content/specials/2026-04.md: the April 2026 newsletter cannot")
    assert words in message
    assert (project.output / "index.html").read_bytes() == before


def test_links_in_a_posts_summary_become_absolute_in_the_email(project: Project) -> None:
    project.write(
        "content/articles/2026-03-28-resumes.md",
        "Title: Summary links\nDate: 2026-03-28\nCategory: Resumes\n"
        "Summary: Why targeting matters; see [About]({filename}/pages/about.md).\n\n"
        "See [the consultation page]({filename}/pages/work-with-me.md).\n",
    )
    project.build(site_date="2026-04-10")
    html, text, _ = artifacts(project)
    assert f'href="{SITE}/about/?{UTM.replace("&", "&amp;")}"' in html
    assert f"About ({SITE}/about/?{UTM})" in " ".join(text.split())


def test_web_edition_and_specials_page_are_in_the_sitemap(built: Project) -> None:
    sitemap = built.read("sitemap.xml")
    assert f"<loc>{SITE}/newsletter/2026-04/</loc>" in sitemap
    assert f"<loc>{SITE}/specials/</loc>" in sitemap
