"""Screenshots for people to look at: home, an article and the consultation page, on a phone
(375 px) and a desktop (1280 px), light and dark, in test-artifacts/screenshots/."""

from __future__ import annotations

import struct

import pytest

from .support import ARTIFACTS

SHOTS = ARTIFACTS / "screenshots"
PAGES = {"home": "/", "article": "/posts/pseudo-interviews/", "consultation": "/work-with-me/"}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(open_page, site_url, name, width, scheme) -> None:
    page = open_page(
        site_url + PAGES[name], viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{width}-{scheme}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    shot_width, shot_height = png_size(path.read_bytes())
    assert shot_width == width
    assert shot_height >= 900
    assert page.errors == []
