"""Drafts and scheduled posts at a glance: /drafts/ in development builds, the labels, the
build's report and summary line; nothing of it in production output."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import Project, copy_project

from coachsite.build import BuildReport, Unpublished, summary_line

SITE_DATE = "2026-04-10"
PUBLISHED = ("2026-04-06-published.md", "Published Post", "2026-04-06 09:00", "")
DRAFT = ("2026-04-08-draft.md", "Why X", "2026-04-08 09:00", "Status: draft\n")
SCHEDULED = ("2026-05-03-later.md", "Salary Talk After Fifty", "2026-05-03 09:00", "")
LATER = ("2026-06-01-much-later.md", "June Plans", "2026-06-01 09:00", "")
DRAFT_PAGE = "Title: Coaching packages\nSlug: packages\nStatus: draft\n\nNot ready.\n"


def site_with(root: Path, *posts: tuple[str, str, str, str], draft_page: bool = False) -> Project:
    """A copy of the project whose only posts are ``posts`` (no coach's post in it)."""
    site = copy_project(root)
    for old in (site.root / "content/articles").glob("*.md"):
        old.unlink()
    for name, title, date, extra in posts:
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        site.write(
            f"content/articles/{name}",
            f"Title: {title}\nDate: {date}\nCategory: Job search\nSlug: {slug}\n"
            f"Summary: About {title}.\n{extra}\nThe text.\n",
        )
    if draft_page:
        site.write("content/pages/packages.md", DRAFT_PAGE)
    return site


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, BuildReport]:
    site = site_with(
        tmp_path_factory.mktemp("drafts") / "site",
        PUBLISHED,
        DRAFT,
        SCHEDULED,
        LATER,
        draft_page=True,
    )
    return site, site.build(site_date=SITE_DATE)


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([:.,;!?])", r"\1", text)


def test_drafts_page_lists_drafts_and_scheduled_posts_with_dates_and_links(dev) -> None:
    site, _ = dev
    page = site.read("drafts/index.html")
    assert '<meta name="robots" content="noindex">' in page
    scheduled = page.split('<h2 id="scheduled">', 1)[1].split("</section>", 1)[0]
    drafts = page.split('<h2 id="drafts">', 1)[1].split("</section>", 1)[0]
    assert text_of(scheduled).startswith(
        "Scheduled Scheduled for May 3, 2026 · Salary Talk After Fifty "
        "content/articles/2026-05-03-later.md Scheduled for June 1, 2026 · June Plans"
    )
    assert "Why X" not in scheduled and "Published Post" not in page
    assert "Draft · Why X dated April 8, 2026, content/articles/2026-04-08-draft.md" in (
        text_of(drafts)
    )
    assert "Draft page · Coaching packages content/pages/packages.md" in text_of(drafts)
    links = re.findall(r'<a href="\.\./(drafts/[^"]+)">', page)
    assert links == [
        "drafts/salary-talk-after-fifty/",
        "drafts/june-plans/",
        "drafts/why-x/",
        "drafts/pages/packages.html",
    ]
    for link in links:
        target = site.output / link
        assert (target / "index.html" if link.endswith("/") else target).is_file(), link


def test_a_future_post_is_labelled_scheduled_not_draft(dev) -> None:
    site, _ = dev
    later = site.read("drafts/salary-talk-after-fifty/index.html")
    meta = later.split('<p class="meta"', 1)[1].split("</p>", 1)[0]
    assert "Scheduled for <time" in meta and "May 3, 2026</time>" in meta
    assert ">Draft<" not in later
    assert 'href="../../drafts/">All drafts and scheduled posts</a>' in meta
    draft = site.read("drafts/why-x/index.html")
    meta = draft.split('<p class="meta"', 1)[1].split("</p>", 1)[0]
    assert '<strong class="post-status">Draft</strong>' in meta and "Scheduled" not in meta
    published = site.read("posts/published-post/index.html")
    assert "post-status" not in published and "drafts/" not in published


def test_the_report_names_drafts_and_scheduled_posts(dev) -> None:
    site, report = dev
    assert report.drafts == [
        Unpublished("Why X", dt.date(2026, 4, 8), "content/articles/2026-04-08-draft.md"),
        Unpublished("Coaching packages", None, "content/pages/packages.md"),
    ]
    assert report.scheduled == [
        Unpublished(
            "Salary Talk After Fifty",
            dt.date(2026, 5, 3),
            "content/articles/2026-05-03-later.md",
            scheduled=True,
        ),
        Unpublished(
            "June Plans", dt.date(2026, 6, 1), "content/articles/2026-06-01-much-later.md", True
        ),
    ]
    line = summary_line(report, site.root)
    assert line.startswith("Site ready in output/: 1 articles, ")
    assert line.endswith(
        ' s. Drafts: "Why X" (content/articles/2026-04-08-draft.md), "Coaching packages" '
        '(content/pages/packages.md). Scheduled: "Salary Talk After Fifty" for 2026-05-03, '
        '"June Plans" for 2026-06-01.'
    )


def test_production_has_no_drafts_folder_and_no_link_to_it(tmp_path: Path) -> None:
    site = site_with(tmp_path / "site", PUBLISHED, DRAFT, SCHEDULED, draft_page=True)
    report = site.build("publishconf.py", site_date=SITE_DATE)
    public = report.output  # production's own folder (not output/, which serve shows)
    assert (public / "posts/published-post/index.html").is_file()
    assert not (public / "drafts").exists()
    assert not [p for p in public.rglob("*") if "packages" in p.name]  # the draft page
    for path in public.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".txt"}:
            text = path.read_text("utf-8", errors="replace")
            assert "drafts/" not in text and "Why X" not in text, path
            assert "Coaching packages" not in text, path
    # The report still names them: the coach sees what is held back before publishing.
    assert [d.title for d in report.drafts] == ["Why X", "Coaching packages"]
    assert [s.title for s in report.scheduled] == ["Salary Talk After Fifty"]


def test_the_scheduled_post_is_published_on_its_day(tmp_path: Path) -> None:
    site = site_with(tmp_path / "site", PUBLISHED, SCHEDULED)
    report = site.build(site_date="2026-05-03")
    assert (site.output / "posts/salary-talk-after-fifty/index.html").is_file()
    assert report.scheduled == [] and report.drafts == []
    assert "No drafts and no scheduled posts" in site.read("drafts/index.html")


def summary(**fields: object) -> str:
    report = BuildReport(output=Path("/site/output"), seconds=0.84, articles=12, pages=4, **fields)
    return summary_line(report, Path("/site"))


def test_summary_line_without_drafts() -> None:
    assert summary() == "Site ready in output/: 12 articles, 4 pages, 0.8 s."


def test_summary_line_names_drafts_and_scheduled_posts() -> None:
    drafts = [Unpublished("Why X", dt.date(2026, 4, 8), "content/articles/why-x.md")]
    scheduled = [Unpublished("Y", dt.date(2026, 5, 3), "content/articles/y.md", True)]
    assert summary(drafts=drafts, scheduled=scheduled) == (
        'Site ready in output/: 12 articles, 4 pages, 0.8 s. Drafts: "Why X" '
        '(content/articles/why-x.md). Scheduled: "Y" for 2026-05-03.'
    )
    assert summary(scheduled=scheduled).endswith(' 0.8 s. Scheduled: "Y" for 2026-05-03.')


def test_summary_line_outside_the_project_gives_the_full_path() -> None:
    report = BuildReport(output=Path("/elsewhere/out"), seconds=1.0, articles=1, pages=0)
    assert summary_line(report, Path("/site")).startswith("Site ready in /elsewhere/out/:")


def test_split_unpublished_orders_scheduled_soonest_and_drafts_newest_first() -> None:
    from coach_future_posts.drafts_page import split_unpublished, writes_drafts_index

    def item(title: str, day: int, scheduled: bool = False) -> SimpleNamespace:
        return SimpleNamespace(title=title, date=dt.datetime(2026, 5, day), scheduled=scheduled)

    scheduled, drafts = split_unpublished(
        [item("d1", 1), item("s9", 9, True), item("d5", 5), item("s3", 3, True)]
    )
    assert [s.title for s in scheduled] == ["s3", "s9"]
    assert [d.title for d in drafts] == ["d5", "d1"]
    assert writes_drafts_index(
        {"DRAFT_SAVE_AS": "drafts/{slug}/index.html", "DRAFTS_INDEX_SAVE_AS": "drafts/index.html"}
    )
    assert not writes_drafts_index({"DRAFT_SAVE_AS": "", "DRAFTS_INDEX_SAVE_AS": "x"})
