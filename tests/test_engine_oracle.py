"""The build engine against its oracle (issue 14).

The oracle is a cold build of a fresh copy with ``INCREMENTAL = False`` and the engine fully
out of the way (tests/engine_edits.py checks that while it runs). After every edit of a seeded
random sequence, the incremental build of one copy, edited again and again, must equal it
file for file: the site, its search index (pagefind/) and build/newsletter/.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import Project, split_by_date
from engine_edits import (
    EDITS,
    Site,
    assert_engine_out_of_the_way,
    check_against_oracle,
    oracle,
    sequence,
    site_date,
    watching_engine,
)

import coach_incremental as incremental
from bench import synth

SEED = 1414
EDIT_COUNT = 32


@pytest.fixture
def site(project: Project) -> Project:
    """The demo site with eight posts over eight years and the specials of May and July."""
    posts = synth.generate_posts(
        8, seed=SEED, years=8, cta_names=synth.project_cta_names(project.root)
    )
    synth.write_posts(project.root / "content" / "articles", posts)
    synth.write_images(project.root / "content" / "images", synth.images())
    split_by_date(project)  # search shards by date, as a large site has them
    for month, name in (("2026-05", "May"), ("2026-07", "July")):
        project.write(
            f"content/specials/{month}.md",
            f"Title: {name} special\nMonth: {month}\nOffer: A {name} consultation.\n\n"
            f"Mention the {name} special when you write.\n",
        )
    return project


def test_every_edit_builds_what_the_oracle_builds(site: Project, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    state = Site(site, rng)
    site.build(site_date=state.day)
    check_against_oracle(site, tmp_path / "oracle", state.day, "the first build")
    kinds = sequence(rng, EDIT_COUNT)
    assert set(kinds) == set(EDITS) and len(kinds) >= 30
    done = []
    for number, kind in enumerate(kinds, 1):
        done.append(f"{number}. {EDITS[kind](state)}")
        site.build(site_date=state.day)
        assert incremental.LAST_STATS, "the engine ran"
        check_against_oracle(site, tmp_path / "oracle", state.day, "; ".join(done[-3:]))


def rendered_on(project: Project, day: str) -> int:
    project.build(site_date=day)
    return incremental.LAST_STATS["rendered"]


def test_a_day_that_changes_nothing_renders_nothing(site: Project, tmp_path: Path) -> None:
    first = rendered_on(site, "2026-04-10")
    assert first > 30
    # the April special still runs, no post is dated the 11th: not one page rendered again
    assert rendered_on(site, "2026-04-11") == 0
    assert incremental.LAST_STATS["reused"] == first
    check_against_oracle(site, tmp_path / "oracle", "2026-04-11", "the next day")
    # a post scheduled for the 13th: held back on the 11th and the 12th, out on the 13th
    site.write(
        "content/articles/2026-04-13-scheduled.md",
        "Title: Scheduled for Monday\nDate: 2026-04-13 08:00\nCategory: Interviews\n"
        "Tags: interviews\nSlug: scheduled-for-monday\n\nOut on Monday.\n",
    )
    site.build(site_date="2026-04-11")
    assert rendered_on(site, "2026-04-12") == 0
    check_against_oracle(site, tmp_path / "oracle", "2026-04-12", "a post held back")
    assert rendered_on(site, "2026-04-13") > 0
    assert (site.output / "posts" / "scheduled-for-monday" / "index.html").is_file()
    check_against_oracle(site, tmp_path / "oracle", "2026-04-13", "a post released")
    # May 1st: the April special is over, May's runs
    assert rendered_on(site, "2026-05-01") > 0
    check_against_oracle(site, tmp_path / "oracle", "2026-05-01", "a new special")
    home = site.read("index.html")
    assert "May special" in home and "April special" not in home
    assert rendered_on(site, "2026-05-02") == 0
    # a new year: every page's footer shows it
    assert rendered_on(site, "2027-01-04") >= first
    assert incremental.LAST_STATS["reused"] == 0
    assert "&copy; 2027" in site.read("about/index.html")
    check_against_oracle(site, tmp_path / "oracle", "2027-01-04", "a new year")


def test_a_template_that_shows_the_day_is_rendered_every_day(site: Project, tmp_path: Path) -> None:
    """Only ``SITE_DATE.year`` is left out of the day's keys: a page printing the date (or
    handing it to a method or filter) depends on the whole date."""
    footer = site.root / "theme/templates/partials/site_footer.html"
    text = footer.read_text(encoding="utf-8")
    footer.write_text(text.replace("{{ SITE_DATE.year }}", "{{ SITE_DATE }}"), encoding="utf-8")
    first = rendered_on(site, "2026-04-10")
    assert rendered_on(site, "2026-04-11") == first
    assert incremental.LAST_STATS["reused"] == 0
    assert "&copy; 2026-04-11" in site.read("index.html")
    check_against_oracle(site, tmp_path / "oracle", "2026-04-11", "the next day")


def test_the_oracle_check_sees_the_engine_when_it_runs(site: Project, tmp_path: Path) -> None:
    """Its check of the engine being out of the way fails for an incremental build."""
    cold = oracle(site, tmp_path / "oracle", "2026-04-10")
    assert (cold.root / "output" / "pagefind").is_dir()
    assert list((cold.root / "build" / "newsletter").iterdir())
    with site_date("2026-04-10"), watching_engine() as seen:
        site.build(site_date="2026-04-10")
    assert seen.tracked and all(seen.tracked) and all(seen.memo_while_writing)
    with pytest.raises(AssertionError):
        assert_engine_out_of_the_way(seen)
