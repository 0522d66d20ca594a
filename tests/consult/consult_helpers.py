"""Small helpers for the consult plugin's site tests."""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterator
from pathlib import Path

POST = "posts/pseudo-interviews/index.html"
ADDRESS = "midlifecareerstrategy@gmail.com"
# The raw forms that must never be in a built file: name@domain (also %40- or
# entity-decoded) and the coach's hand-written "name (a) domain".
RAW_FORMS = re.compile(
    r"midlifecareerstrategy\s*(?:@|%40|\(\s*a\s*\)|\[\s*at\s*\])\s*gmail", re.IGNORECASE
)
ASIDE = re.compile(r'<aside class="cta".*?</aside>', re.S)


def main_of(page: str) -> str:
    """The page's <main> element (the head repeats summaries in meta tags)."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def blocks_of(page: str) -> list[str]:
    return ASIDE.findall(page)


def block_of(page: str) -> str:
    found = blocks_of(page)
    assert len(found) == 1, f"expected one CTA block, found {len(found)}"
    return found[0]


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([:.,;!?])", r"\1", text)


def readable_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every file under ``folder`` as text (gzip files, e.g. the search index, unpacked)."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="replace")


def post(title: str, body: str, **meta: str) -> str:
    """A post's Markdown with front matter."""
    fields = {"Title": title, "Date": "2026-04-08 10:00", **meta}
    head = "\n".join(f"{key}: {value}" for key, value in fields.items())
    return f"{head}\n\n{body}\n"
