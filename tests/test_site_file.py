"""content/site.md: read and checked (file, line, what to write), mapped onto the settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, Project

from coachsite.build import load_settings
from coachsite.fields import Image
from coachsite.site_file import SiteFile, SiteFileError, read_site_file, site_settings

GOOD = """\
Name: Jane Miller
Credential: Certified career coach, former university lecturer
Photo: images/coach.png
Email: jane@janemiller.com
Booking: https://cal.com/jane/consultation
Price: 1,200.50
Currency: eur
Length: 45 minutes
Website: https://www.janemiller.com/
Subscribe_form: https://janemiller.us21.list-manage.com/subscribe/post?u=a1b2&id=c3d4
Subscribe_honeypot: b_a1b2_c3d4
Newsletter_from: Jane Miller Coaching
Newsletter_reply_to: news@janemiller.com
Postal_address: 12 Main Street, Springfield, MA 01101
Mastodon: https://mastodon.social/@jane
LinkedIn: https://www.linkedin.com/in/jane-miller/

Notes for myself: not published.
"""
MINIMAL = "Name: Jane Miller\nEmail: jane@janemiller.com\nWebsite: https://www.janemiller.com\n"


def content_with(tmp_path: Path, text: str, *, photo: bool = True) -> Path:
    """A content folder with site.md (and content/images/coach.png) in a project folder."""
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    if photo:
        shutil.copy(ROOT / "theme/static/images/logo.png", content / "images/coach.png")
    site = content / "site.md"
    site.write_text(text, encoding="utf-8")
    return site


def read(tmp_path: Path, text: str, *, photo: bool = True) -> SiteFile:
    return read_site_file(content_with(tmp_path, text, photo=photo), tmp_path)


def replace_line(key: str, line: str | None, text: str = GOOD) -> str:
    """GOOD with the line starting ``key:`` replaced by ``line`` (or dropped for None)."""
    lines = [line if row.startswith(f"{key}:") else row for row in text.splitlines()]
    return "\n".join(row for row in lines if row is not None) + "\n"


def test_every_value_is_read(tmp_path: Path) -> None:
    site = read(tmp_path, GOOD)
    assert site == SiteFile(
        name="Jane Miller",
        credential="Certified career coach, former university lecturer",
        photo=Image("images/coach.png", 144, 144),
        photo_alt="Photo of Jane Miller",
        email="jane@janemiller.com",
        booking="https://cal.com/jane/consultation",
        price="1200.50",
        currency="EUR",
        length=45,
        website="https://www.janemiller.com",
        subscribe_form="https://janemiller.us21.list-manage.com/subscribe/post?u=a1b2&id=c3d4",
        subscribe_honeypot="b_a1b2_c3d4",
        newsletter_from="Jane Miller Coaching",
        newsletter_reply_to="news@janemiller.com",
        postal_address="12 Main Street, Springfield, MA 01101",
        social=(
            ("Mastodon", "https://mastodon.social/@jane"),
            ("LinkedIn", "https://www.linkedin.com/in/jane-miller/"),
        ),
        source=Path("content/site.md"),
    )


def test_the_settings_keep_their_names() -> None:
    site = SiteFile(
        name="Jane Miller",
        email="jane@janemiller.com",
        website="https://www.janemiller.com",
        booking="https://cal.com/jane",
        currency="GBP",
        subscribe_form="https://x.us21.list-manage.com/subscribe/post?u=1&id=2",
        subscribe_honeypot="b_1_2",
        postal_address="1 High Street",
        social=(("X", "https://x.com/jane"),),
    )
    assert site_settings(site, "Jane's Site") == {
        "COACH": site,
        "SITE_PUBLIC_URL": "https://www.janemiller.com",
        "CONSULT_EMAIL": "jane@janemiller.com",
        "CONSULT_BOOKING_URL": "https://cal.com/jane",
        "SPECIALS_CURRENCY": "GBP",
        "SOCIAL": (("X", "https://x.com/jane"),),
        "NEWSLETTER_SUBSCRIBE_ACTION": "https://x.us21.list-manage.com/subscribe/post?u=1&id=2",
        "NEWSLETTER_SUBSCRIBE_HONEYPOT": "b_1_2",
        "NEWSLETTER_POSTAL_ADDRESS": "1 High Street",
        # not given: the site's name sends the newsletter, replies go to the contact address
        "NEWSLETTER_FROM_NAME": "Jane's Site",
        "NEWSLETTER_REPLY_TO": "jane@janemiller.com",
    }


def test_only_name_email_and_website_are_needed(tmp_path: Path) -> None:
    site = read(tmp_path, MINIMAL, photo=False)
    assert site.photo is None and site.length is None
    assert (site.booking, site.price, site.social) == ("", "", ())
    assert (site.currency, site.subscribe_form, site.subscribe_honeypot) == ("USD", "", "")


def test_empty_optional_lines_leave_the_setting_out(tmp_path: Path) -> None:
    site = read(tmp_path, MINIMAL + "Photo:\nBooking:\nPrice:\nLinkedIn:\n", photo=False)
    assert (site.photo, site.booking, site.price, site.social) == (None, "", "", ())


# (the line written, the line number it is on in GOOD, words of the message)
BAD_VALUES = {
    "email": ("Email: jane at janemiller.com", 4, "is not an email address; write it like"),
    "booking http": (
        "Booking: http://cal.com/jane",
        5,
        "use the secure address 'Booking: https://",
    ),
    "booking no address": ("Booking: cal.com/jane", 5, "is not a web address; write the whole"),
    "price": ("Price: about 100", 6, "'Price: about 100' is not a price; write a number"),
    "negative price": ("Price: -5", 6, "is not a price"),
    "currency": ("Currency: dollars", 7, "is not a currency code"),
    "length": ("Length: an hour", 8, "'Length: an hour' is not a length in minutes"),
    "website": ("Website: www.janemiller.com", 9, "is not a web address"),
    "website query": ("Website: https://www.janemiller.com/?x=1", 9, "only the site's address"),
    "subscribe form": ("Subscribe_form: mailchimp", 10, "is not a web address"),
    "honeypot": ("Subscribe_honeypot: <input name=b_1>", 11, "is not a field name"),
    "reply-to": ("Newsletter_reply_to: news", 13, "is not an email address"),
    "social host": ("LinkedIn: https://www.facebook.com/jane", 16, "is not an address on linkedin"),
    "social http": ("LinkedIn: http://www.linkedin.com/in/jane/", 16, "https://"),
    "photo missing": ("Photo: images/me.jpg", 3, "there is no picture content/images/me.jpg"),
    "photo outside": ("Photo: pictures/coach.png", 3, "is not in content/images/"),
    "photo web": ("Photo: https://example.com/me.jpg", 3, "is a web address"),
    "photo not a picture": ("Photo: images/notes.txt", 3, "not a picture I can show"),
    "empty name": ("Name:", 1, "'Name:' is empty; write it, e.g. 'Name: Jane Miller'"),
    "empty email": ("Email:", 4, "'Email:' is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_a_bad_value_names_the_line_and_what_to_write(tmp_path: Path, case: str) -> None:
    line, number, words = BAD_VALUES[case]
    key = line.split(":", 1)[0]
    site = content_with(tmp_path, replace_line(key, line))
    (site.parent / "images" / "notes.txt").write_text("not a picture", encoding="utf-8")
    with pytest.raises(SiteFileError) as caught:
        read_site_file(site, tmp_path)
    message = str(caught.value)
    assert message.startswith(f"content/site.md:{number}: "), message
    assert words in message, message


def test_a_photo_named_in_another_case_gets_a_did_you_mean(tmp_path: Path) -> None:
    site = content_with(tmp_path, replace_line("Photo", "Photo: images/Coach.PNG"))
    with pytest.raises(SiteFileError) as caught:
        read_site_file(site, tmp_path)
    assert str(caught.value) == (
        "content/site.md:3: there is no picture content/images/Coach.PNG; "
        "did you mean 'Photo: images/coach.png'?"
    )


@pytest.mark.parametrize(
    ("line", "meant"),
    [("Emial: jane@janemiller.com", "Email"), ("Domain: https://x.com", "Website"),
     ("Calendly: https://calendly.com/jane", "Booking"), ("Twitter: https://x.com/j", "X"),
     ("Linkedin_url: https://www.linkedin.com/in/j/", "LinkedIn")],
)  # fmt: skip
def test_an_unknown_key_gets_a_did_you_mean(tmp_path: Path, line: str, meant: str) -> None:
    site = content_with(tmp_path, GOOD.replace("Postal_address:", f"{line}\nPostal_address:"))
    with pytest.raises(SiteFileError) as caught:
        read_site_file(site, tmp_path)
    key = line.split(":", 1)[0]
    assert str(caught.value) == (
        f"content/site.md:14: unknown setting '{key}:'; did you mean '{meant}:'?"
    )


def test_an_unknown_key_without_a_likely_meaning_lists_the_keys(tmp_path: Path) -> None:
    site = content_with(tmp_path, "Favourite_colour: teal\n" + MINIMAL)
    with pytest.raises(SiteFileError) as caught:
        read_site_file(site, tmp_path)
    message = str(caught.value)
    assert message.startswith("content/site.md:1: unknown setting 'Favourite_colour:'; the ")
    assert "Name, Credential, Photo" in message and "LinkedIn" in message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (MINIMAL + "Email: again@janemiller.com\n", 4, "'Email:' appears twice (first on line 2)"),
        ("Name: Jane Miller\nEmail: jane@janemiller.com\n", None, "no 'Website:' line"),
        ("Name: Jane\nWebsite: https://www.janemiller.com\n", None, "no 'Email:' line"),
        ("Email: jane@janemiller.com\nWebsite: https://www.janemiller.com\n", None, "'Name:' is"),
        ("\n" + MINIMAL, 1, "must start with its settings"),
        (MINIMAL + "Booking https://cal.com/jane\n", 4, "is not a setting ('Key: value')"),
        (MINIMAL + "\nBooking: https://cal.com/jane\n", 5, "comes after the empty line"),
        (MINIMAL + "Subscribe_form: https://x.us21.list-manage.com/subscribe/post?u=1&id=2\n",
         4, "needs the name of its hidden field"),
    ],
)  # fmt: skip
def test_mistakes_in_the_file_itself(
    tmp_path: Path, text: str, line: int | None, words: str
) -> None:
    with pytest.raises(SiteFileError) as caught:
        read(tmp_path, text, photo=False)
    message = str(caught.value)
    where = "content/site.md: " if line is None else f"content/site.md:{line}: "
    assert message.startswith(where), message
    assert words in message, message


def test_a_missing_site_file_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(SiteFileError) as caught:
        read_site_file(tmp_path / "content" / "site.md", tmp_path)
    assert str(caught.value).startswith("content/site.md: content/site.md is missing; it holds")


def test_pelicanconf_reads_the_site_file(project: Project) -> None:
    project.write("content/images/coach.png", (ROOT / "theme/static/images/logo.png").read_bytes())
    project.write("content/site.md", GOOD)
    for conf in ("pelicanconf.py", "publishconf.py"):
        settings = load_settings(project.root / conf)
        assert settings["SITE_PUBLIC_URL"] == "https://www.janemiller.com"
        assert settings["CONSULT_EMAIL"] == "jane@janemiller.com"
        assert settings["CONSULT_BOOKING_URL"] == "https://cal.com/jane/consultation"
        assert settings["SPECIALS_CURRENCY"] == "EUR"
        assert settings["NEWSLETTER_SUBSCRIBE_ACTION"].startswith("https://janemiller.us21.")
        assert settings["NEWSLETTER_SUBSCRIBE_HONEYPOT"] == "b_a1b2_c3d4"
        assert settings["NEWSLETTER_POSTAL_ADDRESS"] == "12 Main Street, Springfield, MA 01101"
        assert settings["NEWSLETTER_FROM_NAME"] == "Jane Miller Coaching"
        assert settings["NEWSLETTER_REPLY_TO"] == "news@janemiller.com"
        assert settings["SOCIAL"][1] == ("LinkedIn", "https://www.linkedin.com/in/jane-miller/")
        assert settings["COACH"].name == "Jane Miller"
        assert settings["COACH"].photo == Image("images/coach.png", 144, 144)


def test_a_mistake_in_site_md_stops_the_build_with_one_line(project: Project) -> None:
    good = project.invoke("build")
    assert good.returncode == 0, good.stderr
    site = project.root / "content/site.md"
    site.write_text(
        site.read_text("utf-8").replace("Price: 150", "Price: one hundred"), encoding="utf-8"
    )
    bad = project.invoke("build")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert bad.stderr.strip().splitlines()[-1] == (
        "error: content/site.md:6: 'Price: one hundred' is not a price; write a number such as "
        "'Price: 150' or 'Price: 150.00' (the currency goes on its own line, 'Currency: USD')."
    )
