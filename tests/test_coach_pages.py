"""The coach on the site: Work with me, About and the footer show content/site.md and the
testimonials; a CTA's 'Link: booking' goes to the booking page. Built from fixture content."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, Project, copy_project

from coach_consult.errors import ConsultError

BOOKING = "https://cal.com/jane/consultation"
SITE = f"""\
Name: Jane Miller
Credential: Certified career coach, former university lecturer
Photo: images/jane.png
Email: jane@janemiller.com
Booking: {BOOKING}
Price: 150
Currency: USD
Length: 45
Website: https://www.janemiller.com
LinkedIn: https://www.linkedin.com/in/jane-miller/
"""
TESTIMONIAL = "Name: {name}\nRole: {role}\nConsent: 2026-03-0{n}\n{photo}\n{quote}\n"
BOOKING_CTA = "Headline: Ready to talk?\nButton: Pick a time\nLink: booking\n\nA few words.\n"


def fixture_content(site: Project, site_file: str = SITE) -> None:
    """The coach's own files replaced by fixtures: site.md, four testimonials, a photo."""
    for old in (site.root / "content/testimonials").glob("*.md"):
        old.unlink()
    site.write("content/site.md", site_file)
    logo = (ROOT / "theme/static/images/logo.png").read_bytes()
    site.write("content/images/jane.png", logo)
    site.write("content/images/tom.png", logo)
    people = [("Ann", "Teacher"), ("Tom", "Engineer"), ("Lea", "Nurse"), ("Zed", "Pilot")]
    for n, (name, role) in enumerate(people, start=1):
        photo = "Photo: images/tom.png\n" if name == "Tom" else ""
        site.write(
            f"content/testimonials/{n}-{name.lower()}.md",
            TESTIMONIAL.format(name=name, role=role, n=n, photo=photo, quote=f"{name} says hi."),
        )
    site.write("content/ctas/booking-cta.md", BOOKING_CTA)
    site.write(
        "content/articles/2026-04-08-book.md",
        "Title: Book now\nDate: 2026-04-08 10:00\nCTA: booking-cta\n\nText.\n",
    )


@pytest.fixture(scope="module")
def coach_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    site = copy_project(tmp_path_factory.mktemp("coach") / "site")
    fixture_content(site)
    site.build()
    yield site


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, css_class: str, tag: str = "section") -> str:
    found = re.findall(rf'<{tag} class="{css_class}".*?</{tag}>', page, re.S)
    assert len(found) == 1, f"expected one {css_class}, found {len(found)}"
    return found[0]


def footer_of(page: str) -> str:
    return page.split('<footer class="site-footer">', 1)[1]


def test_work_with_me_shows_the_coach_the_price_and_the_booking_button(coach_site) -> None:
    page = coach_site.read("work-with-me/index.html")
    hero = section(page, "page-hero", "header")
    assert "45-minute consultation: $150" in text_of(hero)
    assert f'<a class="button" href="{BOOKING}">Book a consultation</a>' in hero
    card = section(page, "coach-card")
    assert "Your coach Jane Miller Certified career coach, former university lecturer" in (
        text_of(card)
    )
    assert (
        '<img class="coach-photo" src="../images/jane.png" alt="Photo of Jane Miller" '
        'width="144" height="144" loading="lazy" decoding="async">'
    ) in card
    assert (coach_site.output / "images/jane.png").is_file()


def test_three_testimonials_in_file_order_with_their_photos(coach_site) -> None:
    for address in ("work-with-me/index.html", "about/index.html"):
        shown = section(coach_site.read(address), "testimonials")
        assert text_of(shown) == (
            "What clients say Ann says hi. Ann Teacher Tom says hi. Tom Engineer "
            "Lea says hi. Lea Nurse"
        ), address
        assert shown.count('<figure class="testimonial">') == 3
        assert 'src="../images/tom.png" alt="Photo of Tom"' in shown


def test_about_shows_the_card_with_the_booking_button(coach_site) -> None:
    card = section(coach_site.read("about/index.html"), "coach-card")
    assert "Jane Miller" in card and "45-minute consultation: $150" in text_of(card)
    assert f'href="{BOOKING}"' in card
    # at the top of the page, the photo loads at once (not lazily, as below the fold)
    assert (
        '<img class="coach-photo" src="../images/jane.png" alt="Photo of Jane Miller" '
        'width="144" height="144" decoding="async">'
    ) in card


def test_the_footer_shows_the_coach_on_every_page(coach_site) -> None:
    for address in ("index.html", "posts/pseudo-interviews/index.html", "privacy/index.html"):
        footer = footer_of(coach_site.read(address))
        about = footer.split('<div class="footer-about">', 1)[1].split("<nav", 1)[0]
        assert "Jane Miller Certified career coach" in text_of(about), address
        assert "45-minute consultation: $150" in text_of(about)
        assert f'<a class="button" href="{BOOKING}">Book a consultation</a>' in about
        assert 'class="footer-photo" src="' in about
        assert '<a href="https://www.linkedin.com/in/jane-miller/" rel="me">LinkedIn</a>' in footer
    # pages other than About and Work with me have neither card nor testimonials
    privacy = coach_site.read("privacy/index.html")
    assert 'class="coach-card"' not in privacy and 'class="testimonials"' not in privacy


def test_link_booking_goes_to_the_booking_page(coach_site) -> None:
    page = coach_site.read("posts/book-now/index.html")
    cta = re.search(r'<aside class="cta" data-cta="booking-cta".*?</aside>', page, re.S)
    assert cta is not None
    href = html.unescape(re.search(r'<a class="button" href="([^"]+)">Pick a time</a>', cta[0])[1])
    url = urlsplit(href)
    assert f"{url.scheme}://{url.netloc}{url.path}" == BOOKING
    assert parse_qs(url.query) == {
        "utm_source": ["site"],
        "utm_medium": ["cta"],
        "utm_campaign": ["booking-cta"],
    }


def test_without_photo_booking_or_testimonials(project: Project) -> None:
    fixture_content(project, SITE.replace("Photo: images/jane.png\n", "").replace(BOOKING, ""))
    project.root.joinpath("content/ctas/booking-cta.md").unlink()
    project.write("content/articles/2026-04-08-book.md", "Title: Book\nDate: 2026-04-08\n\nX.\n")
    for old in (project.root / "content/testimonials").glob("*.md"):
        old.unlink()
    project.build()
    page = project.read("work-with-me/index.html")
    card = section(page, "coach-card")
    assert '<span class="coach-photo coach-initials" aria-hidden="true">JM</span>' in card
    assert "<img" not in card
    assert 'class="testimonials"' not in page
    # no booking page: the (cloaked) contact address instead of the button
    hero = section(page, "page-hero", "header")
    assert "Book a consultation" not in hero
    assert "Write to book: jane at janemiller.com" in text_of(hero)
    assert "jane@janemiller.com" not in page


def test_link_booking_without_a_booking_page_names_the_cta_line(project: Project) -> None:
    fixture_content(project, SITE.replace(f"Booking: {BOOKING}\n", ""))
    with pytest.raises(ConsultError) as caught:
        project.build()
    assert str(caught.value) == (
        "content/ctas/booking-cta.md:3: 'Link: booking' uses the booking page from "
        "content/site.md, which has none: add a line such as "
        "'Booking: https://cal.com/your-name/consultation' there, or write 'Link: email' here."
    )
