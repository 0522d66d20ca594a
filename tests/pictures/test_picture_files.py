"""What is published from a picture (plugins/coach_images/pictures.py): upright, without
metadata, in every width narrower than the original, the same bytes every time."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from coach_images.pictures import (
    MODERN,
    Picture,
    PictureError,
    open_picture,
    variants,
)

from .photos import metadata_free, phone_photo, png

WIDTHS = (480, 600, 800, 1200)


@pytest.fixture(scope="module")
def photo() -> bytes:
    return phone_photo(1600, 1200)


def test_a_sideways_phone_photo_is_published_upright_in_every_width(photo: bytes) -> None:
    picture, upright = open_picture(photo, "images/office.jpg", "content/images/office.jpg")
    assert (picture.width, picture.height, picture.format) == (1200, 1600, "JPEG")
    files = variants(picture, upright, WIDTHS, "images/sizes")
    expected = {"images/office.jpg"} | {
        f"images/sizes/office-{w}.{ext}"
        for w in WIDTHS
        for ext in ("jpg", *(fmt.lower() for fmt in MODERN))
    }
    assert set(files) == expected
    for name, data in files.items():
        image = Image.open(io.BytesIO(data))
        width = int(name.rsplit("-", 1)[1].split(".")[0]) if "sizes" in name else 1200
        assert image.size == (width, round(width * 4 / 3)), name
        assert metadata_free(data), name
    # upright: the green block stored top-left of the landscape file is now top-right
    top_right = Image.open(io.BytesIO(files["images/sizes/office-480.jpg"])).getpixel((470, 10))
    assert top_right[1] > 150 and top_right[0] < 100, top_right
    assert not metadata_free(photo)  # the check itself sees the phone's tags


def test_the_same_picture_gives_the_same_bytes(photo: bytes) -> None:
    first = variants(*open_picture(photo, "images/a.jpg", "a"), WIDTHS, "images/sizes")
    second = variants(*open_picture(photo, "images/a.jpg", "a"), WIDTHS, "images/sizes")
    assert first == second


def test_never_wider_than_the_original() -> None:
    picture = Picture("images/small.png", 700, 350, "PNG")
    assert picture.widths(WIDTHS) == (480, 600, 700)
    assert Picture("images/big.png", 3000, 10, "PNG").widths(WIDTHS) == WIDTHS
    assert picture.variant(700, "WEBP", "images/sizes") == "images/sizes/small-700.webp"
    assert Picture("images/team/me.jpg", 1, 1, "JPEG").variant(480, "JPEG", "images/sizes") == (
        "images/sizes/team/me-480.jpg"
    )


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"not a picture at all", "is not a picture this site can publish"),
        (png(6001, 10), "is 6001 x 10 pixels; pictures up to 6,000 pixels"),
        (b"\xff" * (20 * 1024 * 1024 + 1), "is 20.0 MB; pictures up to 20 MB"),
    ],
)
def test_what_cannot_be_published_is_said_with_the_file(data: bytes, said: str) -> None:
    with pytest.raises(PictureError) as caught:
        open_picture(data, "images/x.jpg", "content/images/x.jpg")
    assert str(caught.value).startswith(f"content/images/x.jpg {said}"), str(caught.value)
