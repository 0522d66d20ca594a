"""While the reading pool reads: work a plugin does per body runs in its workers
(coachsite/read_pool.py's BODY_READ: the reading times of a cold build are counted there, not in
the build's process), and the build's content checks run in the build's process."""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path

import pytest
from conftest import Project
from pelican import signals
from test_parallel_read import add_posts, cache_entries, settings_of

import coach_navigation
from coach_navigation.reading_time import reading_minutes
from coachsite.errors import CoachError
from coachsite.parallel_read import prefill_reader_cache


def test_the_workers_count_every_body(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_DATE", "2026-04-10")
    add_posts(project, 60)
    settings = settings_of(project)
    report = prefill_reader_cache(settings, workers=2)
    assert report.pool and report.cached >= 60
    counted = report.extras[coach_navigation.READING_MINUTES]
    bodies = [entry[1][0] for entry in cache_entries(settings).values()]
    assert len(bodies) >= 60
    for html in bodies:
        assert counted[coach_navigation._text_key(html)] == reading_minutes(html)


def test_a_cold_build_counts_no_article_in_its_own_process(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = add_posts(project, 60)
    counted_here: list[str] = []

    def spy(pelican: object) -> None:  # after the pool: the workers are not spied on
        def counting(fragment: str) -> int:
            counted_here.append(fragment)
            return reading_minutes(fragment)

        monkeypatch.setattr(coach_navigation, "reading_minutes", counting)

    signals.initialized.connect(spy)
    try:
        project.build()
    finally:
        signals.initialized.disconnect(spy)
    assert counted_here == []
    page = project.root / "output" / "posts" / posts[-1].slug / "index.html"
    assert "min read" in page.read_text(encoding="utf-8")


def test_without_the_pool_the_build_counts_itself(project: Project, tmp_path: Path) -> None:
    project.build()  # the demo site: too few files for a pool
    page = project.root / "output" / "posts" / "pseudo-interviews" / "index.html"
    assert "min read" in page.read_text(encoding="utf-8")


def test_the_checks_run_while_the_workers_read(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITE_DATE", "2026-04-10")
    add_posts(project, 60)
    seen: list[int] = []
    report = prefill_reader_cache(
        settings_of(project),
        workers=2,
        while_reading=lambda: seen.append(len(multiprocessing.active_children())),
    )
    assert report.pool and seen == [2]  # once, with both workers up
    alone = prefill_reader_cache(settings_of(project), while_reading=lambda: seen.append(-1))
    assert not alone.pool and seen == [2, -1]  # nothing left to read: run all the same


def test_a_mistake_found_while_the_workers_read_stops_the_build(project: Project) -> None:
    add_posts(project, 60)
    project.write("content/articles/2026-03-01-typo.md", "Title: Typo\nDaet: 2026-03-01\n\nT.\n")
    with pytest.raises(CoachError, match=re.escape("2026-03-01-typo.md")) as raised:
        project.build()
    assert "Daet" in str(raised.value)
    assert multiprocessing.active_children() == []
    assert not (project.root / "output").exists()
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".output")] == []
