"""On a phone, a post's photo is loaded as a variant for the phone's width, never the
4,000-pixel original (plugins/coach_images, issue 15)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Project, copy_project
from pictures.photos import POST, phone_photo, with_picture

from .support import APRIL_10, serve


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site: Project = copy_project(tmp_path_factory.mktemp("photo") / "site")
    site.write("content/images/office.jpg", phone_photo(4000, 3000))
    text = (site.root / POST).read_text(encoding="utf-8")
    lead = "![The coach's desk by the window]({static}/images/office.jpg)"
    site.write(POST, with_picture(lead, text))
    site.build()
    yield from serve(Path(site.output))


@pytest.mark.parametrize("scale", [1, 2])
def test_a_375_pixel_phone_loads_one_variant_at_most_800_wide(
    browser, photo_site: str, scale: int
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=scale)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(APRIL_10)
        loaded: list[str] = []
        page.on("requestfinished", lambda request: loaded.append(request.url))
        page.goto(f"{photo_site}/posts/pseudo-interviews/", wait_until="load")
        pictures = [url for url in loaded if "/images/" in url and "/theme/" not in url]
        assert len(pictures) == 1, pictures
        (url,) = pictures
        found = re.search(r"/images/sizes/office-(\d+)\.(avif|webp|jpg)$", url)
        assert found, url
        assert int(found[1]) <= 800
        assert int(found[1]) >= 339 * scale  # sharp: at least the column's width in pixels
        shown = page.locator("img[alt^='The coach']")
        assert shown.evaluate("img => img.currentSrc") == url
    finally:
        context.close()
