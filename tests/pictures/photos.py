"""Test pictures made with Pillow: a phone photo with GPS tags, taken sideways."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

MAKER = "PhoneMaker-Test"
GPS = {1: "N", 2: (42.0, 21.0, 30.0), 3: "W", 4: (71.0, 3.0, 10.0)}
POST = "content/articles/2026-04-06-pseudo-interviews.md"


def phone_photo(width: int = 4000, height: int = 3000, orientation: int = 6) -> bytes:
    """A JPEG as a phone saves it: stored ``width`` x ``height``, EXIF orientation (6: to be
    turned 90 degrees to stand upright), the maker and the GPS position."""
    image = Image.new("RGB", (width, height), (200, 120, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, max(1, width // 40)):
        draw.line([(x, 0), (width - x, height)], fill=(x % 255, 80, 160), width=9)
    draw.rectangle([0, 0, width // 4, height // 8], fill=(20, 200, 20))  # top-left, stored
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = MAKER
    exif[0x8825] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(out, "PNG")
    return out.getvalue()


def with_picture(body_line: str, text: str) -> str:
    """The post's text with ``body_line`` as its first paragraph."""
    head, _, body = text.partition("\n\n")
    return f"{head}\n\n{body_line}\n\n{body}"


def metadata_free(data: bytes) -> bool:
    """No EXIF at all (so no GPS, maker or orientation), no XMP, no maker string."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    return (
        not dict(exif)
        and not exif.get_ifd(0x8825)
        and MAKER.encode() not in data
        and b"<x:xmpmeta" not in data
        and "exif" not in image.info
        and "xmp" not in image.info
    )
