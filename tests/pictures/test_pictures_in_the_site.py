"""The coach's pictures in the built site and the email (plugins/coach_images, issue 15)."""

from __future__ import annotations

import re

import pytest
from conftest import Project

import coach_images
from coachsite.errors import CoachError

from .photos import POST, metadata_free, phone_photo, png, with_picture

LEAD = "![The coach's desk by the window]({static}/images/office.jpg)"


@pytest.fixture(scope="module")
def photo() -> bytes:
    return phone_photo(1600, 1200)  # stored sideways, as a phone does (smaller: quicker)


def post_with_pictures(project: Project, photo: bytes) -> Project:
    project.write("content/images/office.jpg", photo)
    project.write("content/images/chart.png", png(900, 600))
    text = (project.root / POST).read_text(encoding="utf-8")
    second = "![A chart of replies by week]({static}/images/chart.png)"
    project.write(POST, with_picture(f"{LEAD}\n\n{second}", text))
    return project


@pytest.fixture
def site(project: Project, photo: bytes) -> Project:
    return post_with_pictures(project, photo)


def pictures(page: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", page, re.S)


def test_a_post_s_pictures_have_sources_sizes_and_their_upright_size(site: Project) -> None:
    site.build()
    page = site.read("posts/pseudo-interviews/index.html")
    lead, chart = pictures(page)
    assert '<source type="image/webp" srcset="/images/sizes/office-480.webp 480w, ' in lead
    assert "/images/sizes/office-1200.webp 1200w" in lead
    assert 'srcset="/images/sizes/office-480.jpg 480w' in lead  # the fallback's widths
    assert 'width="1200" height="1600"' in lead  # upright, not the file's 1600 x 1200
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert 'loading="lazy"' in chart and "fetchpriority" not in chart
    assert 'width="900" height="600"' in chart and "chart-1200" not in chart  # never wider
    assert 'sizes="(max-width: 672px) calc(100vw - 36px), 636px"' in lead


def test_no_published_picture_carries_the_phone_s_metadata(project: Project) -> None:
    photo = phone_photo(4000, 3000)  # a phone's 12 megapixels, with its GPS position
    site = post_with_pictures(project, photo)
    site.build()
    published = sorted((site.output / "images").rglob("*.*"))
    assert len(published) > 20  # two pictures, each in several widths and formats
    assert all(metadata_free(path.read_bytes()) for path in published)
    assert (site.output / "images/office.jpg").read_bytes() != photo


def test_an_unchanged_picture_is_not_made_again_and_the_files_are_a_clean_build_s(
    site: Project, tmp_path, photo: bytes
) -> None:
    site.build()
    assert coach_images.IMAGES.made_now == 2
    text = (site.root / POST).read_text(encoding="utf-8")
    site.write(POST, text + "\nOne more sentence, added later.\n")
    site.build()
    assert coach_images.IMAGES.made_now == 0
    # placed from the cache as hard links: no bytes copied
    cached = {path.stat().st_ino for path in site.root.glob("cache/*/images/*/*")}
    published = list((site.output / "images").rglob("*.*"))
    assert published and all(path.stat().st_ino in cached for path in published)
    from conftest import copy_project

    clean = copy_project(tmp_path / "clean")
    for name in ("content/images/office.jpg", "content/images/chart.png", POST):
        clean.write(name, (site.root / name).read_bytes())
    clean.build()
    ours = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("images/**/*.*")}
    theirs = {
        p.relative_to(clean.output): p.read_bytes() for p in clean.output.rglob("images/**/*.*")
    }
    assert ours.keys() == theirs.keys() and len(ours) > 20
    assert ours == theirs


def test_the_email_shows_the_600_pixel_variant(site: Project) -> None:
    special = "content/specials/2026-04.md"
    text = (site.root / special).read_text(encoding="utf-8")
    site.write(special, text + f"\n{LEAD}\n")
    site.build()
    email = (site.root / "build/newsletter/2026-04/email.html").read_text(encoding="utf-8")
    (img,) = [tag for tag in re.findall(r"<img [^>]*>", email) if "office" in tag]
    assert 'src="https://www.midlifecareerstrategy.com/images/sizes/office-600.jpg"' in img
    assert 'width="600" height="800"' in img
    assert "srcset" not in email and "<picture" not in email and "office.jpg" not in email


def _error(site: Project) -> str:
    with pytest.raises(CoachError) as caught:
        site.build()
    return str(caught.value)


def test_a_broken_picture_names_the_post_and_the_file(site: Project) -> None:
    site.write("content/images/office.jpg", b"this was never a photo")
    said = _error(site)
    assert f"{POST}: content/images/office.jpg is not a picture this site can publish" in said
    assert "Save it again as a JPEG or PNG" in said


def test_a_picture_too_large_names_the_post_and_the_file(site: Project) -> None:
    site.write("content/images/chart.png", png(6400, 40))
    said = _error(site)
    assert f"{POST}: content/images/chart.png is 6400 x 40 pixels" in said


def test_a_picture_without_alt_text_names_the_post(site: Project) -> None:
    text = (site.root / POST).read_text(encoding="utf-8")
    site.write(POST, text.replace("![A chart of replies by week]", "![]"))
    said = _error(site)
    assert f"{POST}: the image `{{static}}/images/chart.png` has no alt text" in said


def test_a_picture_no_post_uses_is_still_checked(site: Project) -> None:
    site.write("content/images/unused.jpg", b"not a picture")
    said = _error(site)
    assert "content/images/unused.jpg is not a picture this site can publish" in said


def test_a_special_s_picture_is_shown_in_its_sizes_on_the_specials_page(site: Project) -> None:
    special = "content/specials/2026-04.md"
    text = (site.root / special).read_text(encoding="utf-8")
    site.write(special, text + f"\n{LEAD}\n")
    site.build()
    for page in ("specials/index.html", "newsletter/2026-04/index.html"):
        (shown,) = pictures(site.read(page))
        assert 'src="../images/office.jpg"' in shown or 'src="../../images/office.jpg"' in shown
        assert "{static}" not in shown and 'width="1200" height="1600"' in shown
        assert "/images/sizes/office-800.webp 800w" in shown
        assert "fetchpriority" not in shown


def published_pictures(project: Project) -> dict[str, bytes]:
    output = project.output
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("images/**/*.*")}


def test_pictures_are_made_by_a_process_of_their_own(
    site: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(*args: object) -> None:
        raise AssertionError("the build made a picture the picture process should have")

    monkeypatch.setattr(coach_images, "make_files", not_here)
    site.build()
    assert coach_images.IMAGES.made_now == 2
    assert len(published_pictures(site)) > 20


def test_without_the_picture_process_the_build_makes_the_pictures(
    site: Project, tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from conftest import copy_project

    clean = post_with_pictures(copy_project(tmp_path / "clean"), phone_photo(1600, 1200))
    clean.build()
    # a process that stops at once: the build notes it and makes every picture itself
    from coachsite import side_process

    real = side_process.SideProcess

    class Broken(real):  # type: ignore[misc,valid-type]
        def __init__(self, module: str, setup: dict, what: str) -> None:
            super().__init__("coach_images.no_such_worker", setup, what)

    monkeypatch.setattr(coach_images, "SideProcess", Broken)
    site.build()
    assert coach_images.IMAGES.made_now == 2
    assert "images: the picture process stopped early" in caplog.text
    assert published_pictures(site) == published_pictures(clean)


def test_a_picture_whose_cached_files_were_cut_short_is_made_again(site: Project) -> None:
    site.build()
    folders = [p.parent for p in site.root.glob("cache/*/images/*/files.json")]
    assert len(folders) == 2
    (folders[0] / "files.json").unlink()  # as when the making was stopped halfway
    (folders[0] / "3").unlink()
    site.build()
    assert coach_images.IMAGES.made_now == 1
    assert all((folder / "3").is_file() for folder in folders)
    assert len(published_pictures(site)) > 20


def test_the_same_photo_under_two_names_is_published_under_both(
    project: Project, photo: bytes
) -> None:
    project.write("content/images/office.jpg", photo)
    project.write("content/images/office-copy.jpg", photo)
    text = (project.root / POST).read_text(encoding="utf-8")
    again = "![The same desk, later]({static}/images/office-copy.jpg)"
    project.write(POST, with_picture(f"{LEAD}\n\n{again}", text))
    project.build()
    published = published_pictures(project)
    for name in ("office", "office-copy"):
        assert f"images/{name}.jpg" in published
        assert metadata_free(published[f"images/{name}.jpg"])
        assert any(path.startswith(f"images/sizes/{name}-480.") for path in published)
    page = project.read("posts/pseudo-interviews/index.html")
    assert "office-copy-480.webp" in page
