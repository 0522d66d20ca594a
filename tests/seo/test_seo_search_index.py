"""The Pagefind index: built into the site, holding posts and pages only, never the address."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from conftest import Project

RAW_ADDRESS_PARTS = (b"midlifecareerstrategy@", b"gmail")


def decompressed(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")


@pytest.fixture(scope="module")
def fragments(april_site: Project) -> dict[str, dict]:
    files = (april_site.output / "pagefind/fragment").glob("*.pf_fragment")
    return {f["url"]: f for f in (json.loads(decompressed(p)) for p in files)}


def test_the_bundle_is_in_the_built_site(april_site: Project) -> None:
    bundle = april_site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "index").glob("*.pf_index"))


def test_posts_and_pages_are_indexed_and_nothing_else(fragments: dict[str, dict]) -> None:
    assert "/posts/pseudo-interviews/" in fragments
    assert {"/about/", "/work-with-me/", "/privacy/"} <= set(fragments)
    listings = re.compile(r"^/(tags?|categor(y|ies)|archives|search|drafts|feeds)(/|$)|404")
    assert [url for url in fragments if url == "/" or listings.search(url)] == []


def test_post_text_is_indexed_without_its_surroundings(april_site: Project, fragments) -> None:
    seed = fragments["/posts/pseudo-interviews/"]
    assert seed["meta"]["title"] == "Pseudo-Interviews: When the Interview Was Never Real"
    assert "Once I went on a pseudo-interview in Boston." in seed["content"]
    page = april_site.read("posts/pseudo-interviews/index.html")
    left_out = ["Skip to content", "Related articles", "min read"]
    left_out += re.findall(r'<h2 class="subscribe-title"[^>]*>([^<]+)</h2>', page)
    left_out += re.findall(r'<h2 id="cta-heading">([^<]+)</h2>', page)  # the CTA, if any
    for text in left_out:
        for fragment in fragments.values():
            assert text not in fragment["content"], (text, fragment["url"])


def test_the_index_never_holds_the_address(april_site: Project) -> None:
    data = [decompressed(p) for p in (april_site.output / "pagefind").rglob("*.pf_*")]
    assert any(b"boston" in d for d in data)  # the index is readable this way
    for blob in data:
        for part in RAW_ADDRESS_PARTS:
            assert part not in blob.lower()


def test_search_can_be_turned_off(project: Project) -> None:
    project.write(
        "nosearch.py",
        "import sys\nfrom pathlib import Path\n"
        "sys.path.insert(0, str(Path(__file__).resolve().parent))\n"
        "from pelicanconf import *  # noqa\n"
        "SEARCH_PAGEFIND = False\n",
    )
    project.build("nosearch.py")
    assert not (project.output / "pagefind").exists()
    page = project.read("search/index.html")
    assert "pagefind-ui.js" not in page
    assert 'href="../archives/"' in page.split('id="search-fallback"', 1)[1]
