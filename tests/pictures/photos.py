"""Test pictures made with Pillow: a phone photo with GPS tags, taken sideways."""

from __future__ import annotations

import io

from PIL import Image

from bench.synth import PHONE_MAKER, phone_photo

__all__ = ["MAKER", "POST", "metadata_free", "phone_photo", "png", "with_picture"]

MAKER = PHONE_MAKER
POST = "content/articles/2026-04-06-pseudo-interviews.md"


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
