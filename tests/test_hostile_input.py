"""Hostile input: everything the coach could type or drop into content/.

Each case either builds a correct site with the input escaped everywhere it appears (HTML,
feeds, JSON-LD), or stops with one clear message naming the file, leaving output/ as it was.
"""

from __future__ import annotations

import html
import json
import os
import re

import feedparser
import pytest
from conftest import Project, snapshot

from coachsite.errors import CoachError

HEAD = "Title: A post\nDate: 2026-04-08\nCategory: Interviews\n"
NASTY = '</script><script>alert(1)</script> "quoted" & <b>bold</b> 🎉'


def all_text(project: Project, suffixes=(".html", ".xml", ".json", ".txt")) -> dict[str, str]:
    return {
        str(p.relative_to(project.output)): p.read_text("utf-8", errors="replace")
        for p in project.output.rglob("*")
        if p.is_file() and p.suffix in suffixes
    }


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory) -> Project:
    """A site whose post title, summary, tags and special are full of markup and emoji."""
    from conftest import copy_project

    site = copy_project(tmp_path_factory.mktemp("nasty") / "site")
    site.write(
        "content/articles/2026-04-08-nasty.md",
        f"Title: Q&A {NASTY}\nDate: 2026-04-08\nCategory: Interviews\nTags: interviews, C++\n"
        f"Slug: nasty\nSummary: Why {NASTY}\n\n"
        "The body, with an emoji 🎉 and a quote “like this”.\n",
    )
    site.write(
        "content/specials/2026-04.md",
        f"Title: April {NASTY}\nMonth: 2026-04\nOffer: An offer {NASTY}\nPrice: 95\n\nBody.\n",
    )
    site.build(site_date="2026-04-10")
    return site


def test_no_injected_script_anywhere(nasty_site: Project) -> None:
    for name, text in all_text(nasty_site).items():
        assert "<script>alert(1)" not in text, name
        assert "<b>bold</b>" not in text, name


def test_title_is_shown_as_written(nasty_site: Project) -> None:
    page = nasty_site.read("posts/nasty/index.html")
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert html.unescape(h1) == f"Q&A {NASTY}"
    assert "🎉" in page


def test_json_ld_parses_and_escapes_closing_tags(nasty_site: Project) -> None:
    for name in ("posts/nasty/index.html", "specials/index.html", "index.html"):
        page = nasty_site.read(name)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert blocks, name
        for block in blocks:
            assert "</" not in block
            json.loads(block)
    post = nasty_site.read("posts/nasty/index.html")
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', post, re.S).group(1))
    assert "alert(1)" in data["headline"] and "🎉" in data["headline"]


def test_feeds_parse_and_keep_the_title(nasty_site: Project) -> None:
    for feed_name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = feedparser.parse(nasty_site.read(feed_name))
        assert not feed.bozo, (feed_name, feed.get("bozo_exception"))
        titles = [entry.title for entry in feed.entries]
        assert f"Q&A {NASTY}" in titles, titles


def test_raw_html_in_a_summary_is_shown_not_obeyed(nasty_site: Project) -> None:
    index = nasty_site.read("index.html")
    assert "Why &lt;/script&gt;&lt;script&gt;alert(1)" in index


def test_special_is_escaped_in_page_and_email(nasty_site: Project) -> None:
    specials = nasty_site.read("specials/index.html")
    assert "<script>alert(1)" not in specials
    email = (nasty_site.root / "build/newsletter/2026-04/email.html").read_text("utf-8")
    assert "<script>alert(1)" not in email
    text = (nasty_site.root / "build/newsletter/2026-04/email.txt").read_text("utf-8")
    assert f"An offer {NASTY}" in " ".join(text.split())


BROKEN = {
    "empty file": ("content/articles/empty.md", b"", "no title"),
    "binary junk": ("content/articles/junk.md", bytes(range(256)) * 20, "not UTF-8"),
    "NUL bytes that decode": ("content/articles/nul.md", b"\x00\x01binary\x00", "no title"),
    "slug with folders": (
        "content/articles/x.md",
        HEAD + "Slug: ../../escape\n\nx\n",
        "cannot be a web address",
    ),
    "title too long for an address": (
        "content/articles/x.md",
        "Title: " + "Long " * 300 + "\nDate: 2026-04-08\n\nx\n",
        "shorter 'Slug:'",
    ),
    "tag without letters": ("content/articles/x.md", HEAD + "Tags: 🎉\n\nx\n", "tag '🎉'"),
    "page on a listing's address": (
        "content/pages/x.md",
        "Title: Archives\nSlug: archives\n\nx\n",
        "same file: archives/index.html",
    ),
    "special not UTF-8": (
        "content/specials/2026-05.md",
        "Title: Mai\nMonth: 2026-05\nOffer: caf\xe9\n\nx\n".encode("latin-1"),
        "content/specials/2026-05.md:3: this file is not UTF-8",
    ),
    "CTA not UTF-8": (
        "content/ctas/resumes.md",
        "Headline: caf\xe9\nButton: x\nLink: email\n\nx\n".encode("latin-1"),
        "content/ctas/resumes.md:1: this file is not UTF-8",
    ),
    "empty CTA": ("content/ctas/resumes.md", b"", "content/ctas/resumes.md"),
    "empty special": ("content/specials/2026-05.md", b"", "content/specials/2026-05.md"),
    "unknown CTA": ("content/articles/x.md", HEAD + "CTA: resumes\n\nx\n", "resumes"),
    "overlapping specials": (
        "content/specials/2026-05.md",
        "Title: Long\nMonth: 2026-05\nValid_from: 2026-04-20\nOffer: x\n\nx\n",
        "overlap",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_input_stops_with_a_clear_message(project: Project, case: str) -> None:
    relative, data, words = BROKEN[case]
    project.build()
    before = snapshot(project.output)
    project.write(relative, data)
    with pytest.raises(CoachError) as caught:
        project.build()
    message = str(caught.value)
    assert words in message, message
    assert relative.split("/")[-1] in message or case == "page on a listing's address", message
    assert snapshot(project.output) == before


def test_symlink_loop_and_broken_link_are_named(project: Project) -> None:
    os.symlink("..", project.root / "content/articles/loop")
    with pytest.raises(CoachError, match=r"content/articles/loop: this is a link to the folder"):
        project.build()
    (project.root / "content/articles/loop").unlink()
    os.symlink("gone.md", project.root / "content/articles/dangling.md")
    with pytest.raises(CoachError, match=r"content/articles/dangling.md: this is a link to 'gone"):
        project.build()


def test_a_five_megabyte_post_builds(project: Project) -> None:
    paragraph = "A sentence about interviews and resumes in mid-career. " * 12
    body = "\n\n".join([paragraph] * 8000)
    project.write("content/articles/big.md", "Title: Big\nDate: 2026-04-08\n\n" + body + "\n")
    assert (project.root / "content/articles/big.md").stat().st_size > 5_000_000
    project.build()
    page = project.read("posts/big/index.html")
    assert page.count("A sentence about interviews") >= 8000 * 12


@pytest.mark.parametrize("case", ["binary junk", "unknown CTA"])
def test_cli_reports_without_traceback(project: Project, case: str) -> None:
    relative, data, words = BROKEN[case]
    project.write(relative, data)
    result = project.invoke("build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and words in result.stderr
