"""The coach's images get their size from the file and load lazily (theme/markdown_images.py)."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import markdown
from conftest import Project

from theme.markdown_images import image_file


def png(width: int, height: int) -> bytes:
    """A real (grey) PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def render(text: str, content: Path) -> str:
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra", "theme.markdown_images"],
        extension_configs={"theme.markdown_images": {"content_path": str(content)}},
        output_format="html5",
    )
    return md.convert(text)


def test_sizes_from_the_file_and_lazy_below_the_first(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images/wide.png").write_bytes(png(40, 20))
    html = render(
        "![First](images/wide.png)\n\n![Second]({static}/images/wide.png)\n\n"
        "![Third](/images/wide.png){width=10}\n\n![Far](https://example.com/x.png)\n",
        tmp_path,
    )
    imgs = re.findall(r"<img [^>]+>", html)
    assert len(imgs) == 4
    first, second, third, far = imgs
    assert 'width="40"' in first and 'height="20"' in first
    assert "loading" not in first and 'decoding="async"' in first
    assert 'width="40"' in second and 'loading="lazy"' in second
    assert 'width="10"' in third and 'height="5"' in third  # in proportion
    assert "width" not in far and 'loading="lazy"' in far


def test_only_files_inside_the_content_folder_are_read(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "secret.png").write_bytes(png(1, 1))
    content = tmp_path / "content"
    assert image_file("../secret.png", content) is None
    assert image_file("{static}/../secret.png", content) is None
    assert image_file("missing.png", content) is None


def test_a_post_with_images_is_built_with_sizes(project: Project) -> None:
    project.write("content/images/chart.png", png(64, 48))
    project.write(
        "content/articles/2026-04-08-pictures.md",
        "Title: Pictures\nDate: 2026-04-08 10:00\nCTA: none\n\nText.\n\n"
        "![A chart]({static}/images/chart.png)\n\n![The chart again]({static}/images/chart.png)\n",
    )
    project.build()
    page = project.read("posts/pictures/index.html")
    imgs = re.findall(r"<img [^>]+>", page.split("<main", 1)[1])
    assert imgs[0] == (  # the lead picture: in its own width only (never wider), eager
        '<img alt="A chart" decoding="async" src="../../images/chart.png" '
        'srcset="/images/sizes/chart-64.png 64w" sizes="(max-width: 100px) calc(100vw - 36px), '
        '64px" width="64" height="48" fetchpriority="high">'
    )
    assert 'loading="lazy"' in imgs[1] and 'width="64"' in imgs[1]
    assert (project.output / "images/chart.png").exists()
