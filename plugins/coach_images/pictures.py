"""The coach's pictures as published files: upright, without metadata, in several widths.

A phone photo's EXIF carries where it was taken (often the coach's home), the camera and the
time. Every raster image under content/images/ is published re-encoded from its pixels only:
turned upright first (EXIF orientation), then saved without EXIF, XMP or IPTC (the colour
profile stays, so colours do not shift). Beside it: one file per width in ``widths`` that is
narrower than the picture (and the picture's own width when it is narrower than the largest),
in WebP, AVIF when this Pillow has it, and the picture's own format as the fallback.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image, ImageOps, features

from coachsite.errors import CoachError

LAYOUT = 2  # bump when what is made from a picture changes: cached variants are made again
MAX_BYTES = 20 * 1024 * 1024
MAX_SIDE = 6000
# Formats the pipeline re-encodes; others (SVG, GIF) are published as they are.
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
QUALITY = {"JPEG": 82, "WEBP": 80, "AVIF": 55}
ORIGINAL_QUALITY = 88  # the full-size fallback (linked by src and by Image:)
MODERN = ("AVIF", "WEBP") if features.check("avif") else ("WEBP",)
SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif"}
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}


class PictureError(CoachError):
    """A file under content/images/ that cannot be published as a picture."""


@dataclass(frozen=True)
class Picture:
    """One picture under content/images/: where it is in the site and its upright size."""

    path: str  # in the site, e.g. images/team/me.jpg
    width: int
    height: int
    format: str  # JPEG, PNG or WEBP: the fallback's format

    def widths(self, wanted: tuple[int, ...]) -> tuple[int, ...]:
        """The variants' widths: those of ``wanted`` narrower than the picture, and the
        picture's own width when it is narrower than the widest wanted."""
        found = sorted({w for w in wanted if w < self.width})
        if self.width <= max(wanted):
            found.append(self.width)
        return tuple(found)

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def fallback_format(self) -> str:
        return "JPEG" if self.format == "WEBP" else self.format

    def variant(self, width: int, fmt: str, folder: str) -> str:
        """Where the variant ``width`` in ``fmt`` is in the site: ``folder/<path>-<w>.<ext>``."""
        stem = PurePosixPath(self.path).with_suffix("")
        inside = stem.relative_to("images") if stem.parts[0] == "images" else stem
        return f"{folder}/{inside}-{width}{SUFFIX[fmt]}"


def open_picture(data: bytes, path: str, shown: str) -> tuple[Picture, Image.Image]:
    """Read ``data`` (the file ``shown``), check it, and turn it upright."""
    if len(data) > MAX_BYTES:
        raise PictureError(
            f"{shown} is {len(data) / 1024 / 1024:.1f} MB; pictures up to 20 MB are published. "
            "Save it smaller (for example 2,400 pixels wide as JPEG) and build again."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as err:
        raise PictureError(
            f"{shown} is not a picture this site can publish ({err}). Save it again as a "
            "JPEG or PNG, or remove it from content/images/."
        ) from None
    fmt = image.format or ""
    if max(image.size) > MAX_SIDE:
        raise PictureError(
            f"{shown} is {image.width} x {image.height} pixels; pictures up to "
            f"{MAX_SIDE:,} pixels on a side are published. Save it smaller (2,400 pixels "
            "wide is plenty for the site) and build again."
        )
    upright = ImageOps.exif_transpose(image)
    return Picture(path, upright.width, upright.height, fmt), upright


def _prepared(image: Image.Image, fmt: str) -> Image.Image:
    """The pixels in a mode ``fmt`` can store."""
    if fmt == "JPEG":
        if image.mode in ("RGBA", "LA", "P"):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image.convert("RGB") if image.mode not in ("RGB", "L") else image
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image


def encode(image: Image.Image, fmt: str, *, quality: int | None = None) -> bytes:
    """``image`` in ``fmt``, with no metadata but its colour profile."""
    out = io.BytesIO()
    options: dict[str, object] = {}
    profile = image.info.get("icc_profile")
    if profile:
        options["icc_profile"] = profile
    if fmt == "JPEG":
        options.update(quality=quality or QUALITY["JPEG"], optimize=True, progressive=True)
    elif fmt == "PNG":
        options.update(compress_level=6)  # optimize=True: 2-3x the time for a few per cent
    elif fmt == "WEBP":
        options.update(quality=quality or QUALITY["WEBP"], method=4)
    elif fmt == "AVIF":
        # speed 8: a fifth of speed 6's time for 30 % more bytes (still half of WebP's)
        options.update(quality=quality or QUALITY["AVIF"], speed=8, max_threads=1)
    clean = _prepared(image, fmt)
    if clean is image:
        clean = image.copy()
    clean.info = {}  # nothing of the original's info (EXIF, XMP, text) is written but options
    clean.save(out, fmt, exif=b"", **options)
    return out.getvalue()


def file_names(picture: Picture, wanted: tuple[int, ...], folder: str) -> list[str]:
    """The paths in the site of what ``variants`` makes, in its order (known before)."""
    formats = (*MODERN, picture.fallback_format())
    sized = [picture.variant(w, fmt, folder) for w in picture.widths(wanted) for fmt in formats]
    return [picture.path, *sized]


def variants(
    picture: Picture, upright: Image.Image, wanted: tuple[int, ...], folder: str
) -> dict[str, bytes]:
    """Every file published for ``picture``: the full-size fallback at its own path, and the
    variants by width and format (their paths in the site)."""
    fallback = picture.fallback_format()
    files = {picture.path: encode(upright, picture.format, quality=ORIGINAL_QUALITY)}
    for width in picture.widths(wanted):
        if width == upright.width:
            sized = upright
        else:
            size = (width, picture.height_at(width))
            sized = upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if "icc_profile" in upright.info:
            sized.info["icc_profile"] = upright.info["icc_profile"]
        for fmt in (*MODERN, fallback):
            files[picture.variant(width, fmt, folder)] = encode(sized, fmt)
    return files
