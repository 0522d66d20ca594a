"""On a phone, a post's photo is loaded as a variant for the phone's width, never the
4,000-pixel original (plugins/coach_images, issue 15)."""

from __future__ import annotations

import re

import pytest

from .support import APRIL_10


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
