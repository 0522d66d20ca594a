"""`invoke check` / `publish` refuse a built page that shows a marker lookalike as text."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import Project

from coachsite.site_check import site_problems

NOW = dt.datetime(2026, 4, 10, 12, 0, tzinfo=dt.UTC)


def test_a_marker_shown_as_text_is_a_publish_problem(april_site: Project, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(april_site.output, site)
    assert site_problems(site, "", NOW) == []
    page = site / "about" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</main>", "<p>[[cat]]</p></main>", 1), "utf-8")
    problems = site_problems(site, "", NOW)
    assert len(problems) == 1
    assert problems[0].startswith("marker shown as text: about/index.html: `[[cat]]`")
