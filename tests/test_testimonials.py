"""content/testimonials/*.md: read and checked; a testimonial without consent is refused."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT, Project
from pelican.settings import DEFAULT_CONFIG

from coach_testimonials.model import TestimonialError
from coach_testimonials.reading import read_testimonials
from coachsite.fields import Image

TODAY = dt.date(2026, 4, 10)
GOOD = """\
Name: Maria K.
Role: Operations manager, now in hospital administration
Consent: 2026-03-02

Three interviews in a month, after **a year** of silence.
"""


def settings_for(content: Path) -> dict:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH=str(content), SITE_DATE=TODAY)
    return settings


def folder_with(tmp_path: Path, **files: str) -> Path:
    """A content folder whose testimonials/ holds ``files`` (name -> text)."""
    content = tmp_path / "content"
    (content / "testimonials").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "images" / "maria.png").write_bytes(
        (ROOT / "theme/static/images/logo.png").read_bytes()
    )
    for name, text in files.items():
        (content / "testimonials" / f"{name}.md").write_text(text, encoding="utf-8")
    return content


def refused(tmp_path: Path, text: str) -> str:
    content = folder_with(tmp_path, maria=text)
    with pytest.raises(TestimonialError) as caught:
        read_testimonials(settings_for(content))
    return str(caught.value)


def test_a_testimonial_is_read_with_its_quote_as_html(tmp_path: Path) -> None:
    content = folder_with(tmp_path, b_second=GOOD.replace("Maria K.", "Tom"), a_first=GOOD)
    first, second = read_testimonials(settings_for(content))
    assert (first.name, second.name) == ("Maria K.", "Tom")  # in file-name order
    assert first.role == "Operations manager, now in hospital administration"
    assert first.consent == dt.date(2026, 3, 2)
    assert (
        first.quote
        == "<p>Three interviews in a month, after <strong>a year</strong> of silence.</p>"
    )
    assert (first.photo, first.photo_alt) == (None, "Photo of Maria K.")
    assert first.source_path == Path("content/testimonials/a_first.md")


def test_a_photo_is_optional_and_checked(tmp_path: Path) -> None:
    content = folder_with(
        tmp_path, maria=GOOD.replace("Consent:", "Photo: images/maria.png\nConsent:")
    )
    (testimonial,) = read_testimonials(settings_for(content))
    assert testimonial.photo == Image("images/maria.png", 144, 144)
    message = refused(tmp_path / "b", GOOD.replace("Consent:", "Photo: images/mari.png\nConsent:"))
    assert message.startswith("content/testimonials/maria.md:3: there is no picture content/")


def test_no_folder_means_no_testimonials(tmp_path: Path) -> None:
    assert read_testimonials(settings_for(tmp_path / "content")) == ()


def test_a_testimonial_without_consent_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, GOOD.replace("Consent: 2026-03-02\n", ""))
    assert message == (
        "content/testimonials/maria.md: this testimonial has no consent date, so it is not "
        "published: a client's words need their consent. Once they have agreed, add a line "
        "with that day, e.g. 'Consent: 2026-03-02'."
    )
    empty = refused(tmp_path / "b", GOOD.replace("Consent: 2026-03-02", "Consent:"))
    assert empty.startswith("content/testimonials/maria.md:3: this testimonial has no consent")


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("Consent: 2026-03-02", "Consent: March 2", 3, "'Consent: March 2' is not a date"),
        ("Consent: 2026-03-02", "Consent: 2026-05-01", 3, "is after today (2026-04-10)"),
        ("Name: Maria K.", "Name:", 1, "'Name:' is empty: write whose words these are"),
        ("Role: Operations", "Rol: Operations", 2, "unknown setting 'Rol:'; did you mean 'Role:'?"),
        ("Role: Operations", "Title: Operations", 2, "did you mean 'Role:'?"),
        ("Consent: 2026-03-02\n", "Consent: 2026-03-02\nConsent: 2026-03-03\n", 4, "twice"),
        ("\n\nThree", "\nThree", 4, "add an empty line after the settings"),
        ("Three interviews in a month, after **a year** of silence.\n", "", 4, "has no quote"),
    ],
)
def test_mistakes_name_the_file_line_and_fix(
    tmp_path: Path, old: str, new: str, line: int, words: str
) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    message = refused(tmp_path, text)
    assert message.startswith(f"content/testimonials/maria.md:{line}: "), message
    assert words in message, message


def test_a_build_refuses_a_testimonial_without_consent_and_keeps_the_site(
    project: Project,
) -> None:
    project.build()
    before = project.read("work-with-me/index.html")
    project.write("content/testimonials/9-new.md", "Name: Ann\nRole: Client\n\nGreat coach.\n")
    with pytest.raises(
        TestimonialError, match=r"^content/testimonials/9-new\.md: this testimonial"
    ):
        project.build()
    assert project.read("work-with-me/index.html") == before
